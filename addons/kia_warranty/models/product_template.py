from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    kia_warranty_group_id = fields.Many2one(
        "kia.warranty.component.group",
        string="Warranty Component Group",
        help="Warranty coverage of this part; its category's group when empty, else basic.",
    )

    def _kia_warranty_group(self):
        self.ensure_one()
        return (
            self.kia_warranty_group_id
            or self.categ_id.kia_warranty_group_id
            or self.env["kia.warranty.component.group"]._kia_basic()
        )
