from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.kia_aftersales.models.kia_scorecard_line import kpi_score

from .common import KiaAftersalesCase, insert_facts

MARCH = date(2026, 3, 1)
IN_MARCH = [("month", "=", MARCH)]


class ScorecardCase(KiaAftersalesCase):
    """A dealer with an advisor and two technicians scored on hand-inserted facts of
    March 2026; test KPIs of its own (independent of the KPI records of the suite)."""

    @classmethod
    def _kpi(cls, code, measure, dimension, unit="count", higher=True):
        return cls.env["kia.kpi"].create(
            {
                "name": f"Test {code}",
                "code": f"test_{code}",
                "category": "workshop",
                "measure": measure,
                "unit": unit,
                "dimension": dimension,
                "higher_is_better": higher,
                "formula": measure,
            }
        )

    @classmethod
    def _targets(cls, company, job, rows):
        return cls.env["kia.scorecard.target"].create(
            [
                {
                    "company_id": company.id,
                    "job_id": job.id,
                    "kpi_id": kpi.id,
                    "target": target,
                    "weight": weight,
                    "reward_points": reward,
                    "penalty_points": penalty,
                }
                for kpi, target, weight, reward, penalty in rows
            ]
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only the test's targets (the demo dealer has its own).
        cls.env["kia.scorecard.target"].search([]).active = False
        Job = cls.env["hr.job"]
        cls.job_tech = Job.create({"name": "Test Technician", "company_id": cls.company.id})
        cls.job_advisor = Job.create({"name": "Test Advisor", "company_id": cls.company.id})
        (cls.emp_tech | cls.emp_tech2).job_id = cls.job_tech
        cls.emp_advisor.job_id = cls.job_advisor
        cls.efficiency = cls._kpi("efficiency", "efficiency", "employee", "percent")
        cls.clocked = cls._kpi("clocked", "clocked_hours", "employee", "hours")
        cls.vehicles_out = cls._kpi("vehicles_out", "vehicles_out", "advisor")
        cls.rework = cls._kpi("rework", "rework_rate", "advisor", "percent", higher=False)
        cls.on_time = cls._kpi("on_time", "on_time_rate", "company", "percent")
        # (kpi, target, weight, reward, penalty)
        cls._targets(
            cls.company,
            cls.job_tech,
            [(cls.efficiency, 100.0, 3.0, 10.0, 5.0), (cls.clocked, 10.0, 1.0, 2.0, 1.0)],
        )
        cls._targets(
            cls.company,
            cls.job_advisor,
            [(cls.vehicles_out, 4.0, 2.0, 6.0, 3.0), (cls.rework, 10.0, 1.0, 4.0, 2.0)],
        )
        cls._targets(
            cls.company,
            cls.env["hr.job"],
            [(cls.vehicles_out, 5.0, 3.0, 8.0, 2.0), (cls.on_time, 80.0, 1.0, 5.0, 5.0)],
        )
        cls.company_b = cls.env["res.company"].create({"name": "Kia Dealer B"})
        company, advisor = cls.company.id, cls.user_advisor.id
        insert_facts(
            cls.env,
            [
                # Chen: 8 flagged in 10 clocked, 1 in 2; Zhou: 6 in 4.
                {"date": "2026-03-02", "company_id": company, "employee_id": cls.emp_tech.id,
                 "flagged_hours": 8.0, "clocked_hours": 10.0},
                {"date": "2026-03-31", "company_id": company, "employee_id": cls.emp_tech.id,
                 "flagged_hours": 1.0, "clocked_hours": 2.0},
                {"date": "2026-03-05", "company_id": company, "employee_id": cls.emp_tech2.id,
                 "flagged_hours": 6.0, "clocked_hours": 4.0},
                # Outside the month, or of another dealer: not counted.
                {"date": "2026-04-01", "company_id": company, "employee_id": cls.emp_tech.id,
                 "flagged_hours": 30.0, "clocked_hours": 3.0},
                {"date": "2026-02-28", "company_id": company, "advisor_id": advisor,
                 "source": "work_order_out", "vehicles_out": 1, "comebacks": 1},
                {"date": "2026-03-10", "company_id": cls.company_b.id,
                 "employee_id": cls.emp_tech.id, "flagged_hours": 100.0, "clocked_hours": 50.0},
                # Yang delivered 3 vehicles, one came back; 1 more delivered without advisor.
                {"date": "2026-03-03", "company_id": company, "advisor_id": advisor,
                 "source": "work_order_out", "vehicles_out": 1, "comebacks": 1},
                {"date": "2026-03-04", "company_id": company, "advisor_id": advisor,
                 "source": "work_order_out", "vehicles_out": 1},
                {"date": "2026-03-09", "company_id": company, "advisor_id": advisor,
                 "source": "work_order_out", "vehicles_out": 1},
                {"date": "2026-03-12", "company_id": company, "source": "work_order_out",
                 "vehicles_out": 1},
                # The dealer: 3 of 4 promised orders on time.
                {"date": "2026-03-12", "company_id": company, "source": "work_order_out",
                 "promised_orders": 4, "on_time_orders": 3},
            ],
        )  # fmt: skip

    def _generate(self, user=None, month=MARCH, companies=None):
        Scorecard = self.env["kia.scorecard"].with_user(user or self.user_manager)
        return Scorecard._kia_generate(month, companies or self.company)

    def _card(self, cards, employee=None):
        return cards.filtered(
            lambda card: card.employee_id == (employee or self.env["hr.employee"])
        )

    def _lines(self, card):
        """{kpi code: (target, actual, score, met, points)}"""
        return {
            line.kpi_id.code: (line.target, line.actual, line.score, line.met, line.points)
            for line in card.line_ids
        }


@tagged("post_install", "-at_install")
class TestScorecard(ScorecardCase):
    def test_kpi_score(self):
        """Achievement: actual ÷ target (higher is better), target ÷ actual (lower is
        better), capped at 120, 100 when both are 0."""
        self.assertEqual(kpi_score(75.0, 100.0, True), (75.0, False))
        self.assertEqual(kpi_score(100.0, 100.0, True), (100.0, True))
        self.assertEqual(kpi_score(300.0, 100.0, True), (120.0, True))
        self.assertEqual(kpi_score(5.0, 10.0, False), (120.0, True))
        self.assertEqual(kpi_score(20.0, 10.0, False), (50.0, False))
        self.assertEqual(kpi_score(0.0, 0.0, True), (100.0, True))
        self.assertEqual(kpi_score(0.0, 0.0, False), (100.0, True))
        self.assertEqual(kpi_score(0.0, 10.0, False), (120.0, True))
        self.assertEqual(kpi_score(3.0, 0.0, False), (0.0, False))
        self.assertEqual(kpi_score(3.0, 0.0, True), (120.0, True))

    def test_generate_exact_figures(self):
        cards = self._generate()
        # Chen, Zhou, Yang and the dealer; Wu and Liu hold no position with targets.
        self.assertEqual(len(cards), 4)
        self.assertEqual(set(cards.mapped("state")), {"computed"})
        self.assertEqual(set(cards.mapped("month")), {MARCH})
        chen = self._card(cards, self.emp_tech)
        self.assertEqual(chen.job_id, self.job_tech)
        # Efficiency 9 / 12 = 75 % against 100: missed (-5); 12 h clocked against 10:
        # 120 (capped), met (+2).
        self.assertEqual(
            self._lines(chen),
            {
                "test_efficiency": (100.0, 75.0, 75.0, False, -5.0),
                "test_clocked": (10.0, 12.0, 120.0, True, 2.0),
            },
        )
        line = chen.line_ids.filtered(lambda line: line.kpi_id == self.efficiency)
        self.assertEqual((line.numerator, line.denominator), (9.0, 12.0))
        self.assertAlmostEqual(chen.weighted_score, 86.25)  # (3 × 75 + 120) / 4
        self.assertEqual(chen.total_points, -3.0)
        zhou = self._card(cards, self.emp_tech2)
        self.assertEqual(
            self._lines(zhou),
            {
                "test_efficiency": (100.0, 150.0, 120.0, True, 10.0),
                "test_clocked": (10.0, 4.0, 40.0, False, -1.0),
            },
        )
        self.assertAlmostEqual(zhou.weighted_score, 100.0)  # (3 × 120 + 40) / 4
        self.assertEqual(zhou.total_points, 9.0)
        # Yang: 3 delivered against 4 (75, -3); 1 comeback in 3 = 33.33 % against at most
        # 10 %: 10 / 33.33 = 30 (-2).
        yang = self._card(cards, self.emp_advisor)
        self.assertEqual(
            self._lines(yang),
            {
                "test_vehicles_out": (4.0, 3.0, 75.0, False, -3.0),
                "test_rework": (10.0, 33.33, 30.0, False, -2.0),
            },
        )
        self.assertAlmostEqual(yang.weighted_score, 60.0)  # (2 × 75 + 30) / 3
        self.assertEqual(yang.total_points, -5.0)
        # The dealer: 4 delivered against 5 (80, -2); on time 3 / 4 = 75 % against 80 %
        # (93.75, -5).
        dealer = self._card(cards)
        self.assertEqual(
            self._lines(dealer),
            {
                "test_vehicles_out": (5.0, 4.0, 80.0, False, -2.0),
                "test_on_time": (80.0, 75.0, 93.75, False, -5.0),
            },
        )
        self.assertAlmostEqual(dealer.weighted_score, 83.44)  # (3 × 80 + 93.75) / 4
        self.assertEqual(dealer.total_points, -7.0)
        # Generating again recomputes the same scorecards (no duplicates).
        self.assertEqual(self._generate(), cards)
        self.assertEqual(len(chen.line_ids), 2)

    def test_generation_rights(self):
        for user in (self.user_advisor, self.user_tech):
            with self.assertRaises(AccessError):
                self._generate(user)
        supervisor = new_test_user(
            self.env, "kia_sc_supervisor", groups="kia_aftersales.group_supervisor"
        )
        with self.assertRaises(AccessError):
            self._generate(supervisor)
        # Not for a dealer one is not in.
        with self.assertRaises(AccessError):
            self._generate(companies=self.company_b)
        self.assertFalse(self.env["kia.scorecard"].search([("month", "=", MARCH)]))
        # The wizard: any day of the month.
        wizard = (
            self.env["kia.scorecard.generate.wizard"]
            .with_user(self.user_manager)
            .create({"month": "2026-03-17"})
        )
        action = wizard.action_generate()
        cards = self.env["kia.scorecard"].search(action["domain"])
        self.assertEqual(len(cards), 4)
        self.assertEqual(set(cards.mapped("month")), {MARCH})

    def test_approve_and_lock(self):
        cards = self._generate()
        chen = self._card(cards, self.emp_tech)
        zhou = self._card(cards, self.emp_tech2)
        manager_chen = chen.with_user(self.user_manager)
        manager_chen.note = "Good month"
        # Lines are the computation's: not the manager's to edit, even before approval.
        with self.assertRaises(UserError):
            chen.line_ids[0].with_user(self.user_manager).write({"actual": 200.0})
        # Nobody approves but the service manager; a client cannot write the state.
        with self.assertRaises(AccessError):
            chen.with_user(self.user_advisor).action_kia_approve()
        with self.assertRaises(UserError):
            manager_chen.write({"state": "approved"})
        self.assertEqual(chen.state, "computed")
        manager_chen.action_kia_approve()
        self.assertEqual(chen.state, "approved")
        self.assertEqual(chen.approved_by_id, self.user_manager)
        self.assertTrue(chen.approved_date)
        with self.assertRaisesRegex(UserError, "Only computed"):
            manager_chen.action_kia_approve()
        # Locked: no field, no line, whoever writes (RPC write as the manager, or the
        # system), no recompute, no deletion.
        with self.assertRaisesRegex(UserError, "locked"):
            manager_chen.write({"note": "Changed"})
        with self.assertRaisesRegex(UserError, "locked"):
            chen.sudo().write({"note": "Changed"})
        line = chen.line_ids[0]
        with self.assertRaisesRegex(UserError, "locked"):
            line.with_user(self.user_manager).write({"actual": 200.0})
        with self.assertRaisesRegex(UserError, "locked"):
            line.sudo().write({"actual": 200.0})
        with self.assertRaisesRegex(UserError, "locked"):
            manager_chen.action_kia_compute()
        with self.assertRaisesRegex(UserError, "locked"):
            manager_chen.unlink()
        with self.assertRaisesRegex(UserError, "locked"):
            manager_chen.action_kia_cancel()
        # New figures: generating again recomputes Zhou, leaves the approved Chen alone.
        insert_facts(
            self.env,
            [
                {"date": "2026-03-20", "company_id": self.company.id,
                 "employee_id": self.emp_tech.id, "flagged_hours": 12.0, "clocked_hours": 8.0},
                {"date": "2026-03-20", "company_id": self.company.id,
                 "employee_id": self.emp_tech2.id, "flagged_hours": 0.0, "clocked_hours": 6.0},
            ],
        )  # fmt: skip
        self._generate()
        self.assertEqual(chen.note, "Good month")
        self.assertEqual(chen.state, "approved")
        self.assertAlmostEqual(chen.weighted_score, 86.25)
        self.assertEqual(chen.total_points, -3.0)
        self.assertEqual(line.actual, self._lines(chen)[line.kpi_id.code][1])
        # Zhou: 6 flagged in 10 clocked = 60 % (60, -5); 10 h (100, +2).
        self.assertEqual(
            self._lines(zhou),
            {
                "test_efficiency": (100.0, 60.0, 60.0, False, -5.0),
                "test_clocked": (10.0, 10.0, 100.0, True, 2.0),
            },
        )
        self.assertAlmostEqual(zhou.weighted_score, 70.0)
        self.assertEqual(zhou.total_points, -3.0)

    def test_client_cannot_forge(self):
        """Scorecards and their lines are made by the generation only."""
        Scorecard = self.env["kia.scorecard"].with_user(self.user_manager)
        with self.assertRaises(UserError):
            Scorecard.create({"employee_id": self.emp_tech3.id, "month": MARCH})
        cards = self._generate()
        chen = self._card(cards, self.emp_tech)
        with self.assertRaises(UserError):
            chen.with_user(self.user_manager).write({"employee_id": self.emp_tech3.id})
        with self.assertRaises(UserError):
            self.env["kia.scorecard.line"].with_user(self.user_manager).create(
                {"scorecard_id": chen.id, "kpi_id": self.clocked.id, "actual": 99.0}
            )
        with self.assertRaises(UserError):
            chen.with_user(self.user_manager).write(
                {"line_ids": [Command.create({"kpi_id": self.clocked.id, "actual": 99.0})]}
            )
        self.assertEqual(len(chen.line_ids), 2)

    def test_own_approval_refused(self):
        self.env["hr.employee"].create(
            {"name": "Manager Wang", "user_id": self.user_manager.id, "job_id": self.job_tech.id}
        )
        cards = self._generate()
        own = cards.filtered(lambda card: card.employee_id.user_id == self.user_manager)
        self.assertEqual(len(own), 1)
        with self.assertRaisesRegex(UserError, "someone else"):
            own.with_user(self.user_manager).action_kia_approve()
        self.assertEqual(own.state, "computed")
        # Another service manager approves it.
        other = new_test_user(
            self.env, "kia_sc_manager2", groups="kia_aftersales.group_service_manager"
        )
        own.with_user(other).action_kia_approve()
        self.assertEqual(own.state, "approved")

    def test_cancel_and_reset(self):
        cards = self._generate()
        zhou = self._card(cards, self.emp_tech2).with_user(self.user_manager)
        zhou.action_kia_cancel()
        self.assertEqual(zhou.state, "cancelled")
        with self.assertRaises(UserError):
            zhou.action_kia_approve()
        with self.assertRaises(UserError):
            zhou.action_kia_compute()
        # Generation leaves a cancelled scorecard alone (and makes no second one).
        self.assertEqual(self._generate(), cards)
        self.assertEqual(zhou.state, "cancelled")
        zhou.action_kia_reset()
        self.assertEqual(zhou.state, "draft")
        self._generate()
        self.assertEqual(zhou.state, "computed")

    def test_employee_sees_own_only(self):
        cards = self._generate()
        chen = self._card(cards, self.emp_tech)
        zhou = self._card(cards, self.emp_tech2)
        Scorecard = self.env["kia.scorecard"].with_user(self.user_tech)
        self.assertEqual(Scorecard.search([]), chen)
        self.assertEqual(chen.with_user(self.user_tech).weighted_score, 86.25)
        # His form opens: employee, position, KPIs.
        name = {"fields": {"display_name": {}}}
        values = chen.with_user(self.user_tech).web_read(
            {
                "employee_id": name,
                "job_id": name,
                "approved_by_id": name,
                "line_ids": {"fields": {"kpi_id": name, "score": {}, "points": {}}},
            }
        )[0]
        self.assertEqual(values["job_id"]["display_name"], "Test Technician")
        self.assertEqual(values["employee_id"]["display_name"], "Tech Chen")
        self.assertEqual(len(values["line_ids"]), 2)
        self.assertEqual(
            self.env["kia.scorecard.line"].with_user(self.user_tech).search([]), chen.line_ids
        )
        with self.assertRaises(AccessError):
            zhou.with_user(self.user_tech).read(["weighted_score"])
        with self.assertRaises(AccessError):
            zhou.line_ids.with_user(self.user_tech).read(["actual"])
        with self.assertRaises(AccessError):
            self._card(cards).with_user(self.user_tech).read(["total_points"])
        # Nor does he write his own.
        with self.assertRaises(AccessError):
            chen.with_user(self.user_tech).write({"note": "Great"})
        # The supervisor reads all of the dealer's; the service manager too.
        supervisor = new_test_user(
            self.env, "kia_sc_supervisor", groups="kia_aftersales.group_supervisor"
        )
        self.assertEqual(self.env["kia.scorecard"].with_user(supervisor).search(IN_MARCH), cards)
        with self.assertRaises(AccessError):
            chen.with_user(supervisor).write({"note": "Great"})
        self.assertEqual(
            self.env["kia.scorecard"].with_user(self.user_manager).search(IN_MARCH), cards
        )

    def test_dealers_side_by_side(self):
        """Two dealers: each sees its own; the group's manager sees both side by side."""
        job_b = self.env["hr.job"].create({"name": "Test Tech B", "company_id": self.company_b.id})
        self._targets(
            self.company_b,
            self.env["hr.job"],
            [(self.vehicles_out, 2.0, 1.0, 3.0, 1.0), (self.on_time, 80.0, 1.0, 5.0, 5.0)],
        )
        self._targets(self.company_b, job_b, [(self.efficiency, 90.0, 1.0, 1.0, 1.0)])
        tech_b = self.env["hr.employee"].create(
            {"name": "Tech B", "company_id": self.company_b.id, "job_id": job_b.id}
        )
        insert_facts(
            self.env,
            [
                {"date": "2026-03-15", "company_id": self.company_b.id, "source": "work_order_out",
                 "vehicles_out": 2, "promised_orders": 2, "on_time_orders": 2},
                {"date": "2026-03-15", "company_id": self.company_b.id,
                 "employee_id": tech_b.id, "flagged_hours": 9.0, "clocked_hours": 10.0},
            ],
        )  # fmt: skip
        both = self.company | self.company_b
        group_manager = new_test_user(
            self.env,
            "kia_sc_group_manager",
            groups="kia_aftersales.group_service_manager",
            company_id=self.company.id,
            company_ids=[Command.set(both.ids)],
        )
        cards = (
            self.env["kia.scorecard"]
            .with_user(group_manager)
            .with_context(allowed_company_ids=both.ids)
            ._kia_generate(MARCH, both)
        )
        self.assertEqual(len(cards), 6)
        card_b = cards.filtered(lambda card: card.company_id == self.company_b)
        self.assertEqual(card_b.employee_id, tech_b)
        # Tech B's efficiency: 9 / 10 = 90 % only (not Chen's 100 h of dealer B).
        self.assertEqual(self._lines(self._card(cards, tech_b))["test_efficiency"][1], 90.0)
        # Side by side: the dealers' scorecards, KPI × dealer.
        Line = (
            self.env["kia.scorecard.line"]
            .with_user(group_manager)
            .with_context(allowed_company_ids=both.ids)
        )
        groups = Line._read_group(
            [("employee_id", "=", False), ("scorecard_id.month", "=", MARCH)],
            ["kpi_id", "company_id"],
            ["actual:avg", "score:avg"],
        )
        self.assertEqual(
            {(kpi.code, company.name): (actual, score) for kpi, company, actual, score in groups},
            {
                ("test_vehicles_out", self.company.name): (4.0, 80.0),
                ("test_on_time", self.company.name): (75.0, 93.75),
                ("test_vehicles_out", "Kia Dealer B"): (2.0, 100.0),
                ("test_on_time", "Kia Dealer B"): (100.0, 120.0),
            },
        )
        # A manager of dealer A only sees A's.
        self.assertEqual(
            self.env["kia.scorecard"].with_user(self.user_manager).search(IN_MARCH).company_id,
            self.company,
        )
        self.assertFalse(
            self.env["kia.scorecard.line"]
            .with_user(self.user_manager)
            .search([("company_id", "=", self.company_b.id)])
        )
        with self.assertRaises(AccessError):
            card_b.with_user(self.user_manager).read(["weighted_score"])

    def test_bounded_queries(self):
        """Generating a month costs the same number of queries for 2 employees as for 10."""
        companies = self.env["res.company"].create([{"name": f"Kia Dealer Q{i}"} for i in range(3)])
        manager = new_test_user(
            self.env,
            "kia_sc_q_manager",
            groups="kia_aftersales.group_service_manager",
            company_id=self.company.id,
            company_ids=[Command.set((companies | self.company).ids)],
        )
        for company, size in zip(companies, (3, 2, 10), strict=True):
            job = self.env["hr.job"].create({"name": "Tech", "company_id": company.id})
            self._targets(
                company,
                job,
                [(self.efficiency, 100.0, 3.0, 10.0, 5.0), (self.vehicles_out, 4.0, 1.0, 1.0, 1.0)],
            )
            self._targets(company, self.env["hr.job"], [(self.on_time, 90.0, 1.0, 1.0, 1.0)])
            employees = self.env["hr.employee"].create(
                [
                    {
                        "name": f"Tech {i}",
                        "company_id": company.id,
                        "job_id": job.id,
                        "user_id": new_test_user(
                            self.env, f"kia_sc_q{company.id}_{i}", company_id=company.id
                        ).id,
                    }
                    for i in range(size)
                ]
            )
            insert_facts(
                self.env,
                [
                    {"date": "2026-03-10", "company_id": company.id, "employee_id": emp.id,
                     "advisor_id": emp.user_id.id, "flagged_hours": 5.0, "clocked_hours": 6.0,
                     "vehicles_out": 1}
                    for emp in employees
                ],
            )  # fmt: skip
        Scorecard = (
            self.env["kia.scorecard"]
            .with_user(manager)
            .with_context(allowed_company_ids=(companies | self.company).ids)
        )
        counts = []
        for company, size in zip(companies, (3, 2, 10), strict=True):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            cards = Scorecard._kia_generate(MARCH, company)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(len(cards), size + 1)
            self.assertEqual(
                set(cards.filtered("employee_id").mapped("weighted_score")),
                {68.75},  # (3 × 83.33 + 25) / 4
            )
        # The first run warms the caches; 2 and 10 employees: the same count.
        self.assertEqual(counts[1], counts[2], counts)

    def test_target_bad_input(self):
        Target = self.env["kia.scorecard.target"].with_user(self.user_manager)
        count = Target.search_count([])
        values = {"job_id": self.job_tech.id, "kpi_id": self.vehicles_out.id, "target": 3.0}
        with self.assertRaisesRegex(ValidationError, "weight"):
            Target.create(values | {"weight": 0.0})
        with self.assertRaisesRegex(ValidationError, "negative"):
            Target.create(values | {"target": -1.0})
        with self.assertRaisesRegex(ValidationError, "positive"):
            Target.create(values | {"penalty_points": -2.0})
        with self.assertRaisesRegex(ValidationError, "already has a target"):
            Target.create(values | {"kpi_id": self.efficiency.id})
        with self.assertRaisesRegex(ValidationError, "dealer only"):
            Target.create(values | {"kpi_id": self.on_time.id})
        self.assertEqual(Target.search_count([]), count)
        # A valid one; only the service manager sets targets.
        self.assertTrue(Target.create(values))
        for user in (self.user_advisor, self.user_tech):
            with self.assertRaises(AccessError):
                Target.with_user(user).create(values | {"job_id": self.job_advisor.id})


@tagged("post_install", "-at_install")
class TestScorecardTour(HttpCase):
    """In the browser: the service manager approves a technician's scorecard, the
    technician reads his own."""

    def test_scorecard_tours(self):
        env = self.env
        company = env.company
        env["kia.scorecard.target"].search([]).active = False  # the test's targets only
        manager = new_test_user(
            env,
            "kia_tour_sc_manager",
            groups="kia_aftersales.group_service_manager",
            name="Tour Manager",
        )
        tech = new_test_user(
            env, "kia_tour_sc_tech", groups="kia_aftersales.group_technician", name="Tour Tech"
        )
        job = env["hr.job"].create({"name": "Tour Technician", "company_id": company.id})
        employee = env["hr.employee"].create(
            {"name": "Tour Tech", "user_id": tech.id, "job_id": job.id}
        )
        kpi = env["kia.kpi"].create(
            {
                "name": "Tour Efficiency",
                "code": "test_tour_efficiency",
                "category": "workshop",
                "measure": "efficiency",
                "unit": "percent",
                "dimension": "employee",
                "formula": "flagged ÷ clocked",
            }
        )
        env["kia.scorecard.target"].create(
            {"job_id": job.id, "kpi_id": kpi.id, "target": 100.0, "weight": 1.0}
        )
        insert_facts(
            env,
            [
                {"date": "2026-03-02", "company_id": company.id, "employee_id": employee.id,
                 "flagged_hours": 6.0, "clocked_hours": 8.0},
            ],
        )  # fmt: skip
        card = env["kia.scorecard"].with_user(manager)._kia_generate(MARCH, company)
        card = card.filtered("employee_id")
        self.assertEqual(card.weighted_score, 75.0)
        self.start_tour("/odoo", "kia_scorecard_approve_tour", login="kia_tour_sc_manager")
        self.assertEqual(card.state, "approved")
        self.start_tour("/odoo", "kia_scorecard_own_tour", login="kia_tour_sc_tech")
