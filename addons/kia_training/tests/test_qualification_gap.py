from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestQualificationGap(KiaTrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job_manager = cls.env["hr.job"].create(
            {
                "name": "Test Service Manager",
                "kia_min_education": "associate",
                "kia_min_experience_years": 3,
                "kia_driving_licence_required": True,
            }
        )
        cls.experience = cls.env.ref("hr_skills.resume_type_experience")

    def _experience(self, employee, years):
        self.env["hr.resume.line"].create(
            {
                "employee_id": employee.id,
                "name": "Workshop",
                "line_type_id": self.experience.id,
                "date_start": self.today - relativedelta(years=years),
                "date_end": self.today,
            }
        )

    def test_every_kind_of_gap_is_listed(self):
        employee = self.env["hr.employee"].create(
            {"name": "New Manager", "job_id": self.job_manager.id, "certificate": "secondary"}
        )
        self._experience(employee, 1)
        gaps = employee._kia_qualification_gaps()[employee.id]
        self.assertEqual(len(gaps), 3)
        self.assertIn("Junior College", gaps[0])
        self.assertIn("Experience: 3.0 years required", gaps[1])
        self.assertIn("Driving licence", gaps[2])
        self.assertTrue(employee.kia_has_qualification_gap)

    def test_employee_meeting_requirements_has_no_gap(self):
        employee = self.env["hr.employee"].create(
            {
                "name": "Qualified Manager",
                "job_id": self.job_manager.id,
                "certificate": "bachelor",
                "kia_driving_licence_class": "c1",
            }
        )
        self._experience(employee, 4)
        self.assertFalse(employee._kia_qualification_gaps()[employee.id])
        self.assertFalse(employee.kia_has_qualification_gap)
        self.assertAlmostEqual(employee.kia_experience_years, 4, delta=0.1)

    def test_expired_licence_and_missing_certifications(self):
        employee = self.env["hr.employee"].create(
            {
                "name": "Lapsed Manager",
                "job_id": self.job_manager.id,
                "certificate": "master",
                "kia_driving_licence_class": "c1",
                "kia_driving_licence_expiry": self.today - relativedelta(days=1),
            }
        )
        self._experience(employee, 10)
        self.assertEqual(
            employee._kia_qualification_gaps()[employee.id],
            ["Driving licence: a valid licence is required"],
        )
        # Technician job: L1 on duty and EV as entry requirement, both missing.
        self._experience(self.emp_tech, 3)
        gaps = self.emp_tech._kia_qualification_gaps()[self.emp_tech.id]
        self.assertEqual(
            sorted(gaps),
            [
                "Certification: Test EV High Voltage missing or expired",
                "Certification: Test Technician (L1 or higher) missing or expired",
            ],
        )

    def test_search_and_report(self):
        self._experience(self.emp_tech, 3)
        self._certify(self.emp_tech, self.type_tech, self.l1)
        self._certify(self.emp_tech, self.type_ev)
        with_gaps = self.env["hr.employee"].search([("kia_has_qualification_gap", "=", True)])
        self.assertIn(self.emp_tech2, with_gaps)
        self.assertNotIn(self.emp_tech, with_gaps)
        self.assertIn(
            self.emp_tech,
            self.env["hr.employee"].search([("kia_has_qualification_gap", "=", False)]),
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "kia_training.report_qualification_gaps", (self.emp_tech | self.emp_tech2).ids
            )[0]
            .decode()
        )
        self.assertIn("Tech Zhao", html)
        self.assertIn("Meets all requirements", html)
