from odoo import api, fields, models


class KiaDispatchWizard(models.TransientModel):
    _name = "kia.dispatch.wizard"
    _description = "Dispatch Jobs"

    job_line_ids = fields.Many2many("kia.job.line", string="Jobs", required=True)
    technician_ids = fields.Many2many("hr.employee", string="Technicians", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "kia.job.line":
            values["job_line_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return values

    def action_dispatch(self):
        self.job_line_ids.action_dispatch(self.technician_ids)
        return {"type": "ir.actions.act_window_close"}
