from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class KiaQualityCheck(models.Model):
    """Quality check (质检) of a work order by someone other than its technicians: a
    checklist and a verdict. A failure sends the chosen jobs back (rework, counted per
    job and so per technician); a pass completes the work order.

    The inspector is whoever records the result (the user's employee, stamped by the
    flow, not typed) and the date is the moment it is recorded; the latest check of a
    work order is the last one recorded. A check and its checklist are evidence
    (``kia.workflow.mixin``, append-only): a correction is a new check."""

    _name = "kia.quality.check"
    _description = "Quality Check"
    _inherit = ["kia.work.order.document", "mail.thread", "kia.workflow.mixin"]
    _order = "id desc"
    _kia_append_only = True

    vehicle_id = fields.Many2one(related="repair_id.kia_vehicle_id", store=True, precompute=True)
    inspector_id = fields.Many2one(
        "hr.employee",
        required=True,
        check_company=True,
        readonly=True,
        kia_workflow=True,
        default=lambda self: self.env.user.employee_id,
        help="The employee of the user who recorded the result.",
    )
    date = fields.Datetime(
        required=True, readonly=True, kia_workflow=True, default=fields.Datetime.now
    )
    result = fields.Selection([("pass", "Passed"), ("fail", "Failed")], required=True)
    line_ids = fields.One2many("kia.checklist.line", "quality_check_id", string="Checklist")
    failed_job_line_ids = fields.Many2many(
        "kia.job.line",
        string="Jobs to Redo",
        domain="[('repair_id', '=', repair_id), ('state', '=', 'done')]",
    )
    notes = fields.Text()

    def _kia_workflow_error(self, names):
        return self.env._(
            "The inspector of a quality check is the user who records it and its date the "
            "moment it is recorded: neither is chosen (refused: %(fields)s).",
            fields=", ".join(
                sorted(self._fields[name]._description_string(self.env) for name in names)
            ),
        )

    @api.constrains("inspector_id", "repair_id")
    def _check_inspector_is_not_a_technician(self):
        for check in self:
            workers = check.repair_id.kia_job_line_ids.technician_ids | (
                check.repair_id.kia_job_line_ids.time_log_ids.employee_id
            )
            if check.inspector_id in workers:
                raise ValidationError(
                    self.env._(
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
                    self.env._("Say which jobs must be redone when the quality check fails.")
                )
            strangers = check.failed_job_line_ids.filtered(
                lambda job, check=check: job.repair_id != check.repair_id or job.state != "done"
            )
            if strangers:
                raise ValidationError(
                    self.env._(
                        "Only finished jobs of work order %(order)s can be sent back for "
                        "rework, not %(job)s.",
                        order=check.repair_id.name,
                        job=strangers[0].concern,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.employee_id:
            raise UserError(
                self.env._(
                    "Your user is not linked to an employee: the quality check is signed by "
                    "the employee who records it. Ask HR to link your user."
                )
            )
        repairs = self.env["repair.order"].browse(
            [vals["repair_id"] for vals in vals_list if vals.get("repair_id")]
        )
        for repair in repairs:
            open_jobs = repair.kia_job_line_ids.filtered(
                lambda line: line.state not in ("done", "cancelled")
            )
            if repair.state != "under_repair" or open_jobs or not repair.kia_job_line_ids:
                raise UserError(
                    self.env._(
                        "Work order %(order)s is not ready for the quality check: every job "
                        "must be finished first.",
                        order=repair.name,
                    )
                )
        # The checklist is recorded with its check, as the system once the check is made:
        # nobody adds results to a check afterwards (see kia.checklist.line).
        # (The form proposes the checklist as a default: taken here, not by the ORM.)
        proposed = self.env.context.get("default_line_ids") or []
        line_commands = [vals.pop("line_ids", None) or proposed for vals in vals_list]
        checks = super(KiaQualityCheck, self.with_context(default_line_ids=[])).create(vals_list)
        checks = checks.with_env(self.env)
        lines = []
        for check, commands in zip(checks, line_commands, strict=True):
            for command in commands:
                if command[0] != Command.CREATE:
                    raise UserError(self.env._("A quality check's checklist is recorded with it."))
                lines.append(dict(command[2], quality_check_id=check.id, usage="quality"))
        if lines:
            self.env["kia.checklist.line"].sudo().create(lines)
        failed = checks.filtered(lambda c: c.result == "fail")
        failed.failed_job_line_ids._kia_send_back_for_rework()
        for check in failed:
            check.repair_id.message_post(
                body=self.env._(
                    "Quality check failed: %s sent back for rework.",
                    ", ".join(check.failed_job_line_ids.mapped("concern")),
                )
            )
        passed = checks.filtered(lambda c: c.result == "pass")
        passed.repair_id.sudo()._kia_complete_after_quality_check()
        return checks
