from odoo import Command, _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class RepairOrder(models.Model):
    _inherit = "repair.order"

    kia_parts_order_line_ids = fields.Many2many(
        "purchase.order.line",
        "kia_purchase_line_repair_rel",
        "repair_id",
        "line_id",
        string="Parts Ordered",
        readonly=True,
    )

    def action_kia_order_missing_parts(self, order_type="emergency"):
        """Order from the manufacturer the parts these work orders wait for (emergency or
        VOR order): one draft order, its lines linked to the work orders."""
        company = self.env.company
        if not company.kia_parts_supplier_id:
            raise UserError(
                _("Set the manufacturer's parts company in the Parts settings to order from it.")
            )
        missing = {}
        for order in self:
            for move in order.move_ids.filtered(
                lambda m: (
                    m.repair_line_type == "add"
                    and m.state in ("confirmed", "partially_available", "waiting")
                )
            ):
                quantity = move.product_uom_qty - move.quantity
                if float_compare(quantity, 0, precision_rounding=move.product_uom.rounding) > 0:
                    product = move.product_id._kia_latest()
                    total, orders = missing.get(product, (0.0, self.browse()))
                    missing[product] = (total + quantity, orders | order)
        if not missing:
            raise UserError(_("These work orders wait for no part."))
        purchase = self.env["purchase.order"].create(
            {
                "partner_id": company.kia_parts_supplier_id.id,
                "company_id": company.id,
                "kia_order_type": order_type,
                "origin": ", ".join(self.mapped("name")),
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": quantity,
                            "kia_repair_ids": [Command.set(orders.ids)],
                        }
                    )
                    for product, (quantity, orders) in missing.items()
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "purchase.order",
            "res_id": purchase.id,
            "view_mode": "form",
        }

    def action_kia_order_vor(self):
        return self.action_kia_order_missing_parts(order_type="vor")
