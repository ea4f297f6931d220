from odoo import api, fields, models

from odoo.addons.kia_aftersales.models.kia_kpi_fact import NO_KEYS, ratio


class KiaKpiFact(models.Model):
    """Parts sources of the KPI fact table: parts requests (fill rate), the month's
    stock (turnover, days on hand, dead stock), lost sales."""

    _inherit = "kia.kpi.fact"

    source = fields.Selection(
        selection_add=[
            ("parts_line", "Parts Request"),
            ("parts_month", "Parts Stock (month)"),
            ("lost_sale", "Lost Sale"),
        ],
        ondelete={"parts_line": "cascade", "parts_month": "cascade", "lost_sale": "cascade"},
    )

    lines_requested = fields.Integer(readonly=True)
    lines_filled = fields.Integer(readonly=True)
    fill_rate = fields.Float(digits=(16, 2), **ratio("lines_filled", "lines_requested", 100.0))
    issue_cost = fields.Monetary(readonly=True)
    stock_value_avg = fields.Monetary(readonly=True)
    stock_value_end = fields.Monetary(readonly=True)
    dead_stock_value = fields.Monetary(readonly=True)
    stock_value_days = fields.Monetary(readonly=True)
    turnover = fields.Float(digits=(16, 2), **ratio("issue_cost", "stock_value_avg", 1.0))
    days_on_hand = fields.Float(digits=(16, 2), **ratio("stock_value_days", "issue_cost", 1.0))
    dead_stock_share = fields.Float(
        digits=(16, 2), **ratio("dead_stock_value", "stock_value_end", 100.0)
    )
    lost_sales = fields.Integer(readonly=True)
    lost_sales_value = fields.Monetary(readonly=True)

    @api.model
    def _kia_fact_sources(self):
        return super()._kia_fact_sources() + ["parts_line", "parts_month", "lost_sale"]

    @api.model
    def _kia_source_parts_line_keys(self, since):
        return NO_KEYS

    @api.model
    def _kia_source_parts_month_keys(self, since):
        return NO_KEYS

    @api.model
    def _kia_source_lost_sale_keys(self, since):
        return NO_KEYS
