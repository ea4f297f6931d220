from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_certification_warning_days = fields.Integer(
        related="company_id.kia_certification_warning_days", readonly=False
    )
    kia_retraining_days = fields.Integer(related="company_id.kia_retraining_days", readonly=False)
    kia_training_responsible_id = fields.Many2one(
        related="company_id.kia_training_responsible_id", readonly=False
    )
