from odoo import api, fields, models


class KiaPartsClaimLine(models.Model):
    _name = "kia.parts.claim.line"
    _description = "Parts Claim Line"

    claim_id = fields.Many2one("kia.parts.claim", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    product_id = fields.Many2one("product.product", string="Part", required=True)
    move_id = fields.Many2one("stock.move", string="Received Line", readonly=True)
    discrepancy = fields.Selection(
        [("short", "Short"), ("damaged", "Damaged"), ("wrong", "Wrong Part")], required=True
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    price_unit = fields.Float(string="Unit Price", digits="Product Price")
    currency_id = fields.Many2one(related="claim_id.currency_id")
    amount = fields.Monetary(compute="_compute_amount", store=True)

    _sql_constraints = [
        ("quantity_positive", "CHECK (quantity > 0)", "A claimed quantity must be positive."),
    ]

    @api.depends("quantity", "price_unit")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.price_unit

    @api.model_create_multi
    def create(self, vals_list):
        claims = self.env["kia.parts.claim"].browse(
            [vals["claim_id"] for vals in vals_list if vals.get("claim_id")]
        )
        claims._kia_check_draft()
        return super().create(vals_list)

    def write(self, vals):
        self.claim_id._kia_check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        self.claim_id._kia_check_draft()
