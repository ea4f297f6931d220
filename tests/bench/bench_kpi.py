"""Benchmark of the KPIs at dealer-group scale: 10 dealers, 100,000 work orders and
1,000,000 job lines over 3 years, generated in bulk SQL (INSERT … SELECT generate_series;
the ORM only makes the dealers and their staff). Then, each measured in the same run, warm,
median of 5:

1. the KPI pivot by month × technician (read_group as the pivot issues it) against a
   hand-written SQL GROUP BY over the same fact rows and over the source tables;
2. the pivot by month × dealer against SQL;
3. the service dashboard of a month (every read_group of its pivots and chart) against SQL;
4. the first page of the work-order kanban and list (web_search_read);
5. one month's scorecards for all employees (when kia.scorecard is installed);
6. the incremental refresh after 1,000 new work orders (+10,000 jobs).

    .venv/bin/python tests/bench/bench_kpi.py TEMPLATE_DATABASE

It works on its own copy (``createdb -T TEMPLATE``, dropped at the end unless
KIA_BENCH_KEEP=1). KIA_BENCH_SCALE=0.1 runs a tenth of the volume (quick check).
"""

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, config
from odoo.tools.safe_eval import safe_eval

ROOT = Path(__file__).resolve().parents[2]
SCALE = float(os.environ.get("KIA_BENCH_SCALE", "1"))
COMPANIES = 10
ORDERS = int(100_000 * SCALE)
JOBS_PER_ORDER = 10
TECHNICIANS = 10  # per dealer
ADVISORS = 3  # per dealer
CUSTOMERS = max(200, int(3_000 * SCALE))  # per dealer
YEARS = 3
REPEAT = 5
DASHBOARD = ROOT / "addons/kia_aftersales/data/files/kia_service_dashboard.json"


def timed(function, repeat=REPEAT):
    """Median seconds of ``repeat`` warm runs (one more run first, to warm up)."""
    function()
    times = []
    for __ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


