from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KiaCertificationRequirement(models.Model):
    """A certification type (and minimum level) that something requires.

    Job positions use it for their entry requirements (任职条件) and for the
    certifications needed to be on duty (上岗要求); other Kia modules attach it to
    what they gate (labour operations in kia_aftersales).
    """

    _name = "kia.certification.requirement"
    _description = "Certification Requirement"
    _order = "certification_type_id, id"

    certification_type_id = fields.Many2one(
        "kia.certification.type", string="Certification", required=True, index=True
    )
    min_level_id = fields.Many2one(
        "kia.certification.level",
        string="Minimum Level",
        domain="[('certification_type_id', '=', certification_type_id)]",
        help="Leave empty when any level of the certification is enough.",
    )
    job_id = fields.Many2one("hr.job", string="Job Position", ondelete="cascade", index=True)
    on_duty = fields.Boolean(
        string="Required On Duty",
        default=True,
        help="Checked: the employee may not be dispatched work without it. "
        "Unchecked: it is only an entry requirement of the position.",
    )

    @api.depends("certification_type_id", "min_level_id")
    def _compute_display_name(self):
        for requirement in self:
            if requirement.min_level_id:
                requirement.display_name = self.env._(
                    "%(cert)s (%(level)s or higher)",
                    cert=requirement.certification_type_id.name,
                    level=requirement.min_level_id.name,
                )
            else:
                requirement.display_name = requirement.certification_type_id.name or ""

    @api.constrains("certification_type_id", "min_level_id")
    def _check_level_of_type(self):
        for requirement in self:
            level = requirement.min_level_id
            if level and level.certification_type_id != requirement.certification_type_id:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s does not belong to certification %(cert)s.",
                        level=level.name,
                        cert=requirement.certification_type_id.name,
                    )
                )
