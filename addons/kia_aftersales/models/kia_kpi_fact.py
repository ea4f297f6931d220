import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .kia_job_line import PAY_TYPES
from .kia_labour_operation import CATEGORIES

_logger = logging.getLogger(__name__)

# Money of the KPIs (sales) is for the roles that see the work order's money; costs and
# gross profit for the service manager only (like the work order's labour cost).
SALES_GROUPS = (
    "kia_aftersales.group_supervisor,kia_aftersales.group_foreman,"
    "kia_aftersales.group_service_manager"
)
# Records written up to this long before the last refresh are read again: a transaction
# that started before the refresh and committed after it stamped its rows with its own
# (earlier) start time. Reading a record twice is harmless (its facts are replaced).
REFRESH_OVERLAP = timedelta(hours=1)
# One refresh at a time (cron and a manual refresh): a transaction-level advisory lock.
REFRESH_LOCK = 0x4B49414B5049  # "KIAKPI"
# What a source without changes returns as its keys.
NO_KEYS = SQL("SELECT NULL::int AS res_id, NULL::date AS date WHERE FALSE")


def ratio(numerator, denominator, factor=1.0):
    """A measure of the fact table that is a ratio: ``factor × Σ numerator ÷ Σ
    denominator`` over whatever is grouped (never an average of the rows' ratios). The
    column holds each row's own ratio (for the list); pivots, graphs, dashboards and
    scorecards get the ratio of the sums (``KiaKpiFact._read_group_select``)."""
    return {"kia_ratio": (numerator, denominator, factor), "aggregator": "avg", "readonly": True}


