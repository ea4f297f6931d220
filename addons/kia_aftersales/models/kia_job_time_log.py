from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class KiaJobTimeLog(models.Model):
    """A technician's clock-on/clock-off on a job: the clocked hours. Evidence
    (``kia.workflow.mixin``, append-only): recorded by the Clock On / Clock Off / Finish
    buttons only, never typed, changed or deleted by a user (not even the foreman)."""

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
    duration = fields.Float(string="Hours", compute="_compute_duration", store=True, digits=(16, 2))

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

    @api.constrains("date_start", "date_stop")
    def _check_dates(self):
        for log in self:
            if log.date_stop and log.date_stop < log.date_start:
                raise ValidationError(_("A technician cannot clock off before clocking on."))

    def _kia_workflow_error(self, names):
        return _(
            "Clocked time is recorded by the technicians' Clock On and Clock Off buttons: "
            "it cannot be entered or changed."
        )
