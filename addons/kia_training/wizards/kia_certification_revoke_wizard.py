from odoo import fields, models


class KiaCertificationRevokeWizard(models.TransientModel):
    _name = "kia.certification.revoke.wizard"
    _description = "Revoke Certifications"

    line_ids = fields.Many2many(
        "hr.resume.line",
        string="Certifications",
        default=lambda self: self.env.context.get("active_ids"),
        required=True,
    )
    reason = fields.Text(required=True)

    def action_revoke(self):
        self.line_ids._kia_revoke(self.reason)
        return {"type": "ir.actions.act_window_close"}
