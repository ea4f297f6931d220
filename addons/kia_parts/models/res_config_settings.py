from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_parts_supplier_id = fields.Many2one(
        related="company_id.kia_parts_supplier_id", readonly=False
    )
    kia_stock_order_lead_days = fields.Integer(
        related="company_id.kia_stock_order_lead_days", readonly=False
    )
    kia_emergency_order_lead_days = fields.Integer(
        related="company_id.kia_emergency_order_lead_days", readonly=False
    )
    kia_vor_order_lead_days = fields.Integer(
        related="company_id.kia_vor_order_lead_days", readonly=False
    )
    kia_fast_moving_issues = fields.Integer(
        related="company_id.kia_fast_moving_issues", readonly=False
    )
    kia_stock_cover_months = fields.Float(
        related="company_id.kia_stock_cover_months", readonly=False
    )
    kia_stocktake_approval_value = fields.Monetary(
        related="company_id.kia_stocktake_approval_value", readonly=False
    )
