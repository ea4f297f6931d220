from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestOrders(KiaPartsCase):
    def test_only_the_parts_manager_confirms(self):
        order = self._purchase([(self.part_filter, 5, 30)])
        with self.assertRaisesRegex(UserError, "Only the parts manager confirms"):
            order.with_user(self.user_clerk).button_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.review_ids)
        order.with_user(self.user_parts_manager).button_confirm()
        self.assertEqual(order.state, "purchase")
        # His confirmation is his sign-off, kept as an approved review.
        self.assertEqual(order.validation_status, "validated")
        self.assertEqual(order.review_ids.done_by, self.user_parts_manager)

    def test_clerk_confirms_once_the_manager_signed(self):
        """The parts order's tier validation: the clerk requests it, only the parts
        manager validates it, and it covers the order as it was signed."""
        order = self._purchase([(self.part_filter, 5, 30)])
        order.with_user(self.user_clerk).request_validation()
        self.assertEqual(order.validation_status, "pending")
        self.assertEqual(order.review_ids.requested_by, self.user_clerk)
        with self.assertRaisesRegex(UserError, "is not a reviewer"):
            order.with_user(self.user_clerk).validate_tier()
        with self.assertRaisesRegex(UserError, "Only the parts manager confirms"):
            order.with_user(self.user_clerk).button_confirm()
        self.assertEqual(order.state, "draft")
        self.assertTrue(order.with_user(self.user_parts_manager).can_review)
        order.with_user(self.user_parts_manager).validate_tier()
        self.assertEqual(order.validation_status, "validated")
        # A line changed after the sign-off: not covered any more.
        order.order_line.product_qty = 8
        with self.assertRaisesRegex(UserError, "Only the parts manager confirms"):
            order.with_user(self.user_clerk).button_confirm()
        self.assertEqual(order.state, "draft")
        order.with_user(self.user_clerk).request_validation()
        order.with_user(self.user_parts_manager).validate_tier()
        # Signed, but the credit is still a hard refusal at confirmation.
        self.kia.write({"kia_parts_deposit": 0, "kia_parts_credit_limit": 10})
        with self.assertRaisesRegex(UserError, "would exceed the credit"):
            order.with_user(self.user_clerk).button_confirm()
        self.assertEqual(order.state, "draft")
        self.kia.kia_parts_credit_limit = 100000
        order.with_user(self.user_clerk).button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.review_ids.done_by, self.user_parts_manager)

    def test_credit_limit_is_checked(self):
        first = self._purchase([(self.part_pads, 10, 200)])  # 2000 + taxes
        first.with_user(self.user_parts_manager).button_confirm()
        second = self._purchase([(self.part_pads, 5, 200)])
        with self.assertRaisesRegex(UserError, "would exceed the credit with Kia Parts Center"):
            second.with_user(self.user_parts_manager).button_confirm()
        self.assertEqual(second.state, "draft")
        self.kia.kia_parts_credit_limit = 5000
        second.with_user(self.user_parts_manager).button_confirm()
        self.assertEqual(second.state, "purchase")
        self.assertAlmostEqual(
            self.kia.kia_parts_exposure, first.amount_total + second.amount_total
        )

    def test_superseded_part_refused(self):
        old = self._part("Test filter old", 80, 0)
        old.product_tmpl_id.write(
            {"kia_is_part": True, "kia_superseded_by_id": self.part_filter.product_tmpl_id.id}
        )
        order = self._purchase([(old, 2, 30)])
        with self.assertRaisesRegex(UserError, "order the new part number"):
            order.with_user(self.user_parts_manager).button_confirm()

    def test_zero_or_negative_quantity_refused(self):
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self._purchase([(self.part_filter, 0, 30)])
        order = self._purchase([(self.part_filter, 2, 30)])
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            order.order_line.product_qty = -1
        self.assertEqual(order.order_line.product_qty, 2)

    def test_order_types_set_the_planned_date(self):
        self.company.write({"kia_emergency_order_lead_days": 2, "kia_stock_order_lead_days": 7})
        emergency = self._purchase([(self.part_filter, 1, 30)], order_type="emergency")
        stock = self._purchase([(self.part_filter, 1, 30)], order_type="stock")
        self.assertLess(emergency.order_line.date_planned, stock.order_line.date_planned)
        delta = stock.order_line.date_planned - emergency.order_line.date_planned
        self.assertAlmostEqual(delta.total_seconds() / 86400, 5, delta=0.1)

    def test_emergency_order_for_waiting_work_order(self):
        out_of_stock = self._part("Test ICCU", 9800, 0)
        out_of_stock.product_tmpl_id.kia_is_part = True
        order = self._approved(jobs=[(self.op_oil, "warranty")], parts=False)
        job = order.kia_job_line_ids
        self.env["stock.move"].create(
            {
                "repair_id": order.id,
                "product_id": out_of_stock.id,
                "product_uom_qty": 1,
                "repair_line_type": "add",
                "kia_job_line_id": job.id,
            }
        )
        # A part added after the approval waits for its own (issue 8, item 4).
        order._kia_record_approval("Customer Li", "phone")
        self.assertEqual(order.kia_stage, "waiting_parts")
        action = order.with_user(self.user_clerk).action_kia_order_missing_parts()
        purchase = self.env["purchase.order"].browse(action["res_id"])
        self.assertEqual(purchase.kia_order_type, "emergency")
        self.assertEqual(purchase.partner_id, self.kia)
        self.assertEqual(purchase.order_line.product_id, out_of_stock)
        self.assertEqual(purchase.order_line.kia_repair_ids, order)
        self.assertEqual(order.kia_parts_order_line_ids, purchase.order_line)
        # Pressed again (or VOR after emergency): the part is on order already.
        with self.assertRaisesRegex(UserError, "not on order already"):
            order.with_user(self.user_clerk).action_kia_order_vor()
        self.assertEqual(order.kia_parts_order_line_ids, purchase.order_line)
        self.kia.kia_parts_credit_limit = 50000
        purchase.with_user(self.user_parts_manager).button_confirm()
        receipt = purchase.picking_ids
        receipt.move_ids.write({"quantity": 1, "picked": True})
        receipt.button_validate()
        self.assertEqual(
            order.move_ids.state, "assigned", "the received part is reserved for the order"
        )
        self.assertEqual(order.kia_stage, "in_progress")

    def test_signed_order_changed_under_the_same_rules(self):
        order = self._purchase([(self.part_filter, 2, 30)])
        order.with_user(self.user_parts_manager).button_confirm()
        with self.assertRaisesRegex(UserError, "Only the parts manager confirms"):
            order.order_line.with_user(self.user_clerk).product_qty = 20
        self.assertEqual(order.order_line.product_qty, 2)
        with self.assertRaisesRegex(UserError, "credit"):
            order.order_line.with_user(self.user_parts_manager).product_qty = 200
        self.assertEqual(order.order_line.product_qty, 2)
        order.order_line.with_user(self.user_parts_manager).product_qty = 3
        self.assertEqual(order.order_line.product_qty, 3)

    def test_exposure_counts_open_bills_less_open_refunds(self):
        order = self._purchase([(self.part_pads, 5, 200)])
        order.order_line.taxes_id = False
        order.with_user(self.user_parts_manager).button_confirm()
        self.assertAlmostEqual(self.kia.kia_parts_exposure, 1000)
        order.picking_ids.move_ids.write({"quantity": 5, "picked": True})
        order.picking_ids.button_validate()
        bill = self.env["account.move"].browse(order.action_create_invoice()["res_id"])
        bill.invoice_date = self.today
        bill.action_post()
        self.kia.invalidate_recordset(["kia_parts_exposure"])
        self.assertAlmostEqual(self.kia.kia_parts_exposure, 1000, msg="billed, not paid")
        refund = self.env["account.move"].create(
            {
                "move_type": "in_refund",
                "partner_id": self.kia.id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    Command.create({"name": "Claim credit", "quantity": 1, "price_unit": 300})
                ],
            }
        )
        refund.action_post()
        self.kia.invalidate_recordset(["kia_parts_exposure"])
        self.assertAlmostEqual(self.kia.kia_parts_exposure, 700, msg="the credit note is owed back")
