from contextlib import contextmanager

from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase, new_test_user


class KiaTestMixin:
    """Helpers shared by the tests of the Kia addons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One time zone for the whole test: the dealer's. Rules decide on the company's
        # local date, Odoo's defaults on the user's (the server's UTC for a user without
        # one): users made by the tests get the company's time zone, like the demo staff,
        # so that "today" is one date whatever the hour the tests run at.
        tz = cls.env.company._kia_tz()
        cls.env["ir.default"].set("res.partner", "tz", tz)
        cls.env = cls.env(context=dict(cls.env.context, tz=tz))

    def count_queries(self, func, *args, **kwargs):
        """Number of SQL queries ``func`` runs on cold caches."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        func(*args, **kwargs)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    @contextmanager
    def assertRaisesRegex(self, exception, regex, msg=None):  # pylint: disable=arguments-differ
        """``assertRaisesRegex`` with the savepoint of Odoo's ``assertRaises``: what the
        refused operation wrote is rolled back, as the server does for a user, so that
        the test can check that nothing changed."""
        with self.assertRaises(exception, msg=msg) as context:
            yield context
        self.assertRegex(str(context.exception), regex)


class KiaTrainingCase(KiaTestMixin, TransactionCase):
    """Certification types, a job with requirements, employees and role users built
    from scratch, so that the tests do not depend on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The demo database speaks Chinese; these tests read the English messages.
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        # Rule dates are the company's local dates (Shanghai in the demo database).
        cls.today = cls.env.company._kia_today()
        cls.company = cls.env.company
        cls.company.kia_certification_warning_days = 60
        Type = cls.env["kia.certification.type"]
        cls.type_tech = Type.create(
            {
                "name": "Test Technician",
                "code": "TT",
                "validity_months": 36,
                "level_ids": [
                    (0, 0, {"name": "L1", "sequence": 10}),
                    (0, 0, {"name": "L2", "sequence": 20}),
                    (0, 0, {"name": "L3", "sequence": 30}),
                ],
            }
        )
        cls.l1, cls.l2, cls.l3 = cls.type_tech.level_ids
        cls.type_ev = Type.create(
            {"name": "Test EV High Voltage", "code": "TEV", "category": "ev", "validity_months": 24}
        )
        cls.job_tech = cls.env["hr.job"].create(
            {
                "name": "Test Technician Job",
                "kia_min_education": "secondary",
                "kia_min_experience_years": 2,
                "kia_requirement_ids": [
                    (0, 0, {"certification_type_id": cls.type_tech.id, "min_level_id": cls.l1.id}),
                    (0, 0, {"certification_type_id": cls.type_ev.id, "on_duty": False}),
                ],
            }
        )
        cls.user_hr = new_test_user(
            cls.env, login="kia_t_hr", groups="base.group_user,hr.group_hr_user", name="HR Officer"
        )
        cls.user_trainer = new_test_user(
            cls.env,
            login="kia_t_trainer",
            groups="base.group_user,kia_training.group_kia_trainer",
            name="Trainer",
        )
        cls.user_manager = new_test_user(
            cls.env, login="kia_t_foreman", groups="base.group_user", name="Foreman"
        )
        cls.user_tech = new_test_user(
            cls.env, login="kia_t_tech", groups="base.group_user", name="Tech One"
        )
        cls.user_tech2 = new_test_user(
            cls.env, login="kia_t_tech2", groups="base.group_user", name="Tech Two"
        )
        Employee = cls.env["hr.employee"]
        cls.emp_manager = Employee.create({"name": "Foreman Liu", "user_id": cls.user_manager.id})
        cls.emp_tech = Employee.create(
            {
                "name": "Tech Chen",
                "user_id": cls.user_tech.id,
                "job_id": cls.job_tech.id,
                "parent_id": cls.emp_manager.id,
                "certificate": "secondary",
            }
        )
        cls.emp_tech2 = Employee.create(
            {"name": "Tech Zhao", "user_id": cls.user_tech2.id, "job_id": cls.job_tech.id}
        )

    @classmethod
    def _certify(cls, employee, cert_type, level=None, months_ago=1, months_valid=24, **vals):
        start = cls.today - relativedelta(months=months_ago)
        return cls.env["hr.resume.line"].create(
            {
                "employee_id": employee.id,
                "kia_certification_type_id": cert_type.id,
                "kia_certification_level_id": level.id if level else False,
                "date_start": start,
                "date_end": start + relativedelta(months=months_valid) if months_valid else False,
                **vals,
            }
        )
