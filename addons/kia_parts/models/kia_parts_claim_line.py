from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

DISCREPANCY_FIELDS = {
    "short": "kia_short_qty",
    "damaged": "kia_damaged_qty",
    "wrong": "kia_wrong_qty",
}


class KiaPartsClaimLine(models.Model):
    _name = "kia.parts.claim.line"
    _description = "Parts Claim Line"
    _inherit = ["kia.workflow.mixin"]

    claim_id = fields.Many2one("kia.parts.claim", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    product_id = fields.Many2one("product.product", string="Part", required=True)
    move_id = fields.Many2one(
        "stock.move",
        string="Received Line",
        readonly=True,
        index=True,
        kia_workflow=True,
        help="The receipt line whose discrepancy is claimed (set when the claim is opened "
        "from the receipt).",
    )
    discrepancy = fields.Selection(
        [("short", "Short"), ("damaged", "Damaged"), ("wrong", "Wrong Part")], required=True
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    price_unit = fields.Float(string="Unit Price", digits="Product Price")
    currency_id = fields.Many2one(related="claim_id.currency_id")
    amount = fields.Monetary(compute="_compute_amount", store=True)
    credited_qty = fields.Float(
        string="Credited",
        digits="Product Unit of Measure",
        readonly=True,
        copy=False,
        kia_workflow=True,
        help="Quantity on the manufacturer's credit note: what it had billed of the claimed "
        "parts. The rest is settled by billing only what was received.",
    )

    _sql_constraints = [
        ("quantity_positive", "CHECK (quantity > 0)", "A claimed quantity must be positive."),
    ]

    @api.depends("quantity", "price_unit")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.price_unit

    @api.constrains("move_id", "product_id", "discrepancy", "quantity")
    def _check_kia_claimed_once(self):
        """A discrepancy of a receipt is claimed once: all claims together claim no more of
        a received line than its short, damaged or wrong quantity."""
        lines = self.filtered("move_id")
        if not lines:
            return
        claimed = {
            (move.id, discrepancy): quantity
            for move, discrepancy, quantity in self.sudo()._read_group(
                [("move_id", "in", lines.move_id.ids)],
                ["move_id", "discrepancy"],
                ["quantity:sum"],
            )
        }
        for line in lines:
            move = line.move_id.sudo()
            if line.product_id != move.product_id:
                raise ValidationError(
                    self.env._(
                        "A claim line for the receipt line of %(part)s must claim that part, "
                        "not %(other)s.",
                        part=move.product_id.display_name,
                        other=line.product_id.display_name,
                    )
                )
            found = move.product_uom._compute_quantity(
                move[DISCREPANCY_FIELDS[line.discrepancy]], move.product_id.uom_id
            )
            total = claimed.get((move.id, line.discrepancy), 0.0)
            if float_compare(total, found, precision_rounding=move.product_id.uom_id.rounding) > 0:
                raise ValidationError(
                    self.env._(
                        "%(total)s %(uom)s of %(part)s are claimed as %(kind)s on receipt "
                        "%(receipt)s, but %(found)s were found: a discrepancy is claimed once.",
                        total=total,
                        uom=move.product_id.uom_id.name,
                        part=move.product_id.display_name,
                        kind=dict(self._fields["discrepancy"]._description_selection(self.env))[
                            line.discrepancy
                        ],
                        receipt=move.picking_id.name,
                        found=found,
                    )
                )

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
