from odoo import api, fields, models, tools
from odoo.tools import SQL

from .kia_job_time_log import COST_GROUPS


class KiaTechnicianPerformance(models.Model):
    """Technician performance per employee and day (read-only SQL view).

    * Attended hours: his attendances (Odoo Attendances, ``hr.attendance.worked_hours``),
      on the day he checked in;
    * Clocked hours: his closed clockings on jobs (``kia.job.time.log``), on the day he
      clocked on;
    * Flagged hours: the flat-rate hours of the finished jobs, shared between their
      clockings in proportion to their hours (each technician earns his share of a job
      on the days he worked on it);
    * Productivity = clocked / attended; efficiency = flagged / clocked, computed on the
      totals of whatever is grouped (never an average of daily ratios).

    Days are the employee's own time zone. Only employees who have clocked time appear
    (technicians, not the whole staff)."""

    _name = "kia.technician.performance"
    _description = "Technician Performance"
    _auto = False
    _order = "date desc, employee_id"
    _rec_name = "employee_id"
    # Flushed before the view is read.
    _depends = {
        "kia.job.time.log": [
            "employee_id",
            "company_id",
            "job_line_id",
            "date_start",
            "date_stop",
            "duration",
            "cost",
        ],
        "kia.job.line": ["state", "flagged_hours", "clocked_hours"],
        "hr.attendance": ["employee_id", "check_in", "check_out", "worked_hours"],
        "hr.employee": ["company_id", "resource_id"],
        "resource.resource": ["tz"],
    }

    date = fields.Date(readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Technician", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    attended_hours = fields.Float(readonly=True, digits=(16, 2))
    clocked_hours = fields.Float(readonly=True, digits=(16, 2))
    flagged_hours = fields.Float(readonly=True, digits=(16, 2))
    productivity = fields.Float(
        string="Productivity (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Clocked hours / attended hours.",
    )
    efficiency = fields.Float(
        string="Efficiency (%)",
        readonly=True,
        aggregator="avg",
        digits=(16, 1),
        help="Flagged hours of finished jobs / clocked hours.",
    )
    labour_cost = fields.Monetary(readonly=True, groups=COST_GROUPS)

    # Ratios of the grouped totals, not averages of the rows' ratios.
    _RATIOS = {
        "productivity:avg": ("clocked_hours", "attended_hours"),
        "efficiency:avg": ("flagged_hours", "clocked_hours"),
    }

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec not in self._RATIOS:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator = self._RATIOS[aggregate_spec]
        return SQL(
            "COALESCE(100.0 * SUM(%(num)s) / NULLIF(SUM(%(den)s), 0), 0)",
            num=self._field_to_sql(self._table, numerator, query),
            den=self._field_to_sql(self._table, denominator, query),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %(table)s AS (
                WITH figures AS (
                    SELECT log.employee_id,
                           log.company_id,
                           (log.date_start AT TIME ZONE 'UTC'
                                AT TIME ZONE COALESCE(res.tz, 'UTC'))::date AS date,
                           0.0 AS attended_hours,
                           log.duration AS clocked_hours,
                           CASE WHEN job.state = 'done' AND job.clocked_hours > 0
                                THEN job.flagged_hours * log.duration / job.clocked_hours
                                ELSE 0.0 END AS flagged_hours,
                           COALESCE(log.cost, 0.0) AS labour_cost
                      FROM kia_job_time_log log
                      JOIN kia_job_line job ON job.id = log.job_line_id
                      JOIN hr_employee emp ON emp.id = log.employee_id
                      JOIN resource_resource res ON res.id = emp.resource_id
                     WHERE log.date_stop IS NOT NULL
                    UNION ALL
                    SELECT att.employee_id,
                           emp.company_id,
                           (att.check_in AT TIME ZONE 'UTC'
                                AT TIME ZONE COALESCE(res.tz, 'UTC'))::date AS date,
                           att.worked_hours AS attended_hours,
                           0.0, 0.0, 0.0
                      FROM hr_attendance att
                      JOIN hr_employee emp ON emp.id = att.employee_id
                      JOIN resource_resource res ON res.id = emp.resource_id
                     WHERE att.check_out IS NOT NULL
                       AND EXISTS (SELECT 1 FROM kia_job_time_log clocked
                                    WHERE clocked.employee_id = att.employee_id)
                )
                SELECT ROW_NUMBER() OVER (ORDER BY date, employee_id, company_id) AS id,
                       employee_id,
                       company_id,
                       date,
                       SUM(attended_hours) AS attended_hours,
                       SUM(clocked_hours) AS clocked_hours,
                       SUM(flagged_hours) AS flagged_hours,
                       COALESCE(100.0 * SUM(clocked_hours)
                                / NULLIF(SUM(attended_hours), 0), 0) AS productivity,
                       COALESCE(100.0 * SUM(flagged_hours)
                                / NULLIF(SUM(clocked_hours), 0), 0) AS efficiency,
                       SUM(labour_cost) AS labour_cost
                  FROM figures
              GROUP BY employee_id, company_id, date
            )
            """,
                table=SQL.identifier(self._table),
            )
        )
