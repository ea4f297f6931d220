from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestCounterSale(KiaPartsCase):
    """柜台销售: parts sold over the counter, without a work order."""

    def _counter_sale(self, lines, user=None):
        return (
            self.env["sale.order"]
            .with_user(user or self.user_clerk)
            .create(
                {
                    "partner_id": self.customer.id,
                    "kia_counter_sale": True,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": qty})
                        for product, qty in lines
                    ],
                }
            )
        )

    def test_counter_sale_takes_parts_out_of_stock_and_is_invoiced(self):
        order = self._counter_sale([(self.part_filter, 3)])
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.picking_type_code, "outgoing")
        picking.with_user(self.user_clerk).button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(self.part_filter.qty_available, 7)
        invoice = order._create_invoices()
        self.assertEqual(invoice.amount_untaxed, 240.0)
        self.assertEqual(
            self.env["stock.move"].search_count(
                self.env["stock.move"]._kia_demand_domain(
                    self.company, self.today, self.today + timedelta(days=1)
                )
                + [("product_id", "=", self.part_filter.id)]
            ),
            1,
            "a counter sale is demand for the movement class and the min/max",
        )

    def test_selling_more_than_in_stock_refused(self):
        order = self._counter_sale([(self.part_pads, 6)])
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.write({"quantity": 6, "picked": True})
        with self.assertRaisesRegex(UserError, "Only 4.0 Units of .* are in stock"):
            picking.with_user(self.user_clerk).button_validate()
        self.assertNotEqual(picking.state, "done")
        self.assertEqual(self.part_pads.qty_available, 4, "nothing left the shelf")

    def test_zero_quantity_refused(self):
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self._counter_sale([(self.part_filter, 0)])
        order = self._counter_sale([(self.part_filter, 2)])
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            order.order_line.product_uom_qty = -1
        self.assertEqual(order.order_line.product_uom_qty, 2)

    def test_superseded_part_is_replaced_by_the_new_number(self):
        old = self._part("Test filter old", 80, 5)
        old.product_tmpl_id.write(
            {"kia_is_part": True, "kia_superseded_by_id": self.part_filter.product_tmpl_id.id}
        )
        form = Form(self.env["sale.order"].with_context(default_kia_counter_sale=True))
        form.partner_id = self.customer
        with form.order_line.new() as line:
            line.product_id = old
            self.assertEqual(line.product_id, self.part_filter, "the new number is proposed")
        order = self._counter_sale([(old, 1)])
        with self.assertRaisesRegex(UserError, "sell the new part number"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_every_parts_clerk_serves_the_counter(self):
        order = self._counter_sale([(self.part_filter, 1)], user=self.user_parts_manager)
        order.user_id = self.user_parts_manager
        other = self.env["sale.order"].create(
            {"partner_id": self.customer.id, "user_id": self.user_parts_manager.id}
        )
        visible = self.env["sale.order"].with_user(self.user_clerk).search([])
        self.assertIn(order, visible, "a colleague's counter sale is the counter's")
        self.assertNotIn(other, visible, "other sales orders stay their salesman's")
        order.with_user(self.user_clerk).action_confirm()
        self.assertEqual(order.state, "sale")
