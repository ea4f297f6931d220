from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_parts_supplier_id = fields.Many2one(
        "res.partner",
        string="Manufacturer (Parts Supplier)",
        help="The manufacturer's parts company the dealer orders from.",
    )
    kia_stock_order_lead_days = fields.Integer(string="Stock Order Lead Time (days)", default=7)
    kia_emergency_order_lead_days = fields.Integer(
        string="Emergency Order Lead Time (days)", default=2
    )
    kia_vor_order_lead_days = fields.Integer(string="VOR Order Lead Time (days)", default=1)
    kia_fast_moving_issues = fields.Integer(
        string="Fast Moving From (issues / 12 months)",
        default=12,
        help="A part issued at least this many times in 12 months is fast moving; less is "
        "slow moving; never is dead stock.",
    )
    kia_stock_cover_months = fields.Float(
        string="Stock Cover (months)",
        default=1.5,
        help="Without a min/max rule, the suggested order covers this many months of average "
        "demand.",
    )
    kia_stocktake_approval_value = fields.Monetary(
        string="Stocktake Approval Above",
        currency_field="currency_id",
        default=2000.0,
        help="An inventory adjustment whose value exceeds this amount needs the parts "
        "manager's approval.",
    )

    _sql_constraints = [
        (
            "kia_parts_positive_settings",
            "CHECK (kia_stock_order_lead_days >= 0 AND kia_emergency_order_lead_days >= 0 "
            "AND kia_vor_order_lead_days >= 0 AND kia_fast_moving_issues > 0 "
            "AND kia_stock_cover_months >= 0 AND kia_stocktake_approval_value >= 0)",
            "Lead times, stock cover and the approval threshold cannot be negative.",
        ),
    ]
