from odoo import api, fields, models
from odoo.exceptions import UserError


class KiaWarrantyClaimLine(models.Model):
    """What a claim asks of the manufacturer: labour, parts, sublet or other costs, each
    with its requested and its approved amount."""

    _name = "kia.warranty.claim.line"
    _description = "Warranty Claim Line"
    _inherit = ["kia.workflow.mixin"]
    _order = "claim_id, sequence, id"

    claim_id = fields.Many2one("kia.warranty.claim", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(
        [("labour", "Labour"), ("part", "Part"), ("sublet", "Sublet"), ("other", "Other")],
        string="Type",
        required=True,
        default="part",
    )
    product_id = fields.Many2one("product.product")
    name = fields.Char(string="Description", required=True)
    quantity = fields.Float(default=1.0, digits=(16, 2))
    price_unit = fields.Monetary(string="Unit Price")
    amount_requested = fields.Monetary(
        string="Requested", compute="_compute_amount_requested", store=True
    )
    amount_approved = fields.Monetary(
        string="Approved", readonly=True, copy=False, kia_workflow=True
    )

    _sql_constraints = [
        ("quantity_positive", "CHECK (quantity >= 0)", "A quantity cannot be negative."),
        ("price_positive", "CHECK (price_unit >= 0)", "A price cannot be negative."),
    ]

    @api.depends("quantity", "price_unit")
    def _compute_amount_requested(self):
        for line in self:
            line.amount_requested = line.currency_id.round(line.quantity * line.price_unit)

    def _kia_check_claim_editable(self, claims):
        if self.env.su:
            return
        locked = claims.filtered(lambda c: c.state not in ("draft", "rejected"))
        if locked:
            raise UserError(
                self.env._(
                    "Claim %s is with the manufacturer: its lines cannot change.", locked[0].name
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._kia_check_claim_editable(
            self.env["kia.warranty.claim"].browse([v.get("claim_id") for v in vals_list])
        )
        return super().create(vals_list)

    def write(self, vals):
        self._kia_check_claim_editable(self.claim_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._kia_check_claim_editable(self.claim_id)
