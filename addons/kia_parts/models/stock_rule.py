from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _prepare_purchase_order(self, company_id, origins, values):
        """The parts order type of the replenishment rule travels to the order (its lead
        time, its approval by the parts manager, the parts figures)."""
        vals = super()._prepare_purchase_order(company_id, origins, values)
        order_type = values[0].get("kia_order_type")
        if order_type:
            vals["kia_order_type"] = order_type
        return vals

    def _make_po_get_domain(self, company_id, values, partner):
        """Requests for quotation are grouped per parts order type: an emergency or VOR
        order is never merged into a stock order, nor a part into another supplier's RFQ."""
        domain = super()._make_po_get_domain(company_id, values, partner)
        return (*domain, ("kia_order_type", "=", values.get("kia_order_type") or False))
