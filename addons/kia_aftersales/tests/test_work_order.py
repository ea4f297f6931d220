from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KiaAftersalesCase


@tagged("post_install", "-at_install")
class TestWorkOrder(KiaAftersalesCase):
    def test_reception_creates_odometer_and_checklist(self):
        order = self._order(odometer=4100)
        self.assertEqual(order.partner_id, self.customer, "the owner is the customer")
        self.assertTrue(order.kia_checkin_date)
        self.assertEqual(order.kia_checkin_odometer_id.value, 4100)
        self.assertEqual(self.vehicle.odometer, 4100)
        self.assertTrue(order.kia_reception_line_ids)
        self.assertEqual(set(order.kia_reception_line_ids.mapped("usage")), {"reception"})
        self.assertEqual(order.kia_stage, "reception")

    def test_check_in_below_last_odometer_refused(self):
        order = self.env["repair.order"].create(
            {"kia_vehicle_id": self.vehicle.id, "kia_checkin_odometer": 2900}
        )
        with self.assertRaisesRegex(ValidationError, "never goes back"):
            order.action_kia_check_in()
        self.assertFalse(order.kia_checkin_date)
        self.assertEqual(self.vehicle.odometer, 3000)

    def test_estimate_quotes_only_customer_pay_jobs(self):
        order = self._order()
        order.action_kia_send_estimate()
        self.assertEqual(order.kia_stage, "waiting_approval")
        lines = order.sale_order_id.order_line
        self.assertEqual(
            sorted((line.product_id.name, line.product_uom_qty, line.price_unit) for line in lines),
            [("Labour", 0.8, 300.0), ("Test oil filter", 1.0, 80.0)],
            "the warranty brake job and its pads are not billed to the customer",
        )
        self.assertEqual(order.kia_amount_customer, 0.8 * 300 + 80)
        self.assertEqual(order.kia_amount_labour, (0.8 + 1.2) * 300)
        self.assertTrue(self.env["sms.sms"].search([("partner_id", "=", self.customer.id)]))

    def test_approval_confirms_order_and_quotation(self):
        order = self._order()
        order.action_kia_send_estimate()
        approval = order._kia_record_approval("Li Ming (son)", "wechat", note="OK by WeChat")
        self.assertEqual(order.state, "confirmed")
        self.assertEqual(order.sale_order_id.state, "sale")
        self.assertEqual(approval.kind, "estimate")
        self.assertEqual(approval.approved_by, "Li Ming (son)")
        self.assertEqual(approval.method, "wechat")
        self.assertEqual(approval.job_line_ids, order.kia_job_line_ids)
        self.assertEqual(approval.amount, 0.8 * 300 + 80)
        self.assertEqual(set(order.kia_job_line_ids.mapped("state")), {"todo"})
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            approval.with_user(self.user_advisor).approved_by = "Someone else"

    def test_approval_without_name_refused(self):
        order = self._order()
        with self.assertRaisesRegex(UserError, "Who approved"):
            order._kia_record_approval("  ", "phone")
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.kia_approval_ids)

    def test_declined_job_is_cancelled_and_not_billed(self):
        order = self._order()
        order.action_kia_send_estimate()
        oil, brakes = order.kia_job_line_ids
        order._kia_record_approval("Customer Li", "phone", jobs=brakes, declined=oil)
        self.assertEqual(oil.state, "cancelled")
        self.assertEqual(oil.move_ids.state, "cancel")
        self.assertFalse(order.sale_order_id.order_line.filtered(lambda line: line.product_uom_qty))

    def test_additional_work_needs_approval_before_it_starts(self):
        order = self._approved()
        extra = self.env["kia.job.line"].create(
            {
                "repair_id": order.id,
                "concern": "Wipers smear",
                "labour_operation_id": self.op_oil.id,
            }
        )
        self.assertTrue(extra.is_additional)
        self.assertEqual(extra.state, "to_approve")
        self.assertEqual(order.kia_stage, "waiting_approval")
        extra.with_user(self.user_foreman).action_dispatch(self.emp_tech)
        self.assertEqual(extra.state, "to_approve", "planned, but not startable")
        with self.assertRaisesRegex(UserError, "not been approved by the customer"):
            extra.with_user(self.user_tech).action_clock_on()
        self.assertFalse(extra.time_log_ids)
        self.assertEqual(extra.state, "to_approve")
        approval = order._kia_record_approval("Customer Li", "phone")
        self.assertEqual(approval.kind, "additional")
        self.assertEqual(approval.job_line_ids, extra)
        self.assertEqual(extra.state, "dispatched")
        extra.with_user(self.user_tech).action_clock_on()
        self.assertEqual(extra.state, "in_progress")
        self.assertIn(extra, order.sale_order_id.order_line.kia_job_line_id)

    def test_no_job_starts_before_the_estimate_is_approved(self):
        order = self._order()
        job = order.kia_job_line_ids[0]
        job.with_user(self.user_foreman).action_dispatch(self.emp_tech)
        with self.assertRaisesRegex(UserError, "not approved by the customer yet"):
            job.with_user(self.user_tech).action_clock_on()
        self.assertFalse(job.time_log_ids)

    def test_dispatch_to_uncertified_technician_refused(self):
        order = self._approved(jobs=[(self.op_ev, "customer")], parts=False)
        job = order.kia_job_line_ids
        with self.assertRaisesRegex(UserError, "Tech Zhou has no valid Test EV HV"):
            job.with_user(self.user_foreman).action_dispatch(self.emp_tech2)
        self.assertFalse(job.technician_ids)
        self.assertEqual(job.state, "todo")
        job.with_user(self.user_foreman).action_dispatch(self.emp_tech)
        self.assertEqual(job.technician_ids, self.emp_tech)
        self.assertEqual(job.state, "dispatched")
        self.assertEqual(job.dispatched_by_id, self.user_foreman)

    def test_only_the_foreman_dispatches(self):
        order = self._approved()
        with self.assertRaisesRegex(UserError, "Only the workshop foreman dispatches"):
            order.kia_job_line_ids.with_user(self.user_advisor).write(
                {"technician_ids": [Command.set(self.emp_tech.ids)]}
            )
        self.assertFalse(order.kia_job_line_ids.technician_ids)

    def test_clocking_rules(self):
        order = self._approved()
        oil, brakes = order.kia_job_line_ids
        (oil | brakes).with_user(self.user_foreman).action_dispatch(self.emp_tech)
        with self.assertRaisesRegex(UserError, "dispatched to Tech Chen, not to you"):
            oil.with_user(self.user_tech2).action_clock_on()
        oil.with_user(self.user_tech).action_clock_on()
        self.assertEqual(order.state, "under_repair")
        self.assertEqual(order.kia_stage, "in_progress")
        with self.assertRaisesRegex(UserError, "clock off before starting another job"):
            brakes.with_user(self.user_tech).action_clock_on()
        with self.assertRaisesRegex(UserError, "Describe the correction"):
            oil.with_user(self.user_tech).action_finish()
        self.assertEqual(oil.state, "in_progress")
        oil.with_user(self.user_tech).action_clock_off()
        self.assertEqual(oil.state, "paused")
        self.assertTrue(oil.time_log_ids.date_stop)
        brakes.with_user(self.user_tech).action_clock_on()
        brakes.with_user(self.user_tech).write(
            {"cause": "Pads worn to 2 mm", "correction": "Replaced pads"}
        )
        brakes.with_user(self.user_tech).action_finish()
        self.assertEqual(brakes.state, "done")
        self.assertEqual(brakes.flagged_hours, 1.2)
        self.assertEqual(len(brakes.time_log_ids), 1)

    def test_technician_records_cause_and_correction_only(self):
        order = self._approved()
        job = order.kia_job_line_ids[0]
        job.with_user(self.user_foreman).action_dispatch(self.emp_tech)
        job.with_user(self.user_tech).write({"cause": "Old oil", "correction": "New oil"})
        with self.assertRaisesRegex(UserError, "records the cause and the correction"):
            job.with_user(self.user_tech).write({"flagged_hours": 5})
        with self.assertRaisesRegex(UserError, "records the cause and the correction"):
            job.with_user(self.user_tech).write({"pay_type": "goodwill"})
        self.assertEqual(job.flagged_hours, 0.8)
        self.assertEqual(job.pay_type, "customer")

    def test_cannot_complete_before_quality_check(self):
        order = self._worked()
        self.assertEqual(order.kia_stage, "quality_check")
        with self.assertRaisesRegex(UserError, "before it passes the quality check"):
            order.action_repair_end()
        self.assertEqual(order.state, "under_repair")
        order_open = self._approved(odometer=4500)
        with self.assertRaisesRegex(UserError, "is not finished"):
            order_open.action_repair_done()

    def test_quality_check_by_the_technician_refused(self):
        order = self._worked()
        with self.assertRaisesRegex(ValidationError, "someone other than its technicians"):
            self.env["kia.quality.check"].create(
                {"repair_id": order.id, "inspector_id": self.emp_tech.id, "result": "pass"}
            )
        self.assertFalse(order.kia_quality_check_ids)
        self.assertEqual(order.state, "under_repair")

    def test_quality_check_before_the_jobs_are_finished_refused(self):
        order = self._approved()
        with self.assertRaisesRegex(UserError, "not ready for the quality check"):
            self.env["kia.quality.check"].create(
                {"repair_id": order.id, "inspector_id": self.emp_foreman.id, "result": "pass"}
            )

    def test_failed_quality_check_sends_jobs_back(self):
        order = self._worked()
        oil = order.kia_job_line_ids[0]
        with self.assertRaisesRegex(ValidationError, "which jobs must be redone"):
            self.env["kia.quality.check"].create(
                {"repair_id": order.id, "inspector_id": self.emp_foreman.id, "result": "fail"}
            )
        other = self._worked(vehicle=self.vehicle, odometer=4500)
        with self.assertRaisesRegex(ValidationError, "Only finished jobs of work order"):
            self.env["kia.quality.check"].create(
                {
                    "repair_id": order.id,
                    "inspector_id": self.emp_foreman.id,
                    "result": "fail",
                    "failed_job_line_ids": [Command.set(other.kia_job_line_ids[:1].ids)],
                }
            )
        self.assertFalse(order.kia_quality_check_ids)
        self.assertEqual(other.kia_job_line_ids[:1].state, "done")
        self.env["kia.quality.check"].create(
            {
                "repair_id": order.id,
                "inspector_id": self.emp_foreman.id,
                "result": "fail",
                "failed_job_line_ids": [Command.set(oil.ids)],
            }
        )
        self.assertEqual(order.kia_qc_state, "failed")
        self.assertEqual(order.kia_rework_count, 1)
        self.assertEqual(oil.rework_count, 1)
        self.assertEqual(oil.state, "dispatched")
        self.assertEqual(order.kia_stage, "in_progress")
        oil.with_user(self.user_tech).action_clock_on()
        oil.with_user(self.user_tech).action_finish()
        self.env["kia.quality.check"].create(
            {"repair_id": order.id, "inspector_id": self.emp_foreman.id, "result": "pass"}
        )
        self.assertEqual(order.kia_qc_state, "passed")
        self.assertEqual(order.kia_rework_count, 1)
        self.assertEqual(order.state, "done")
        self.assertEqual(order.kia_stage, "ready")

    def test_passed_quality_check_completes_and_notifies(self):
        order = self._passed()
        self.assertEqual(order.state, "done")
        self.assertEqual(order.kia_stage, "ready")
        moves = order.move_ids.filtered(lambda m: m.repair_line_type == "add")
        self.assertEqual(set(moves.mapped("state")), {"done"})
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(self.part_filter, self.stock_location),
            9,
        )
        self.assertTrue(order.message_ids.filtered(lambda m: "ready" in (m.subject or "")))

    def test_pay_type_change_moves_parts_off_the_quotation(self):
        order = self._order()
        order.action_kia_send_estimate()
        oil = order.kia_job_line_ids[0]
        oil.pay_type = "goodwill"
        billed = order.sale_order_id.order_line.filtered(lambda line: line.product_uom_qty)
        self.assertFalse(billed, "goodwill labour and parts are not billed")
        self.assertEqual(order.kia_amount_customer, 0)

    def test_job_status_only_through_the_buttons(self):
        order = self._approved()
        job = order.kia_job_line_ids[0]
        job.with_user(self.user_foreman).action_dispatch(self.emp_tech)
        for user in (self.user_tech, self.user_advisor, self.user_foreman):
            with self.assertRaisesRegex(UserError, "changes through its buttons"):
                job.with_user(user).write({"state": "done"})
        self.assertEqual(job.state, "dispatched")

    def test_flow_rules_hold_for_direct_writes(self):
        """Repair's own buttons and a client's writes meet the same rules as the Kia
        buttons: approval before work, quality check before completion, delivery with
        its checks."""
        order = self._order()
        as_advisor = order.with_user(self.user_advisor)
        with self.assertRaisesRegex(UserError, "not approved by the customer yet"):
            as_advisor.action_validate()
        with self.assertRaisesRegex(UserError, "not approved by the customer yet"):
            as_advisor.write({"state": "confirmed"})
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.kia_approval_ids)

        order = self._worked()
        as_foreman = order.with_user(self.user_foreman)
        with self.assertRaisesRegex(UserError, "before it passes the quality check"):
            as_foreman.write({"state": "done"})
        self.assertEqual(order.state, "under_repair")
        with self.assertRaisesRegex(UserError, "Deliver button"):
            order.with_user(self.user_advisor).write({"kia_delivered_date": "2026-01-01 10:00:00"})
        self.assertFalse(order.kia_delivered_date)

    def test_jobs_and_parts_stay_on_their_open_work_order(self):
        order = self._approved()
        other = self._order(vehicle=self.vehicle, odometer=4600)
        with self.assertRaisesRegex(ValidationError, "must belong to its work order"):
            self.env["stock.move"].create(
                {
                    "repair_id": other.id,
                    "product_id": self.part_filter.id,
                    "product_uom_qty": 1,
                    "repair_line_type": "add",
                    "kia_job_line_id": order.kia_job_line_ids[0].id,
                }
            )
        self.assertEqual(len(other.move_ids), 2)
        order.action_repair_cancel()
        with self.assertRaisesRegex(UserError, "is closed"):
            self.env["kia.job.line"].create({"repair_id": order.id, "concern": "One more"})
        self.assertEqual(len(order.kia_job_line_ids), 2)

    def test_dispatch_refused_with_an_expired_certification(self):
        self.env["hr.resume.line"].create(
            {
                "employee_id": self.emp_tech3.id,
                "kia_certification_type_id": self.type_ev.id,
                "date_start": self.today - relativedelta(months=25),
                "date_end": self.today - relativedelta(days=1),
            }
        )
        order = self._approved(jobs=[(self.op_ev, "customer")], parts=False)
        job = order.kia_job_line_ids
        with self.assertRaisesRegex(UserError, "Tech Wu has no valid Test EV HV"):
            job.with_user(self.user_foreman).action_dispatch(self.emp_tech3)
        self.assertFalse(job.technician_ids)
        self.assertEqual(job.state, "todo")

    def test_clocked_hours_against_flagged_hours(self):
        order = self._approved(jobs=[(self.op_brakes, "customer")], parts=False)
        job = order.kia_job_line_ids
        start = fields.Datetime.now() - relativedelta(hours=2)
        self.env["kia.job.time.log"].create(
            [
                {
                    "job_line_id": job.id,
                    "employee_id": self.emp_tech.id,
                    "date_start": start,
                    "date_stop": start + relativedelta(minutes=45),
                },
                {
                    "job_line_id": job.id,
                    "employee_id": self.emp_tech.id,
                    "date_start": start + relativedelta(minutes=60),
                    "date_stop": start + relativedelta(minutes=90),
                },
            ]
        )
        self.assertAlmostEqual(job.clocked_hours, 1.25)
        self.assertAlmostEqual(job.flagged_hours, 1.2, msg="flat-rate hours of the operation")

    def test_cancelled_job_leaves_the_confirmed_quotation(self):
        # An approved job is part of the record (its approval names it): it is cancelled,
        # no longer deleted (issue 8, item 1).
        order = self._approved(jobs=[(self.op_oil, "customer"), (self.op_brakes, "customer")])
        self.assertEqual(order.sale_order_id.state, "sale")
        brakes = order.kia_job_line_ids.filtered(lambda j: j.labour_operation_id == self.op_brakes)
        labour_line = brakes.sale_line_id
        self.assertEqual(labour_line.product_uom_qty, 1.2)
        brakes.with_user(self.user_advisor).action_cancel()
        self.assertEqual(labour_line.product_uom_qty, 0, "the labour is not billed any more")
