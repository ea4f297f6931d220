from odoo import api, fields, models

CHECKLIST_USAGES = [
    ("reception", "Walk-around at Reception"),
    ("quality", "Quality Check"),
    ("handover", "Handover at Delivery"),
]


class KiaChecklistItem(models.Model):
    """A point of the walk-around (接车检查), quality-check (质检) or handover (交车)
    checklists; each work order gets its own copy of the active items as lines."""

    _name = "kia.checklist.item"
    _description = "Checklist Item"
    _order = "usage, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    usage = fields.Selection(CHECKLIST_USAGES, required=True, default="reception")
    category = fields.Selection(
        [
            ("exterior", "Exterior"),
            ("interior", "Interior"),
            ("function", "Functions"),
            ("underbody", "Underbody"),
            ("documents", "Documents and Keys"),
            ("other", "Other"),
        ],
        required=True,
        default="exterior",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Empty: used by every dealer.")

    @api.model
    def _kia_items(self, usage, company):
        """The active items of a checklist for ``company`` (its own and the shared ones)."""
        return self.search([("usage", "=", usage), ("company_id", "in", (False, company.id))])

    def _kia_line_values(self):
        return [
            {"item_id": item.id, "name": item.name, "category": item.category, "usage": item.usage}
            for item in self
        ]
