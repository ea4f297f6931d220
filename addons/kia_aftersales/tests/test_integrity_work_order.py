from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import KiaAftersalesCase


@tagged("post_install", "-at_install")
class TestIntegrityWorkOrder(KiaAftersalesCase):
    """Each rule of the work order taken over the path that walked around it: a plain
    ORM call (as over RPC) by the role that would abuse it."""

    def _qc(self, order, user=None, **values):
        return (
            self.env["kia.quality.check"]
            .with_user(user or self.user_foreman)
            .create(dict({"repair_id": order.id, "result": "pass"}, **values))
        )

    # ------------------------------------------------------------------ evidence (1)

    def test_checked_in_work_order_is_cancelled_not_deleted(self):
        order = self._approved()
        jobs = order.kia_job_line_ids
        approval = order.kia_approval_ids
        with self.assertRaisesRegex(UserError, "can be cancelled, not deleted"):
            order.with_user(self.user_advisor).unlink()
        self.assertTrue(order.exists())
        self.assertEqual(order.state, "confirmed", "not even cancelled by the refused delete")
        self.assertEqual(len(jobs.exists()), 2)
        self.assertTrue(approval.exists())
        self.assertTrue(order.kia_checkin_odometer_id.exists())
        # A work order that never reached the workshop can still be deleted.
        draft = self.env["repair.order"].create({"kia_vehicle_id": self.vehicle.id})
        draft.with_user(self.user_advisor).unlink()
        self.assertFalse(draft.exists())

    def test_approval_cannot_be_changed_or_deleted(self):
        order = self._approved()
        approval = order.kia_approval_ids
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            approval.with_user(self.user_advisor).write({"note": "Customer agreed to more"})
        self.assertFalse(approval.note)

    def test_clocked_time_cannot_be_rewritten_by_the_foreman(self):
        order = self._worked(jobs=[(self.op_brakes, "customer")], parts=False)
        job = order.kia_job_line_ids
        log = job.time_log_ids
        stop = log.date_stop
        as_foreman = log.with_user(self.user_foreman)
        with self.assertRaisesRegex(UserError, "Clock On and Clock Off"):
            as_foreman.write({"date_stop": stop + timedelta(hours=3)})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            as_foreman.unlink()
        with self.assertRaisesRegex(UserError, "Clock On and Clock Off"):
            self.env["kia.job.time.log"].with_user(self.user_foreman).create(
                {
                    "job_line_id": job.id,
                    "employee_id": self.emp_tech.id,
                    "date_start": fields.Datetime.now() - timedelta(hours=5),
                    "date_stop": fields.Datetime.now(),
                }
            )
        with self.assertRaisesRegex(UserError, "changes through its buttons"):
            job.with_user(self.user_foreman).write({"clocked_hours": 5.0})
        self.assertEqual(job.time_log_ids, log)
        self.assertEqual(log.date_stop, stop)
        self.assertLess(job.clocked_hours, 1)

    def test_reception_checklist_frozen_after_check_in(self):
        order = self.env["repair.order"].create(
            {"kia_vehicle_id": self.vehicle.id, "kia_checkin_odometer": 4000}
        )
        line = order.kia_reception_line_ids[:1]
        # Filled in with the customer before the check-in.
        line.with_user(self.user_advisor).write({"result": "issue", "note": "Scratch, rear door"})
        order.with_user(self.user_advisor).write({"kia_fuel_level": "50"})
        order.with_user(self.user_advisor).action_kia_check_in()
        with self.assertRaisesRegex(UserError, "record of what happened"):
            line.with_user(self.user_advisor).write({"result": "ok", "note": False})
        with self.assertRaisesRegex(UserError, "record of what happened"):
            line.with_user(self.user_advisor).unlink()
        with self.assertRaisesRegex(UserError, "cannot be added afterwards"):
            self.env["kia.checklist.line"].with_user(self.user_advisor).create(
                {"repair_id": order.id, "name": "Dent found later", "usage": "reception"}
            )
        with self.assertRaisesRegex(UserError, "kept as it was recorded"):
            order.with_user(self.user_advisor).write(
                {"kia_checkin_odometer": 3900, "kia_fuel_level": "100"}
            )
        self.assertEqual((line.result, line.note), ("issue", "Scratch, rear door"))
        self.assertEqual(order.kia_checkin_odometer, 4000)
        self.assertEqual(order.kia_fuel_level, "50")

    def test_check_in_odometer_reading_is_kept(self):
        order = self._order(odometer=4200)
        reading = order.kia_checkin_odometer_id
        fleet_manager = new_test_user(
            self.env,
            "kia_integrity_fleet_manager",
            groups="kia_aftersales.group_advisor,fleet.fleet_group_manager",
        )
        with self.assertRaisesRegex(UserError, "record of what happened"):
            reading.with_user(self.user_advisor).write({"value": 42000})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            reading.with_user(fleet_manager).unlink()
        self.assertEqual(reading.value, 4200)
        # A reading no check-in refers to stays fleet's to correct.
        other = self.env["fleet.vehicle.odometer"].create(
            {"vehicle_id": self.vehicle.id, "value": 4300, "date": self.today}
        )
        other.with_user(fleet_manager).write({"value": 4250})
        other.with_user(fleet_manager).unlink()
        self.assertFalse(other.exists())

    def test_approved_job_is_cancelled_not_deleted(self):
        order = self._approved(jobs=[(self.op_oil, "customer"), (self.op_brakes, "customer")])
        brakes = order.kia_job_line_ids.filtered(lambda j: j.labour_operation_id == self.op_brakes)
        approval = brakes.approval_id
        with self.assertRaisesRegex(UserError, "cancel it instead of deleting it"):
            brakes.with_user(self.user_advisor).unlink()
        self.assertTrue(brakes.exists())
        self.assertEqual(approval.job_line_ids, order.kia_job_line_ids)
        brakes.with_user(self.user_advisor).action_cancel()
        self.assertEqual(brakes.state, "cancelled")
        self.assertEqual(brakes.sale_line_id.product_uom_qty, 0)
        self.assertEqual(brakes.move_ids.state, "cancel")

    # ------------------------------------------------------------------ approval gate (4)

    def test_advisor_cannot_forge_an_approval(self):
        order = self._order()
        order.action_kia_send_estimate()
        as_advisor = self.env["kia.work.order.approval"].with_user(self.user_advisor)
        with self.assertRaisesRegex(UserError, "cannot be created directly"):
            as_advisor.create(
                {
                    "repair_id": order.id,
                    "kind": "estimate",
                    "approved_by": "Customer Li",
                    "method": "phone",
                    "job_line_ids": [Command.set(order.kia_job_line_ids.ids)],
                }
            )
        with self.assertRaisesRegex(UserError, "not approved by the customer yet"):
            order.with_user(self.user_advisor).action_validate()
        self.assertFalse(order.kia_approval_ids)
        self.assertEqual(order.state, "draft")

    def test_old_approval_does_not_cover_work_added_after_back_to_draft(self):
        order = self._approved()
        order.with_user(self.user_advisor).action_repair_cancel()
        order.with_user(self.user_advisor).action_repair_cancel_draft()
        self.assertEqual(order.state, "draft")
        extra = (
            self.env["kia.job.line"]
            .with_user(self.user_advisor)
            .create({"repair_id": order.id, "concern": "Noise at the front"})
        )
        self.assertFalse(extra.approval_id)
        with self.assertRaisesRegex(UserError, "Noise at the front awaits approval"):
            order.with_user(self.user_advisor).action_validate()
        with self.assertRaisesRegex(UserError, "not approved by the customer yet"):
            order.with_user(self.user_advisor).write({"state": "confirmed"})
        self.assertEqual(order.state, "draft")
        # A part added while back in draft waits for its approval as well.
        extra.unlink()
        self.env["stock.move"].with_user(self.user_advisor).create(
            {
                "repair_id": order.id,
                "product_id": self.part_pads.id,
                "product_uom_qty": 2,
                "repair_line_type": "add",
                "kia_job_line_id": order.kia_job_line_ids[0].id,
            }
        )
        with self.assertRaisesRegex(UserError, "Test brake pads awaits approval"):
            order.with_user(self.user_advisor).action_validate()
        self.assertEqual(order.state, "draft")

    def test_part_added_to_confirmed_order_waits_for_its_approval(self):
        order = self._worked()
        oil = order.kia_job_line_ids.filtered(lambda j: j.labour_operation_id == self.op_oil)
        part = (
            self.env["stock.move"]
            .with_user(self.user_advisor)
            .create(
                {
                    "repair_id": order.id,
                    "product_id": self.part_pads.id,
                    "product_uom_qty": 1,
                    "repair_line_type": "add",
                    "kia_job_line_id": oil.id,
                }
            )
        )
        self.assertFalse(part.kia_approval_id)
        self.assertEqual(order.kia_stage, "waiting_approval")
        self.assertIn(oil, order._kia_jobs_awaiting_approval())
        with self.assertRaisesRegex(UserError, "approval"):
            part.with_user(self.user_advisor).write({"kia_approval_id": oil.approval_id.id})
        # The quality check passes, but the unapproved part is not fitted.
        with self.assertRaisesRegex(UserError, "Test brake pads awaits approval"):
            self._qc(order)
        self.assertEqual(order.state, "under_repair")
        self.assertNotEqual(part.state, "done")
        approval = order.with_user(self.user_advisor)._kia_record_approval("Customer Li", "phone")
        self.assertEqual(part.kia_approval_id, approval)
        self.assertEqual(approval.move_ids, part)
        self.assertEqual(oil.state, "done", "the approved change does not reopen the job")
        order._kia_check_approved()
        self.assertNotEqual(order.kia_stage, "waiting_approval")

    def test_more_of_an_approved_part_needs_a_new_approval(self):
        order = self._approved()
        part = order.move_ids.filtered(lambda m: m.product_id == self.part_filter)
        self.assertTrue(part.kia_approval_id)
        part.with_user(self.user_advisor).write({"product_uom_qty": 3})
        self.assertFalse(part.kia_approval_id)
        self.assertEqual(order.kia_stage, "waiting_approval")
        part.with_user(self.user_advisor).write({"product_uom_qty": 2})
        self.assertFalse(part.kia_approval_id, "still more than approved")

    def test_repriced_job_waits_for_a_new_approval(self):
        order = self._approved(jobs=[(self.op_brakes, "customer")], parts=False)
        job = order.kia_job_line_ids
        first = job.approval_id
        job.with_user(self.user_foreman).action_dispatch(self.emp_tech)
        job.with_user(self.user_advisor).write({"flagged_hours": 3.0})
        self.assertFalse(job.approval_id)
        self.assertEqual(job.state, "to_approve")
        self.assertEqual(order.kia_stage, "waiting_approval")
        with self.assertRaisesRegex(UserError, "not been approved by the customer"):
            job.with_user(self.user_tech).action_clock_on()
        self.assertFalse(job.time_log_ids)
        second = order._kia_record_approval("Customer Li", "phone")
        self.assertNotEqual(second, first)
        self.assertEqual(job.approval_id, second)
        self.assertEqual(job.state, "dispatched")
        job.with_user(self.user_advisor).write({"labour_rate": 500.0})
        self.assertEqual(job.state, "to_approve")
        # Lowering what the customer pays (warranty takes it) needs no approval.
        order._kia_record_approval("Customer Li", "phone")
        job.with_user(self.user_advisor).write({"pay_type": "warranty"})
        self.assertEqual(job.state, "dispatched")
        self.assertTrue(job.approval_id)

    # ------------------------------------------------------------------ quality check (5)

    def test_inspector_is_who_records_the_check(self):
        order = self._worked(parts=False)
        with self.assertRaisesRegex(UserError, "neither is chosen"):
            self._qc(order, inspector_id=self.emp_tech3.id)
        with self.assertRaisesRegex(UserError, "neither is chosen"):
            self._qc(order, date=fields.Datetime.now() - timedelta(days=1))
        self.assertFalse(order.kia_quality_check_ids)
        self.assertEqual(order.state, "under_repair")
        check = self._qc(order)
        self.assertEqual(check.inspector_id, self.emp_foreman)

    def test_inspector_who_worked_on_the_order_is_refused(self):
        order = self._worked(technician=self.emp_foreman)
        with self.assertRaisesRegex(UserError, "neither is chosen"):
            self._qc(order, inspector_id=self.emp_tech3.id)
        with self.assertRaisesRegex(ValidationError, "someone other than its technicians"):
            self._qc(order)
        self.assertFalse(order.kia_quality_check_ids)
        self.assertEqual(order.state, "under_repair")

    def test_quality_check_and_its_checklist_are_append_only(self):
        order = self._worked()
        item = self.env["kia.checklist.item"].create({"name": "Road test", "usage": "quality"})
        check = self._qc(
            order,
            result="fail",
            failed_job_line_ids=[Command.set(order.kia_job_line_ids[:1].ids)],
            line_ids=[Command.create({"item_id": item.id, "name": "Road test", "result": "issue"})],
        )
        line = check.line_ids
        self.assertEqual(line.usage, "quality")
        with self.assertRaisesRegex(UserError, "record of what happened"):
            check.with_user(self.user_foreman).write({"result": "pass"})
        with self.assertRaisesRegex(UserError, "record of what happened"):
            line.with_user(self.user_foreman).write({"result": "ok"})
        with self.assertRaisesRegex(UserError, "cannot be added afterwards"):
            self.env["kia.checklist.line"].with_user(self.user_foreman).create(
                {"quality_check_id": check.id, "name": "Added later", "usage": "quality"}
            )
        self.assertEqual(check.result, "fail")
        self.assertEqual(line.result, "issue")
        self.assertEqual(check.line_ids, line)
        self.assertEqual(order.kia_qc_state, "failed")

    def test_quality_check_form_records_its_checklist(self):
        """The Quality Check button's form proposes the checklist as defaults: they are
        recorded with the check, by the flow, signed by the foreman who saves it."""
        order = self._worked(parts=False)
        self.env["kia.checklist.item"].create({"name": "Road test", "usage": "quality"})
        context = order.with_user(self.user_foreman).action_kia_quality_check()["context"]
        check = (
            self.env["kia.quality.check"]
            .with_user(self.user_foreman)
            .with_context(**context)
            .create({"result": "pass"})
        )
        self.assertEqual(check.repair_id, order)
        self.assertEqual(check.inspector_id, self.emp_foreman)
        self.assertIn("Road test", check.line_ids.mapped("name"))
        self.assertEqual(set(check.line_ids.mapped("usage")), {"quality"})

    def test_latest_check_is_the_last_recorded(self):
        order = self._worked(parts=False)
        oil = order.kia_job_line_ids[0]
        # A failed check stamped in the future (as an import could) ...
        self.env["kia.quality.check"].create(
            {
                "repair_id": order.id,
                "inspector_id": self.emp_foreman.id,
                "result": "fail",
                "date": fields.Datetime.now() + timedelta(days=1),
                "failed_job_line_ids": [Command.set(oil.ids)],
            }
        )
        oil.with_user(self.user_tech).action_clock_on()
        oil.with_user(self.user_tech).action_finish()
        # ... does not outlive the pass recorded after it.
        self._qc(order)
        self.assertEqual(order.kia_qc_state, "passed")
        self.assertEqual(order.state, "done")

    # ------------------------------------------------------------------ workflow fields (15)

    def test_advisor_cannot_write_the_quality_check_state(self):
        order = self._worked()
        self._qc(
            order,
            result="fail",
            failed_job_line_ids=[Command.set(order.kia_job_line_ids[:1].ids)],
        )
        as_advisor = order.with_user(self.user_advisor)
        with self.assertRaisesRegex(UserError, "change through the workflow"):
            as_advisor.write({"kia_qc_state": "passed"})
        with self.assertRaisesRegex(UserError, "change through the workflow"):
            as_advisor.write({"kia_rework_count": 0})
        with self.assertRaisesRegex(UserError, "changes through its buttons"):
            order.kia_job_line_ids[:1].with_user(self.user_foreman).write({"rework_count": 0})
        self.assertEqual(order.kia_qc_state, "failed")
        self.assertEqual(order.kia_rework_count, 1)
        self.assertEqual(order.kia_job_line_ids[:1].rework_count, 1)

    def test_advisor_cannot_zero_the_customer_amount(self):
        order = self._passed(parts=False)
        order.action_kia_invoice()
        amount = order.kia_amount_customer
        with self.assertRaisesRegex(UserError, "change through the workflow"):
            order.with_user(self.user_advisor).write({"kia_amount_customer": 0})
        self.assertEqual(order.kia_amount_customer, amount)
        with self.assertRaisesRegex(UserError, "is not paid"):
            order.with_user(self.user_advisor)._kia_deliver()
        self.assertFalse(order.kia_delivered_date)

    def test_flow_stamps_refuse_client_writes(self):
        order = self._order()
        as_advisor = order.with_user(self.user_advisor)
        stamps = {
            "kia_checkin_date": False,
            "kia_estimate_sent_date": fields.Datetime.now(),
            "kia_invoice_paid_at_delivery": True,
        }
        for name, value in stamps.items():
            with self.assertRaisesRegex(UserError, "workflow|Deliver button"):
                as_advisor.write({name: value})
        self.assertTrue(order.kia_checkin_date)
        self.assertFalse(order.kia_estimate_sent_date)
        self.assertFalse(order.kia_invoice_paid_at_delivery)
        order.action_kia_send_estimate()
        order._kia_record_approval("Customer Li", "phone")
        extra = self.env["kia.job.line"].create({"repair_id": order.id, "concern": "Wipers"})
        self.assertTrue(extra.is_additional)
        for values in (
            {"is_additional": False},
            {"approval_id": order.kia_approval_ids.id},
            {"state": "todo"},
            {"done_date": fields.Datetime.now()},
            {"dispatch_date": fields.Datetime.now()},
        ):
            with self.assertRaisesRegex(UserError, "changes through its buttons"):
                extra.with_user(self.user_advisor).write(values)
        self.assertEqual(extra.state, "to_approve")
        self.assertTrue(extra.is_additional)
        self.assertFalse(extra.approval_id)
        with self.assertRaisesRegex(UserError, "changes through its buttons"):
            self.env["kia.job.line"].with_user(self.user_advisor).create(
                {"repair_id": order.id, "concern": "Pre-approved", "state": "done"}
            )
        self.assertEqual(len(order.kia_job_line_ids), 3)

    def test_follow_up_result_is_kept(self):
        order = self._passed(jobs=[(self.op_brakes, "warranty")], parts=False)
        self.company.kia_followup_user_id = self.user_cr
        order._kia_deliver()
        followup = order.kia_followup_ids.with_user(self.user_cr)
        for values in ({"state": "done"}, {"satisfaction": "5"}, {"csi_score": 100.0}):
            with self.assertRaisesRegex(UserError, "change through its buttons"):
                followup.write(values)
        self.assertEqual(followup.state, "planned")
        self.assertFalse(followup.satisfaction)
        followup.action_record_answers(self._csi_answers(followup, 0), "Car returned dirty")
        with self.assertRaisesRegex(UserError, "record of what happened"):
            followup.write({"remarks": "All fine"})
        with self.assertRaisesRegex(UserError, "change through its buttons"):
            followup.write({"csi_score": 100.0})
        with self.assertRaisesRegex(UserError, "already made"):
            followup.action_record_answers(self._csi_answers(followup, -1))
        self.assertEqual(followup.satisfaction, "1")
        self.assertEqual(followup.csi_score, 0.0)
        self.assertEqual(followup.remarks, "Car returned dirty")
        with self.assertRaisesRegex(UserError, "can be cancelled, not deleted"):
            order.with_user(self.user_manager).unlink()
        self.assertTrue(followup.exists())
