from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.kia_aftersales.models.kia_kpi_fact import ratio
from odoo.addons.kia_aftersales.models.kia_kpi_fact_care import company_tz, local_date

# A part's demand (issues to work orders, counter sales), as kia_parts counts it
# everywhere (stock.move._kia_demand_domain): done moves from internal stock to a
# customer or to consumption.
DEMAND_MOVE = SQL(
    """sm.state = 'done' AND src.usage = 'internal'
       AND dst.usage IN ('customer', 'production')"""
)


class KiaKpiFact(models.Model):
    """Parts sources of the KPI fact table: parts requests (fill rate), the month's
    stock (turnover, days on hand, dead stock), lost sales."""

    _inherit = "kia.kpi.fact"

    source = fields.Selection(
        selection_add=[
            ("parts_line", "Parts Request"),
            ("parts_month", "Parts Stock (month)"),
            ("lost_sale", "Lost Sale"),
        ],
        ondelete={"parts_line": "cascade", "parts_month": "cascade", "lost_sale": "cascade"},
    )

    lines_requested = fields.Integer(readonly=True)
    lines_filled = fields.Integer(readonly=True)
    fill_rate = fields.Float(digits=(16, 2), **ratio("lines_filled", "lines_requested", 100.0))
    issue_cost = fields.Monetary(readonly=True)
    stock_value_avg = fields.Monetary(readonly=True)
    stock_value_end = fields.Monetary(readonly=True)
    dead_stock_value = fields.Monetary(readonly=True)
    stock_value_days = fields.Monetary(readonly=True)
    turnover = fields.Float(digits=(16, 2), **ratio("issue_cost", "stock_value_avg", 1.0))
    days_on_hand = fields.Float(digits=(16, 2), **ratio("stock_value_days", "issue_cost", 1.0))
    dead_stock_share = fields.Float(
        digits=(16, 2), **ratio("dead_stock_value", "stock_value_end", 100.0)
    )
    lost_sales = fields.Integer(readonly=True)
    lost_sales_value = fields.Monetary(readonly=True)

    def init(self):
        res = super().init()
        # The refresh finds the stock changed since its last run per dealer.
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS kia_stock_valuation_layer_company_create_idx "
            "ON stock_valuation_layer (company_id, create_date)"
        )
        return res

    @api.model
    def _kia_fact_sources(self):
        return super()._kia_fact_sources() + ["parts_line", "parts_month", "lost_sale"]

    # ------------------------------------------------------------------ fill rate
    @api.model
    def _kia_source_parts_line_keys(self, since):
        return SQL(
            """SELECT sm.id AS res_id, NULL::date AS date FROM stock_move sm
                WHERE sm.repair_id IS NOT NULL AND sm.repair_line_type = 'add' AND %s""",
            self._kia_since_clause("sm", since),
        )

    @api.model
    def _kia_source_parts_line_rows(self, keys):
        """A part requested for a work order (cancelled ones aside): requested once,
        filled when stock covered all of it at its first check (its first reservation or
        issue, ``kia_first_availability``), on the day of that check; the employee is the
        parts clerk who issued it."""
        return SQL(
            """SELECT 'parts_line' AS source, sm.id AS res_id, %(day)s AS date,
                      sm.company_id, sm.repair_id, ro.user_id AS advisor_id,
                      (SELECT MIN(emp.id) FROM hr_employee emp
                        WHERE emp.user_id = sm.kia_issued_by_id
                          AND emp.company_id = sm.company_id) AS employee_id,
                      ro.kia_vehicle_model_id AS vehicle_model_id, job.pay_type,
                      1 AS lines_requested,
                      CASE WHEN sm.kia_first_availability = 'full' THEN 1 ELSE 0 END
                          AS lines_filled
                 FROM %(keys)s k
                 JOIN stock_move sm ON sm.id = k.res_id
                 JOIN repair_order ro ON ro.id = sm.repair_id
                 LEFT JOIN kia_job_line job ON job.id = sm.kia_job_line_id
                WHERE sm.kia_first_availability IS NOT NULL
                  AND sm.kia_first_check_date IS NOT NULL
                  AND sm.state != 'cancel'""",
            keys=keys,
            day=local_date(SQL("sm.kia_first_check_date"), SQL("sm.company_id")),
        )

    # ------------------------------------------------------------------ stock (month)
    @api.model
    def _kia_source_parts_month_keys(self, since):
        """(dealer, month) from the month of the first valuation layer created since the
        last run to the current month (a layer changes the stock value at the end of
        every later month); the current month always (its figures move with the
        calendar: dead stock). All months when ``since`` is None."""
        tz = company_tz(SQL("c.id"))
        return SQL(
            """WITH companies AS (
                   SELECT c.id AS company_id,
                          date_trunc('month', (now() AT TIME ZONE %(tz)s))::date
                              AS current_month,
                          date_trunc('month', (
                              (SELECT MIN(svl.create_date) FROM stock_valuation_layer svl
                                WHERE svl.company_id = c.id AND %(since)s)
                              AT TIME ZONE 'UTC') AT TIME ZONE %(tz)s)::date AS first_month
                     FROM res_company c
                    WHERE EXISTS (SELECT 1 FROM stock_valuation_layer svl
                                   WHERE svl.company_id = c.id)
               )
               SELECT c.company_id AS res_id, m::date AS date
                 FROM companies c,
                      generate_series(COALESCE(c.first_month, c.current_month),
                                      c.current_month, interval '1 month') m""",
            tz=tz,
            since=self._kia_since_clause("svl", since, "create_date"),
        )

    @api.model
    def _kia_source_parts_month_rows(self, keys):
        """The parts stock of a dealer's month, at cost from the valuation layers of
        parts (the dealer's local month of the layer's creation):

        * issue cost (出库成本): the layers of the month's demand moves (issues to work
          orders, counter sales);
        * stock value at the start and the end of the month: all layers before; the
          average is their mean, and the value-days are that average × the days of the
          month (days on hand = value-days ÷ issue cost);
        * dead stock: the value at the month's end of the parts without demand in the 12
          months up to it, except parts created in those 12 months (new), as the
          movement class (``_kia_movement_class_of``) defines it."""
        month = SQL(
            "date_trunc('month', %s)::date",
            local_date(SQL("svl.create_date"), SQL("svl.company_id")),
        )
        return SQL(
            """WITH layer_month AS (
                   SELECT svl.company_id, svl.product_id, %(month)s AS month,
                          SUM(svl.value) AS value,
                          COALESCE(-SUM(svl.value) FILTER (WHERE %(demand)s), 0) AS issue_cost,
                          BOOL_OR(%(demand)s) AS issued
                     FROM stock_valuation_layer svl
                     JOIN product_product pp ON pp.id = svl.product_id
                     JOIN product_template pt ON pt.id = pp.product_tmpl_id
                     LEFT JOIN stock_move sm ON sm.id = svl.stock_move_id
                     LEFT JOIN stock_location src ON src.id = sm.location_id
                     LEFT JOIN stock_location dst ON dst.id = sm.location_dest_id
                    WHERE pt.kia_is_part
                      AND svl.company_id IN (SELECT res_id FROM %(keys)s)
                    GROUP BY 1, 2, 3
               ), totals AS (
                   SELECT k.res_id AS company_id, k.date,
                          COALESCE(SUM(lm.value), 0) AS value_end,
                          COALESCE(SUM(lm.value) FILTER (WHERE lm.month < k.date), 0)
                              AS value_start,
                          COALESCE(SUM(lm.issue_cost) FILTER (WHERE lm.month = k.date), 0)
                              AS issue_cost
                     FROM %(keys)s k
                     LEFT JOIN layer_month lm ON lm.company_id = k.res_id
                                             AND lm.month <= k.date
                    GROUP BY k.res_id, k.date
               ), products AS (
                   SELECT k.res_id AS company_id, k.date, lm.product_id,
                          SUM(lm.value) AS value,
                          BOOL_OR(lm.issued AND lm.month > (k.date - interval '12 months')::date)
                              AS issued
                     FROM %(keys)s k
                     JOIN layer_month lm ON lm.company_id = k.res_id AND lm.month <= k.date
                    GROUP BY k.res_id, k.date, lm.product_id
               ), dead AS (
                   SELECT p.company_id, p.date, SUM(p.value) AS value
                     FROM products p
                     JOIN product_product pp ON pp.id = p.product_id
                     JOIN product_template pt ON pt.id = pp.product_tmpl_id
                    WHERE NOT COALESCE(p.issued, FALSE)
                      AND %(created)s < (p.date + interval '1 month' - interval '12 months')
                    GROUP BY p.company_id, p.date
               )
               SELECT 'parts_month' AS source, t.company_id AS res_id, t.date, t.company_id,
                      t.issue_cost,
                      (t.value_start + t.value_end) / 2 AS stock_value_avg,
                      t.value_end AS stock_value_end,
                      (t.value_start + t.value_end) / 2
                          * ((t.date + interval '1 month')::date - t.date) AS stock_value_days,
                      COALESCE(d.value, 0) AS dead_stock_value
                 FROM totals t
                 LEFT JOIN dead d ON d.company_id = t.company_id AND d.date = t.date""",
            month=month,
            demand=DEMAND_MOVE,
            keys=keys,
            created=local_date(SQL("pt.create_date"), SQL("p.company_id")),
        )

    # ------------------------------------------------------------------ lost sales
    @api.model
    def _kia_source_lost_sale_keys(self, since):
        return SQL(
            "SELECT l.id AS res_id, NULL::date AS date FROM kia_parts_lost_sale l WHERE %s",
            self._kia_since_clause("l", since),
        )

    @api.model
    def _kia_source_lost_sale_rows(self, keys):
        """A lost sale (流失销售) on its date, at the part's retail price."""
        return SQL(
            """SELECT 'lost_sale' AS source, l.id AS res_id, l.date, l.company_id,
                      l.repair_id, ro.user_id AS advisor_id,
                      ro.kia_vehicle_model_id AS vehicle_model_id,
                      1 AS lost_sales, l.value AS lost_sales_value
                 FROM %(keys)s k
                 JOIN kia_parts_lost_sale l ON l.id = k.res_id
                 LEFT JOIN repair_order ro ON ro.id = l.repair_id""",
            keys=keys,
        )
