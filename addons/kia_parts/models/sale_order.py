from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    kia_counter_sale = fields.Boolean(
        string="Parts Counter Sale",
        help="Parts sold over the counter, without a work order.",
        index=True,
    )

    def action_confirm(self):
        self.filtered("kia_counter_sale").order_line.product_id._kia_check_current(
            self.env._("sell the new part number")
        )
        return super().action_confirm()


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "kia.supersession.mixin"]

    @api.constrains("product_uom_qty")
    def _check_kia_counter_sale_quantity(self):
        for line in self.filtered(
            lambda line: line.order_id.kia_counter_sale and not line.display_type
        ):
            if line.product_uom_qty <= 0:
                raise ValidationError(
                    self.env._("The quantity of %s must be positive.", line.product_id.display_name)
                )
