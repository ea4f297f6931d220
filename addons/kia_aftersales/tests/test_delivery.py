from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import KiaAftersalesCase, make_vin


@tagged("post_install", "-at_install")
class TestDelivery(KiaAftersalesCase):
    def test_invoice_bills_only_customer_pay_jobs(self):
        order = self._passed()
        self.assertEqual(order.kia_payment_state, "to_invoice")
        order.action_kia_invoice()
        invoice = order.sale_order_id.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_untaxed, 0.8 * 300 + 80)
        self.assertEqual(order.kia_payment_state, "unpaid")

    def test_unpaid_order_is_not_delivered(self):
        order = self._passed()
        order.action_kia_invoice()
        with self.assertRaisesRegex(UserError, "is not paid"):
            order.with_user(self.user_advisor)._kia_deliver()
        # Only a service manager signs off an unpaid delivery, whatever reason the advisor
        # gives, and he cannot validate it himself.
        with self.assertRaisesRegex(UserError, "is not paid"):
            order.with_user(self.user_advisor)._kia_deliver(override_reason="Regular customer")
        with self.assertRaisesRegex(UserError, "is not a reviewer"):
            order.with_user(self.user_advisor).validate_tier()
        self.assertFalse(order.review_ids)
        self.assertFalse(order.kia_delivered_date)
        self.assertFalse(order.kia_followup_ids)

    def test_advisor_delivers_once_the_manager_signed(self):
        """The work order's tier validation: the advisor requests it, the service manager
        validates it with his reason (the comment), the advisor delivers."""
        order = self._passed()
        order.action_kia_invoice()
        self.assertTrue(order.kia_delivery_unpaid)
        order.with_user(self.user_advisor).request_validation()
        self.assertEqual(order.validation_status, "pending")
        with self.assertRaisesRegex(UserError, "is not a reviewer"):
            order.with_user(self.user_advisor).validate_tier()
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            order.review_ids.with_user(self.user_advisor).write(
                {"status": "approved", "comment": "forged"}
            )
        with self.assertRaisesRegex(UserError, "is not paid"):
            order.with_user(self.user_advisor)._kia_deliver()
        action = order.with_user(self.user_manager).validate_tier()
        self.assertEqual(action["res_model"], "comment.wizard", "the manager gives his reason")
        self.env["comment.wizard"].with_user(self.user_manager).with_context(
            **action["context"]
        ).create({"comment": "Fleet account, pays monthly"}).add_comment()
        self.assertEqual(order.validation_status, "validated")
        order.with_user(self.user_advisor)._kia_deliver()
        self.assertTrue(order.kia_delivered_date)
        self.assertEqual(order.kia_delivery_override_by_id, self.user_manager)
        self.assertEqual(order.kia_delivery_override_reason, "Fleet account, pays monthly")
        self.assertEqual(order.review_ids.requested_by, self.user_advisor)

    def test_manager_authorises_unpaid_delivery(self):
        order = self._passed()
        order.with_user(self.user_manager)._kia_deliver(
            override_reason="Fleet account, pays monthly"
        )
        self.assertTrue(order.kia_delivered_date)
        self.assertEqual(order.kia_delivery_override_by_id, self.user_manager)
        self.assertEqual(order.kia_delivery_override_reason, "Fleet account, pays monthly")
        self.assertFalse(order.kia_invoice_paid_at_delivery)

    def test_paid_delivery_and_what_follows(self):
        order = self._passed(jobs=[(self.op_first, "warranty"), (self.op_oil, "customer")])
        self._pay(order)
        self.assertEqual(order.kia_payment_state, "paid")
        wizard = (
            self.env["kia.delivery.wizard"]
            .with_user(self.user_advisor)
            .with_context(default_repair_id=order.id)
            .create({})
        )
        self.assertTrue(wizard.line_ids, "the handover checklist is proposed")
        wizard.line_ids[:1].note = "Old filter in the boot"
        wizard.action_deliver()
        self.assertEqual(order.kia_stage, "delivered")
        self.assertEqual(order.kia_delivered_by_id, self.user_advisor)
        self.assertTrue(order.kia_invoice_paid_at_delivery)
        self.assertIn("Old filter in the boot", order.kia_handover_line_ids.mapped("note"))
        self.assertAlmostEqual(order.kia_delay_hours, -4, delta=0.5)
        # Follow-up planned, first free maintenance used, maintenance interval restarted.
        followup = order.kia_followup_ids
        self.assertEqual(followup.scheduled_date, self.today + relativedelta(days=3))
        self.assertEqual(followup.state, "planned")
        self.assertEqual(self.vehicle.kia_first_service_repair_id, order)
        self.assertEqual(self.vehicle.kia_first_service_status, "used")
        self.assertEqual(self.vehicle.kia_last_maintenance_date, self.today)
        self.assertEqual(self.vehicle.kia_last_maintenance_odometer, 4000)

    def test_warranty_only_order_needs_no_payment(self):
        order = self._passed(jobs=[(self.op_brakes, "warranty")])
        # The quotation exists (a job turned customer-pay would be billed there), empty.
        self.assertFalse(order.sale_order_id.order_line.filtered("product_uom_qty"))
        self.assertFalse(order.sale_order_id.amount_total)
        self.assertEqual(order.kia_payment_state, "no_charge")
        with self.assertRaisesRegex(UserError, "Nothing to invoice"):
            order.action_kia_invoice()
        order._kia_deliver()
        self.assertTrue(order.kia_delivered_date)

    def test_delivered_order_is_locked(self):
        order = self._passed(jobs=[(self.op_brakes, "warranty")])
        order._kia_deliver()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            order.write({"kia_customer_concerns": "Changed afterwards"})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            self.env["kia.job.line"].create({"repair_id": order.id, "concern": "More work"})
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            self.env["stock.move"].create(
                {
                    "repair_id": order.id,
                    "product_id": self.part_filter.id,
                    "product_uom_qty": 1,
                    "repair_line_type": "add",
                }
            )
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            order.kia_job_line_ids.write({"correction": "Rewritten"})
        with self.assertRaisesRegex(UserError, "already delivered"):
            order._kia_deliver()
        self.assertFalse(order.kia_customer_concerns)
        self.assertEqual(len(order.kia_job_line_ids), 1)
        order.message_post(body="The customer called to say thanks.")

    def test_cannot_deliver_before_repair(self):
        order = self._worked()
        with self.assertRaisesRegex(UserError, "not repaired yet"):
            order.with_user(self.user_manager)._kia_deliver(override_reason="Hurry")
        self.assertFalse(order.kia_delivered_date)

    def test_campaign_work_completes_the_recall(self):
        campaign = self.env["kia.service.campaign"].create(
            {
                "name": "Test recall",
                "code": "RC-T-1",
                "campaign_type": "recall",
                "labour_operation_id": self.op_brakes.id,
            }
        )
        campaign._kia_add_vins(self.vehicle.vin_sn)
        campaign.action_activate()
        line = campaign.line_ids
        self.assertEqual(line.vehicle_id, self.vehicle)
        self.assertEqual(self.vehicle.kia_open_campaign_count, 1)
        order = self._order(jobs=[(self.op_oil, "customer")], parts=False)
        self.assertEqual(order.kia_open_campaign_line_ids, line, "alert at check-in")
        jobs = order.action_kia_add_campaign_jobs()
        self.assertEqual(jobs.pay_type, "warranty")
        self.assertEqual(jobs.campaign_line_id, line)
        with self.assertRaisesRegex(UserError, "no open campaign"):
            order.action_kia_add_campaign_jobs()
        order.action_kia_send_estimate()
        order._kia_record_approval("Customer Li", "in_person")
        order.kia_job_line_ids.with_user(self.user_foreman).action_dispatch(self.emp_tech)
        for job in order.kia_job_line_ids:
            job.with_user(self.user_tech).action_clock_on()
            job.with_user(self.user_tech).write({"correction": "Done"})
            job.with_user(self.user_tech).action_finish()
        self.env["kia.quality.check"].create(
            {"repair_id": order.id, "inspector_id": self.emp_foreman.id, "result": "pass"}
        )
        self._pay(order)
        order._kia_deliver()
        self.assertEqual(line.state, "done")
        self.assertEqual(line.repair_id, order)
        self.assertEqual(campaign.completion_rate, 100.0)
        self.assertFalse(self.vehicle.kia_open_campaign_count)

    def test_campaign_vins_all_valid_or_none_added(self):
        campaign = self.env["kia.service.campaign"].create({"name": "C", "code": "C-1"})
        good = self.vehicle.vin_sn
        with self.assertRaisesRegex(UserError, "No VIN was added"):
            campaign._kia_add_vins(f"{good}\nLJDKAA24XR00000")
        self.assertFalse(campaign.line_ids)
        self.assertEqual(campaign._kia_add_vins(f"{good.lower()}, {good}"), 1)
        self.assertEqual(campaign.line_ids.vin, good)
        with self.assertRaisesRegex(UserError, "at least one VIN"):
            campaign._kia_add_vins("  ")

    def test_recalled_vin_found_when_the_vehicle_comes_later(self):
        campaign = self.env["kia.service.campaign"].create({"name": "R", "code": "R-1"})
        vin = make_vin(777)
        campaign._kia_add_vins(vin)
        self.assertFalse(campaign.line_ids.vehicle_id)
        vehicle = self.env["fleet.vehicle"].create(
            {"model_id": self.model_k5.id, "vin_sn": vin, "kia_owner_id": self.customer.id}
        )
        self.assertEqual(campaign.line_ids.vehicle_id, vehicle)

    def test_estimate_report_renders(self):
        order = self._order()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("kia_aftersales.report_estimate", order.ids)[0]
            .decode()
        )
        self.assertIn("Repair Estimate", html)
        self.assertIn("T-OIL", html)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("kia_aftersales.report_checkin_sheet", order.ids)[0]
            .decode()
        )
        self.assertIn(self.vehicle.vin_sn, html)
        self.assertIn("Customer signature", html)

    def test_lock_cannot_be_lifted_by_the_client(self):
        order = self._passed(jobs=[(self.op_brakes, "warranty")])
        order._kia_deliver()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            order.with_user(self.user_advisor).with_context(kia_delivering=True).write(
                {"kia_customer_concerns": "Changed afterwards"}
            )
        self.assertFalse(order.kia_customer_concerns)

    def test_part_moved_to_warranty_after_approval_is_not_billed(self):
        order = self._approved(jobs=[(self.op_oil, "customer"), (self.op_brakes, "customer")])
        brakes = order.kia_job_line_ids.filtered(lambda j: j.labour_operation_id == self.op_brakes)
        self.assertEqual(order.sale_order_id.state, "sale")
        pads_line = brakes.move_ids.sale_line_id
        self.assertTrue(pads_line, "the pads were on the customer's confirmed order")
        brakes.pay_type = "warranty"
        self.assertFalse(brakes.move_ids.sale_line_id)
        self.assertEqual(pads_line.product_uom_qty, 0)
        self._pass_quality_check(self._work(order))
        self.assertEqual(order.state, "done")
        order.action_kia_invoice()
        self.assertEqual(pads_line.product_uom_qty, 0, "repair did not put the pads back")
        self.assertEqual(
            order.sale_order_id.invoice_ids.amount_untaxed, 0.8 * 300 + 80, "oil job only"
        )
