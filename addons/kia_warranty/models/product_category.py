from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    kia_warranty_group_id = fields.Many2one(
        "kia.warranty.component.group",
        string="Warranty Component Group",
        help="Warranty coverage of the parts of this category (basic when empty).",
    )
