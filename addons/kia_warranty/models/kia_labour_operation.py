from odoo import fields, models


class KiaLabourOperation(models.Model):
    _inherit = "kia.labour.operation"

    kia_warranty_group_id = fields.Many2one(
        "kia.warranty.component.group",
        string="Warranty Component Group",
        default=lambda self: self.env["kia.warranty.component.group"]._kia_basic(),
        help="The warranty coverage that pays this operation (basic when empty).",
    )

    def _kia_warranty_group(self):
        self.ensure_one()
        group = self.env["kia.warranty.component.group"]
        if self.is_first_free_service:
            return group._kia_first_free()
        return self.kia_warranty_group_id or group._kia_basic()
