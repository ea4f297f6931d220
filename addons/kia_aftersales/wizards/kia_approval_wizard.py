from odoo import Command, api, fields, models


class KiaApprovalWizard(models.TransientModel):
    _name = "kia.approval.wizard"
    _description = "Record the Customer's Approval"

    repair_id = fields.Many2one("repair.order", required=True)
    approved_by = fields.Char(required=True)
    method = fields.Selection(
        selection=lambda self: self.env["kia.work.order.approval"]._fields["method"].selection,
        string="How",
        required=True,
        default="in_person",
    )
    job_line_ids = fields.Many2many(
        "kia.job.line", "kia_approval_wizard_job_rel", string="Approved Jobs"
    )
    declined_job_line_ids = fields.Many2many(
        "kia.job.line", "kia_approval_wizard_declined_rel", string="Declined Jobs"
    )
    note = fields.Text()

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        repair = self.env["repair.order"].browse(values.get("repair_id"))
        if repair:
            values.setdefault("approved_by", repair.partner_id.name)
            values["job_line_ids"] = [Command.set(repair._kia_jobs_awaiting_approval().ids)]
        return values

    def action_confirm(self):
        self.ensure_one()
        self.repair_id._kia_record_approval(
            self.approved_by,
            self.method,
            jobs=self.job_line_ids,
            declined=self.declined_job_line_ids,
            note=self.note,
        )
        return {"type": "ir.actions.act_window_close"}