class Generator:
    """The dealers and their staff by the ORM, everything else in bulk SQL."""

    def __init__(self, env):
        self.env = env
        self.cr = env.cr

    def dealers(self):
        env = self.env
        main = env.ref("base.main_company")
        companies = main | env["res.company"].create(
            [
                {"name": f"Bench Dealer {i}", "currency_id": main.currency_id.id}
                for i in range(1, COMPANIES)
            ]
        )
        advisor_group = env.ref("kia_aftersales.group_advisor")
        technician_group = env.ref("kia_aftersales.group_technician")
        staff = {}
        for company in companies:
            ctx = {"no_reset_password": True, "mail_create_nosubscribe": True}
            users = (
                env["res.users"]
                .with_context(**ctx)
                .create(
                    [
                        {
                            "name": f"Bench {kind} {company.id}-{i}",
                            "login": f"bench_{kind}_{company.id}_{i}",
                            "company_id": company.id,
                            "company_ids": [(6, 0, [company.id])],
                            "groups_id": [(6, 0, [group.id])],
                        }
                        for kind, group, count in (
                            ("advisor", advisor_group, ADVISORS),
                            ("technician", technician_group, TECHNICIANS),
                            ("parts", env.ref("kia_parts.group_parts_clerk"), 1),
                            ("warranty", env.ref("kia_warranty.group_warranty_clerk"), 1),
                        )
                        for i in range(count)
                    ]
                )
            )
            # the dealer's own job positions (a position belongs to one company)
            positions = {
                "advisor": "kia_training.job_advisor",
                "technician": "kia_training.job_technician",
                "parts": "kia_training.job_parts_clerk",
                "warranty": "kia_training.job_warranty_clerk",
            }
            jobs = {
                kind: env["hr.job"]
                .create({"name": env.ref(xmlid).name, "company_id": company.id})
                .id
                for kind, xmlid in positions.items()
            }
            employees = env["hr.employee"].create(
                [
                    {
                        "name": user.name,
                        "user_id": user.id,
                        "company_id": company.id,
                        "hourly_cost": 60.0,
                        "job_id": jobs[user.login.split("_")[1]],
                    }
                    for user in users
                ]
            )
            env.flush_all()
            # a new dealer's warehouse gets its repair operation type; else the main one's
            picking_types = env["stock.picking.type"].search(
                [("code", "=", "repair_operation"), ("company_id", "in", [company.id, main.id])]
            )
            picking_type = (
                picking_types.filtered(lambda t, c=company: t.company_id == c)[:1]
                or picking_types.filtered(lambda t: t.company_id == main)[:1]
            )
            order = (
                env["repair.order"]
                .with_company(company)
                .new({"picking_type_id": picking_type.id, "company_id": company.id})
            )
            staff[company.id] = {
                "jobs": {positions[kind]: job for kind, job in jobs.items()},
                "advisors": users[:ADVISORS].ids,
                "technicians": employees[ADVISORS : ADVISORS + TECHNICIANS].ids,
                "locations": {
                    name: order[name].id
                    for name in (
                        "picking_type_id",
                        "location_id",
                        "product_location_src_id",
                        "product_location_dest_id",
                        "location_dest_id",
                        "parts_location_id",
                        "recycle_location_id",
                    )
                },
                "labour_product": company._kia_labour_product().id,
            }
        env.flush_all()
        self.companies = companies
        self.staff = staff
        return companies

    def _company_table(self):
        """A temporary table of the dealers: index (0..9), id, staff and locations."""
        cr = self.cr
        cr.execute(
            """CREATE TEMP TABLE bench_company (
                idx int, id int, advisors int[], technicians int[], labour_product int,
                picking_type_id int, location_id int, product_location_src_id int,
                product_location_dest_id int, location_dest_id int, parts_location_id int,
                recycle_location_id int, partner_first int, partner_count int)"""
        )
        for idx, company in enumerate(self.companies):
            staff = self.staff[company.id]
            loc = staff["locations"]
            cr.execute(
                """INSERT INTO bench_company VALUES
                   (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, NULL, NULL)""",
                [
                    idx,
                    company.id,
                    staff["advisors"],
                    staff["technicians"],
                    staff["labour_product"],
                    loc["picking_type_id"],
                    loc["location_id"],
                    loc["product_location_src_id"],
                    loc["product_location_dest_id"],
                    loc["location_dest_id"],
                    loc["parts_location_id"],
                    loc["recycle_location_id"],
                ],
            )

    def customers(self):
        cr = self.cr
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM res_partner")
        first = cr.fetchone()[0] + 1
        cr.execute(
            """INSERT INTO res_partner (name, complete_name, active, type, autopost_bills,
                                        is_company, lang, tz, create_date, write_date)
               SELECT 'Bench customer ' || g, 'Bench customer ' || g, TRUE, 'contact',
                      'ask', FALSE, 'zh_CN', 'Asia/Shanghai', now(), now()
                 FROM generate_series(1, %s) g""",
            [CUSTOMERS * COMPANIES],
        )
        cr.execute("SELECT setval('res_partner_id_seq', (SELECT MAX(id) FROM res_partner))")
        cr.execute(
            "UPDATE bench_company SET partner_first = %s + idx * %s, partner_count = %s",
            [first, CUSTOMERS, CUSTOMERS],
        )

    def orders(self, count, start, days, tag):
        """``count`` work orders checked in over ``days`` days from ``start`` (dealer
        time: 08:00-18:00 Beijing = 00:00-10:00 UTC), delivered 2 hours to 3 days later,
        each with JOBS_PER_ORDER done jobs (pay types 70/15/10/5 %), one technician per
        job, one clocking per job, a sale order for the customer-pay jobs (labour lines)
        and its parts line; one follow-up in twenty."""
        cr = self.cr
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM repair_order")
        first_order = cr.fetchone()[0] + 1
        cr.execute("SELECT array_agg(id ORDER BY id) FROM fleet_vehicle_model")
        models_ = cr.fetchone()[0]
        cr.execute("SELECT array_agg(id ORDER BY id) FROM kia_labour_operation")
        operations = cr.fetchone()[0]
        cr.execute("DROP TABLE IF EXISTS bench_order")
        cr.execute(
            """CREATE TEMP TABLE bench_order AS
               SELECT g AS n, c.id AS company_id, c.advisors, c.technicians,
                      c.labour_product, c.picking_type_id, c.location_id,
                      c.product_location_src_id, c.product_location_dest_id,
                      c.location_dest_id, c.parts_location_id, c.recycle_location_id,
                      c.partner_first + (g * 7919) %% c.partner_count AS partner_id,
                      %(start)s::timestamp
                        + ((g::bigint * 104729) %% %(days)s) * interval '1 day'
                        + ((g * 31) %% 600) * interval '1 minute' AS checkin,
                      (ARRAY[2, 5, 30, 50, 75])[1 + g %% 5] * interval '1 hour' AS stay
                 FROM generate_series(0, %(count)s - 1) g
                 JOIN bench_company c ON c.idx = g %% %(companies)s""",
            {"start": start, "days": days, "count": count, "companies": COMPANIES},
        )
        cr.execute(
            (
                """INSERT INTO repair_order (
                       id, company_id, picking_type_id, location_id, product_location_src_id,
                       product_location_dest_id, location_dest_id, parts_location_id,
                       recycle_location_id, name, schedule_date, partner_id, user_id,
                       kia_vehicle_model_id, state, kia_stage, kia_qc_state,
                       validation_status, priority, product_qty, under_warranty,
                       kia_rework_count, kia_checkin_date, kia_promised_date,
                       kia_delivered_date, kia_delay_hours, create_date, write_date,
                       create_uid, write_uid)
                   SELECT %(first)s + n, company_id, picking_type_id, location_id,
                          product_location_src_id,
                          product_location_dest_id, location_dest_id, parts_location_id,
                          recycle_location_id, %(tag)s || '/' || n, checkin, partner_id,
                          advisors[1 + n %% array_length(advisors, 1)],
                          (%(models)s::int[])[1 + n %% %(model_count)s],
                          'done', 'delivered', 'passed', 'no', '0', 1, FALSE,
                          CASE WHEN n %% 33 = 0 THEN 1 ELSE 0 END,
                          checkin, checkin + interval '8 hours', checkin + stay,
                          0, checkin, checkin + stay, 1, 1
                     FROM bench_order ORDER BY n"""
            ),
            {"tag": tag, "models": models_, "model_count": len(models_), "first": first_order},
        )
        cr.execute(
            "ALTER TABLE bench_order ADD COLUMN repair_id int; "
            "UPDATE bench_order SET repair_id = %s + n",
            [first_order],
        )
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM kia_job_line")
        first_job = cr.fetchone()[0] + 1
        cr.execute("DROP TABLE IF EXISTS bench_job")
        cr.execute(
            (
                """CREATE TEMP TABLE bench_job AS
                   SELECT %(first_job)s + o.n * %(jobs)s + j AS id, o.repair_id, o.company_id,
                          o.technicians[1 + (o.n + j) %% array_length(o.technicians, 1)]
                            AS technician,
                          CASE WHEN j %% 20 < 14 THEN 'customer' WHEN j %% 20 < 17
                               THEN 'warranty' WHEN j %% 20 < 19 THEN 'internal'
                               ELSE 'goodwill' END AS pay_type,
                          (%(operations)s::int[])[1 + (o.n + j) %% %(op_count)s] AS operation,
                          (0.5 + ((o.n + j) %% 6) * 0.3)::numeric AS flagged,
                          (0.6 + ((o.n * 7 + j) %% 7) * 0.3)::numeric AS clocked,
                          o.checkin + (j * 10 + 30) * interval '1 minute' AS started,
                          o.checkin + o.stay AS delivered, j AS seq, o.labour_product,
                          o.partner_id
                     FROM bench_order o, generate_series(0, %(jobs)s - 1) j"""
            ),
            {
                "first_job": first_job,
                "jobs": JOBS_PER_ORDER,
                "operations": operations,
                "op_count": len(operations),
            },
        )
        cr.execute(
            """INSERT INTO kia_job_line (id, repair_id, company_id, sequence, pay_type, state,
                   concern, labour_operation_id, flagged_hours, clocked_hours, labour_rate,
                   labour_cost, rework_count, is_additional, dispatch_date, done_date,
                   create_date, write_date, create_uid, write_uid)
               SELECT id, repair_id, company_id, seq, pay_type, 'done', 'Bench', operation,
                      flagged, clocked, 300, round(clocked * 60, 2), 0, FALSE, started,
                      started + clocked * interval '1 hour', started, delivered, 1, 1
                 FROM bench_job ORDER BY id"""
        )
        cr.execute("SELECT setval('kia_job_line_id_seq', (SELECT MAX(id) FROM kia_job_line))")
        cr.execute(
            "INSERT INTO hr_employee_kia_job_line_rel (kia_job_line_id, hr_employee_id) "
            "SELECT id, technician FROM bench_job"
        )
        cr.execute(
            """INSERT INTO kia_job_time_log (job_line_id, repair_id, company_id, employee_id,
                   date_start, date_stop, duration, hourly_cost, cost, create_date,
                   write_date, create_uid, write_uid)
               SELECT id, repair_id, company_id, technician, started,
                      started + clocked * interval '1 hour', clocked, 60,
                      round(clocked * 60, 2), started, delivered, 1, 1
                 FROM bench_job"""
        )
        # sale orders: one per work order, a labour line per customer-pay job + parts
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM sale_order")
        first_sale = cr.fetchone()[0] + 1
        cr.execute(
            """INSERT INTO sale_order (id, company_id, partner_id, partner_invoice_id,
                   partner_shipping_id, name, date_order, picking_policy, state,
                   currency_id, amount_untaxed, amount_total, amount_tax, invoice_status,
                   create_date, write_date, create_uid, write_uid)
               SELECT %s + n, o.company_id, o.partner_id, o.partner_id, o.partner_id,
                      'BS/' || %s || '/' || n, checkin, 'direct', 'sale', c.currency_id,
                      0, 0, 0, 'invoiced', checkin, checkin + stay, 1, 1
                 FROM bench_order o JOIN res_company c ON c.id = o.company_id""",
            [first_sale, tag],
        )
        cr.execute("SELECT setval('sale_order_id_seq', (SELECT MAX(id) FROM sale_order))")
        cr.execute(
            "UPDATE repair_order r SET sale_order_id = %s + o.n FROM bench_order o "
            "WHERE r.id = o.repair_id",
            [first_sale],
        )
        cr.execute(
            """INSERT INTO sale_order_line (order_id, company_id, currency_id, name, sequence,
                   product_id, product_uom, product_uom_qty, qty_delivered, qty_invoiced,
                   price_unit, price_subtotal, price_total, price_tax, price_reduce_taxexcl,
                   price_reduce_taxinc, untaxed_amount_invoiced, discount, customer_lead,
                   state, invoice_status, kia_job_line_id, create_date, write_date,
                   create_uid, write_uid)
               SELECT %s + (j.id - %s) / %s, j.company_id, c.currency_id, 'Labour', j.seq,
                      j.labour_product, 1, j.flagged, j.flagged, j.flagged, 300,
                      j.flagged * 300, j.flagged * 300, 0, 300, 300, j.flagged * 300, 0, 0,
                      'sale', 'invoiced', j.id, j.started, j.delivered, 1, 1
                 FROM bench_job j JOIN res_company c ON c.id = j.company_id
                WHERE j.pay_type = 'customer'""",
            [first_sale, first_job, JOBS_PER_ORDER],
        )
        cr.execute(
            "UPDATE kia_job_line j SET sale_line_id = l.id FROM sale_order_line l "
            "WHERE l.kia_job_line_id = j.id AND j.id >= %s",
            [first_job],
        )
        cr.execute(
            """INSERT INTO sale_order_line (order_id, company_id, currency_id, name, sequence,
                   product_uom_qty, qty_delivered, qty_invoiced, price_unit, price_subtotal,
                   price_total, price_tax, price_reduce_taxexcl, price_reduce_taxinc,
                   untaxed_amount_invoiced, discount, customer_lead, state, invoice_status,
                   create_date, write_date, create_uid, write_uid)
               SELECT %s + n, o.company_id, c.currency_id, 'Parts', 100, 1, 1, 1,
                      200 + n %% 400, 200 + n %% 400, 200 + n %% 400, 0, 200 + n %% 400,
                      200 + n %% 400, 200 + n %% 400, 0, 0, 'sale', 'invoiced',
                      checkin, checkin + stay, 1, 1
                 FROM bench_order o JOIN res_company c ON c.id = o.company_id""",
            [first_sale],
        )
        cr.execute(
            """UPDATE sale_order s SET amount_untaxed = t.total, amount_total = t.total
                 FROM (SELECT order_id, SUM(price_subtotal) AS total FROM sale_order_line
                        WHERE order_id >= %s GROUP BY order_id) t
                WHERE s.id = t.order_id""",
            [first_sale],
        )
        cr.execute(
            """INSERT INTO kia_service_followup (repair_id, company_id, partner_id,
                   advisor_id, state, satisfaction, csi_score, scheduled_date, contact_date,
                   create_date, write_date, create_uid, write_uid)
               SELECT repair_id, company_id, partner_id,
                      advisors[1 + n % array_length(advisors, 1)], 'done',
                      (3 + n % 3)::text, 60 + n % 41, (checkin + stay)::date + 3,
                      checkin + stay + interval '3 days', checkin + stay,
                      checkin + stay + interval '3 days', 1, 1
                 FROM bench_order WHERE n % 20 = 0"""
        )
        cr.execute("SELECT setval('repair_order_id_seq', (SELECT MAX(id) FROM repair_order))")

    def analyze(self):
        for table in (
            "repair_order",
            "kia_job_line",
            "kia_job_time_log",
            "sale_order",
            "sale_order_line",
            "kia_service_followup",
            "hr_employee_kia_job_line_rel",
            "res_partner",
        ):
            self.cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


