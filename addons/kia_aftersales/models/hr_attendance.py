from odoo import api, models


class HrAttendance(models.Model):
    _inherit = "hr.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        attendances.filtered("check_out")._kia_stop_clocking()
        return attendances

    def write(self, vals):
        res = super().write(vals)
        if vals.get("check_out"):
            self._kia_stop_clocking()
        return res

    def _kia_stop_clocking(self):
        """Checking out of the workshop clocks the technician off his job at the time he
        checks out: clocked time never runs while he is away (a forgotten clock-off would
        otherwise cost the whole night), and the check-out itself, often at a kiosk, is
        never refused. His job is paused; he clocks on again once checked in."""
        if not self:
            return
        logs = (
            self.env["kia.job.time.log"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.employee_id.ids),
                    ("date_stop", "=", False),
                ]
            )
        )
        for attendance in self.sudo():
            open_logs = logs.filtered(
                lambda log, att=attendance: (
                    log.employee_id == att.employee_id and log.date_start <= att.check_out
                )
            )
            open_logs._kia_stop(attendance.check_out)
