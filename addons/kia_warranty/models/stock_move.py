from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockMove(models.Model):
    _inherit = "stock.move"

    kia_warranty_claim_id = fields.Many2one(
        "kia.warranty.claim", string="Warranty Claim", index="btree_not_null", readonly=True
    )

    @api.constrains("kia_job_line_id", "product_id")
    def _check_kia_warranty_part_coverage(self):
        """A part added to a warranty job must be covered too (its component group)."""
        lines = self.kia_job_line_id.filtered(lambda line: line.pay_type == "warranty")
        errors = lines._kia_coverage_errors()
        if errors:
            line, messages = next(iter(errors.items()))
            raise ValidationError(
                self.env._(
                    "Job %(job)s cannot be paid by the warranty:\n%(messages)s",
                    job=line.concern,
                    messages="\n".join(messages),
                )
            )

    def _kia_net_unit_cost(self):
        """Net cost of one unit of the move: its stock valuation, else the cost price."""
        self.ensure_one()
        layers = self.sudo().stock_valuation_layer_ids
        quantity = sum(layers.mapped("quantity"))
        if quantity:
            return abs(sum(layers.mapped("value")) / quantity)
        return self.product_id.sudo().standard_price
