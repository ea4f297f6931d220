import io

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user

from .test_technical import KiaTechnicalCase

try:
    import openpyxl
except ImportError:  # pragma: no cover
    openpyxl = None


class TestQualityReport(KiaTechnicalCase):
    """Quality information feedback (信息反馈) reports written from a technical case."""

    def _answered_case(self):
        order = self._dispatched()
        job = order.kia_job_line_ids[0]
        job.with_user(self.user_tech).write({"cause": "Coil 1 open circuit."})
        case = self._case(
            order, kia_dtc_codes="P0301", kia_tried="Swapped coils 1 and 2: misfire moved."
        )
        case.with_user(self.user_foreman).action_kia_raise()
        self._answer(case)
        return case

    def _report(self, case=None):
        case = case or self._answered_case()
        action = case.with_user(self.user_info).action_kia_quality_report()
        return self.env["kia.quality.report"].browse(action["res_id"])

    def test_report_from_case_carries_its_values(self):
        case = self._answered_case()
        report = self._report(case)
        order = case.kia_repair_ids
        self.assertRegex(report.name, r"^QFR/\d{4}/\d{4}$")
        self.assertEqual(report.state, "draft")
        self.assertEqual(report.ticket_id, case)
        self.assertEqual(report.repair_id, order)
        self.assertEqual(report.vehicle_id, self.vehicle)
        self.assertEqual(report.vin, self.vehicle.vin_sn)
        self.assertEqual(report.model_id, self.model_k5)
        self.assertEqual(report.sale_date, self.vehicle.kia_sale_date)
        self.assertEqual(report.odometer, 4000)
        self.assertEqual(report.failure_date, self.today)
        self.assertEqual(report.symptoms, "Oil change\nCoil 1 open circuit.")
        self.assertEqual(report.dtc_codes, "P0301")
        self.assertEqual(
            report.cause_analysis,
            "Coil 1 open circuit.\nReplace the ignition coil of cylinder 1 (TSB-0042).",
        )
        self.assertEqual(report.measures, "Swapped coils 1 and 2: misfire moved.")
        self.assertEqual(report.parts, "Test oil filter × 1 Units")
        self.assertEqual(report.manufacturer_ref, "KCN-TS-1001")
        self.assertEqual(report.reporter_id, self.user_info)
        self.assertEqual(case.kia_quality_report_count, 1)
        # The number is the sequence's, whatever a client sends.
        forged = (
            self.env["kia.quality.report"]
            .with_user(self.user_info)
            .create({"name": "FAKE-1", "vin": "X"})
        )
        self.assertRegex(forged.name, r"^QFR/")

    def test_sent_report_is_locked(self):
        report = self._report()
        with self.assertRaisesRegex(UserError, "change through the workflow"):
            report.with_user(self.user_info).write({"state": "sent"})
        with self.assertRaisesRegex(ValidationError, "X999: not a diagnostic trouble code"):
            report.with_user(self.user_info).write({"dtc_codes": "X999"})
        report.with_user(self.user_info).action_send()
        self.assertEqual(report.state, "sent")
        self.assertEqual(report.sent_by_id, self.user_info)
        self.assertTrue(report.sent_date)
        for user in (self.user_info, self.user_manager):
            with self.assertRaisesRegex(UserError, "was sent to the manufacturer on .*: it can no"):
                report.with_user(user).write({"symptoms": "Rewritten"})
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                report.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "is already sent"):
            report.with_user(self.user_info).action_send()
        self.assertEqual(report.symptoms, "Oil change\nCoil 1 open circuit.")
        # Messages are still welcome on a sent report.
        report.with_user(self.user_info).message_post(body="Manufacturer acknowledged.")

    def test_send_needs_the_failure(self):
        report = self._report()
        report.with_user(self.user_info).write({"symptoms": False})
        with self.assertRaisesRegex(UserError, "cannot be sent without: Symptoms"):
            report.with_user(self.user_info).action_send()
        self.assertEqual(report.state, "draft")
        self.assertFalse(report.sent_date)

    def test_pdf_and_xlsx(self):
        report = self._report()
        html = str(
            self.env["ir.actions.report"]._render_qweb_html(
                "kia_aftersales.report_kia_quality_report", report.ids
            )[0]
        )
        self.assertIn("Quality Information Feedback", html)
        self.assertIn(report.name, html)
        self.assertIn(self.vehicle.vin_sn, html)
        self.assertIn("KCN-TS-1001", html)
        pdf, kind = self.env["ir.actions.report"]._render_qweb_pdf(
            "kia_aftersales.report_kia_quality_report", report.ids
        )
        # Odoo renders HTML instead of PDF in tests (no wkhtmltopdf run).
        self.assertIn(kind, ("pdf", "html"))
        self.assertTrue(pdf.startswith(b"%PDF") or report.name.encode() in pdf)
        content, kind = (
            self.env["report.kia_aftersales.quality_report_xlsx"]
            .with_user(self.user_info)
            .with_context(active_model="kia.quality.report")
            .create_xlsx_report(report.ids, {})
        )
        self.assertEqual(kind, "xlsx")
        if openpyxl is None:
            self.skipTest("openpyxl is needed to read the workbook")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertEqual(sheet["A1"].value, "Quality Information Feedback")
        self.assertEqual(
            [cell.value for cell in sheet[4]][:8],
            [
                "Number",
                "Dealer",
                "VIN",
                "Model",
                "Sale Date",
                "Odometer (km)",
                "Failure Date",
                "Trouble Codes",
            ],
        )
        row = [cell.value for cell in sheet[5]]
        self.assertEqual(row[0], report.name)
        self.assertEqual(row[2], self.vehicle.vin_sn)
        self.assertEqual(row[5], 4000)
        self.assertEqual(row[6], str(self.today))
        self.assertEqual(row[7], "P0301")
        self.assertEqual(row[12], "KCN-TS-1001")
        self.assertEqual(row[15], "Draft")

    def test_access_per_role_and_company(self):
        report = self._report()
        Report = self.env["kia.quality.report"]
        # The foreman reads the reports, the information coordinator writes them.
        self.assertIn(report, Report.with_user(self.user_foreman).search([]))
        with self.assertRaises(AccessError):
            report.with_user(self.user_foreman).write({"measures": "Edited"})
        with self.assertRaises(AccessError):
            self._report(self._raised()).with_user(self.user_foreman).action_send()
        for user in (self.user_tech, self.user_advisor):
            with self.assertRaises(AccessError):
                report.with_user(user).read(["name"])
        other = self.env["res.company"].create({"name": "Kia Hangzhou"})
        info_b = new_test_user(
            self.env,
            "kia_a_info_b",
            groups="kia_aftersales.group_info_coordinator",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        theirs = Report.with_user(info_b).create({"vin": "LJDKAA24XR0000099"})
        self.assertEqual(theirs.company_id, other)
        self.assertEqual(Report.with_user(info_b).search([]), theirs)
        self.assertNotIn(theirs, Report.with_user(self.user_info).search([]))
        with self.assertRaises(AccessError):
            report.with_user(info_b).read(["name"])
        # A report is written from a technical case only.
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Complaint",
                "description": "<p>x</p>",
                "type_id": self.env.ref("kia_aftersales.helpdesk_ticket_type_complaint").id,
            }
        )
        with self.assertRaisesRegex(UserError, "is not a technical case"):
            complaint.action_kia_quality_report()
        with self.assertRaisesRegex(ValidationError, "is not a technical case"):
            Report.with_user(self.user_info).create({"ticket_id": complaint.id})