def month_domain(month, offset=0):
    first = month + relativedelta(months=offset)
    return [("date", ">=", first), ("date", "<", first + relativedelta(months=1))]


def ratio_sql(env, measure):
    """The SQL a hand-written report would use for a measure: a sum, or a ratio of sums."""
    spec = getattr(env["kia.kpi.fact"]._fields[measure], "kia_ratio", None)
    if not spec:
        return SQL("SUM(%s)", SQL.identifier(measure))
    num, den, factor = spec
    return SQL(
        "COALESCE(%s * SUM(%s) / NULLIF(SUM(%s), 0), 0)",
        factor,
        SQL.identifier(num),
        SQL.identifier(den),
    )


class Measures:
    def __init__(self, env, manager_env, month):
        self.env = env
        self.menv = manager_env
        self.cr = env.cr
        self.month = month
        self.first = month - relativedelta(months=11)
        self.end = month + relativedelta(months=1)
        self.results = []

    def report(self, name, orm, sql=None, sql_source=None):
        line = f"  {name:<44} ORM {orm * 1000:>9.1f} ms"
        if sql is not None:
            line += f" | SQL {sql * 1000:>8.1f} ms | ratio {orm / sql:>5.2f}x"
        if sql_source is not None:
            line += f" | SQL on sources {sql_source * 1000:>8.1f} ms"
        print(line, flush=True)
        self.results.append((name, orm, sql, sql_source))

    def sql(self, query):
        def run():
            self.cr.execute(query)
            return self.cr.fetchall()

        return run

    def pivot_technician(self):
        Fact = self.menv["kia.kpi.fact"]
        domain = [("date", ">=", self.first), ("date", "<", self.end)]
        fields_ = ["efficiency:avg", "clocked_hours:sum", "flagged_hours:sum"]

        def orm():
            Fact.invalidate_model()
            return Fact.read_group(domain, fields_, ["date:month", "employee_id"], lazy=False)

        sql = SQL(
            """SELECT date_trunc('month', date), employee_id,
                      COALESCE(100.0 * SUM(flagged_hours) / NULLIF(SUM(clocked_hours), 0), 0),
                      SUM(clocked_hours), SUM(flagged_hours)
                 FROM kia_kpi_fact WHERE date >= %s AND date < %s
                GROUP BY 1, 2""",
            self.first,
            self.end,
        )
        source = SQL(
            """SELECT date_trunc('month', (t.date_start AT TIME ZONE 'UTC'
                                           AT TIME ZONE 'Asia/Shanghai')::date),
                      t.employee_id, 100.0 * SUM(j.flagged_hours) / NULLIF(SUM(t.duration), 0),
                      SUM(t.duration), SUM(j.flagged_hours)
                 FROM kia_job_time_log t JOIN kia_job_line j ON j.id = t.job_line_id
                WHERE t.date_start >= %s AND t.date_start < %s
                GROUP BY 1, 2""",
            self.first,
            self.end,
        )
        rows = orm()
        self.report(
            f"pivot month x technician ({len(rows)} cells)",
            timed(orm),
            timed(self.sql(sql)),
            timed(self.sql(source)),
        )

        def core():  # the same query without read_group's formatting of each group
            return Fact._read_group(domain, ["date:month", "employee_id"], fields_)

        self.report("  (_read_group core, same pivot)", timed(core), timed(self.sql(sql)))

    def pivot_company(self):
        Fact = self.menv["kia.kpi.fact"]
        domain = [("date", ">=", self.first), ("date", "<", self.end)]
        fields_ = ["sales_per_order:avg", "total_sales:sum", "vehicles_out:sum"]

        def orm():
            Fact.invalidate_model()
            return Fact.read_group(domain, fields_, ["date:month", "company_id"], lazy=False)

        sql = SQL(
            """SELECT date_trunc('month', date), company_id,
                      COALESCE(SUM(total_sales) / NULLIF(SUM(vehicles_out), 0), 0),
                      SUM(total_sales), SUM(vehicles_out)
                 FROM kia_kpi_fact WHERE date >= %s AND date < %s
                GROUP BY 1, 2""",
            self.first,
            self.end,
        )
        rows = orm()
        self.report(f"pivot month x dealer ({len(rows)} cells)", timed(orm), timed(self.sql(sql)))

    def dashboard(self):
        """Every read_group the service dashboard issues for a month: its three month
        pivots (all KPIs), vehicles in by type, sales by month and the chart."""
        data = json.loads(DASHBOARD.read_text(encoding="utf-8"))
        Fact = self.menv["kia.kpi.fact"]
        trend = [("date", ">", self.month - timedelta(days=365)), ("date", "<", self.end)]
        calls = []
        sqls = []
        for pivot in data["pivots"].values():
            measures = [m["fieldName"] for m in pivot["measures"]]
            groupby = [
                f"{d['fieldName']}:{d['granularity']}" if d.get("granularity") else d["fieldName"]
                for d in pivot["rows"]
            ]
            matching = next(
                (m for m in pivot["fieldMatching"].values() if m.get("chain") == "date"), None
            )
            if matching is None:
                continue
            if matching.get("offset") is None or pivot["rows"] and "date" in groupby[0]:
                domain = trend
            else:
                domain = month_domain(self.month, matching.get("offset", 0))
            specs = [
                f"{m}:avg" if getattr(Fact._fields[m], "kia_ratio", None) else f"{m}:sum"
                for m in measures
            ]
            calls.append((domain, specs, groupby))
            group_sql = [
                SQL("date_trunc('month', date)") if g.startswith("date") else SQL.identifier(g)
                for g in groupby
            ]
            sqls.append(
                SQL(
                    "SELECT %s FROM kia_kpi_fact WHERE date >= %s AND date < %s %s",
                    SQL(", ").join(group_sql + [ratio_sql(self.env, m) for m in measures]),
                    domain[0][2],
                    domain[1][2],
                    SQL("GROUP BY %s", SQL(", ").join(group_sql)) if group_sql else SQL(""),
                )
            )
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"].get("metaData")
                if meta:
                    calls.append((trend, [meta["measure"]], meta["groupBy"]))
                    sqls.append(
                        SQL(
                            "SELECT date_trunc('month', date), SUM(%s) FROM kia_kpi_fact "
                            "WHERE date > %s AND date < %s GROUP BY 1",
                            SQL.identifier(meta["measure"]),
                            trend[0][2],
                            trend[1][2],
                        )
                    )

        def orm():
            Fact.invalidate_model()
            for domain, specs, groupby in calls:
                Fact.read_group(domain, specs, groupby, lazy=False)

        def sql():
            for query in sqls:
                self.cr.execute(query)
                self.cr.fetchall()

        self.report(f"service dashboard ({len(calls)} read_groups)", timed(orm), timed(sql))

    def work_orders(self):
        Repair = self.menv["repair.order"]
        action = self.env.ref("kia_aftersales.action_kia_work_order")
        views = Repair.get_views([(False, "kanban"), (False, "list")], {"action_id": action.id})
        for view_type, limit in (("kanban", 80), ("list", 40)):
            fields_ = (
                views["views"][view_type]["fields"]
                if "fields" in views["views"][view_type]
                else views["models"]["repair.order"]["fields"]
            )
            spec = {}
            for name in fields_:
                field = Repair._fields.get(name)
                if not field:
                    continue
                if field.type in ("many2one",):
                    spec[name] = {"fields": {"display_name": {}}}
                elif field.type in ("one2many", "many2many"):
                    spec[name] = {"fields": {"display_name": {}}}
                else:
                    spec[name] = {}
            domain = safe_eval(action.domain) if action.domain else []

            def orm(spec=spec, limit=limit, domain=domain):
                Repair.invalidate_model()
                return Repair.web_search_read(domain, spec, limit=limit, count_limit=10001)

            self.report(f"work orders {view_type}, first {limit}", timed(orm))

    def scorecards(self, companies, staff):
        """The month's scorecards of every employee with targets and of every dealer
        (the demo's targets per position, in each of the 10 dealers)."""
        from odoo.addons.kia_aftersales.demo.kia_scorecard_demo import TARGETS

        env = self.env
        self.staff = staff
        targets = TARGETS + [
            ("kia_training.job_parts_clerk", "kia_parts.kpi_fill_rate", 95.0, 2.0, 10.0, 5.0),
            (
                "kia_training.job_warranty_clerk",
                "kia_warranty.kpi_rejection_rate",
                5.0,
                2.0,
                10.0,
                5.0,
            ),
        ]
        vals_list = []
        for company in companies:
            existing = env["kia.scorecard.target"].search([("company_id", "=", company.id)])
            existing.unlink()
            for job, kpi, target, weight, reward, penalty in targets:
                vals_list.append(
                    {
                        "company_id": company.id,
                        "job_id": self.staff[company.id]["jobs"][job] if job else False,
                        "kpi_id": env.ref(kpi).id,
                        "target": target,
                        "weight": weight,
                        "reward_points": reward,
                        "penalty_points": penalty,
                    }
                )
        env["kia.scorecard.target"].create(vals_list)
        env["kia.scorecard"].search([("month", "=", self.month)]).sudo().unlink()
        env.flush_all()
        Scorecard = self.menv["kia.scorecard"]
        cards = []

        def run():
            self.cr.execute("SAVEPOINT bench_scorecard")
            cards[:] = [len(Scorecard._kia_generate(self.month, companies))]
            self.menv.flush_all()
            self.cr.execute("ROLLBACK TO SAVEPOINT bench_scorecard")
            self.menv.invalidate_all()

        elapsed = timed(run, repeat=3)
        self.report(f"scorecards of a month ({cards[0]} scorecards)", elapsed)


