from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.kia_aftersales.models.kia_kpi_fact import REFRESH_LOCK

from .common import KiaAftersalesCase, insert_facts


@tagged("post_install", "-at_install")
class TestKpiFact(KiaAftersalesCase):
    """The KPI mechanism: ratios are ratios of the sums of whatever is grouped, KPI
    definitions name real measures, one refresh at a time, and who may read figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Kia Dealer B"})
        cls.user_supervisor = new_test_user(
            cls.env, "kia_kpi_supervisor", groups="kia_aftersales.group_supervisor"
        )
        cls.efficiency = cls.env["kia.kpi"].create(
            {
                "name": "Test efficiency",
                "code": "test_efficiency",
                "category": "workshop",
                "measure": "efficiency",
                "unit": "percent",
                "dimension": "employee",
                "formula": "Flagged hours / clocked hours",
            }
        )
        cls.clocked = cls.env["kia.kpi"].create(
            {
                "name": "Test clocked",
                "code": "test_clocked",
                "category": "workshop",
                "measure": "clocked_hours",
                "unit": "hours",
                "dimension": "employee",
                "formula": "Clocked hours",
            }
        )
        company = cls.company.id
        insert_facts(
            cls.env,
            [
                # Technician 1: 8 flagged in 10 clocked, then 1 flagged in 2 clocked.
                {"date": "2026-03-02", "company_id": company, "employee_id": cls.emp_tech.id,
                 "flagged_hours": 8.0, "clocked_hours": 10.0},
                {"date": "2026-03-20", "company_id": company, "employee_id": cls.emp_tech.id,
                 "flagged_hours": 1.0, "clocked_hours": 2.0},
                # Technician 2: 6 flagged in 4 clocked.
                {"date": "2026-03-05", "company_id": company, "employee_id": cls.emp_tech2.id,
                 "flagged_hours": 6.0, "clocked_hours": 4.0},
                # April, and another dealer in March.
                {"date": "2026-04-01", "company_id": company, "employee_id": cls.emp_tech.id,
                 "flagged_hours": 3.0, "clocked_hours": 3.0},
                {"date": "2026-03-10", "company_id": cls.company_b.id,
                 "flagged_hours": 100.0, "clocked_hours": 50.0},
            ],
        )  # fmt: skip

    def test_ratio_of_sums(self):
        """Efficiency of a group is Σ flagged ÷ Σ clocked, not the mean of the rows."""
        march = [
            ("date", ">=", "2026-03-01"),
            ("date", "<", "2026-04-01"),
            ("company_id", "=", self.company.id),
        ]
        kpis = self.efficiency | self.clocked
        values = kpis._kia_values(march, ("employee_id",))
        self.assertAlmostEqual(values[(self.emp_tech,)][self.efficiency], 75.0)  # 9 / 12
        self.assertAlmostEqual(values[(self.emp_tech,)][self.clocked], 12.0)
        self.assertAlmostEqual(values[(self.emp_tech2,)][self.efficiency], 150.0)
        # Whole month: 15 / 16, where the mean of the rows' ratios would be 98.3.
        total = kpis._kia_values(march)[()]
        self.assertAlmostEqual(total[self.efficiency], 93.75)
        by_month = self.efficiency._kia_values(
            [
                ("company_id", "=", self.company.id),
                ("date", ">=", "2026-03-01"),
                ("date", "<", "2026-05-01"),
            ],
            ("date:month",),
        )
        self.assertEqual(
            sorted(round(v[self.efficiency], 2) for v in by_month.values()), [93.75, 100.0]
        )
        # The pivot's read_group gives the same figure.
        groups = self.env["kia.kpi.fact"].read_group(march, ["efficiency:avg"], [])
        self.assertAlmostEqual(groups[0]["efficiency"], 93.75)

    def test_kpi_measure_must_exist(self):
        count = self.env["kia.kpi"].search_count([])
        with self.assertRaisesRegex(ValidationError, "not a figure"):
            self.env["kia.kpi"].create(
                {
                    "name": "Bad",
                    "code": "bad",
                    "category": "volume",
                    "measure": "company_id",
                    "formula": "x",
                }
            )
        self.assertEqual(self.env["kia.kpi"].search_count([]), count)
        self.assertEqual(self.efficiency.numerator, "flagged_hours")
        self.assertEqual(self.efficiency.denominator, "clocked_hours")
        self.assertFalse(self.clocked.denominator)

    def test_one_refresh_at_a_time(self):
        """A refresh while another holds the lock does nothing (the cron skips)."""
        Fact = self.env["kia.kpi.fact"]
        with self.registry.cursor() as other:
            other.execute("SELECT pg_advisory_xact_lock(%s)", [REFRESH_LOCK])
            self.assertEqual(Fact._kia_refresh(), {})
        self.assertTrue(Fact._kia_refresh())

    def test_access(self):
        Fact = self.env["kia.kpi.fact"]
        for user in (self.user_tech, self.user_advisor, self.user_cr):
            with self.assertRaises(AccessError):
                Fact.with_user(user).search([])
        # The supervisor reads his company's figures only, without costs.
        facts = Fact.with_user(self.user_supervisor).search([])
        self.assertEqual(facts.company_id, self.company)
        with self.assertRaises(AccessError):
            facts.with_user(self.user_supervisor).read(["labour_cost"])
        self.assertTrue(facts.with_user(self.user_manager).read(["labour_cost"]))
        # Nobody writes figures.
        with self.assertRaises(AccessError):
            facts[:1].with_user(self.user_manager).write({"clocked_hours": 1.0})
        # Refreshing by hand is the service manager's.
        with self.assertRaises(ValidationError):
            self.env["kia.kpi"].with_user(self.user_supervisor).action_kia_refresh_facts()
        self.env["kia.kpi"].with_user(self.user_manager).action_kia_refresh_facts()
