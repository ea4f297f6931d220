from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestTraining(KiaTrainingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.category = cls.env["hr.course.category"].create({"name": "Kia test training"})
        cls.course = cls.env["hr.course"].create(
            {
                "name": "EV HV safety",
                "category_id": cls.category.id,
                "kia_provider": "manufacturer",
                "kia_certification_type_id": cls.type_ev.id,
                "kia_pass_score": 80,
            }
        )
        cls.partner_center = cls.env["res.partner"].create(
            {"name": "Kia Training Center", "is_company": True}
        )

    def _session(self, course=None, attendees=None, **vals):
        return self.env["hr.course.schedule"].create(
            {
                "name": "Batch 1",
                "course_id": (course or self.course).id,
                "start_date": self.today - relativedelta(days=3),
                "end_date": self.today - relativedelta(days=1),
                "cost": 1000,
                "authorized_by": self.emp_manager.id,
                "attendant_ids": [(6, 0, (attendees or self.emp_tech | self.emp_tech2).ids)],
                **vals,
            }
        )

    def _start(self, session):
        session.draft2waiting()
        session.waiting2inprogress()
        return {a.employee_id: a for a in session.course_attendee_ids}

    def test_validity_comes_from_the_certification_type(self):
        self.assertEqual(self.course.kia_validity_months, 24)

    def test_passing_grants_certification_failing_does_not(self):
        session = self._session(training_company_id=self.partner_center.id)
        attendees = self._start(session)
        attendees[self.emp_tech].write(
            {"kia_score": 92, "result": "passed", "kia_certificate_number": "EV-77"}
        )
        attendees[self.emp_tech2].write({"kia_score": 50, "result": "failed"})
        session.inprogress2validation()
        session.validation2complete()
        self.assertEqual(session.state, "completed")
        cert = attendees[self.emp_tech].kia_certification_id
        self.assertTrue(cert)
        self.assertEqual(cert.employee_id, self.emp_tech)
        self.assertEqual(cert.kia_certification_type_id, self.type_ev)
        self.assertEqual(cert.kia_certificate_number, "EV-77")
        self.assertEqual(cert.kia_issuer_id, self.partner_center)
        self.assertEqual(cert.date_start, session.end_date)
        self.assertEqual(cert.date_end, session.end_date + relativedelta(months=24))
        self.assertEqual(cert.expiration_status, "valid")
        self.assertFalse(attendees[self.emp_tech2].kia_certification_id)
        self.assertEqual(session.kia_certificate_count, 1)
        self.assertFalse(self.emp_tech2.kia_certification_ids)

    def test_passing_renews_the_current_certificate(self):
        old = self._certify(self.emp_tech, self.type_ev, months_ago=23, months_valid=24)
        session = self._session(attendees=self.emp_tech)
        attendees = self._start(session)
        attendees[self.emp_tech].write({"kia_score": 85, "result": "passed"})
        session.inprogress2validation()
        session.validation2complete()
        new = attendees[self.emp_tech].kia_certification_id
        self.assertEqual(new.kia_previous_id, old)
        self.assertFalse(old.kia_is_current)
        self.assertTrue(new.kia_certificate_number.startswith("CERT/"))

    def test_result_for_non_attendee_refused(self):
        session = self._session(attendees=self.emp_tech)
        self._start(session)
        with self.assertRaisesRegex(ValidationError, "Tech Zhao is not an attendee"):
            self.env["hr.course.attendee"].create(
                {
                    "course_schedule_id": session.id,
                    "employee_id": self.emp_tech2.id,
                    "result": "passed",
                }
            )
        self.assertEqual(session.course_attendee_ids.employee_id, self.emp_tech)

    def test_pass_below_pass_score_refused(self):
        session = self._session(attendees=self.emp_tech)
        attendee = self._start(session)[self.emp_tech]
        with self.assertRaisesRegex(ValidationError, "below the pass score"):
            attendee.write({"kia_score": 79, "result": "passed"})
        self.env.invalidate_all()
        self.assertEqual(attendee.result, "pending")

    def test_result_outside_a_running_session_refused(self):
        session = self._session(attendees=self.emp_tech)
        attendee = self._start(session)[self.emp_tech]
        attendee.result = "passed"
        session.inprogress2validation()
        session.validation2complete()
        with self.assertRaisesRegex(ValidationError, "in progress or in validation"):
            attendee.result = "failed"

    def test_certification_from_a_failed_attendance_refused(self):
        session = self._session(attendees=self.emp_tech)
        attendee = self._start(session)[self.emp_tech]
        attendee.write({"kia_score": 40, "result": "failed"})
        with self.assertRaisesRegex(ValidationError, "did not pass"):
            self._certify(self.emp_tech, self.type_ev, kia_course_attendee_id=attendee.id)
        self.assertFalse(self.emp_tech.kia_certification_ids)

    def test_session_that_granted_cannot_go_back_to_draft(self):
        session = self._session(attendees=self.emp_tech)
        self._start(session)[self.emp_tech].write({"kia_score": 90, "result": "passed"})
        session.inprogress2validation()
        session.validation2complete()
        with self.assertRaisesRegex(UserError, "revoke them"):
            session.back2draft()
        self.assertEqual(session.state, "completed")

    def test_internal_retraining_after_manufacturer_training(self):
        self.company.kia_retraining_days = 30
        session = self._session(attendees=self.emp_tech)
        self.assertEqual(session.kia_retraining_due_date, session.end_date + relativedelta(days=30))
        self.assertFalse(session.kia_retraining_done)
        internal_course = self.env["hr.course"].create(
            {
                "name": "内训 EV",
                "category_id": self.category.id,
                "kia_source_course_id": self.course.id,
            }
        )
        retraining = self._session(
            course=internal_course,
            attendees=self.emp_tech2,
            kia_retraining_of_id=session.id,
            start_date=self.today,
            end_date=self.today,
        )
        self.assertFalse(retraining.kia_retraining_due_date)
        self._start(retraining)
        retraining.inprogress2validation()
        retraining.all_passed()
        retraining.validation2complete()
        self.assertTrue(session.kia_retraining_done)
        self.assertFalse(self.emp_tech2.kia_certification_ids, "an internal course grants nothing")
