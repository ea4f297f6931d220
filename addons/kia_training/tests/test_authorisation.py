from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestAuthorisation(KiaTrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Requirement = cls.env["kia.certification.requirement"]
        cls.req_l2 = Requirement.create(
            {"certification_type_id": cls.type_tech.id, "min_level_id": cls.l2.id}
        )
        cls.req_l3 = Requirement.create(
            {"certification_type_id": cls.type_tech.id, "min_level_id": cls.l3.id}
        )
        cls.req_ev = Requirement.create({"certification_type_id": cls.type_ev.id})

    def test_level_at_or_above_the_minimum(self):
        self._certify(self.emp_tech, self.type_tech, self.l2)
        missing = self.emp_tech._kia_missing_certifications(self.req_l2 | self.req_l3 | self.req_ev)
        self.assertEqual(missing[self.emp_tech.id], self.req_l3 | self.req_ev)

    def test_expired_revoked_and_future_certificates_do_not_count(self):
        self._certify(self.emp_tech, self.type_tech, self.l3, months_ago=40, months_valid=36)
        revoked = self._certify(self.emp_tech, self.type_ev)
        revoked._kia_revoke("HV audit failed")
        self._certify(self.emp_tech2, self.type_ev, months_ago=-1)
        missing = (self.emp_tech | self.emp_tech2)._kia_missing_certifications(
            self.req_l2 | self.req_ev
        )
        self.assertEqual(missing[self.emp_tech.id], self.req_l2 | self.req_ev)
        self.assertEqual(missing[self.emp_tech2.id], self.req_l2 | self.req_ev)

    def test_authorisation_at_a_past_date(self):
        self._certify(self.emp_tech, self.type_tech, self.l3, months_ago=40, months_valid=36)
        two_years_ago = self.today - relativedelta(years=2)
        self.assertFalse(
            self.emp_tech._kia_missing_certifications(self.req_l3, two_years_ago)[self.emp_tech.id]
        )
        self.assertTrue(self.emp_tech._kia_missing_certifications(self.req_l3)[self.emp_tech.id])

    def test_check_authorised_names_what_is_missing(self):
        self._certify(self.emp_tech, self.type_tech, self.l1)
        with self.assertRaises(UserError) as error:
            self.emp_tech._kia_check_authorised(self.req_ev, work_name="EV battery replacement")
        message = str(error.exception)
        self.assertIn("Tech Chen", message)
        self.assertIn("Test EV High Voltage", message)
        self.assertIn("EV battery replacement", message)
        self._certify(self.emp_tech, self.type_ev)
        self.assertTrue(self.emp_tech._kia_check_authorised(self.req_ev))

    def test_message_in_the_user_language(self):
        with self.assertRaisesRegex(UserError, "Tech Zhao缺少有效的"):
            self.emp_tech2.with_context(lang="zh_CN")._kia_check_authorised(self.req_ev)

    def test_job_on_duty_requirements_apply(self):
        """The technician job requires Test Technician L1 on duty (and EV only as an entry
        requirement): without the L1, no work at all."""
        self._certify(self.emp_tech2, self.type_ev)
        with self.assertRaisesRegex(UserError, r"Tech Zhao.*Test Technician \(L1 or higher\)"):
            self.emp_tech2._kia_check_authorised(self.env["kia.certification.requirement"])
        self._certify(self.emp_tech2, self.type_tech, self.l1)
        self.assertTrue(
            self.emp_tech2._kia_check_authorised(self.env["kia.certification.requirement"])
        )

    def test_batch_check_costs_the_same_queries_for_any_number(self):
        employees = self.env["hr.employee"].create(
            [{"name": f"Batch tech {i}", "job_id": self.job_tech.id} for i in range(30)]
        )
        for employee in employees:
            self._certify(employee, self.type_tech, self.l2)
        requirements = self.req_l2 | self.req_ev
        few = self.count_queries(employees[:3]._kia_missing_certifications, requirements)
        many = self.count_queries(employees._kia_missing_certifications, requirements)
        self.assertEqual(few, many)
        # 6, and one to read the company's time zone (the gate uses its local date).
        self.assertLessEqual(many, 7)
        missing = employees._kia_missing_certifications(requirements)
        self.assertEqual(set(missing), set(employees.ids))
        self.assertTrue(all(m == self.req_ev for m in missing.values()))