class KiaKpiFact(models.Model):
    """The KPI fact table (经营分析): one row per business fact (a work order checked in,
    a work order delivered, a job's money, a clocking, an attendance, a follow-up, a
    complaint, a parts request, a claim decision…) with its day, dealer, people, vehicle
    model and pay type, and the figures it contributes. Every KPI is a sum of a column,
    or a ratio of two sums (``ratio()``), over the rows of a period.

    Rows are written only by ``_kia_refresh``: each *source* (a method pair, see
    ``_kia_fact_sources``) says which of its records changed since the last run and how
    they turn into rows, in SQL; the refresh replaces the rows of those records and
    nothing else (incremental, never a full recompute). Modules further down the chain
    add their sources, columns and KPIs (``kia.kpi``) the same way."""

    _name = "kia.kpi.fact"
    _description = "KPI Fact"
    _order = "date desc, id desc"
    _rec_name = "source"
    _log_access = False

    # --------------------------------------------------------------- keys and dimensions
    source = fields.Selection(
        [
            ("work_order_in", "Work Order Checked In"),
            ("work_order_out", "Work Order Delivered"),
            ("job", "Job"),
            ("time_log", "Clocking"),
            ("attendance", "Attendance"),
            ("bay_month", "Bays (month)"),
            ("followup", "Follow-up"),
            ("complaint", "Complaint"),
            ("retention_month", "Customer Retention (month)"),
        ],
        required=True,
        readonly=True,
    )
    res_id = fields.Integer(string="Record", readonly=True, required=True)
    date = fields.Date(readonly=True, required=True, index=True)
    company_id = fields.Many2one("res.company", string="Dealer", readonly=True, required=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    repair_id = fields.Many2one("repair.order", string="Work Order", readonly=True)
    advisor_id = fields.Many2one("res.users", string="Service Advisor", readonly=True)
    employee_id = fields.Many2one(
        "hr.employee",
        readonly=True,
        help="Who did the work: the technician of a job or a clocking, the clerk of a parts "
        "issue or a claim.",
    )
    vehicle_model_id = fields.Many2one("fleet.vehicle.model", readonly=True)
    pay_type = fields.Selection(PAY_TYPES, readonly=True)
    order_type = fields.Selection(
        CATEGORIES,
        string="Work Order Type",
        readonly=True,
        help="The labour category of the work order's first job.",
    )

    # ------------------------------------------------------------------------ figures
    # (columns of the sources of other modules are added by those modules)

    _sql_constraints = []

    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS kia_kpi_fact_source_res_id_idx "
            "ON kia_kpi_fact (source, res_id)"
        )
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS kia_kpi_fact_company_date_idx "
            "ON kia_kpi_fact (company_id, date)"
        )

    def _valid_field_parameter(self, field, name):
        return name == "kia_ratio" or super()._valid_field_parameter(field, name)

    # ------------------------------------------------------------ ratios in read_group
    @api.model
    def _read_group_select(self, aggregate_spec, query):
        fname, __, func = aggregate_spec.partition(":")
        spec = getattr(self._fields.get(fname), "kia_ratio", None)
        if not spec or func != "avg":
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator, factor = spec
        return SQL(
            "COALESCE(%(factor)s * SUM(%(num)s) / NULLIF(SUM(%(den)s), 0), 0)",
            factor=factor,
            num=self._field_to_sql(self._table, numerator, query),
            den=self._field_to_sql(self._table, denominator, query),
        )

    @api.model
    def _kia_ratio_fields(self):
        return {
            name: field.kia_ratio
            for name, field in self._fields.items()
            if getattr(field, "kia_ratio", None)
        }

    @api.model
    def _kia_figure_fields(self):
        """The summed columns (what the sources write)."""
        return [
            name
            for name, field in self._fields.items()
            if field.store
            and field.type in ("integer", "float", "monetary")
            and name not in ("id", "res_id")
            and not getattr(field, "kia_ratio", None)
        ]

    # ---------------------------------------------------------------------- sources
    @api.model
    def _kia_fact_sources(self):
        """The sources, in refresh order. Source ``name`` is two methods:

        * ``_kia_source_<name>_keys(since)`` → ``SQL`` selecting ``res_id`` (and
          ``date``, or ``NULL::date``) of what changed after ``since`` (``None``: all);
        * ``_kia_source_<name>_rows(keys)`` → ``SQL`` selecting the rows of those keys
          (``keys`` is the name of a table with ``res_id, date``): columns named as the
          fields (``source``, ``res_id``, ``date``, ``company_id``, dimensions, figures);
          missing figures are 0, missing dimensions NULL.

        A key with a NULL date replaces every row of that record; a key with a date
        replaces that record's rows of that date only (monthly snapshots per dealer use
        the dealer as ``res_id`` and the month's first day as ``date``). A source may
        write rows of several ``source`` values (a work order's check-in and delivery):
        ``_kia_source_<name>_sources()`` lists them (default: ``[name]``)."""
        return [
            "work_order",
            "job",
            "time_log",
            "attendance",
            "bay_month",
            "followup",
            "complaint",
            "retention_month",
        ]

    @api.model
    def _kia_source_fact_sources(self, source):
        method = getattr(self, f"_kia_source_{source}_sources", None)
        return method() if method else [source]

    @api.model
    def _kia_param(self, source):
        return f"kia_aftersales.kpi_refresh.{source}"

    @api.model
    def _kia_refresh(self, sources=None, full=False, commit=False):
        """Bring the fact table up to date: for each source, replace the rows of the
        records changed since its last run (all of them when ``full``). Returns
        ``{source: number of keys refreshed}``. ``commit`` (the cron) commits after each
        source, so that a refresh killed half-way keeps what it finished and redoes the
        rest (a source is one transaction: its rows and its watermark together)."""
        cr = self.env.cr
        cr.execute("SELECT pg_try_advisory_xact_lock(%s)", [REFRESH_LOCK])
        if not cr.fetchone()[0]:
            _logger.info("KPI refresh already running; skipped")
            return {}
        params = self.env["ir.config_parameter"].sudo()
        self.env.flush_all()
        done = {}
        for source in sources or self._kia_fact_sources():
            started = cr.now()
            last = params.get_param(self._kia_param(source))
            since = (
                None if full or not last else fields.Datetime.to_datetime(last) - REFRESH_OVERLAP
            )
            done[source] = self._kia_refresh_source(source, since)
            params.set_param(self._kia_param(source), fields.Datetime.to_string(started))
            if commit:
                cr.commit()  # pylint: disable=invalid-commit
                cr.execute("SELECT pg_try_advisory_xact_lock(%s)", [REFRESH_LOCK])
                if not cr.fetchone()[0]:
                    break
        self.env.invalidate_all()
        return done

    @api.model
    def _kia_refresh_source(self, source, since):
        cr = self.env.cr
        keys_sql = getattr(self, f"_kia_source_{source}_keys")(since)
        cr.execute("DROP TABLE IF EXISTS kia_kpi_keys")
        cr.execute(
            SQL(
                "CREATE TEMP TABLE kia_kpi_keys ON COMMIT DROP AS "
                "SELECT DISTINCT res_id::int AS res_id, date::date AS date FROM (%s) k",
                keys_sql,
            )
        )
        cr.execute("SELECT COUNT(*) FROM kia_kpi_keys")
        count = cr.fetchone()[0]
        if not count:
            return 0
        cr.execute("ANALYZE kia_kpi_keys")
        fact_sources = self._kia_source_fact_sources(source)
        cr.execute(
            SQL(
                """DELETE FROM kia_kpi_fact f USING kia_kpi_keys k
                    WHERE f.source IN %(sources)s AND f.res_id = k.res_id
                      AND (k.date IS NULL OR f.date = k.date)""",
                sources=tuple(fact_sources),
            )
        )
        rows_sql = getattr(self, f"_kia_source_{source}_rows")(SQL.identifier("kia_kpi_keys"))
        figures = self._kia_figure_fields()
        dimensions = [
            "source",
            "res_id",
            "date",
            "company_id",
            "repair_id",
            "advisor_id",
            "employee_id",
            "vehicle_model_id",
            "pay_type",
            "order_type",
        ] + self._kia_extra_dimensions()
        ratios = self._kia_ratio_fields()
        cr.execute(SQL("SELECT * FROM (%s) r LIMIT 0", rows_sql))
        given = {column.name for column in cr.description}
        columns = dimensions + figures + list(ratios)
        values = [SQL.identifier(c) if c in given else SQL("NULL") for c in dimensions]
        values += [
            SQL("COALESCE(%s, 0)", SQL.identifier(c)) if c in given else SQL("0") for c in figures
        ]
        for num, den, factor in ratios.values():
            values.append(
                SQL(
                    "COALESCE(%s * %s / NULLIF(%s, 0), 0)",
                    factor,
                    SQL.identifier(num) if num in given else SQL("0"),
                    SQL.identifier(den) if den in given else SQL("NULL"),
                )
            )
        cr.execute(
            SQL(
                "INSERT INTO kia_kpi_fact (%s) SELECT %s FROM (%s) r",
                SQL(", ").join(SQL.identifier(c) for c in columns),
                SQL(", ").join(values),
                rows_sql,
            )
        )
        return count

    @api.model
    def _kia_extra_dimensions(self):
        """Dimension columns added by other modules (extend with ``super() + [...]``)."""
        return []

    @api.model
    def _kia_since_clause(self, alias, since, column="write_date"):
        """``alias.column > since`` or TRUE when everything is to be read."""
        if since is None:
            return SQL("TRUE")
        return SQL("%s > %s", SQL.identifier(alias, column), since)

    @api.model
    def _cron_kia_refresh(self):
        self._kia_refresh(commit=True)

    @api.model
    def action_kia_refresh(self):
        """Refresh now (service manager), then show the facts again."""
        self._kia_refresh()
        return {"type": "ir.actions.client", "tag": "soft_reload"}
