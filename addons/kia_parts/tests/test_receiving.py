from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestReceiving(KiaPartsCase):
    def _confirmed(self, lines):
        order = self._purchase(lines)
        self.kia.kia_parts_credit_limit = 100000
        order.with_user(self.user_parts_manager).button_confirm()
        return order, order.picking_ids

    def test_receipt_with_discrepancies_opens_a_claim(self):
        order, receipt = self._confirmed([(self.part_filter, 10, 30), (self.part_pads, 4, 200)])
        filters, pads = receipt.move_ids.sorted(lambda m: m.product_id.id != self.part_filter.id)
        filters.write({"kia_note_qty": 10, "quantity": 8})
        pads.write({"kia_note_qty": 4, "quantity": 3, "kia_damaged_qty": 1})
        self.assertEqual(filters.kia_short_qty, 2)
        self.assertTrue(receipt.kia_has_discrepancy)
        action = receipt.with_user(self.user_clerk).action_kia_open_claim()
        claim = self.env["kia.parts.claim"].browse(action["res_id"])
        self.assertEqual(claim.partner_id, self.kia)
        self.assertEqual(claim.purchase_id, order)
        self.assertEqual(
            sorted(
                (line.product_id.id, line.discrepancy, line.quantity) for line in claim.line_ids
            ),
            sorted([(self.part_filter.id, "short", 2), (self.part_pads.id, "damaged", 1)]),
        )
        self.assertEqual(claim.amount, 2 * 30 + 200)
        claim.with_user(self.user_clerk).action_submit()
        with self.assertRaisesRegex(UserError, "parts manager records"):
            claim.with_user(self.user_clerk).action_accept()
        # Neither the status nor what is claimed changes behind the buttons.
        with self.assertRaisesRegex(UserError, "through its buttons only"):
            claim.with_user(self.user_clerk).write({"state": "accepted"})
        with self.assertRaisesRegex(UserError, "can no longer change"):
            claim.line_ids.with_user(self.user_clerk).write({"quantity": 5})
        with self.assertRaisesRegex(UserError, "can no longer change"):
            claim.line_ids.with_user(self.user_clerk).unlink()
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.amount, 2 * 30 + 200)
        claim.with_user(self.user_parts_manager).action_accept()
        # The manufacturer billed what its delivery note says (10 filters, 4 pads), more
        # than was received: the claimed parts billed are credited, on the order lines, as a
        # reversal of the bill (issue 8: only what was billed is credited).
        receipt.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=receipt.ids
        ).button_validate()
        bill = self.env["account.move"].browse(order.action_create_invoice()["res_id"])
        for line in bill.invoice_line_ids:
            line.quantity = line.purchase_line_id.product_qty
        bill.invoice_date = self.today
        bill.action_post()
        claim.with_user(self.user_clerk).action_create_refund()
        self.assertEqual(claim.state, "credited")
        self.assertEqual(claim.refund_id.move_type, "in_refund")
        self.assertEqual(claim.refund_id.amount_untaxed, 260)
        self.assertEqual(claim.refund_id.reversed_entry_id, bill)
        self.assertEqual(claim.refund_id.invoice_line_ids.purchase_line_id, order.order_line)

    def test_claim_replacement_receipt(self):
        _order, receipt = self._confirmed([(self.part_pads, 2, 200)])
        receipt.move_ids.write({"kia_note_qty": 2, "quantity": 1, "kia_wrong_qty": 1})
        claim = self.env["kia.parts.claim"].browse(receipt.action_kia_open_claim()["res_id"])
        claim.action_submit()
        claim.with_user(self.user_parts_manager).action_accept()
        claim.action_create_replacement()
        self.assertEqual(claim.state, "replaced")
        self.assertEqual(claim.replacement_picking_id.move_ids.product_uom_qty, 1)
        self.assertEqual(claim.replacement_picking_id.picking_type_code, "incoming")

    def test_claim_without_discrepancy_refused(self):
        _order, receipt = self._confirmed([(self.part_filter, 5, 30)])
        receipt.move_ids.write({"kia_note_qty": 5, "quantity": 5})
        with self.assertRaisesRegex(UserError, "has no discrepancy"):
            receipt.action_kia_open_claim()
        self.assertFalse(receipt.kia_claim_ids)
        empty = self.env["kia.parts.claim"].create({"partner_id": self.kia.id})
        with self.assertRaisesRegex(UserError, "no discrepancy to claim"):
            empty.action_submit()
        self.assertEqual(empty.state, "draft")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["kia.parts.claim.line"].create(
                {
                    "claim_id": empty.id,
                    "product_id": self.part_filter.id,
                    "discrepancy": "short",
                    "quantity": 0,
                }
            )

    def test_over_receipt_needs_manager_approval(self):
        _order, receipt = self._confirmed([(self.part_filter, 5, 30)])
        receipt.move_ids.write({"quantity": 7, "picked": True})
        self.assertTrue(receipt.kia_over_receipt)
        with self.assertRaisesRegex(UserError, "only 5.0 ordered"):
            receipt.with_user(self.user_clerk).button_validate()
        self.assertNotEqual(receipt.state, "done")
        self.assertFalse(receipt.review_ids)
        # The receipt's tier validation: the clerk requests it, cannot validate it.
        with self.assertRaisesRegex(UserError, "is not a reviewer"):
            receipt.with_user(self.user_clerk).validate_tier()
        receipt.with_user(self.user_clerk).request_validation()
        self.assertEqual(receipt.validation_status, "pending")
        with self.assertRaisesRegex(UserError, "is not a reviewer"):
            receipt.with_user(self.user_clerk).validate_tier()
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            receipt.review_ids.with_user(self.user_clerk).write({"status": "approved"})
        self.assertEqual(receipt.validation_status, "pending")
        receipt.with_user(self.user_parts_manager).validate_tier()
        self.assertEqual(receipt.validation_status, "validated")
        self.assertEqual(receipt.review_ids.done_by, self.user_parts_manager)
        # The sign-off covers what was received then, not more.
        receipt.move_ids.quantity = 9
        with self.assertRaisesRegex(UserError, "only 5.0 ordered"):
            receipt.with_user(self.user_clerk).button_validate()
        self.assertNotEqual(receipt.state, "done")
        receipt.move_ids.quantity = 7
        receipt.with_user(self.user_clerk).button_validate()
        self.assertEqual(receipt.state, "done")
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.part_filter, self.stock_location),
            17,
        )

    def test_batch_receiving_queries_are_bounded(self):
        products = [self._part(f"Test batch part {i}", 10, 0) for i in range(12)]

        def receive(count):
            order, receipt = self._confirmed([(product, 2, 5) for product in products[:count]])
            receipt.move_ids.write({"picked": True})
            return receipt

        few_receipt = receive(3)
        few = self.count_queries(few_receipt.button_validate)
        many_receipt = receive(12)
        many = self.count_queries(many_receipt.button_validate)
        self.assertEqual(many_receipt.state, "done")
        # Measured: 121 queries for 3 lines, 263 for 12, i.e. about 16 per line, which is
        # mostly Odoo's own validation (quants and valuation per part).
        self.assertLessEqual(
            many - few, 9 * 18, f"receiving: {few} queries for 3 lines, {many} for 12"
        )

    def test_claim_at_the_net_price_paid(self):
        order = self._purchase([(self.part_filter, 10, 30)])
        order.order_line.write({"discount": 10, "taxes_id": [(5, 0, 0)]})
        order.with_user(self.user_parts_manager).button_confirm()
        receipt = order.picking_ids
        receipt.move_ids.write({"kia_note_qty": 10, "quantity": 8})
        claim = self.env["kia.parts.claim"].browse(
            receipt.with_user(self.user_clerk).action_kia_open_claim()["res_id"]
        )
        self.assertEqual(claim.currency_id, order.currency_id)
        self.assertAlmostEqual(claim.line_ids.price_unit, 27.0, msg="30 less the 10% discount")
        self.assertAlmostEqual(claim.amount, 2 * 27.0)
