from odoo import fields, models


class MaintenanceRequest(models.Model):
    _inherit = "maintenance.request"

    def write(self, vals):
        res = super().write(vals)
        if "stage_id" in vals:
            done = self.filtered(
                lambda r: r.stage_id.done and r.maintenance_type == "preventive" and r.equipment_id
            )
            for request in done:
                request.equipment_id.kia_last_inspection_date = (
                    request.close_date or fields.Date.context_today(self)
                )
        return res
