from odoo import Command, api, fields, models


class KiaDeliveryWizard(models.TransientModel):
    _name = "kia.delivery.wizard"
    _description = "Deliver the Vehicle"

    repair_id = fields.Many2one("repair.order", required=True)
    currency_id = fields.Many2one(related="repair_id.currency_id")
    amount_customer = fields.Monetary(related="repair_id.kia_amount_customer")
    payment_state = fields.Selection(related="repair_id.kia_payment_state")
    line_ids = fields.One2many("kia.delivery.wizard.line", "wizard_id", string="Handover")
    override_reason = fields.Text(
        string="Deliver Unpaid Because",
        help="Service managers only: why the vehicle leaves before it is paid.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        repair = self.env["repair.order"].browse(values.get("repair_id"))
        items = self.env["kia.checklist.item"]._kia_items("handover", repair.company_id)
        values["line_ids"] = [
            Command.create({"item_id": item.id, "name": item.name}) for item in items
        ]
        return values

    def action_deliver(self):
        self.ensure_one()
        handover = [
            {
                "item_id": line.item_id.id,
                "name": line.name,
                "usage": "handover",
                "result": line.result,
                "note": line.note,
            }
            for line in self.line_ids
        ]
        self.repair_id._kia_deliver(handover, self.override_reason)
        return {"type": "ir.actions.act_window_close"}


class KiaDeliveryWizardLine(models.TransientModel):
    _name = "kia.delivery.wizard.line"
    _description = "Handover Checklist Line"

    wizard_id = fields.Many2one("kia.delivery.wizard", required=True, ondelete="cascade")
    item_id = fields.Many2one("kia.checklist.item")
    name = fields.Char(required=True)
    result = fields.Selection([("ok", "OK"), ("issue", "Issue"), ("na", "N/A")], default="ok")
    note = fields.Char()
