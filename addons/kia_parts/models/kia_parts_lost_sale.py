from odoo import api, fields, models


class KiaPartsLostSale(models.Model):
    """A part asked for and not sold because it was not available, or not at an acceptable
    price or delay (lost sales, 流失销售)."""

    _name = "kia.parts.lost.sale"
    _description = "Lost Parts Sale"
    _inherit = ["kia.workflow.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    product_id = fields.Many2one(
        "product.product", string="Part", required=True, check_company=True
    )
    quantity = fields.Float(required=True, default=1.0, digits="Product Unit of Measure")
    partner_id = fields.Many2one("res.partner", string="Customer", check_company=True)
    repair_id = fields.Many2one("repair.order", string="Work Order", check_company=True)
    reason = fields.Selection(
        [("no_stock", "Out of Stock"), ("lead_time", "Delivery Too Long"), ("price", "Price")],
        required=True,
        default="no_stock",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # Owned by the workflow (stored computed): the fill rate and the lost-sales value of
    # the manufacturer's report are not typed in.
    value = fields.Monetary(
        compute="_compute_value", store=True, help="Quantity at the part's retail price."
    )

    _sql_constraints = [
        ("quantity_positive", "CHECK (quantity > 0)", "A lost quantity must be positive."),
    ]

    @api.depends("quantity", "product_id")
    def _compute_value(self):
        for lost in self:
            lost.value = lost.quantity * lost.product_id.lst_price
