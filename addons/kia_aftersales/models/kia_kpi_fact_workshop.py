from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .kia_job_time_log import COST_GROUPS
from .kia_kpi_fact import SALES_GROUPS, ratio

# Source tables filtered by write_date in the incremental refresh (index created in init).
WRITE_DATE_TABLES = (
    "repair_order",
    "kia_job_line",
    "kia_job_time_log",
    "hr_attendance",
    "sale_order_line",
    "account_move",
    "account_move_line",
    "stock_move",
    "stock_valuation_layer",
)


class KiaKpiFact(models.Model):
    """Workshop sources of the KPI fact table: work orders in and out, jobs (sales,
    costs, hours sold), clockings, attendances, bays.

    Days are the dealer's: a timestamp's day in the company's time zone (its address's,
    else its working hours', else UTC), as ``res.company._kia_tz`` decides."""

    _inherit = "kia.kpi.fact"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ figures
    vehicles_in = fields.Integer(readonly=True, help="Work orders checked in (进厂台次).")
    vehicles_out = fields.Integer(
        string="Vehicles Delivered", readonly=True, help="Work orders delivered (出厂台次)."
    )
    labour_sales = fields.Monetary(
        readonly=True,
        groups=SALES_GROUPS,
        help="Labour of the jobs of delivered work orders before taxes, from the customer's "
        "sale order and its posted invoices (net of credit notes).",
    )
    parts_sales = fields.Monetary(
        readonly=True,
        groups=SALES_GROUPS,
        help="Parts of the jobs of delivered work orders before taxes, from the customer's "
        "sale order and its posted invoices (net of credit notes).",
    )
    total_sales = fields.Monetary(
        readonly=True,
        groups=SALES_GROUPS,
        help="Labour sales + parts sales (产值).",
    )
    labour_cost = fields.Monetary(
        readonly=True,
        groups=COST_GROUPS,
        help="Clocked time of the jobs at each technician's hourly cost.",
    )
    parts_cost = fields.Monetary(
        readonly=True,
        groups=COST_GROUPS,
        help="Stock valuation of the parts consumed by the jobs.",
    )
    labour_margin = fields.Monetary(
        string="Labour Gross Profit",
        readonly=True,
        groups=COST_GROUPS,
        help="Labour sales − labour cost.",
    )
    parts_margin = fields.Monetary(
        string="Parts Gross Profit",
        readonly=True,
        groups=COST_GROUPS,
        help="Parts sales − parts cost.",
    )
    total_margin = fields.Monetary(
        string="Gross Profit",
        readonly=True,
        groups=COST_GROUPS,
        help="Labour gross profit + parts gross profit.",
    )
    hours_sold = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="Flat-rate hours of the finished jobs of delivered work orders.",
    )
    flagged_hours = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="Flat-rate hours of finished jobs, shared between their clockings.",
    )
    clocked_hours = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="Hours the technicians clocked on jobs.",
    )
    attended_hours = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="Hours the technicians were checked in at the workshop (Attendances).",
    )
    bay_hours_used = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="Hours a vehicle was worked on (its clockings, overlaps counted once).",
    )
    bay_hours_available = fields.Float(
        readonly=True,
        digits=(16, 2),
        help="Working hours of the active workshop bays (their working schedules).",
    )
    comebacks = fields.Integer(
        readonly=True,
        help="Delivered work orders whose vehicle came back within the comeback window.",
    )
    first_time_fixes = fields.Integer(
        string="First-Time Fixes",
        readonly=True,
        help="Delivered work orders without comeback and without failed quality check.",
    )
    promised_orders = fields.Integer(
        string="Orders Promised",
        readonly=True,
        help="Delivered work orders with a promised delivery time.",
    )
    on_time_orders = fields.Integer(
        string="Orders On Time",
        readonly=True,
        help="Delivered work orders delivered no later than promised.",
    )
    same_day_orders = fields.Integer(
        string="Same-Day Orders",
        readonly=True,
        help="Work orders delivered on their check-in day.",
    )
    # ------------------------------------------------------------------ ratios
    sales_per_order = fields.Float(
        string="Sales per Order",
        digits=(16, 2),
        groups=SALES_GROUPS,
        help="Total sales ÷ vehicles delivered (单车产值).",
        **ratio("total_sales", "vehicles_out", 1.0),
    )
    margin_per_order = fields.Float(
        string="Gross Profit per Order",
        digits=(16, 2),
        groups=COST_GROUPS,
        help="Gross profit ÷ vehicles delivered.",
        **ratio("total_margin", "vehicles_out", 1.0),
    )
    effective_labour_rate = fields.Float(
        digits=(16, 2),
        groups=SALES_GROUPS,
        help="Labour sales ÷ hours sold.",
        **ratio("labour_sales", "hours_sold", 1.0),
    )
    hours_per_order = fields.Float(
        string="Hours Sold per Order",
        digits=(16, 2),
        help="Hours sold ÷ vehicles delivered.",
        **ratio("hours_sold", "vehicles_out", 1.0),
    )
    efficiency = fields.Float(
        string="Efficiency (%)",
        digits=(16, 2),
        help="Flagged hours ÷ clocked hours.",
        **ratio("flagged_hours", "clocked_hours", 100.0),
    )
    productivity = fields.Float(
        string="Productivity (%)",
        digits=(16, 2),
        help="Clocked hours ÷ attended hours.",
        **ratio("clocked_hours", "attended_hours", 100.0),
    )
    bay_utilisation = fields.Float(
        string="Bay Utilisation (%)",
        digits=(16, 2),
        help="Bay hours used ÷ bay hours available.",
        **ratio("bay_hours_used", "bay_hours_available", 100.0),
    )
    rework_rate = fields.Float(
        string="Rework Rate (%)",
        digits=(16, 2),
        help="Comebacks ÷ vehicles delivered (返修率).",
        **ratio("comebacks", "vehicles_out", 100.0),
    )
    first_time_fix_rate = fields.Float(
        string="First-Time Fix Rate (%)",
        digits=(16, 2),
        help="First-time fixes ÷ vehicles delivered (一次修复率).",
        **ratio("first_time_fixes", "vehicles_out", 100.0),
    )
    on_time_rate = fields.Float(
        string="On-Time Delivery (%)",
        digits=(16, 2),
        help="Orders on time ÷ orders promised (准时交车率).",
        **ratio("on_time_orders", "promised_orders", 100.0),
    )
    same_day_rate = fields.Float(
        string="Same-Day Delivery (%)",
        digits=(16, 2),
        help="Same-day orders ÷ vehicles delivered.",
        **ratio("same_day_orders", "vehicles_out", 100.0),
    )

    def init(self):
        res = super().init()
        # The incremental refresh reads the records changed since its last run.
        for table in WRITE_DATE_TABLES:
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON %s (write_date)",
                    SQL.identifier(f"{table}_kia_write_date_idx"),
                    SQL.identifier(table),
                )
            )
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS repair_order_kia_vehicle_checkin_idx "
            "ON repair_order (kia_vehicle_id, kia_checkin_date) "
            "WHERE kia_checkin_date IS NOT NULL"
        )
        return res

    # ------------------------------------------------------------------ helpers
    @api.model
    def _kia_company_tz_sql(self):
        """SQL of ``(id, tz)`` for every company: the time zone its days are counted in
        (its address's, else its working hours', else UTC)."""
        return SQL(
            """SELECT c.id, COALESCE(NULLIF(p.tz, ''), NULLIF(rc.tz, ''), 'UTC') AS tz
                 FROM res_company c
                 JOIN res_partner p ON p.id = c.partner_id
            LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id"""
        )

    @api.model
    def _kia_local_date_sql(self, timestamp, tz):
        """The local date of a UTC ``timestamp`` column in time zone column ``tz``."""
        return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)::date", timestamp, tz)

    @api.model
    def _kia_order_type_sql(self, repairs):
        """SQL of ``(repair_id, order_type, technician_id)``: the labour category of the
        first job (by sequence, then id; declined jobs aside) of the work orders of SQL
        ``repairs`` (a query selecting ``id``), and its technician (the first one): the
        work order's main technician, whom its comebacks and first-time fixes are about."""
        return SQL(
            """SELECT DISTINCT ON (j.repair_id) j.repair_id, op.category AS order_type,
                      (SELECT MIN(rel.hr_employee_id) FROM hr_employee_kia_job_line_rel rel
                        WHERE rel.kia_job_line_id = j.id) AS technician_id
                 FROM kia_job_line j
            LEFT JOIN kia_labour_operation op ON op.id = j.labour_operation_id
                WHERE j.repair_id IN (%s) AND j.state != 'cancelled'
             ORDER BY j.repair_id, j.sequence, j.id""",
            repairs,
        )

    # ------------------------------------------------------------------ work orders
    @api.model
    def _kia_source_work_order_sources(self):
        return ["work_order_in", "work_order_out"]

    @api.model
    def _kia_source_work_order_keys(self, since):
        """Work orders changed, work orders whose jobs changed (their type and main
        technician come from the first job), and the earlier deliveries of the same
        vehicle whose comeback status a changed check-in decides."""
        if since is None:
            return SQL("SELECT id AS res_id, NULL::date AS date FROM repair_order")
        return SQL(
            """SELECT ro.id AS res_id, NULL::date AS date
                 FROM repair_order ro WHERE %(changed)s
            UNION
               SELECT prev.id, NULL::date
                 FROM repair_order ro
                 JOIN repair_order prev ON prev.kia_vehicle_id = ro.kia_vehicle_id
                                       AND prev.id != ro.id
                                       AND prev.kia_checkin_date IS NOT NULL
                                       AND prev.kia_checkin_date <= ro.kia_checkin_date
                WHERE %(changed)s AND ro.kia_checkin_date IS NOT NULL
                  AND prev.kia_delivered_date IS NOT NULL
            UNION
               SELECT j.repair_id, NULL::date FROM kia_job_line j WHERE %(job)s""",
            changed=self._kia_since_clause("ro", since),
            job=self._kia_since_clause("j", since),
        )

    @api.model
    def _kia_source_work_order_rows(self, keys):
        """A checked-in work order: a check-in row on its check-in day; a delivered one
        also a delivery row on its delivery day with its delivery figures. A comeback
        (返修): the same vehicle checked in again (work order not cancelled) after this
        delivery and within the company's comeback window (``kia_comeback_days`` days)
        for a job of the same labour operation as one of this order's (periodic
        maintenance aside: coming back for the next service is no comeback)."""
        return SQL(
            """WITH tz AS (%(tz)s),
            wo AS (
                SELECT ro.id, ro.company_id, ro.user_id, ro.kia_vehicle_id,
                       ro.kia_vehicle_model_id, ro.kia_checkin_date, ro.kia_delivered_date,
                       ro.kia_promised_date, ro.kia_rework_count, c.kia_comeback_days,
                       %(checkin_day)s AS checkin_day, %(delivery_day)s AS delivery_day
                  FROM repair_order ro
                  JOIN %(keys)s k ON k.res_id = ro.id
                  JOIN res_company c ON c.id = ro.company_id
                  JOIN tz ON tz.id = ro.company_id
                 WHERE ro.kia_checkin_date IS NOT NULL AND ro.state != 'cancel'
            ),
            comeback AS (
                SELECT DISTINCT wo.id
                  FROM wo
                  JOIN repair_order nxt ON nxt.kia_vehicle_id = wo.kia_vehicle_id
                                       AND nxt.id != wo.id
                                       AND nxt.kia_checkin_date > wo.kia_delivered_date
                                       AND nxt.kia_checkin_date <= wo.kia_delivered_date
                                           + make_interval(days => wo.kia_comeback_days)
                                       AND nxt.state != 'cancel'
                  -- for a repair it had (same labour operation, maintenance aside)
                  JOIN kia_job_line done_job ON done_job.repair_id = wo.id
                                            AND done_job.state != 'cancelled'
                  JOIN kia_labour_operation op ON op.id = done_job.labour_operation_id
                                              AND op.category != 'maintenance'
                  JOIN kia_job_line again ON again.repair_id = nxt.id
                                         AND again.labour_operation_id = op.id
                                         AND again.state != 'cancelled'
                 WHERE wo.kia_delivered_date IS NOT NULL
            ),
            otype AS (%(order_type)s)
            SELECT 'work_order_in' AS source, wo.id AS res_id, wo.checkin_day AS date,
                   wo.company_id, wo.id AS repair_id, wo.user_id AS advisor_id,
                   otype.technician_id AS employee_id,
                   wo.kia_vehicle_model_id AS vehicle_model_id, otype.order_type,
                   1 AS vehicles_in, 0 AS vehicles_out, 0 AS promised_orders,
                   0 AS on_time_orders, 0 AS same_day_orders, 0 AS comebacks,
                   0 AS first_time_fixes
              FROM wo LEFT JOIN otype ON otype.repair_id = wo.id
            UNION ALL
            SELECT 'work_order_out', wo.id, wo.delivery_day, wo.company_id, wo.id, wo.user_id,
                   otype.technician_id, wo.kia_vehicle_model_id, otype.order_type,
                   0, 1,
                   (wo.kia_promised_date IS NOT NULL)::int,
                   (wo.kia_delivered_date <= wo.kia_promised_date)::int,
                   (wo.delivery_day = wo.checkin_day)::int,
                   (comeback.id IS NOT NULL)::int,
                   (comeback.id IS NULL AND COALESCE(wo.kia_rework_count, 0) = 0)::int
              FROM wo
         LEFT JOIN otype ON otype.repair_id = wo.id
         LEFT JOIN comeback ON comeback.id = wo.id
             WHERE wo.kia_delivered_date IS NOT NULL""",
            tz=self._kia_company_tz_sql(),
            keys=keys,
            checkin_day=self._kia_local_date_sql(SQL("ro.kia_checkin_date"), SQL("tz.tz")),
            delivery_day=self._kia_local_date_sql(SQL("ro.kia_delivered_date"), SQL("tz.tz")),
            order_type=self._kia_order_type_sql(SQL("SELECT res_id FROM %s", keys)),
        )

    # ------------------------------------------------------------------ jobs
    @api.model
    def _kia_source_job_keys(self, since):
        """Jobs changed, jobs of work orders changed, and jobs whose sale order lines,
        invoices, invoice lines, parts moves, valuation layers or clockings changed."""
        if since is None:
            return SQL("SELECT id AS res_id, NULL::date AS date FROM kia_job_line")

        def changed(alias):
            return self._kia_since_clause(alias, since)

        return SQL(
            """WITH sol AS (
                SELECT sol.id FROM sale_order_line sol WHERE %(sol)s
                UNION
                SELECT rel.order_line_id
                  FROM account_move_line aml
                  JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
                 WHERE %(aml)s
                UNION
                SELECT rel.order_line_id
                  FROM account_move am
                  JOIN account_move_line aml ON aml.move_id = am.id
                  JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
                 WHERE %(am)s
            )
            SELECT j.id AS res_id, NULL::date AS date FROM kia_job_line j WHERE %(job)s
            UNION
            SELECT j.id, NULL FROM repair_order ro
              JOIN kia_job_line j ON j.repair_id = ro.id WHERE %(ro)s
            UNION
            SELECT j.id, NULL FROM sol JOIN kia_job_line j ON j.sale_line_id = sol.id
            UNION
            SELECT sm.kia_job_line_id, NULL FROM sol JOIN stock_move sm ON sm.sale_line_id = sol.id
             WHERE sm.kia_job_line_id IS NOT NULL
            UNION
            SELECT sm.kia_job_line_id, NULL FROM stock_move sm
             WHERE %(sm)s AND sm.kia_job_line_id IS NOT NULL
            UNION
            SELECT sm.kia_job_line_id, NULL FROM stock_valuation_layer svl
              JOIN stock_move sm ON sm.id = svl.stock_move_id
             WHERE %(svl)s AND sm.kia_job_line_id IS NOT NULL
            UNION
            SELECT log.job_line_id, NULL FROM kia_job_time_log log WHERE %(log)s""",
            sol=changed("sol"),
            aml=changed("aml"),
            am=changed("am"),
            job=changed("j"),
            ro=changed("ro"),
            sm=changed("sm"),
            svl=changed("svl"),
            log=changed("log"),
        )

    @api.model
    def _kia_sale_line_amount_sql(self, lines):
        """SQL of ``(id, amount)``: what the customer is charged before taxes for each
        sale order line of SQL ``lines`` (a query selecting ids), as ``sale.order.line.
        _kia_charged_amounts`` says: a line with posted invoice lines is worth what they
        invoice (invoices minus credit notes) plus its own subtotal for the quantity not
        invoiced yet; else its subtotal. Invoices are in the sale order's currency and
        units (they are made from it)."""
        return SQL(
            """SELECT sol.id,
                      CASE WHEN sol.display_type IS NOT NULL OR sol.state = 'cancel' THEN 0.0
                           WHEN inv.order_line_id IS NOT NULL
                           THEN inv.amount + COALESCE(sol.price_subtotal
                                * GREATEST(sol.product_uom_qty - inv.qty, 0)
                                / NULLIF(sol.product_uom_qty, 0), 0.0)
                           ELSE sol.price_subtotal END AS amount
                 FROM sale_order_line sol
            LEFT JOIN (SELECT rel.order_line_id,
                              SUM(CASE am.move_type WHEN 'out_refund' THEN -aml.price_subtotal
                                  ELSE aml.price_subtotal END) AS amount,
                              SUM(CASE am.move_type WHEN 'out_refund' THEN -aml.quantity
                                  ELSE aml.quantity END) AS qty
                         FROM sale_order_line_invoice_rel rel
                         JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                         JOIN account_move am ON am.id = aml.move_id
                        WHERE rel.order_line_id IN (%(lines)s) AND am.state = 'posted'
                          AND am.move_type IN ('out_invoice', 'out_refund')
                     GROUP BY rel.order_line_id) inv ON inv.order_line_id = sol.id
                WHERE sol.id IN (%(lines)s)""",
            lines=lines,
        )

    @api.model
    def _kia_job_sales_sql(self, jobs):
        """SQL of ``(job_id, labour_sales, parts_sales)`` rows (several rows of a job are
        summed) for the jobs of SQL ``jobs`` (a query selecting ids): what the customer
        pays for his customer-pay jobs, from his sale order and its posted invoices (the
        job's labour line, the lines of its parts). Other pay types have no sales here:
        a module that bills someone else (the manufacturer's warranty) adds its rows
        (``UNION ALL``)."""
        return SQL(
            """SELECT links.job_id,
                      CASE WHEN links.kind = 'labour' THEN amt.amount ELSE 0.0 END
                          AS labour_sales,
                      CASE WHEN links.kind = 'parts' THEN amt.amount ELSE 0.0 END
                          AS parts_sales
                 FROM (SELECT j.id AS job_id, j.sale_line_id AS line_id, 'labour' AS kind
                         FROM kia_job_line j
                        WHERE j.id IN (%(jobs)s) AND j.pay_type = 'customer'
                          AND j.sale_line_id IS NOT NULL
                       UNION
                       SELECT sm.kia_job_line_id, sm.sale_line_id, 'parts'
                         FROM stock_move sm
                         JOIN kia_job_line j ON j.id = sm.kia_job_line_id
                        WHERE sm.kia_job_line_id IN (%(jobs)s) AND j.pay_type = 'customer'
                          AND sm.repair_line_type = 'add' AND sm.state != 'cancel'
                          AND sm.sale_line_id IS NOT NULL) links
                 JOIN (%(amount)s) amt ON amt.id = links.line_id""",
            jobs=jobs,
            amount=self._kia_sale_line_amount_sql(
                SQL(
                    """SELECT j.sale_line_id FROM kia_job_line j
                        WHERE j.id IN (%(jobs)s) AND j.sale_line_id IS NOT NULL
                       UNION ALL
                       SELECT sm.sale_line_id FROM stock_move sm
                        WHERE sm.kia_job_line_id IN (%(jobs)s) AND sm.sale_line_id IS NOT NULL""",
                    jobs=jobs,
                )
            ),
        )

    @api.model
    def _kia_source_job_rows(self, keys):
        """A job (not declined) of a delivered work order, on the delivery day: its
        sales (``_kia_job_sales_sql``), the stock valuation of its parts consumed
        (− Σ valuation layers of its moves), its labour cost (clocked time at the
        technicians' hourly cost), the margins, and its flat-rate hours once done
        (hours sold). Attributed to its first technician (lowest id)."""
        job_ids = SQL("SELECT res_id FROM %s", keys)
        return SQL(
            """WITH tz AS (%(tz)s),
            jobs AS (
                SELECT j.id, j.repair_id, j.pay_type, j.state, j.flagged_hours,
                       COALESCE(j.labour_cost, 0.0) AS labour_cost, ro.company_id,
                       ro.user_id, ro.kia_vehicle_model_id,
                       %(delivery_day)s AS date
                  FROM kia_job_line j
                  JOIN %(keys)s k ON k.res_id = j.id
                  JOIN repair_order ro ON ro.id = j.repair_id
                  JOIN tz ON tz.id = ro.company_id
                 WHERE ro.kia_delivered_date IS NOT NULL AND j.state != 'cancelled'
            ),
            sales AS (
                SELECT job_id, SUM(labour_sales) AS labour_sales,
                       SUM(parts_sales) AS parts_sales
                  FROM (%(sales)s) s GROUP BY job_id
            ),
            costs AS (
                SELECT sm.kia_job_line_id AS job_id, -SUM(svl.value) AS parts_cost
                  FROM stock_move sm
                  JOIN stock_valuation_layer svl ON svl.stock_move_id = sm.id
                 WHERE sm.kia_job_line_id IN (%(job_ids)s)
              GROUP BY sm.kia_job_line_id
            ),
            tech AS (
                SELECT rel.kia_job_line_id AS job_id, MIN(rel.hr_employee_id) AS employee_id
                  FROM hr_employee_kia_job_line_rel rel
                 WHERE rel.kia_job_line_id IN (%(job_ids)s)
              GROUP BY rel.kia_job_line_id
            ),
            otype AS (%(order_type)s),
            figures AS (
                SELECT jobs.*, COALESCE(sales.labour_sales, 0.0) AS labour_sales,
                       COALESCE(sales.parts_sales, 0.0) AS parts_sales,
                       COALESCE(costs.parts_cost, 0.0) AS parts_cost,
                       tech.employee_id, otype.order_type
                  FROM jobs
             LEFT JOIN sales ON sales.job_id = jobs.id
             LEFT JOIN costs ON costs.job_id = jobs.id
             LEFT JOIN tech ON tech.job_id = jobs.id
             LEFT JOIN otype ON otype.repair_id = jobs.repair_id
            )
            SELECT 'job' AS source, id AS res_id, date, company_id, repair_id,
                   user_id AS advisor_id, employee_id,
                   kia_vehicle_model_id AS vehicle_model_id, pay_type, order_type,
                   labour_sales, parts_sales, labour_sales + parts_sales AS total_sales,
                   labour_cost, parts_cost,
                   labour_sales - labour_cost AS labour_margin,
                   parts_sales - parts_cost AS parts_margin,
                   labour_sales + parts_sales - labour_cost - parts_cost AS total_margin,
                   CASE WHEN state = 'done' THEN flagged_hours ELSE 0.0 END AS hours_sold
              FROM figures""",
            tz=self._kia_company_tz_sql(),
            keys=keys,
            job_ids=job_ids,
            delivery_day=self._kia_local_date_sql(SQL("ro.kia_delivered_date"), SQL("tz.tz")),
            sales=self._kia_job_sales_sql(job_ids),
            order_type=self._kia_order_type_sql(
                SQL(
                    "SELECT j.repair_id FROM kia_job_line j JOIN %s k ON k.res_id = j.id",
                    keys,
                )
            ),
        )

    # ------------------------------------------------------------------ clockings
    @api.model
    def _kia_source_time_log_keys(self, since):
        """Clockings changed, and the clockings of jobs changed (finished, flagged hours)."""
        if since is None:
            return SQL("SELECT id AS res_id, NULL::date AS date FROM kia_job_time_log")
        return SQL(
            """SELECT log.id AS res_id, NULL::date AS date
                 FROM kia_job_time_log log WHERE %(log)s
            UNION
               SELECT log.id, NULL
                 FROM kia_job_line j
                 JOIN kia_job_time_log log ON log.job_line_id = j.id WHERE %(job)s""",
            log=self._kia_since_clause("log", since),
            job=self._kia_since_clause("j", since),
        )

    @api.model
    def _kia_source_time_log_rows(self, keys):
        """A closed clocking, on the day it started: its hours, and its share of the
        job's flat-rate hours once the job is done (in proportion of the job's clocked
        hours, as ``kia.technician.performance`` shares them)."""
        return SQL(
            """WITH tz AS (%(tz)s)
            SELECT 'time_log' AS source, log.id AS res_id, %(day)s AS date,
                   log.company_id, log.repair_id, ro.user_id AS advisor_id,
                   log.employee_id, ro.kia_vehicle_model_id AS vehicle_model_id,
                   j.pay_type,
                   log.duration AS clocked_hours,
                   CASE WHEN j.state = 'done' AND j.clocked_hours > 0
                        THEN j.flagged_hours * log.duration / j.clocked_hours
                        ELSE 0.0 END AS flagged_hours
              FROM kia_job_time_log log
              JOIN %(keys)s k ON k.res_id = log.id
              JOIN kia_job_line j ON j.id = log.job_line_id
              JOIN repair_order ro ON ro.id = j.repair_id
              JOIN tz ON tz.id = log.company_id
             WHERE log.date_stop IS NOT NULL""",
            tz=self._kia_company_tz_sql(),
            keys=keys,
            day=self._kia_local_date_sql(SQL("log.date_start"), SQL("tz.tz")),
        )

    # ------------------------------------------------------------------ attendances
    @api.model
    def _kia_source_attendance_keys(self, since):
        """Attendances changed, and all those of an employee who clocked on a job for
        the first time (he became a technician of the figures)."""
        if since is None:
            return SQL("SELECT id AS res_id, NULL::date AS date FROM hr_attendance")
        return SQL(
            """SELECT att.id AS res_id, NULL::date AS date FROM hr_attendance att WHERE %(att)s
            UNION
               SELECT att.id, NULL
                 FROM hr_attendance att
                WHERE att.employee_id IN (
                      SELECT log.employee_id FROM kia_job_time_log log
                       WHERE %(log)s
                         AND NOT EXISTS (SELECT 1 FROM kia_job_time_log old
                                          WHERE old.employee_id = log.employee_id
                                            AND NOT %(old)s))""",
            att=self._kia_since_clause("att", since),
            log=self._kia_since_clause("log", since, "create_date"),
            old=self._kia_since_clause("old", since, "create_date"),
        )

    @api.model
    def _kia_source_attendance_rows(self, keys):
        """A closed attendance (Odoo Attendances: checked in and out at the workshop) of
        an employee who clocks on jobs, on the day he checked in: its worked hours are
        his attended hours (the productivity's denominator)."""
        return SQL(
            """WITH tz AS (%(tz)s)
            SELECT 'attendance' AS source, att.id AS res_id, %(day)s AS date,
                   emp.company_id, att.employee_id, att.worked_hours AS attended_hours
              FROM hr_attendance att
              JOIN %(keys)s k ON k.res_id = att.id
              JOIN hr_employee emp ON emp.id = att.employee_id
              JOIN tz ON tz.id = emp.company_id
             WHERE att.check_out IS NOT NULL
               AND att.employee_id IN (SELECT employee_id FROM kia_job_time_log)""",
            tz=self._kia_company_tz_sql(),
            keys=keys,
            day=self._kia_local_date_sql(SQL("att.check_in"), SQL("tz.tz")),
        )

    # ------------------------------------------------------------------ bays
    @api.model
    def _kia_source_bay_month_keys(self, since):
        """(dealer, month) of the clockings changed (all months with clockings when
        everything is read)."""
        start = self._kia_local_date_sql(SQL("log.date_start"), SQL("tz.tz"))
        stop = self._kia_local_date_sql(SQL("log.date_stop"), SQL("tz.tz"))
        return SQL(
            """WITH tz AS (%(tz)s)
            SELECT DISTINCT log.company_id AS res_id, date_trunc('month', d)::date AS date
              FROM kia_job_time_log log
              JOIN tz ON tz.id = log.company_id,
                   LATERAL (VALUES (%(start)s), (%(stop)s)) AS v(d)
             WHERE %(changed)s AND log.date_stop IS NOT NULL""",
            tz=self._kia_company_tz_sql(),
            start=start,
            stop=stop,
            changed=self._kia_since_clause("log", since),
        )

    @api.model
    def _kia_bay_hours_available(self, company_months):
        """``{(company id, first day of month): hours}``: the working hours of the
        company's active workshop bays in the month (their working schedules, leaves and
        public holidays deducted). A few rows (dealers × months)."""
        Resource = self.env["resource.resource"].sudo()
        companies = self.env["res.company"].sudo().browse({c for c, _m in company_months})
        bays = Resource.search(
            [("kia_is_bay", "=", True), ("company_id", "in", companies.ids)]
        ).filtered("calendar_id")
        hours = {}
        for company_id, month in company_months:
            company = companies.browse(company_id)
            tz = pytz.timezone(company._kia_tz() or "UTC")
            start = tz.localize(datetime.combine(month, time.min))
            stop = tz.localize(datetime.combine(month + relativedelta(months=1), time.min))
            total = 0.0
            company_bays = bays.filtered(lambda bay, company=company: bay.company_id == company)
            for calendar, calendar_bays in company_bays.grouped("calendar_id").items():
                intervals = calendar._work_intervals_batch(start, stop, resources=calendar_bays)
                for bay in calendar_bays:
                    total += sum(
                        (stop_dt - start_dt).total_seconds() / 3600
                        for start_dt, stop_dt, _meta in intervals[bay.id]
                    )
            hours[company_id, month] = total
        return hours

    @api.model
    def _kia_source_bay_month_rows(self, keys):
        """Per dealer and month: the bays' available hours (their working schedules) and
        the hours used, Σ over work orders of the union of their clockings in the month
        (two technicians on one car at once use one bay: the overlap counts once)."""
        self.env.cr.execute(SQL("SELECT res_id, date FROM %s", keys))
        available = self._kia_bay_hours_available(self.env.cr.fetchall())
        if not available:
            return SQL(
                "SELECT 'bay_month' AS source, NULL::int AS res_id, NULL::date AS date WHERE FALSE"
            )
        values = SQL(", ").join(
            SQL("(%s, %s::date, %s::float)", company_id, month, hours)
            for (company_id, month), hours in available.items()
        )
        return SQL(
            """WITH tz AS (%(tz)s),
            months AS (
                SELECT v.company_id, v.month, v.available,
                       (v.month::timestamp AT TIME ZONE tz.tz) AT TIME ZONE 'UTC' AS start_utc,
                       ((v.month + interval '1 month')::timestamp AT TIME ZONE tz.tz)
                           AT TIME ZONE 'UTC' AS stop_utc
                  FROM (VALUES %(values)s) AS v(company_id, month, available)
                  JOIN tz ON tz.id = v.company_id
            ),
            per_order AS (
                SELECT m.company_id, m.month,
                       range_agg(tsrange(log.date_start, log.date_stop))
                           * tsmultirange(tsrange(m.start_utc, m.stop_utc)) AS used
                  FROM months m
                  JOIN kia_job_time_log log ON log.company_id = m.company_id
                                           AND log.date_start < m.stop_utc
                                           AND log.date_stop > m.start_utc
                 WHERE log.date_stop > log.date_start
              GROUP BY m.company_id, m.month, m.start_utc, m.stop_utc, log.repair_id
            ),
            used AS (
                SELECT p.company_id, p.month,
                       SUM(EXTRACT(EPOCH FROM upper(r) - lower(r)) / 3600.0) AS hours
                  FROM per_order p, unnest(p.used) AS r
              GROUP BY p.company_id, p.month
            )
            SELECT 'bay_month' AS source, m.company_id AS res_id, m.month AS date,
                   m.company_id, m.available AS bay_hours_available,
                   COALESCE(used.hours, 0.0) AS bay_hours_used
              FROM months m
         LEFT JOIN used ON used.company_id = m.company_id AND used.month = m.month""",
            tz=self._kia_company_tz_sql(),
            values=values,
        )
