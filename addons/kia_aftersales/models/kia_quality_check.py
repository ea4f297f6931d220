from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class KiaQualityCheck(models.Model):
    """Quality check (质检) of a work order by someone other than its technicians: a
    checklist and a verdict. A failure sends the chosen jobs back (rework, counted per
    job and so per technician); a pass completes the work order."""

    _name = "kia.quality.check"
    _description = "Quality Check"
    _inherit = ["kia.work.order.document", "mail.thread"]
    _order = "date desc, id desc"

    vehicle_id = fields.Many2one(related="repair_id.kia_vehicle_id", store=True)
    inspector_id = fields.Many2one(
        "hr.employee",
        required=True,
        check_company=True,
        default=lambda self: self.env.user.employee_id,
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    result = fields.Selection([("pass", "Passed"), ("fail", "Failed")], required=True)
    line_ids = fields.One2many("kia.checklist.line", "quality_check_id", string="Checklist")
    failed_job_line_ids = fields.Many2many(
        "kia.job.line",
        string="Jobs to Redo",
        domain="[('repair_id', '=', repair_id), ('state', '=', 'done')]",
    )
    notes = fields.Text()

    @api.constrains("inspector_id", "repair_id")
    def _check_inspector_is_not_a_technician(self):
        for check in self:
            workers = check.repair_id.kia_job_line_ids.technician_ids | (
                check.repair_id.kia_job_line_ids.time_log_ids.employee_id
            )
            if check.inspector_id in workers:
                raise ValidationError(
                    _(
                        "%(inspector)s worked on %(order)s: the quality check must be done "
                        "by someone other than its technicians.",
                        inspector=check.inspector_id.name,
                        order=check.repair_id.name,
                    )
                )

    @api.constrains("result", "failed_job_line_ids")
    def _check_failure_names_jobs(self):
        for check in self:
            if check.result == "fail" and not check.failed_job_line_ids:
                raise ValidationError(
                    _("Say which jobs must be redone when the quality check fails.")
                )
            strangers = check.failed_job_line_ids.filtered(
                lambda job, check=check: job.repair_id != check.repair_id or job.state != "done"
            )
            if strangers:
                raise ValidationError(
                    _(
                        "Only finished jobs of work order %(order)s can be sent back for "
                        "rework, not %(job)s.",
                        order=check.repair_id.name,
                        job=strangers[0].concern,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        repairs = self.env["repair.order"].browse(
            [vals["repair_id"] for vals in vals_list if vals.get("repair_id")]
        )
        for repair in repairs:
            open_jobs = repair.kia_job_line_ids.filtered(
                lambda line: line.state not in ("done", "cancelled")
            )
            if repair.state != "under_repair" or open_jobs or not repair.kia_job_line_ids:
                raise UserError(
                    _(
                        "Work order %(order)s is not ready for the quality check: every job "
                        "must be finished first.",
                        order=repair.name,
                    )
                )
        checks = super().create(vals_list)
        failed = checks.filtered(lambda c: c.result == "fail")
        failed.failed_job_line_ids._kia_send_back_for_rework()
        for check in failed:
            check.repair_id.message_post(
                body=_(
                    "Quality check failed: %s sent back for rework.",
                    ", ".join(check.failed_job_line_ids.mapped("concern")),
                )
            )
        passed = checks.filtered(lambda c: c.result == "pass")
        passed.repair_id.sudo()._kia_complete_after_quality_check()
        return checks

    def write(self, vals):
        changed = {key for key in vals if not key.startswith(("message_", "activity_"))}
        if changed - {"notes"} and not self.env.su:
            raise UserError(_("A recorded quality check cannot be changed: record a new one."))
        return super().write(vals)
