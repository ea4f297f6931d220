from collections import defaultdict

from odoo import Command, fields, models
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

    # ------------------------------------------------------------------ completion

    def _kia_check_can_complete(self):
        """A vehicle work order is completed with the parts the parts department issued
        (配件发料), never with what stock merely reserved: repair would otherwise mark every
        reserved part as picked when none is, and the issue step would be skipped whenever
        the stock is there.

        Decision: completion is refused (whatever the path, the quality check's included)
        while a part of a job that is not declined is not issued in full, or more was
        issued than the job needs, or a declined job's part is still in the workshop. Each
        part is then consumed, billed and delivered at exactly the quantity on the order:
        what the customer approved, what was handed over and what stock loses agree. Parts
        of declined jobs, never issued, are cancelled."""
        res = super()._kia_check_can_complete()
        moves = self.filtered("kia_vehicle_id").sudo().move_ids._kia_workshop_moves()
        for move in moves.filtered(lambda m: m.state not in ("done", "cancel")):
            rounding = move.product_uom.rounding
            declined = move.kia_job_line_id.state == "cancelled"
            needed = 0.0 if declined else move.product_uom_qty
            if not float_compare(move.kia_issued_qty, needed, precision_rounding=rounding):
                continue
            values = {
                "order": move.repair_id.name,
                "qty": move.kia_issued_qty,
                "needed": needed,
                "uom": move.product_uom.name,
                "part": move.product_id.display_name,
                "job": move.kia_job_line_id.concern or "-",
            }
            if declined:
                raise UserError(
                    self.env._(
                        "Work order %(order)s cannot be completed: %(qty)s %(uom)s of %(part)s "
                        "issued for the declined job %(job)s are still in the workshop. Return "
                        "them to the parts department.",
                        **values,
                    )
                )
            if float_compare(move.kia_issued_qty, needed, precision_rounding=rounding) < 0:
                raise UserError(
                    self.env._(
                        "Work order %(order)s cannot be completed: %(qty)s of %(needed)s "
                        "%(uom)s of %(part)s (job %(job)s) were issued by the parts "
                        "department. Issue the rest, or take off the order what "
                        "was not fitted.",
                        **values,
                    )
                )
            raise UserError(
                self.env._(
                    "Work order %(order)s cannot be completed: %(qty)s %(uom)s of %(part)s "
                    "(job %(job)s) were issued but %(needed)s are on the order. Return the "
                    "unused parts or correct the quantity on the order.",
                    **values,
                )
            )
        return res

    def action_repair_done(self):
        """Vehicle work orders consume what was issued (see ``_kia_check_can_complete``),
        written as the system once the checks passed; plain repairs keep repair's flow."""
        vehicle = self.filtered("kia_vehicle_id")
        if vehicle:
            vehicle._kia_check_can_complete()
            vehicle.move_ids._kia_consume_issued()
        return super().action_repair_done()

    # ------------------------------------------------------------------ parts orders

    def action_kia_order_missing_parts(self, order_type="emergency"):
        """Order from the manufacturer the parts these work orders wait for (emergency or
        VOR order): one draft order, its lines linked to the work orders."""
        company = self.company_id
        if len(company) != 1:
            raise UserError(
                self.env._("Order the missing parts of one company's work orders at a time.")
            )
        if not company.kia_parts_supplier_id:
            raise UserError(
                self.env._(
                    "Set the manufacturer's parts company in the Parts settings to order from it."
                )
            )
        # What is already on order for these work orders and not received yet is not
        # ordered twice (all quantities in the part's own unit).
        on_order = defaultdict(float)
        for line in self.env["purchase.order.line"].search(
            [("kia_repair_ids", "in", self.ids), ("order_id.state", "!=", "cancel")]
        ):
            on_order[line.product_id] += line.product_uom_qty - line.product_uom._compute_quantity(
                line.qty_received, line.product_id.uom_id
            )
        missing = {}
        for order in self:
            for move in order.move_ids.filtered(
                lambda m: (
                    m.repair_line_type == "add"
                    and m.state in ("confirmed", "partially_available", "waiting")
                )
            ):
                quantity = move.product_qty - move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id
                )
                if float_compare(quantity, 0, precision_rounding=move.product_uom.rounding) > 0:
                    product = move.product_id._kia_latest()
                    total, orders = missing.get(product, (0.0, self.browse()))
                    missing[product] = (total + quantity, orders | order)
        for product, (quantity, orders) in list(missing.items()):
            still = quantity - on_order[product]
            if float_compare(still, 0, precision_rounding=product.uom_id.rounding) > 0:
                missing[product] = (still, orders)
            else:
                del missing[product]
        if not missing:
            raise UserError(
                self.env._("These work orders wait for no part that is not on order already.")
            )
        purchase = (
            self.env["purchase.order"]
            .with_company(company)
            .create(
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
                                "product_uom": product.uom_id.id,
                                "kia_repair_ids": [Command.set(orders.ids)],
                            }
                        )
                        for product, (quantity, orders) in missing.items()
                    ],
                }
            )
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "purchase.order",
            "res_id": purchase.id,
            "view_mode": "form",
        }

    def action_kia_order_vor(self):
        return self.action_kia_order_missing_parts(order_type="vor")
