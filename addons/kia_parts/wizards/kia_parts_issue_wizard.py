from odoo import api, fields, models


class KiaPartsIssueWizard(models.TransientModel):
    _name = "kia.parts.issue.wizard"
    _description = "Issue or Return Parts"

    move_id = fields.Many2one("stock.move", required=True)
    repair_id = fields.Many2one(related="move_id.repair_id")
    product_id = fields.Many2one(related="move_id.product_id")
    issued_qty = fields.Float(related="move_id.kia_issued_qty", string="Already Issued")
    demand_qty = fields.Float(related="move_id.product_uom_qty", string="Needed")
    direction = fields.Selection(
        [("issue", "Issue to the Workshop"), ("return", "Return from the Workshop")],
        required=True,
        default="issue",
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        move = self.env["stock.move"].browse(
            values.get("move_id") or self.env.context.get("active_id")
        )
        if move:
            values["move_id"] = move.id
            values.setdefault("quantity", max(move.product_uom_qty - move.kia_issued_qty, 0.0))
        return values

    def action_confirm(self):
        self.ensure_one()
        if self.direction == "issue":
            self.move_id.action_kia_issue(self.quantity)
        else:
            self.move_id.action_kia_return(self.quantity)
        return {"type": "ir.actions.act_window_close"}
