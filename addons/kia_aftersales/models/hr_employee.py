from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

PERFORMANCE_GROUPS = "hr.group_hr_user,kia_aftersales.group_foreman,kia_aftersales.group_supervisor"
PERFORMANCE_DAYS = 30


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    kia_attended_hours = fields.Float(
        string="Attended Hours (30 days)",
        compute="_compute_kia_performance",
        groups=PERFORMANCE_GROUPS,
        digits=(16, 1),
    )
    kia_clocked_hours = fields.Float(
        string="Clocked Hours (30 days)",
        compute="_compute_kia_performance",
        groups=PERFORMANCE_GROUPS,
        digits=(16, 1),
    )
    kia_productivity = fields.Float(
        string="Productivity (30 days, %)",
        compute="_compute_kia_performance",
        groups=PERFORMANCE_GROUPS,
        digits=(16, 0),
        help="Clocked hours on jobs / attended hours, over the last 30 days.",
    )
    kia_efficiency = fields.Float(
        string="Efficiency (30 days, %)",
        compute="_compute_kia_performance",
        groups=PERFORMANCE_GROUPS,
        digits=(16, 0),
        help="Flagged hours of the finished jobs / clocked hours, over the last 30 days.",
    )

    def _compute_kia_performance(self):
        """The figures of the technician performance report over the last 30 days, for
        the whole batch in one grouped query."""
        since = fields.Date.context_today(self) - timedelta(days=PERFORMANCE_DAYS)
        groups = (
            self.env["kia.technician.performance"]
            .sudo()
            ._read_group(
                [("employee_id", "in", self.ids), ("date", ">", since)],
                ["employee_id"],
                ["attended_hours:sum", "clocked_hours:sum", "productivity:avg", "efficiency:avg"],
            )
        )
        figures = {employee.id: values for employee, *values in groups}
        for employee in self:
            attended, clocked, productivity, efficiency = figures.get(
                employee.id, (0.0, 0.0, 0.0, 0.0)
            )
            employee.kia_attended_hours = attended
            employee.kia_clocked_hours = clocked
            employee.kia_productivity = productivity
            employee.kia_efficiency = efficiency

    def action_kia_view_performance(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_aftersales.action_kia_technician_performance"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"search_default_filter_last_30_days": 1}
        return action

    def _kia_lock_clocking(self):
        """Serialise the clock-ons of these technicians (one open clocking each).

        The check looks for an open clocking in the transaction's snapshot: two sessions
        of the same technician clocking on at once would each miss the other's, and the
        second would hit the unique index (a database error, not a message). The
        employee's row is therefore updated first (a no-op update takes the row lock):
        the second transaction waits for the first, then fails to serialize if the first
        committed; Odoo retries it, and its check sees the open clocking and says so."""
        if self:
            self.env.cr.execute(
                SQL(
                    "UPDATE hr_employee SET write_date = write_date WHERE id IN %s",
                    tuple(sorted(self.ids)),
                )
            )
