from odoo import api, fields, models


class KiaWarrantyDefectCode(models.Model):
    """Defect and condition codes of the manufacturer (a list the warranty clerk keeps)."""

    _name = "kia.warranty.defect.code"
    _description = "Warranty Defect / Condition Code"
    _order = "code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    code_type = fields.Selection(
        [("defect", "Defect"), ("condition", "Condition")], required=True, default="defect"
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique (code, code_type)", "A defect / condition code must be unique."),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for code in self:
            code.display_name = f"[{code.code}] {code.name}"
