from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrCourse(models.Model):
    _inherit = "hr.course"

    kia_provider = fields.Selection(
        [("internal", "Internal"), ("manufacturer", "Manufacturer (Kia)")],
        string="Provider",
        required=True,
        default="internal",
        tracking=True,
    )
    kia_duration_hours = fields.Float(string="Duration (hours)")
    kia_certification_type_id = fields.Many2one(
        "kia.certification.type",
        string="Grants Certification",
        tracking=True,
        help="Passing a session of this course creates this certification for the attendee.",
    )
    kia_certification_level_id = fields.Many2one(
        "kia.certification.level",
        string="Granted Level",
        domain="[('certification_type_id', '=', kia_certification_type_id)]",
    )
    kia_validity_months = fields.Integer(
        string="Certificate Validity (months)",
        compute="_compute_kia_validity_months",
        store=True,
        readonly=False,
        help="Validity of the certificates granted by this course; 0 means no expiry.",
    )
    kia_pass_score = fields.Float(
        string="Pass Score",
        default=60.0,
        help="An attendee passes with at least this score (out of 100).",
    )
    kia_source_course_id = fields.Many2one(
        "hr.course",
        string="Re-training Of",
        domain="[('kia_provider', '=', 'manufacturer')]",
        help="For an internal re-training: the manufacturer course whose content "
        "is passed on to the dealer's staff.",
    )

    _sql_constraints = [
        (
            "kia_pass_score_range",
            "CHECK (kia_pass_score >= 0 AND kia_pass_score <= 100)",
            "The pass score of a course must be between 0 and 100.",
        ),
        (
            "kia_validity_months_positive",
            "CHECK (kia_validity_months >= 0)",
            "The validity of a course's certificate cannot be negative.",
        ),
    ]

    @api.depends("kia_certification_type_id")
    def _compute_kia_validity_months(self):
        for course in self:
            course.kia_validity_months = course.kia_certification_type_id.validity_months

    @api.constrains("kia_certification_type_id", "kia_certification_level_id")
    def _check_kia_granted_level(self):
        for course in self:
            level = course.kia_certification_level_id
            if level and level.certification_type_id != course.kia_certification_type_id:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s does not belong to certification %(cert)s.",
                        level=level.name,
                        cert=course.kia_certification_type_id.name,
                    )
                )
