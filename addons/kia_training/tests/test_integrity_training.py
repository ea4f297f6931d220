from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestIntegrityTraining(KiaTrainingCase):
    """The certification gate (TR-03) rests on certifications that HR or the trainer
    recorded for someone else, whatever path a user takes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Line = cls.env["hr.resume.line"]
        cls.requirement = cls.env["kia.certification.requirement"].create(
            {"certification_type_id": cls.type_ev.id}
        )
        cls.emp_trainer = cls.env["hr.employee"].create(
            {"name": "Trainer Zhang", "user_id": cls.user_trainer.id}
        )

    def _own_lines(self, employee):
        return self.Line.search([("employee_id", "=", employee.id)])

    def test_technician_cannot_certify_himself_with_another_line_type(self):
        """The bypass: a classic resume line (allowed to the employee by hr_skills)
        carrying a certification type."""
        before = self._own_lines(self.emp_tech)
        for display_type in ("classic", False):
            with self.assertRaisesRegex(AccessError, "Only HR officers and the trainer"):
                self.Line.with_user(self.user_tech).create(
                    {
                        "employee_id": self.emp_tech.id,
                        "name": "EV HV (self-declared)",
                        "display_type": display_type,
                        "kia_certification_type_id": self.type_ev.id,
                        "date_start": self.today,
                    }
                )
        self.assertEqual(self._own_lines(self.emp_tech), before)
        with self.assertRaisesRegex(UserError, "Not authorised"):
            self.emp_tech._kia_check_authorised(self.requirement)

    def test_technician_cannot_turn_his_own_line_into_a_certification(self):
        line = self.Line.with_user(self.user_tech).create(
            {"employee_id": self.emp_tech.id, "name": "Garage", "date_start": self.today}
        )
        with self.assertRaisesRegex(AccessError, "Only HR officers and the trainer"):
            line.with_user(self.user_tech).write({"kia_certification_type_id": self.type_ev.id})
        self.assertFalse(line.kia_certification_type_id)
        self.assertNotEqual(line.display_type, "certification")
        self.assertTrue(
            self.emp_tech._kia_missing_certifications(self.requirement)[self.emp_tech.id]
        )

    def test_certification_type_forces_a_certification_line(self):
        line = self.Line.with_user(self.user_hr).create(
            {
                "employee_id": self.emp_tech.id,
                "display_type": "classic",
                "kia_certification_type_id": self.type_ev.id,
                "date_start": self.today,
            }
        )
        self.assertEqual(line.display_type, "certification")
        self.assertEqual(line.kia_certified_by_id, self.user_hr)
        with self.assertRaises(ValidationError):
            line.with_user(self.user_hr).write({"display_type": "classic"})
        self.assertEqual(line.display_type, "certification")

    def test_nobody_certifies_himself(self):
        before = self._own_lines(self.emp_trainer)
        with self.assertRaisesRegex(UserError, "your own certification"):
            self.Line.with_user(self.user_trainer).create(
                {
                    "employee_id": self.emp_trainer.id,
                    "kia_certification_type_id": self.type_ev.id,
                    "date_start": self.today,
                }
            )
        # Not as the system either (the training flow grants as sudo for the trainer).
        with self.assertRaisesRegex(UserError, "your own certification"):
            self.Line.with_user(self.user_trainer).sudo().create(
                {
                    "employee_id": self.emp_trainer.id,
                    "kia_certification_type_id": self.type_ev.id,
                    "date_start": self.today,
                }
            )
        self.assertEqual(self._own_lines(self.emp_trainer), before)
        # Nor by editing a colleague's certificate into his own.
        cert = self._certify(self.emp_tech, self.type_ev, kia_certificate_number="EV-9")
        with self.assertRaisesRegex(UserError, "your own certification"):
            cert.with_user(self.user_trainer).write({"employee_id": self.emp_trainer.id})
        self.assertEqual(cert.employee_id, self.emp_tech)

    def test_recorded_by_is_owned_by_the_workflow(self):
        cert = self._certify(self.emp_tech, self.type_ev)
        stamp = cert.kia_certified_by_id
        with self.assertRaises(UserError):
            cert.with_user(self.user_hr).write({"kia_certified_by_id": self.user_tech.id})
        self.assertEqual(cert.kia_certified_by_id, stamp)

    def test_gate_ignores_non_certification_lines(self):
        """Lines recorded before these rules (a type on a classic line) never authorise."""
        forged = self._certify(self.emp_tech, self.type_ev)
        self.assertFalse(
            self.emp_tech._kia_missing_certifications(self.requirement)[self.emp_tech.id]
        )
        # Old data, written directly in the database as no user can any more.
        self.env.cr.execute(
            "UPDATE hr_resume_line SET display_type = 'classic' WHERE id = %s", [forged.id]
        )
        self.env.invalidate_all()
        self.assertTrue(
            self.emp_tech._kia_missing_certifications(self.requirement)[self.emp_tech.id]
        )

    def test_employee_lines_carry_no_chatter_certifications_do(self):
        line = self.Line.with_user(self.user_tech).create(
            {"employee_id": self.emp_tech.id, "name": "Vocational school", "date_start": self.today}
        )
        self.assertFalse(line.message_ids)
        self.assertFalse(line.message_follower_ids)
        line.with_user(self.user_tech).write({"name": "Vocational school (auto)"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        self.assertFalse(line.message_ids)
        cert = self.Line.with_user(self.user_trainer).create(
            {
                "employee_id": self.emp_tech.id,
                "kia_certification_type_id": self.type_ev.id,
                "date_start": self.today,
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertTrue(cert.message_ids)
        cert.with_user(self.user_trainer).write({"kia_certificate_number": "EV-77"})
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking is written at commit
        self.env.invalidate_all()
        self.assertIn("EV-77", cert.sudo().message_ids.tracking_value_ids.mapped("new_value_char"))

    def test_mixed_batch_keeps_order(self):
        lines = self.Line.create(
            [
                {"employee_id": self.emp_tech.id, "name": "A", "date_start": self.today},
                {
                    "employee_id": self.emp_tech.id,
                    "kia_certification_type_id": self.type_ev.id,
                    "date_start": self.today,
                },
                {"employee_id": self.emp_tech.id, "name": "C", "date_start": self.today},
            ]
        )
        self.assertEqual(lines.mapped("display_type")[1], "certification")
        self.assertEqual([lines[0].name, lines[2].name], ["A", "C"])

    def test_status_on_the_dealers_local_date(self):
        """At 20:00 UTC it is already tomorrow in Shanghai: a certificate whose last
        valid day was 'today' in UTC has expired for the dealer."""
        self.env.company.partner_id.tz = "Asia/Shanghai"
        self.env.user.tz = "UTC"
        with freeze_time(datetime(2026, 3, 10, 20, 0)):
            self.assertEqual(str(self.env.company._kia_today()), "2026-03-11")
            cert = self.Line.create(
                {
                    "employee_id": self.emp_tech.id,
                    "kia_certification_type_id": self.type_ev.id,
                    "date_start": "2024-03-11",
                    "date_end": "2026-03-10",
                }
            )
            self.assertEqual(cert.expiration_status, "expired")
            self.assertTrue(
                self.emp_tech._kia_missing_certifications(self.requirement)[self.emp_tech.id]
            )
        with freeze_time(datetime(2026, 3, 10, 15, 0)):
            self.env.add_to_compute(cert._fields["expiration_status"], cert)
            self.assertEqual(cert.expiration_status, "expiring")
