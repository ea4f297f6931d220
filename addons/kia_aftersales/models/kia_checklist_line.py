from odoo import api, fields, models
from odoo.exceptions import UserError

from .kia_checklist_item import CHECKLIST_USAGES

# What the advisor fills in on a reception line with the customer.
RECEPTION_EDITABLE = {"result", "note"}


class KiaChecklistLine(models.Model):
    """A checklist result: the walk-around at reception, a quality check's checklist, the
    handover at delivery.

    When it becomes evidence (``kia.workflow.mixin``, append-only):

    - reception lines are proposed when the work order is created and filled in (result,
      note) by the advisor with the customer; once the check-in is recorded they are the
      record of the vehicle's condition on arrival and are frozen;
    - quality lines are recorded with their quality check and handover lines with the
      delivery, both by the flow: a client neither adds, changes nor deletes them.
    """

    _name = "kia.checklist.line"
    _description = "Checklist Result"
    _inherit = ["kia.workflow.mixin"]
    _order = "usage, sequence, id"
    _kia_append_only = True

    repair_id = fields.Many2one("repair.order", ondelete="cascade", index=True)
    quality_check_id = fields.Many2one("kia.quality.check", ondelete="cascade", index=True)
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, index=True, precompute=True
    )
    item_id = fields.Many2one("kia.checklist.item", ondelete="restrict")
    name = fields.Char(required=True)
    category = fields.Selection(related="item_id.category", store=True, precompute=True)
    usage = fields.Selection(CHECKLIST_USAGES, required=True)
    sequence = fields.Integer(related="item_id.sequence", store=True, precompute=True)
    result = fields.Selection([("ok", "OK"), ("issue", "Issue"), ("na", "N/A")], default="ok")
    note = fields.Char(help="Damage, defect or remark, as noted with the customer.")

    @api.depends("repair_id.company_id", "quality_check_id.company_id")
    def _compute_company_id(self):
        for line in self:
            line.company_id = line.repair_id.company_id or line.quality_check_id.company_id

    def _kia_evidence(self):
        return self.filtered(
            lambda line: (
                line.usage != "reception"
                or line.quality_check_id
                or line.repair_id.kia_checkin_date
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            repairs = self.env["repair.order"].browse(
                [vals["repair_id"] for vals in vals_list if vals.get("repair_id")]
            )
            usage = self.env.context.get("default_usage")
            if any(
                vals.get("usage", usage) != "reception" or vals.get("quality_check_id")
                for vals in vals_list
            ) or repairs.filtered("kia_checkin_date"):
                raise UserError(
                    self.env._(
                        "Checklist results are recorded by the check-in, the quality check "
                        "and the delivery: a result cannot be added afterwards."
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._kia_check_reception_vals(vals)
        return super().write(vals)

    def _kia_check_reception_vals(self, vals):
        changed = {key for key in vals if not key.startswith(("message_", "activity_", "__"))}
        if changed - RECEPTION_EDITABLE:
            raise UserError(
                self.env._("Only the result and the note of a checklist line are filled in.")
            )
