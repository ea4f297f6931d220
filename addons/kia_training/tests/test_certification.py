from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestCertification(KiaTrainingCase):
    def test_status_follows_dates_and_company_window(self):
        valid = self._certify(self.emp_tech, self.type_tech, self.l2, months_ago=1, months_valid=12)
        expiring = self._certify(self.emp_tech, self.type_ev, months_ago=23, months_valid=24)
        expired = self._certify(
            self.emp_tech2, self.type_tech, self.l1, months_ago=40, months_valid=36
        )
        self.assertEqual(valid.expiration_status, "valid")
        self.assertEqual(expiring.expiration_status, "expiring")
        self.assertEqual(expired.expiration_status, "expired")
        # Widening the company's warning window makes the 11-month certificate expiring.
        self.company.kia_certification_warning_days = 400
        self.assertEqual(valid.expiration_status, "expiring")
        self.assertEqual(expired.expiration_status, "expired")

    def test_default_name_type_and_display(self):
        line = self._certify(self.emp_tech, self.type_tech, self.l2)
        self.assertEqual(line.name, "Test Technician - L2")
        self.assertEqual(line.display_type, "certification")
        self.assertEqual(
            line.line_type_id, self.env.ref("kia_training.resume_type_kia_certification")
        )
        self.assertIn(line, self.emp_tech.kia_certification_ids)
        self.assertEqual(self.emp_tech.kia_certification_count, 1)

    def test_expiry_before_issue_refused(self):
        count = self.env["hr.resume.line"].search_count([("employee_id", "=", self.emp_tech.id)])
        with self.assertRaisesRegex(IntegrityError, "date_check"), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env["hr.resume.line"].create(
                    {
                        "employee_id": self.emp_tech.id,
                        "kia_certification_type_id": self.type_tech.id,
                        "date_start": self.today,
                        "date_end": self.today - relativedelta(days=1),
                    }
                )
        self.assertEqual(
            self.env["hr.resume.line"].search_count([("employee_id", "=", self.emp_tech.id)]), count
        )

    def test_duplicate_active_number_refused(self):
        self._certify(self.emp_tech, self.type_tech, self.l1, kia_certificate_number="KT-001")
        with self.assertRaisesRegex(ValidationError, "KT-001"):
            self._certify(self.emp_tech2, self.type_tech, self.l1, kia_certificate_number="KT-001")
        self.assertEqual(
            self.env["hr.resume.line"].search_count([("kia_certificate_number", "=", "KT-001")]), 1
        )
        # The same number for another certification type is another certificate.
        self._certify(self.emp_tech2, self.type_ev, kia_certificate_number="KT-001")

    def test_number_reusable_once_revoked_or_expired(self):
        first = self._certify(
            self.emp_tech, self.type_tech, self.l1, kia_certificate_number="KT-002"
        )
        first._kia_revoke("Audit")
        self._certify(self.emp_tech2, self.type_tech, self.l1, kia_certificate_number="KT-002")
        self._certify(
            self.emp_tech,
            self.type_ev,
            months_ago=30,
            months_valid=24,
            kia_certificate_number="EV-9",
        )
        self._certify(self.emp_tech2, self.type_ev, kia_certificate_number="EV-9")

    def test_level_of_another_type_refused(self):
        other = self.env["kia.certification.type"].create(
            {"name": "Other", "code": "OTH", "level_ids": [(0, 0, {"name": "X"})]}
        )
        with self.assertRaisesRegex(ValidationError, "does not belong"):
            self._certify(self.emp_tech, self.type_tech, other.level_ids)

    def test_renewal_keeps_history(self):
        old = self._certify(
            self.emp_tech,
            self.type_tech,
            self.l1,
            months_ago=35,
            months_valid=36,
            kia_certificate_number="KT-100",
        )
        self.env["hr.resume.line"]._cron_kia_certification_expiry()
        self.assertTrue(old.activity_ids, "an expiring certificate gets a reminder")
        action = old.action_kia_renew()
        self.assertEqual(action["context"]["default_kia_previous_id"], old.id)
        form = Form(
            self.env["hr.resume.line"].with_context(**action["context"]),
            view="kia_training.hr_resume_line_view_form",
        )
        form.kia_certification_level_id = self.l2
        form.kia_certificate_number = "KT-100"
        new = form.save()
        self.assertEqual(new.kia_previous_id, old)
        self.assertFalse(old.kia_is_current)
        self.assertTrue(new.kia_is_current)
        self.assertEqual(old.kia_certificate_number, "KT-100", "the past is not overwritten")
        self.assertEqual(new.date_end, self.today + relativedelta(months=36))
        self.assertFalse(old.activity_ids, "renewing closes the expiry reminder")
        with self.assertRaisesRegex(UserError, "already renewed"):
            old.action_kia_renew()

    def test_renewal_must_match_employee_and_type(self):
        old = self._certify(self.emp_tech, self.type_tech, self.l1)
        with self.assertRaisesRegex(ValidationError, "same employee"):
            self._certify(self.emp_tech2, self.type_tech, self.l1, kia_previous_id=old.id)
        self.assertTrue(old.kia_is_current)

    def test_revoke_with_reason(self):
        line = self._certify(self.emp_tech, self.type_tech, self.l2)
        wizard = (
            self.env["kia.certification.revoke.wizard"]
            .with_context(active_ids=line.ids)
            .create({"reason": "  Certificate withdrawn by Kia  "})
        )
        wizard.action_revoke()
        self.assertTrue(line.kia_revoked)
        self.assertEqual(line.expiration_status, "revoked")
        self.assertEqual(line.kia_revoke_reason, "Certificate withdrawn by Kia")
        self.assertEqual(line.kia_revoke_date, self.today)
        with self.assertRaisesRegex(UserError, "already revoked"):
            line._kia_revoke("again")

    def test_revoke_without_reason_refused(self):
        line = self._certify(self.emp_tech, self.type_tech, self.l2)
        with self.assertRaisesRegex(UserError, "reason"):
            line._kia_revoke("   ")
        self.assertFalse(line.kia_revoked)
        self.assertEqual(line.expiration_status, "valid")

    def test_cron_reminds_hr_and_manager_once(self):
        self.company.kia_training_responsible_id = self.user_hr
        expiring = self._certify(
            self.emp_tech, self.type_tech, self.l1, months_ago=35, months_valid=36
        )
        valid = self._certify(
            self.emp_tech2, self.type_tech, self.l1, months_ago=1, months_valid=36
        )
        self.env["hr.resume.line"]._cron_kia_certification_expiry()
        activity_type = self.env.ref("kia_training.mail_activity_type_certification_expiry")
        self.assertEqual(expiring.activity_ids.activity_type_id, activity_type)
        self.assertEqual(expiring.activity_ids.user_id, self.user_hr | self.user_manager)
        self.assertFalse(valid.activity_ids)
        self.env["hr.resume.line"]._cron_kia_certification_expiry()
        self.assertEqual(len(expiring.activity_ids), 2, "no duplicate reminders")

    def test_cron_refreshes_stale_status(self):
        line = self._certify(self.emp_tech, self.type_tech, self.l1, months_ago=35, months_valid=36)
        self.assertEqual(line.expiration_status, "expiring")
        # Yesterday it was still valid: what the stored status says until the daily job.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE hr_resume_line SET expiration_status = 'valid' WHERE id = %s", [line.id]
        )
        line.invalidate_recordset(["expiration_status"])
        self.assertEqual(line.expiration_status, "valid")
        self.env["hr.resume.line"]._cron_kia_certification_expiry()
        line.invalidate_recordset(["expiration_status"])
        self.assertEqual(line.expiration_status, "expiring")
