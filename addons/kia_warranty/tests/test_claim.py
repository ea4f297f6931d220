from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError

from .common import KiaWarrantyCase


class TestWarrantyClaim(KiaWarrantyCase):
    def _refused(self, claim, *messages):
        """Submission refused with every one of ``messages``; nothing written."""
        with self.assertRaises(UserError) as error:
            claim.with_user(self.user_wclerk).action_submit()
        for message in messages:
            self.assertIn(message, str(error.exception))
        claim.invalidate_recordset()
        self.assertEqual(claim.state, "draft")
        self.assertFalse(claim.submission_ids)
        self.assertFalse(claim.submitted_date)
        return str(error.exception)

    # ------------------------------------------------------------------ creation

    def test_claim_created_when_qc_passes(self):
        claim = self._claim()
        job = claim.job_line_id
        self.assertEqual(claim.claim_type, "warranty")
        self.assertTrue(claim.name.startswith("CLM/"))
        self.assertEqual(claim.vin, self.vehicle.vin_sn)
        self.assertEqual(claim.odometer, 4000)
        self.assertEqual(claim.in_service_date, self.vehicle.kia_warranty_start)
        self.assertEqual(claim.repair_date, self.company._kia_today(job.done_date))
        self.assertEqual(claim.technician_id, self.emp_tech)
        self.assertEqual(claim.quality_check_id.result, "pass")
        self.assertEqual(claim.causal_part_id, self.part_pads)
        self.assertEqual(claim.labour_operation_id, self.op_brakes)
        self.assertEqual(claim.flagged_hours, 1.2)
        labour = claim.line_ids.filtered(lambda line: line.line_type == "labour")
        part = claim.line_ids.filtered(lambda line: line.line_type == "part")
        # 1.2 h at the manufacturer's 200/h; the pads at net cost 240 + 10 % handling.
        self.assertEqual(labour.amount_requested, 240.0)
        self.assertEqual(part.price_unit, 264.0)
        self.assertEqual(claim.amount_requested, 504.0)
        # Idempotent: the cron and the button make no second claim.
        self.env["repair.order"]._cron_kia_create_warranty_claims()
        claim.repair_id.with_user(self.user_wclerk).action_kia_create_warranty_claims()
        self.assertEqual(
            self.env["kia.warranty.claim"].search_count([("job_line_id", "=", job.id)]), 1
        )

    def test_certification_held_recorded(self):
        claim = self._claim(jobs=[(self.op_ev, "warranty")])
        self.assertEqual(claim.certification_id.kia_certification_type_id, self.type_ev)
        self.assertEqual(claim.certification_id.employee_id, self.emp_tech)

    def test_evidence_fields_not_forged(self):
        """The QC, the certification and the job of a claim come from the flow."""
        claim = self._claim()
        other = self._passed(jobs=[(self.op_oil, "customer")])
        for vals in (
            {"quality_check_id": other.kia_quality_check_ids.id},
            {"certification_id": self.env["hr.resume.line"].search([], limit=1).id},
            {"job_line_id": other.kia_job_line_ids.id},
        ):
            with self.assertRaises(UserError):
                claim.with_user(self.user_wclerk).write(vals)
        self.assertEqual(claim.quality_check_id.repair_id, claim.repair_id)
        self.assertNotEqual(claim.job_line_id, other.kia_job_line_ids)

    def test_first_free_maintenance_claimed_at_allowance(self):
        claim = self._claim(jobs=[(self.op_first, "warranty")])
        self.assertEqual(claim.claim_type, "first_free")
        self.assertEqual(claim.line_ids.mapped("amount_requested"), [250.0])

    def test_customer_job_makes_no_claim(self):
        order = self._passed(jobs=[(self.op_oil, "customer")])
        self.assertFalse(self.env["kia.warranty.claim"].search([("repair_id", "=", order.id)]))
        with self.assertRaises(UserError):
            order.kia_job_line_ids.with_user(self.user_wclerk).action_kia_create_claim()

    def test_technician_and_advisor_see_no_claim(self):
        claim = self._claim()
        for user in (self.user_tech, self.user_advisor):
            with self.assertRaises(AccessError):
                claim.with_user(user).read(["amount_requested"])

    # ------------------------------------------------------------------ pre-validation

    def test_full_list_of_failures(self):
        claim = self._claim()
        message = self._refused(
            claim,
            "Mandatory fields missing",
            "Defect / Condition Codes",
            "Cause",
            "not in the old parts quarantine",
            "requires 1 photos or documents, the claim has 0",
        )
        self.assertNotIn("quality check", message)

    def test_mandatory_fields(self):
        claim = self._complete(self._claim())
        claim.with_user(self.user_wclerk).write({"defect_code_ids": [Command.clear()]})
        self._refused(claim, "Mandatory fields missing: Defect / Condition Codes.")

    def test_coverage_on_repair_date(self):
        claim = self._complete(self._claim())
        self.vehicle.kia_warranty_start = self._months_ago(40)
        self._refused(claim, "Basic (whole vehicle) is outside warranty", "40 months old")

    def test_technician_certified_then(self):
        claim = self._complete(self._claim())
        # The EV operation needs the EV certification, which Chen got a month ago.
        claim.with_user(self.user_wclerk).write(
            {"labour_operation_id": self.op_ev.id, "repair_date": self.today - timedelta(days=40)}
        )
        claim.job_line_id.sudo().labour_operation_id = self.op_ev
        self._refused(claim, "Technician Tech Chen did not hold")

    def test_qc_passed(self):
        """A claim the clerk creates by hand on a job whose order was not checked."""
        order = self._worked(jobs=[(self.op_brakes, "warranty")])
        claim = (
            self.env["kia.warranty.claim"]
            .with_user(self.user_wclerk)
            .create({"job_line_id": order.kia_job_line_ids.id, "vin": self.vehicle.vin_sn})
        )
        self._refused(claim, "has not passed the quality check")

    def test_old_part_in_quarantine(self):
        claim = self._claim()
        claim.with_user(self.user_wclerk).write(
            {"defect_code_ids": [Command.set(self.defect.ids)], "cause": "Worn"}
        )
        self.env["ir.attachment"].create(
            {"name": "p.jpg", "raw": b"x", "res_model": claim._name, "res_id": claim.id}
        )
        message = self._refused(claim, "not in the old parts quarantine")
        self.assertNotIn("photos", message)

    def test_photos_required(self):
        claim = self._complete(self._claim())
        self.policy.photos_required = 3
        self._refused(claim, "requires 3 photos or documents, the claim has 1")

    def test_duplicate_claim(self):
        first = self._submitted()
        second = self._complete(self._claim())
        self.assertEqual(second.causal_part_id, first.causal_part_id)
        self._refused(second, f"Claim {first.name} already claims")

    def test_submission_deadline_and_waiver(self):
        claim = self._complete(self._claim())
        claim.with_user(self.user_wclerk).write({"repair_date": self.today - timedelta(days=31)})
        self._refused(claim, "The submission deadline has passed", "within 30 days")
        # The clerk cannot waive; the manager can, with a reason that is kept.
        with self.assertRaises(UserError):
            claim.with_user(self.user_wclerk).action_kia_waive("deadline", "late paperwork")
        with self.assertRaises(AccessError):
            self.env["kia.warranty.claim.waiver"].with_user(self.user_wclerk).create(
                {"claim_id": claim.id, "check": "deadline", "reason": "forged"}
            )
        self.assertFalse(claim.waiver_ids)
        claim.with_user(self.user_wmanager).action_kia_waive("deadline", "Customer abroad")
        waiver = claim.waiver_ids
        self.assertEqual(waiver.user_id, self.user_wmanager)
        # His waiver is his sign-off (tier validation), the reason his comment.
        self.assertEqual(waiver.state, "granted")
        self.assertEqual(waiver.approved_by_id, self.user_wmanager)
        self.assertEqual(waiver.review_ids.comment, "Customer abroad")
        with self.assertRaises(UserError):
            waiver.review_ids.with_user(self.user_wmanager).unlink()
        with self.assertRaises(UserError):
            waiver.with_user(self.user_wmanager).write({"reason": "changed"})
        with self.assertRaises(UserError):
            waiver.with_user(self.user_wmanager).unlink()
        claim.with_user(self.user_wclerk).action_submit()
        self.assertEqual(claim.state, "submitted")

    def test_clerk_requests_a_waiver(self):
        """A waiver requested by the clerk waives nothing until the warranty manager
        validates it (with his comment); a rejected one neither."""
        claim = self._complete(self._claim())
        claim.with_user(self.user_wclerk).write({"repair_date": self.today - timedelta(days=40)})
        waiver = claim.with_user(self.user_wclerk).action_kia_request_waiver(
            "deadline", "Customer abroad for a month"
        )
        self.assertEqual(waiver.state, "requested")
        self.assertEqual(waiver.validation_status, "pending")
        self._refused(claim, "The submission deadline has passed")
        with self.assertRaisesRegex(UserError, "is not a reviewer"):
            waiver.with_user(self.user_wclerk).validate_tier()
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            waiver.review_ids.with_user(self.user_wclerk).write({"status": "approved"})
        # Rejected: still refused.
        action = waiver.with_user(self.user_wmanager).reject_tier()
        self.env["comment.wizard"].with_user(self.user_wmanager).with_context(
            **action["context"]
        ).create({"comment": "Ask the customer for the papers"}).add_comment()
        self.assertEqual(waiver.state, "refused")
        self._refused(claim, "The submission deadline has passed")
        # A new request, validated.
        waiver = claim.with_user(self.user_wclerk).action_kia_request_waiver(
            "deadline", "Papers received late from the customer"
        )
        action = waiver.with_user(self.user_wmanager).validate_tier()
        self.env["comment.wizard"].with_user(self.user_wmanager).with_context(
            **action["context"]
        ).create({"comment": "Agreed"}).add_comment()
        self.assertEqual(waiver.state, "granted")
        self.assertEqual(waiver.approved_by_id, self.user_wmanager)
        claim.with_user(self.user_wclerk).action_submit()
        self.assertEqual(claim.state, "submitted")

    # ------------------------------------------------------------------ states

    def test_status_only_through_buttons(self):
        claim = self._complete(self._claim())
        with self.assertRaises(UserError):
            claim.with_user(self.user_wclerk).write({"state": "approved"})
        with self.assertRaises(UserError):
            claim.line_ids[:1].with_user(self.user_wclerk).write({"amount_approved": 1.0})
        self.assertEqual(claim.state, "draft")
        self.assertFalse(claim.line_ids[:1].amount_approved)
        claim.with_user(self.user_wclerk).action_submit()
        with self.assertRaises(UserError):
            claim.with_user(self.user_wclerk).write({"odometer": 1})
        with self.assertRaises(UserError):
            claim.line_ids[:1].with_user(self.user_wclerk).write({"price_unit": 999})
        self.assertEqual(claim.odometer, 4000)

    def test_partial_approval(self):
        claim = self._submitted()
        labour = claim.line_ids.filtered(lambda line: line.line_type == "labour")
        part = claim.line_ids - labour
        claim.with_user(self.user_wclerk).action_kia_record_decision(
            {labour: 240.0, part: 200.0}, "Handling above the agreed rate"
        )
        self.assertEqual(claim.state, "partially_approved")
        self.assertEqual(claim.amount_approved, 440.0)
        self.assertEqual(claim.submission_ids.result, "partially_approved")

    def test_rejection_corrected_and_resubmitted(self):
        claim = self._submitted()
        with self.assertRaises(UserError):
            claim.with_user(self.user_wclerk).action_kia_record_decision(
                {line: 0.0 for line in claim.line_ids}
            )
        self.assertEqual(claim.state, "submitted")
        claim.with_user(self.user_wclerk).action_kia_record_decision(
            {line: 0.0 for line in claim.line_ids}, "Wrong defect code"
        )
        self.assertEqual(claim.state, "rejected")
        self.assertEqual(claim.rejection_rate, 100.0)
        other = self.env["kia.warranty.defect.code"].create({"code": "T-D02", "name": "Noise"})
        claim.with_user(self.user_wclerk).write({"defect_code_ids": [Command.set(other.ids)]})
        claim.with_user(self.user_wclerk).action_submit()
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.submission_count, 2)
        self.assertEqual(claim.submission_ids.mapped("result"), ["rejected", False])
        self.assertEqual(claim.submission_ids[0].reason, "Wrong defect code")
        claim.with_user(self.user_wclerk).action_kia_record_decision()
        self.assertEqual(claim.state, "approved")
        self.assertEqual(claim.amount_approved, claim.amount_requested)

    def test_submitted_claim_cannot_be_cancelled_or_deleted(self):
        claim = self._submitted()
        with self.assertRaises(UserError):
            claim.with_user(self.user_wclerk).action_cancel()
        with self.assertRaises(UserError):
            claim.with_user(self.user_wclerk).unlink()
        self.assertEqual(claim.state, "submitted")
