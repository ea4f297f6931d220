from odoo import api, fields, models


class HrJob(models.Model):
    _inherit = "hr.job"

    kia_min_education = fields.Selection(
        selection="_selection_kia_education",
        string="Minimum Education",
        help="Lowest education level of the position's entry requirements.",
    )
    kia_min_experience_years = fields.Float(
        string="Minimum Relevant Experience (years)",
        help="Years of relevant experience, counted from the 'Experience' lines of the "
        "employee's resume.",
    )
    kia_driving_licence_required = fields.Boolean(string="Driving Licence Required")
    kia_requirement_ids = fields.One2many(
        "kia.certification.requirement",
        "job_id",
        string="Required Certifications",
        copy=True,
    )

    _sql_constraints = [
        (
            "kia_min_experience_years_positive",
            "CHECK (kia_min_experience_years >= 0)",
            "The minimum experience of a position cannot be negative.",
        ),
    ]

    @api.model
    def _selection_kia_education(self):
        return self.env["hr.employee"]._fields["certificate"]._description_selection(self.env)
