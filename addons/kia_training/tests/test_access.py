from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestAccess(KiaTrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cert_tech = cls._certify(
            cls.emp_tech, cls.type_tech, cls.l2, kia_certificate_number="A-1"
        )
        cls.cert_tech2 = cls._certify(
            cls.emp_tech2, cls.type_tech, cls.l1, kia_certificate_number="A-2"
        )
        cls.experience_tech2 = cls.env["hr.resume.line"].create(
            {"employee_id": cls.emp_tech2.id, "name": "Garage", "date_start": cls.today}
        )
        cls.Line = cls.env["hr.resume.line"]

    def test_employee_sees_only_own_certifications(self):
        visible = self.Line.with_user(self.user_tech).search(
            [("kia_certification_type_id", "!=", False)]
        )
        self.assertEqual(visible, self.cert_tech)
        with self.assertRaises(AccessError):
            self.cert_tech2.with_user(self.user_tech).read(["kia_certificate_number"])
        # Other resume lines stay readable, as in hr_skills.
        self.experience_tech2.with_user(self.user_tech).read(["name"])

    def test_employee_cannot_edit_own_certification(self):
        with self.assertRaises(AccessError):
            self.cert_tech.with_user(self.user_tech).write({"kia_certificate_number": "FORGED"})
        with self.assertRaises(AccessError):
            self._certify_as(self.user_tech, self.emp_tech)
        with self.assertRaises(AccessError):
            self.cert_tech.with_user(self.user_tech).unlink()
        self.assertEqual(self.cert_tech.kia_certificate_number, "A-1")

    def test_manager_reads_the_team_certifications_only(self):
        team = self.Line.with_user(self.user_manager).search(
            [("kia_certification_type_id", "!=", False)]
        )
        self.assertEqual(team, self.cert_tech)
        with self.assertRaises(AccessError):
            self.cert_tech.with_user(self.user_manager).write({"kia_certificate_number": "X"})

    def test_trainer_manages_certifications_not_other_resume_lines(self):
        line = self._certify_as(self.user_trainer, self.emp_tech2)
        self.assertEqual(line.create_uid, self.user_trainer)
        self.cert_tech.with_user(self.user_trainer).write({"kia_certificate_number": "A-1b"})
        self.cert_tech.with_user(self.user_trainer)._kia_revoke("Audit")
        self.assertTrue(self.cert_tech.kia_revoked)
        with self.assertRaises(AccessError):
            self.experience_tech2.with_user(self.user_trainer).write({"name": "Edited"})

    def test_hr_officer_manages_certifications(self):
        line = self._certify_as(self.user_hr, self.emp_tech)
        line.with_user(self.user_hr).unlink()
        self.assertFalse(line.exists())

    def test_training_configuration_rights(self):
        with self.assertRaises(AccessError):
            self.env["kia.certification.type"].with_user(self.user_tech).create(
                {"name": "Fake", "code": "FK"}
            )
        self.env["kia.certification.type"].with_user(self.user_trainer).create(
            {"name": "Real", "code": "RL"}
        )
        category = self.env["hr.course.category"].create({"name": "Access test"})
        course = (
            self.env["hr.course"]
            .with_user(self.user_trainer)
            .create({"name": "Trainer's course", "category_id": category.id})
        )
        with self.assertRaises(AccessError):
            self.env["hr.course.schedule"].with_user(self.user_tech).create(
                {
                    "name": "S",
                    "course_id": course.id,
                    "cost": 0,
                    "authorized_by": self.emp_manager.id,
                }
            )
        self.env["hr.course.schedule"].with_user(self.user_trainer).create(
            {"name": "S", "course_id": course.id, "cost": 0, "authorized_by": self.emp_manager.id}
        )

    def test_multi_company_isolation(self):
        other = self.env["res.company"].create({"name": "Kia Hangzhou"})
        trainer_b = new_test_user(
            self.env,
            login="kia_t_trainer_b",
            groups="base.group_user,kia_training.group_kia_trainer",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        emp_b = self.env["hr.employee"].create({"name": "Hangzhou tech", "company_id": other.id})
        cert_b = self._certify(emp_b, self.type_tech, self.l1, kia_certificate_number="HZ-1")
        visible = self.Line.with_user(trainer_b).search(
            [("kia_certification_type_id", "!=", False)]
        )
        self.assertEqual(visible, cert_b)
        with self.assertRaises(AccessError):
            self.cert_tech.with_user(trainer_b).read(["name"])
        visible_a = self.Line.with_user(self.user_trainer).search(
            [("kia_certification_type_id", "!=", False)]
        )
        self.assertNotIn(cert_b, visible_a)

    def _certify_as(self, user, employee):
        return self.Line.with_user(user).create(
            {
                "employee_id": employee.id,
                "kia_certification_type_id": self.type_ev.id,
                "date_start": self.today,
            }
        )
