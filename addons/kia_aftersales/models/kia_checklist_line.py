from odoo import api, fields, models

from .kia_checklist_item import CHECKLIST_USAGES


class KiaChecklistLine(models.Model):
    _name = "kia.checklist.line"
    _description = "Checklist Result"
    _order = "usage, sequence, id"

    repair_id = fields.Many2one("repair.order", ondelete="cascade", index=True)
    quality_check_id = fields.Many2one("kia.quality.check", ondelete="cascade", index=True)
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, index=True
    )
    item_id = fields.Many2one("kia.checklist.item", ondelete="restrict")
    name = fields.Char(required=True)
    category = fields.Selection(related="item_id.category", store=True)
    usage = fields.Selection(CHECKLIST_USAGES, required=True)
    sequence = fields.Integer(related="item_id.sequence", store=True)
    result = fields.Selection([("ok", "OK"), ("issue", "Issue"), ("na", "N/A")], default="ok")
    note = fields.Char(help="Damage, defect or remark, as noted with the customer.")

    @api.depends("repair_id.company_id", "quality_check_id.company_id")
    def _compute_company_id(self):
        for line in self:
            line.company_id = line.repair_id.company_id or line.quality_check_id.company_id
