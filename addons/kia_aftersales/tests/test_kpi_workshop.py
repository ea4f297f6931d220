from contextlib import contextmanager
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.kia_aftersales.models.kia_kpi_fact_workshop import WRITE_DATE_TABLES

from .common import KiaAftersalesCase, make_vin

MARCH = [("date", ">=", "2025-03-01"), ("date", "<", "2025-04-01")]
CODES = [
    "vehicles_in",
    "vehicles_out",
    "labour_sales",
    "parts_sales",
    "total_sales",
    "labour_margin",
    "parts_margin",
    "total_margin",
    "sales_per_order",
    "margin_per_order",
    "effective_labour_rate",
    "hours_per_order",
    "efficiency",
    "productivity",
    "bay_utilisation",
    "rework_rate",
    "first_time_fix_rate",
    "on_time_rate",
    "same_day_rate",
]


@contextmanager
def at(when):
    """The flow runs at ``when`` (UTC)."""
    with freeze_time(when):
        yield


# The sources of this file (the other modules' sources read other tables).
WORKSHOP = ["work_order", "job", "time_log", "attendance", "bay_month"]


@tagged("post_install", "-at_install")
class TestKpiWorkshop(KiaAftersalesCase):
    """Workshop KPIs on a hand-built March 2025 of a dealer in Shanghai (UTC+8), built
    through the real flows: check-in, approval, dispatch, clockings, quality check,
    invoices (one changed before posting, one reversed by a credit note), delivery.

    * O1 (vehicle 1): oil change (customer, filter) + brake pads (warranty, pads), Chen
      1 h + 2 h; delivered on time the check-in day; its invoice charges the filter 70
      instead of 80.
    * O2 (vehicle 2): brake pads (customer, pads), Chen 2 h and Zhou 2 h overlapping by
      1 h; delivered late the next day; invoice later reversed by a credit note.
    * O3 (vehicle 1, 17 days after O1: outside the 15-day window): oil change (customer,
      no parts), Zhou 1 h, failed quality check once; no promised time; same day.
    * O4 (vehicle 2, 14 days after O2, brake pads again: a comeback of O2): checked in
      only. (O3 is no comeback of O1: an oil change is periodic maintenance.)
    * A dealer B with one checked-in work order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Fact = cls.env["kia.kpi.fact"]
        cls.kpi = {code: cls.env.ref(f"kia_aftersales.kpi_{code}") for code in CODES}
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.company.write({"kia_comeback_days": 15, "kia_clock_requires_attendance": False})
        cls.emp_tech.hourly_cost = 100.0
        cls.emp_tech2.hourly_cost = 50.0
        # Two bays on Monday-Friday 8:00-17:00 (Shanghai): 21 working days in March 2025.
        calendar = cls.env["resource.calendar"].create(
            {
                "name": "Test bays 9h",
                "tz": "Asia/Shanghai",
                "company_id": cls.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8.0,
                            "hour_to": 17.0,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        Resource = cls.env["resource.resource"]
        Resource.search([("kia_is_bay", "=", True)]).kia_is_bay = False
        for name, active in (("Bay 1", True), ("Bay 2", True), ("Bay old", False)):
            Resource.create(
                {
                    "name": name,
                    "resource_type": "material",
                    "kia_is_bay": True,
                    "calendar_id": calendar.id,
                    "company_id": cls.company.id,
                    "active": active,
                }
            )
        vehicles = cls.env["fleet.vehicle"].create(
            [
                {
                    "model_id": cls.model_k5.id,
                    "license_plate": f"沪A K{serial}",
                    "vin_sn": make_vin(serial),
                    "kia_owner_id": cls.customer.id,
                }
                for serial in (801, 802)
            ]
        )
        cls.vehicle1, cls.vehicle2 = vehicles
        # Attendances: Chen 4 h on 3 and 10 March, Zhou 4 h on 10 March (local days).
        cls.env["hr.attendance"].create(
            [
                {
                    "employee_id": employee.id,
                    "check_in": datetime(2025, 3, day - 1, 23, 0),
                    "check_out": datetime(2025, 3, day, 3, 0),
                }
                for employee, day in ((cls.emp_tech, 3), (cls.emp_tech, 10), (cls.emp_tech2, 10))
            ]
        )

    # ------------------------------------------------------------------ flows
    def _new_order(self, when, vehicle, jobs, parts=True, promised=None):
        with at(when):
            order = self._order(jobs=jobs, vehicle=vehicle, parts=parts)
            order.kia_promised_date = promised
            order.action_kia_send_estimate()
            order._kia_record_approval("Customer Li", "phone")
            self._issue_parts(order)
        return order

    def _clock(self, job, employee, start, stop, finish=True):
        user = employee.user_id
        with at(start):
            job.with_user(user).action_clock_on()
        with at(stop):
            if finish:
                job.with_user(user).write({"correction": "Done"})
                job.with_user(user).action_finish()
            else:
                job.with_user(user).action_clock_off()

    def _invoice(self, order, when, price=None):
        with at(when):
            invoices = order._kia_create_invoices()
            if price:
                product, price_unit = price
                invoices.button_draft()
                invoices.invoice_line_ids.filtered(
                    lambda line: line.product_id == product
                ).price_unit = price_unit
                invoices.action_post()
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoices.ids
            ).create({})._create_payments()
        return invoices

    def _deliver(self, order, when):
        with at(when):
            order._kia_deliver()

    def _build_month(self):
        # O1
        o1 = self._new_order(
            "2025-03-03 01:00:00",
            self.vehicle1,
            [(self.op_oil, "customer"), (self.op_brakes, "warranty")],
            promised=datetime(2025, 3, 3, 5, 0),
        )
        oil, brakes = o1.kia_job_line_ids
        with at("2025-03-03 01:10:00"):
            o1.kia_job_line_ids.with_user(self.user_foreman).action_dispatch(self.emp_tech)
        self._clock(oil, self.emp_tech, "2025-03-03 01:30:00", "2025-03-03 02:30:00")
        self._clock(brakes, self.emp_tech, "2025-03-03 02:30:00", "2025-03-03 04:30:00")
        with at("2025-03-03 04:40:00"):
            self._pass_quality_check(o1)
        self._invoice(o1, "2025-03-03 04:45:00", price=(self.part_filter, 70.0))
        self._deliver(o1, "2025-03-03 04:50:00")
        # O2: two technicians on one car, overlapping by one hour.
        o2 = self._new_order(
            "2025-03-10 01:00:00",
            self.vehicle2,
            [(self.op_brakes, "customer")],
            promised=datetime(2025, 3, 10, 5, 0),
        )
        job2 = o2.kia_job_line_ids
        with at("2025-03-10 01:10:00"):
            job2.with_user(self.user_foreman).action_dispatch(self.emp_tech | self.emp_tech2)
        with at("2025-03-10 02:00:00"):
            job2.with_user(self.user_tech).action_clock_on()
        with at("2025-03-10 03:00:00"):
            job2.with_user(self.user_tech2).action_clock_on()
        with at("2025-03-10 04:00:00"):
            job2.with_user(self.user_tech).action_clock_off()
        with at("2025-03-10 05:00:00"):
            job2.with_user(self.user_tech2).write({"correction": "Done"})
            job2.with_user(self.user_tech2).action_finish()
        with at("2025-03-10 05:10:00"):
            self._pass_quality_check(o2)
        self._invoice(o2, "2025-03-10 05:20:00")
        self._deliver(o2, "2025-03-11 02:00:00")
        # O3: vehicle 1 again after 17 days; reworked once (no more time clocked).
        o3 = self._new_order(
            "2025-03-20 02:00:00", self.vehicle1, [(self.op_oil, "customer")], parts=False
        )
        job3 = o3.kia_job_line_ids
        with at("2025-03-20 02:05:00"):
            job3.with_user(self.user_foreman).action_dispatch(self.emp_tech2)
        self._clock(job3, self.emp_tech2, "2025-03-20 02:10:00", "2025-03-20 03:10:00")
        with at("2025-03-20 03:20:00"):
            self.env["kia.quality.check"].create(
                {
                    "repair_id": o3.id,
                    "inspector_id": self.emp_foreman.id,
                    "result": "fail",
                    "failed_job_line_ids": [Command.set(job3.ids)],
                }
            )
        self._clock(job3, self.emp_tech2, "2025-03-20 03:30:00", "2025-03-20 03:30:00")
        with at("2025-03-20 03:40:00"):
            self._pass_quality_check(o3)
        self._invoice(o3, "2025-03-20 03:50:00")
        self._deliver(o3, "2025-03-20 04:00:00")
        # O4: vehicle 2 again after 14 days: O2 is a comeback.
        o4 = self._new_order(
            "2025-03-25 01:00:00", self.vehicle2, [(self.op_brakes, "customer")], parts=False
        )
        # Dealer B: one work order checked in.
        company_b = self.env["res.company"].create({"name": "Kia Dealer B (KPI)"})
        with at("2025-03-12 02:00:00"):
            order_b = (
                self.env["repair.order"]
                .with_company(company_b)
                .create(
                    {
                        "company_id": company_b.id,
                        "kia_vehicle_id": self.env["fleet.vehicle"]
                        .create(
                            {
                                "model_id": self.model_k5.id,
                                "vin_sn": make_vin(803),
                                "company_id": company_b.id,
                            }
                        )
                        .id,
                        "kia_checkin_odometer": 100,
                    }
                )
            )
            order_b.action_kia_check_in()
        return o1, o2, o3, o4, company_b

    maxDiff = None

    def _values(self, groupby=(), domain=()):
        kpis = self.env["kia.kpi"].browse([kpi.id for kpi in self.kpi.values()])
        values = kpis._kia_values(MARCH + list(domain), groupby)
        return {
            key: {kpi.code: round(value, 2) for kpi, value in row.items()}
            for key, row in values.items()
        }

    # ------------------------------------------------------------------ tests
    def test_month_figures(self):
        o1, o2, o3, o4, company_b = self._build_month()
        self.Fact._kia_refresh(full=True)
        dealer_a = [("company_id", "=", self.company.id)]
        totals = self._values(domain=dealer_a)[()]
        self.assertEqual(
            totals,
            {
                "vehicles_in": 4,
                "vehicles_out": 3,
                # Labour: 0.8 h × 300 (O1 oil) + 1.2 h × 300 (O2) + 0.8 h × 300 (O3);
                # the warranty job of O1 is not the customer's.
                "labour_sales": 840.0,
                # Filter 70 (as invoiced, not 80 as quoted) + pads 480 (O2).
                "parts_sales": 550.0,
                "total_sales": 1390.0,
                # Labour cost: Chen 5 h × 100 + Zhou 3 h × 50 = 650.
                "labour_margin": 190.0,
                # Parts cost (valuation): filter 40 + pads 240 (O1) + pads 240 (O2).
                "parts_margin": 30.0,
                "total_margin": 220.0,
                "sales_per_order": 463.33,  # 1390 / 3
                "margin_per_order": 73.33,  # 220 / 3
                "effective_labour_rate": 210.0,  # 840 / 4.0 h sold
                "hours_per_order": 1.33,  # 4.0 / 3
                "efficiency": 50.0,  # 4.0 flagged / 8 clocked
                "productivity": 66.67,  # 8 clocked / 12 attended
                # 7 h used (O1 3 h, O2 3 h: the overlap once, O3 1 h) / 2 bays × 21 × 9 h.
                "bay_utilisation": 1.85,
                "rework_rate": 33.33,  # O2 came back within 15 days; O1 after 17 days
                "first_time_fix_rate": 33.33,  # O1 only (O2 came back, O3 reworked)
                "on_time_rate": 50.0,  # O1 on time, O2 late, O3 without promise
                "same_day_rate": 66.67,  # O1 and O3
            },
        )
        bays = self.Fact.search(
            MARCH + [("source", "=", "bay_month"), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(bays.date.isoformat(), "2025-03-01")
        self.assertAlmostEqual(bays.bay_hours_used, 7.0)
        self.assertAlmostEqual(bays.bay_hours_available, 378.0)
        # By technician: Chen 2.6 flagged (0.8 + 1.2 + half of 1.2) in 5 h over 8 h
        # attended; Zhou 1.4 (0.6 + 0.8) in 3 h over 4 h.
        by_tech = self._values(("employee_id",), dealer_a)
        self.assertEqual(by_tech[(self.emp_tech,)]["efficiency"], 52.0)
        self.assertEqual(by_tech[(self.emp_tech,)]["productivity"], 62.5)
        self.assertEqual(by_tech[(self.emp_tech2,)]["efficiency"], 46.67)
        self.assertEqual(by_tech[(self.emp_tech2,)]["productivity"], 75.0)
        # By pay type: the customer's labour at 300 an hour, warranty without sales here.
        by_pay = self._values(("pay_type",), dealer_a)
        self.assertEqual(by_pay[("customer",)]["effective_labour_rate"], 300.0)
        self.assertEqual(by_pay[("warranty",)]["effective_labour_rate"], 0.0)
        self.assertEqual(by_pay[("warranty",)]["parts_margin"], -240.0)
        # By advisor and day (the dealer's days: O2 delivered on 11 March in Shanghai).
        by_advisor = self._values(("advisor_id",), dealer_a)
        self.assertEqual(by_advisor[(self.user_advisor,)]["vehicles_out"], 3)
        by_day = self._values(("date:day", "source"), dealer_a + [("vehicles_out", ">", 0)])
        self.assertEqual(
            sorted(key[0] for key in by_day),
            [date(2025, 3, 3), date(2025, 3, 11), date(2025, 3, 20)],
        )
        # Work order types: the category of the first job.
        out = self.Fact.search(MARCH + [("source", "=", "work_order_out")])
        self.assertEqual(
            {fact.repair_id: fact.order_type for fact in out},
            {o1: "maintenance", o2: "mechanical", o3: "maintenance"},
        )
        # By month and dealer: dealer B has its check-in only.
        by_company = self._values(("company_id", "date:month"))
        self.assertEqual(by_company[(company_b, date(2025, 3, 1))]["vehicles_in"], 1)
        self.assertEqual(by_company[(self.company, date(2025, 3, 1))]["vehicles_in"], 4)
        self.assertNotIn(o4, out.repair_id)

    def _backdate(self):
        """Everything was written before the last refresh (a day later): the next
        incremental refresh reads only what changes from now on."""
        for table in WRITE_DATE_TABLES:
            self.env.cr.execute(
                SQL("UPDATE %s SET write_date = '2025-04-01'", SQL.identifier(table))
            )
        self.env.cr.execute("UPDATE kia_job_time_log SET create_date = '2025-04-01'")
        params = self.env["ir.config_parameter"].sudo()
        for source in self.Fact._kia_fact_sources():
            params.set_param(self.Fact._kia_param(source), "2025-04-02 00:00:00")
        self.env.invalidate_all()

    def test_incremental(self):
        o1, o2, o3, o4, company_b = self._build_month()
        self.Fact._kia_refresh(full=True)
        self._backdate()
        before = {(f.source, f.res_id): f.id for f in self.Fact.search([])}
        self.assertEqual(
            self.Fact._kia_refresh(WORKSHOP),
            dict.fromkeys(WORKSHOP, 0),
        )
        # A record changed before the last run is not read again: a fact forged in the
        # table stays (only a full refresh would correct it).
        job_o1 = o1.kia_job_line_ids[0]
        self.env.cr.execute(
            "UPDATE kia_kpi_fact SET hours_sold = 99 WHERE source = 'job' AND res_id = %s",
            [job_o1.id],
        )
        # O2's invoice is reversed by a credit note: the customer is charged its quotation
        # again (to invoice), not the invoice twice.
        invoice = o2.sale_order_id.invoice_ids
        with at("2025-03-21 02:00:00"):
            invoice._reverse_moves([{"ref": "Goodwill"}]).action_post()
        counts = self.Fact._kia_refresh(WORKSHOP)
        self.assertEqual(counts["job"], 1)
        self.assertEqual(counts["time_log"], 0)
        self.assertEqual(counts["attendance"], 0)
        self.assertEqual(counts["bay_month"], 0)
        after = {(f.source, f.res_id): f.id for f in self.Fact.search([])}
        changed = {key for key in before if before[key] != after.get(key)}
        self.assertEqual(
            {key for key in changed if key[0] == "job"}, {("job", o2.kia_job_line_ids.id)}
        )
        self.assertLessEqual(
            changed - {("job", o2.kia_job_line_ids.id)},
            {("work_order_in", o2.id), ("work_order_out", o2.id)},
        )
        job_fact = self.Fact.search([("source", "=", "job"), ("res_id", "=", job_o1.id)])
        self.assertEqual(job_fact.hours_sold, 99.0)
        self.env.cr.execute(
            "UPDATE kia_kpi_fact SET hours_sold = 0.8 WHERE source = 'job' AND res_id = %s",
            [job_o1.id],
        )
        self.Fact.invalidate_model()
        dealer_a = [("company_id", "=", self.company.id)]
        self.assertEqual(self._values(domain=dealer_a)[()]["total_sales"], 1390.0)
        # A new clocking is read on the next run, alone.
        self._backdate()
        with at("2025-03-26 01:00:00"):
            o4.kia_job_line_ids.with_user(self.user_foreman).action_dispatch(self.emp_tech)
        self._clock(
            o4.kia_job_line_ids,
            self.emp_tech,
            "2025-03-26 01:30:00",
            "2025-03-26 03:30:00",
            finish=False,
        )
        counts = self.Fact._kia_refresh(WORKSHOP)
        self.assertEqual(counts["time_log"], 1)
        self.assertEqual(counts["bay_month"], 1)
        totals = self._values(domain=dealer_a)[()]
        self.assertEqual(totals["bay_utilisation"], 2.38)  # 9 h / 378 h
        self.assertEqual(totals["efficiency"], 40.0)  # 4.0 / 10 h
        # A full refresh gives the same figures as the incremental runs.
        incremental = self._values(("employee_id", "pay_type"), dealer_a)
        self.Fact._kia_refresh(full=True)
        self.assertEqual(self._values(("employee_id", "pay_type"), dealer_a), incremental)

    def test_comeback_window_per_company(self):
        """The comeback window is the dealer's: narrowed to 10 days, O2 (its brakes back
        after 14 days) is no comeback; widened to 20 days, O1 is still none (its vehicle
        came back after 17 days for an oil change only: periodic maintenance)."""
        self._build_month()
        dealer_a = [("company_id", "=", self.company.id)]
        self.company.kia_comeback_days = 10
        self.Fact._kia_refresh(full=True)
        totals = self._values(domain=dealer_a)[()]
        self.assertEqual(totals["rework_rate"], 0.0)
        self.assertEqual(totals["first_time_fix_rate"], 66.67)  # O1, O2; O3 failed QC
        self.company.kia_comeback_days = 20
        self.Fact._kia_refresh(full=True)
        totals = self._values(domain=dealer_a)[()]
        self.assertEqual(totals["rework_rate"], 33.33)
        self.assertEqual(totals["first_time_fix_rate"], 33.33)
        # Per person: the main technician of the work order (Chen on O1 and O2).
        by_technician = self._values(("employee_id",), dealer_a)
        self.assertEqual(by_technician[(self.emp_tech,)]["rework_rate"], 50.0)

    def test_access_and_isolation(self):
        o1, o2, o3, o4, company_b = self._build_month()
        self.Fact._kia_refresh(full=True)
        for user in (self.user_tech, self.user_advisor):
            with self.assertRaises(AccessError):
                self.Fact.with_user(user).search([])
        facts = self.Fact.with_user(self.user_foreman).search([])
        self.assertEqual(facts.company_id, self.company)
        self.assertTrue(facts.read(["total_sales"]))
        with self.assertRaises(AccessError):
            facts.read(["labour_cost"])
        with self.assertRaises(AccessError):
            self.Fact.with_user(self.user_foreman).read_group([], ["total_margin:sum"], [])
        # The service manager of dealer B sees dealer B's figures only.
        manager_b = new_test_user(
            self.env,
            "kia_kpi_manager_b",
            groups="kia_aftersales.group_service_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        facts_b = self.Fact.with_user(manager_b).search([])
        self.assertEqual(facts_b.company_id, company_b)
        self.assertEqual(facts_b.mapped("vehicles_in"), [1])
