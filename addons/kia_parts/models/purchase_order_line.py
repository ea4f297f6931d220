from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class PurchaseOrderLine(models.Model):
    _name = "purchase.order.line"
    _inherit = ["purchase.order.line", "kia.supersession.mixin"]

    kia_repair_ids = fields.Many2many(
        "repair.order",
        "kia_purchase_line_repair_rel",
        "line_id",
        "repair_id",
        string="For Work Orders",
        help="Work orders waiting for this part (emergency and VOR orders).",
    )

    @api.constrains("product_qty", "display_type")
    def _check_kia_positive_quantity(self):
        for line in self.filtered(
            lambda line: not line.display_type and line.product_id.kia_is_part
        ):
            if line.product_qty <= 0:
                raise ValidationError(
                    _("The ordered quantity of %s must be positive.", line.product_id.display_name)
                )
