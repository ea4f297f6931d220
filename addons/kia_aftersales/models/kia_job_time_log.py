from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# Who sees what the workshop's time costs (wages): the service manager only.
COST_GROUPS = "kia_aftersales.group_service_manager"


class KiaJobTimeLog(models.Model):
    """A technician's clock-on/clock-off on a job: the clocked hours. Evidence
    (``kia.workflow.mixin``, append-only): recorded by the Clock On / Clock Off / Finish
    buttons only, never typed, changed or deleted by a user (not even the foreman).

    A technician clocks on only while checked in at the workshop (Odoo Attendances,
    ``hr.attendance``), unless the company relaxes it. When the clocking closes, the
    employee's hourly cost (Odoo's ``hr.employee.hourly_cost``) is frozen on it: its
    labour cost is its hours at that rate, whatever the rate becomes later."""

    _name = "kia.job.time.log"
    _description = "Job Time Log"
    _inherit = ["kia.workflow.mixin"]
    _order = "date_start desc, id desc"
    _kia_append_only = True

    job_line_id = fields.Many2one(
        "kia.job.line", required=True, ondelete="cascade", index=True, kia_workflow=True
    )
    repair_id = fields.Many2one(
        related="job_line_id.repair_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="job_line_id.company_id", store=True, index=True, precompute=True
    )
    employee_id = fields.Many2one(
        "hr.employee", string="Technician", required=True, index=True, kia_workflow=True
    )
    date_start = fields.Datetime(string="Clocked On", required=True, kia_workflow=True)
    date_stop = fields.Datetime(string="Clocked Off", kia_workflow=True)
    duration = fields.Float(
        string="Hours", compute="_compute_duration", store=True, precompute=True, digits=(16, 2)
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    hourly_cost = fields.Monetary(
        readonly=True,
        kia_workflow=True,
        groups=COST_GROUPS,
        help="The technician's hourly cost (Employees: Hourly Cost) when the clocking closed.",
    )
    cost = fields.Monetary(
        string="Labour Cost",
        compute="_compute_cost",
        store=True,
        precompute=True,
        groups=COST_GROUPS,
        help="Clocked hours at the technician's hourly cost.",
    )

    def init(self):
        # One open clock-on per technician, whatever the transaction.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS kia_job_time_log_one_open_per_employee "
                "ON %s (employee_id) WHERE date_stop IS NULL",
                SQL.identifier(self._table),
            )
        )

    @api.depends("date_start", "date_stop")
    def _compute_duration(self):
        for log in self:
            if log.date_start and log.date_stop:
                log.duration = (log.date_stop - log.date_start).total_seconds() / 3600
            else:
                log.duration = 0.0

    @api.depends("duration", "hourly_cost")
    def _compute_cost(self):
        for log in self:
            cost = log.duration * log.hourly_cost
            log.cost = log.currency_id.round(cost) if log.currency_id else cost

    @api.constrains("date_start", "date_stop")
    def _check_dates(self):
        for log in self:
            if log.date_stop and log.date_stop < log.date_start:
                raise ValidationError(
                    self.env._("A technician cannot clock off before clocking on.")
                )

    def _kia_workflow_error(self, names):
        return self.env._(
            "Clocked time is recorded by the technicians' Clock On and Clock Off buttons: "
            "it cannot be entered or changed."
        )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        # Client values are refused by the workflow mixin first; the checks below hold
        # for the flow too (it creates as the system).
        for vals in vals_list:
            self._kia_check_workflow_vals(vals, creating=True)
        self._kia_check_checked_in(vals_list)
        self._kia_freeze_hourly_cost(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("date_stop") and "hourly_cost" not in vals:
            # Clocking off: the rate of each technician at that moment (one write each).
            self._kia_check_workflow_vals(vals)
            for employee, logs in self.grouped("employee_id").items():
                rate = employee.sudo().hourly_cost
                super(KiaJobTimeLog, logs).write(dict(vals, hourly_cost=rate))
            return True
        return super().write(vals)

    @api.model
    def _kia_freeze_hourly_cost(self, vals_list):
        closed = [vals for vals in vals_list if vals.get("date_stop") and "hourly_cost" not in vals]
        employees = self.env["hr.employee"].sudo().browse({vals["employee_id"] for vals in closed})
        rates = {employee.id: employee.hourly_cost for employee in employees}
        for vals in closed:
            vals["hourly_cost"] = rates[vals["employee_id"]]

    @api.model
    def _kia_check_checked_in(self, vals_list):
        """A technician clocks on while checked in at the workshop: an attendance of his
        (Odoo Attendances) covers the moment he clocks on (for a live clock-on: he is
        checked in now). A company may relax it (After-Sales settings). One query."""
        jobs = (
            self.env["kia.job.line"].sudo().browse({vals.get("job_line_id") for vals in vals_list})
        )
        to_check = []
        for vals in vals_list:
            job = jobs.browse(vals.get("job_line_id"))
            company = job.company_id or self.env.company
            if company.kia_clock_requires_attendance and vals.get("employee_id"):
                start = fields.Datetime.to_datetime(vals.get("date_start")) or fields.Datetime.now()
                to_check.append((vals["employee_id"], start))
        if not to_check:
            return
        attendances = (
            self.env["hr.attendance"]
            .sudo()
            .search_read(
                [
                    ("employee_id", "in", list({employee for employee, _start in to_check})),
                    ("check_in", "<=", max(start for _employee, start in to_check)),
                    "|",
                    ("check_out", "=", False),
                    ("check_out", ">", min(start for _employee, start in to_check)),
                ],
                ["employee_id", "check_in", "check_out"],
            )
        )
        periods = defaultdict(list)
        for attendance in attendances:
            periods[attendance["employee_id"][0]].append(
                (attendance["check_in"], attendance["check_out"])
            )
        for employee_id, start in to_check:
            if not any(
                check_in <= start and (not check_out or check_out > start)
                for check_in, check_out in periods[employee_id]
            ):
                raise UserError(
                    self.env._(
                        "%(employee)s is not checked in at the workshop: check in "
                        "(Attendances) before clocking on a job.",
                        employee=self.env["hr.employee"].sudo().browse(employee_id).name,
                    )
                )

    def _kia_stop(self, when=None):
        """Clock off the open clockings of ``self`` at ``when`` (default now); their jobs
        with nobody clocked on any more are paused (a job whose change awaits the
        customer's approval keeps waiting)."""
        logs = self.filtered(lambda log: not log.date_stop).sudo()
        if not logs:
            return
        logs.write({"date_stop": when or fields.Datetime.now()})
        logs.job_line_id.filtered(
            lambda line: (
                line.state == "in_progress"
                and not line.time_log_ids.filtered(lambda log: not log.date_stop)
            )
        ).write({"state": "paused"})
