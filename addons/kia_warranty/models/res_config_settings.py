from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_warranty_partner_id = fields.Many2one(
        related="company_id.kia_warranty_partner_id", readonly=False
    )
    kia_warranty_labour_rate = fields.Monetary(
        related="company_id.kia_warranty_labour_rate", readonly=False
    )
    kia_warranty_handling_percent = fields.Float(
        related="company_id.kia_warranty_handling_percent", readonly=False
    )
    kia_warranty_duplicate_days = fields.Integer(
        related="company_id.kia_warranty_duplicate_days", readonly=False
    )
    kia_warranty_submission_days = fields.Integer(
        related="company_id.kia_warranty_submission_days", readonly=False
    )
    kia_warranty_return_days = fields.Integer(
        related="company_id.kia_warranty_return_days", readonly=False
    )
    kia_warranty_labour_account_id = fields.Many2one(
        related="company_id.kia_warranty_labour_account_id", readonly=False
    )
    kia_warranty_parts_account_id = fields.Many2one(
        related="company_id.kia_warranty_parts_account_id", readonly=False
    )
    kia_warranty_writeoff_account_id = fields.Many2one(
        related="company_id.kia_warranty_writeoff_account_id", readonly=False
    )
    kia_warranty_journal_id = fields.Many2one(
        related="company_id.kia_warranty_journal_id", readonly=False
    )
