from odoo import api, fields, models
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
                    self.env._(
                        "The ordered quantity of %s must be positive.", line.product_id.display_name
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._kia_recheck_signed_orders()
        return lines

    def write(self, vals):
        res = super().write(vals)
        if {"product_id", "product_qty", "product_uom", "price_unit", "discount"} & set(vals):
            self._kia_recheck_signed_orders()
        return res

    def _kia_recheck_signed_orders(self):
        """A parts order the parts manager signed is changed under the same rules: by him,
        for current part numbers, within the manufacturer's credit."""
        signed = self.order_id.filtered(lambda order: order.state == "purchase")
        if signed:
            # The parts manager's sign-off covered the lines as they were: a new one.
            signed.with_context(skip_check_state_condition=True)._kia_check_parts_order()