def main():
    template = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("KIA_TEST_DB", "kia_test")
    database = f"{template}_kpi"
    subprocess.run(["dropdb", "--if-exists", database], check=True)
    subprocess.run(["createdb", "-T", template, database], check=True)
    conf = os.environ.get("KIA_ODOO_CONFIG", str(ROOT / "odoo.conf"))
    config.parse_config(["-c", conf, "-d", database, "--log-level=warn"])
    try:
        run(database)
    finally:
        odoo.sql_db.close_all()
        if not os.environ.get("KIA_BENCH_KEEP"):
            subprocess.run(["dropdb", "--if-exists", database], check=True)


def run(database):
    registry = odoo.modules.registry.Registry(database)
    print(
        f"scale {SCALE}: {COMPANIES} dealers, {ORDERS} work orders, "
        f"{ORDERS * JOBS_PER_ORDER} job lines over {YEARS} years"
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        generator = Generator(env)
        start = time.perf_counter()
        generator.dealers()
        generator._company_table()
        generator.customers()
        log(f"dealers, staff and customers: {time.perf_counter() - start:.1f} s")
        today = date.today()
        begin = datetime(today.year - YEARS, today.month, 1)
        days = (datetime(today.year, today.month, 1) - begin).days
        start = time.perf_counter()
        generator.orders(ORDERS, begin, days, "BENCH")
        generator.analyze()
        generation = time.perf_counter() - start
        log(f"bulk generation (SQL): {generation:.1f} s")
        cr.execute("SELECT COUNT(*) FROM repair_order")
        orders = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM kia_job_line")
        jobs = cr.fetchone()[0]
        log(f"rows: {orders} work orders, {jobs} job lines")
        start = time.perf_counter()
        env["kia.kpi.fact"]._kia_refresh(full=True)
        cr.execute("ANALYZE kia_kpi_fact")
        full = time.perf_counter() - start
        cr.execute("SELECT COUNT(*) FROM kia_kpi_fact")
        facts = cr.fetchone()[0]
        log(f"full refresh: {full:.1f} s, {facts} fact rows")
        if facts < orders:
            raise SystemExit("the refresh wrote fewer facts than work orders: sources broken")
        cr.commit()

        manager = env["res.users"].create(
            {
                "name": "Bench service manager",
                "login": "bench_service_manager",
                "company_id": generator.companies[0].id,
                "company_ids": [(6, 0, generator.companies.ids)],
                "groups_id": [(6, 0, [env.ref("kia_aftersales.group_service_manager").id])],
            }
        )
        manager_env = env(user=manager, context={"allowed_company_ids": generator.companies.ids})
        # the last complete month
        month = today.replace(day=1) - relativedelta(months=1)
        print(f"measures (median of {REPEAT}, warm), month {month:%Y-%m}:")
        measures = Measures(env, manager_env, month)
        measures.pivot_technician()
        measures.pivot_company()
        measures.dashboard()
        measures.work_orders()
        measures.scorecards(generator.companies, generator.staff)

        new_orders = max(10, int(1_000 * min(SCALE * 10, 1)))
        generator.orders(new_orders, datetime(today.year, today.month, 1), 1, "BENCHNEW")
        # written now, after the last refresh, as the users' new orders would be
        cr.execute(
            """WITH new AS (SELECT id FROM repair_order WHERE name LIKE 'BENCHNEW/%%')
               , o AS (UPDATE repair_order SET write_date = now()
                        WHERE id IN (SELECT id FROM new))
               , j AS (UPDATE kia_job_line SET write_date = now()
                        WHERE repair_id IN (SELECT id FROM new))
               UPDATE kia_job_time_log SET write_date = now()
                WHERE repair_id IN (SELECT id FROM new)"""
        )
        env.invalidate_all()
        start = time.perf_counter()
        done = env["kia.kpi.fact"]._kia_refresh()
        incremental = time.perf_counter() - start
        measures.report(
            f"incremental refresh, {new_orders} new orders ({sum(done.values())} keys)",
            incremental,
        )
        cr.rollback()
    print(
        f"summary: generation {generation:.1f} s, full refresh {full:.1f} s "
        f"({facts} facts), incremental {incremental * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
