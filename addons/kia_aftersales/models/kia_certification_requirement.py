from odoo import fields, models


class KiaCertificationRequirement(models.Model):
    _inherit = "kia.certification.requirement"

    labour_operation_id = fields.Many2one("kia.labour.operation", ondelete="cascade", index=True)
