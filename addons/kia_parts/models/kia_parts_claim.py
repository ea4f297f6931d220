from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class KiaPartsClaim(models.Model):
    """配件索赔: short, damaged or wrong parts received from the manufacturer, claimed
    and tracked until the manufacturer credits them or sends replacements."""

    _name = "kia.parts.claim"
    _description = "Parts Claim"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.status.mixin"]
    _kia_status_fields = ("state", "refund_id", "replacement_picking_id")
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Manufacturer", required=True, check_company=True, tracking=True
    )
    picking_id = fields.Many2one(
        "stock.picking", string="Receipt", check_company=True, readonly=True, index=True
    )
    purchase_id = fields.Many2one(
        related="picking_id.purchase_id", store=True, string="Purchase Order", index=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("accepted", "Accepted"),
            ("rejected", "Rejected"),
            ("credited", "Credited"),
            ("replaced", "Replaced"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    line_ids = fields.One2many("kia.parts.claim.line", "claim_id", string="Lines", copy=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        help="The currency of the parts order the claim comes from.",
    )
    amount = fields.Monetary(compute="_compute_amount", store=True)
    refund_id = fields.Many2one("account.move", string="Credit Note", readonly=True, copy=False)
    replacement_picking_id = fields.Many2one(
        "stock.picking", string="Replacement Receipt", readonly=True, copy=False
    )
    notes = fields.Text()

    @api.depends("line_ids.amount")
    def _compute_amount(self):
        for claim in self:
            claim.amount = sum(claim.line_ids.mapped("amount"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.parts.claim") or "/"
        return super().create(vals_list)

    def action_submit(self):
        for claim in self:
            if claim.state != "draft":
                raise UserError(_("Only a draft claim can be submitted."))
            if not claim.line_ids:
                raise UserError(
                    _(
                        "Claim %s has no discrepancy to claim: add the short, damaged or wrong "
                        "parts.",
                        claim.name,
                    )
                )
        self._kia_set_status({"state": "submitted"})
        return True

    def action_accept(self):
        self._kia_check_manager()
        self._kia_check_state("submitted")
        self._kia_set_status({"state": "accepted"})
        return True

    def action_reject(self):
        self._kia_check_manager()
        self._kia_check_state("submitted")
        self._kia_set_status({"state": "rejected"})
        return True

    def action_create_refund(self):
        """The manufacturer credits the claimed parts: a draft vendor credit note."""
        self._kia_check_state("accepted")
        for claim in self:
            refund = self.env["account.move"].create(
                {
                    "move_type": "in_refund",
                    "partner_id": claim.partner_id.id,
                    "currency_id": claim.currency_id.id,
                    "company_id": claim.company_id.id,
                    "ref": claim.name,
                    "invoice_origin": claim.purchase_id.name or claim.name,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "quantity": line.quantity,
                                "price_unit": line.price_unit,
                                "name": f"{claim.name}: {line.product_id.display_name}",
                            }
                        )
                        for line in claim.line_ids
                    ],
                }
            )
            claim._kia_set_status({"refund_id": refund.id, "state": "credited"})
        return True

    def action_create_replacement(self):
        """The manufacturer sends the parts again: a receipt for the claimed quantities."""
        self._kia_check_state("accepted")
        for claim in self:
            picking_type = claim.picking_id.picking_type_id or self.env[
                "stock.picking.type"
            ].search([("code", "=", "incoming"), ("company_id", "=", claim.company_id.id)], limit=1)
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": claim.partner_id.id,
                    "origin": claim.name,
                    "location_id": picking_type.default_location_src_id.id
                    or self.env.ref("stock.stock_location_suppliers").id,
                    "location_dest_id": picking_type.default_location_dest_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": claim.name,
                                "product_id": line.product_id.id,
                                "product_uom_qty": line.quantity,
                                "product_uom": line.product_id.uom_id.id,
                                "location_id": picking_type.default_location_src_id.id
                                or self.env.ref("stock.stock_location_suppliers").id,
                                "location_dest_id": picking_type.default_location_dest_id.id,
                            }
                        )
                        for line in claim.line_ids
                    ],
                }
            )
            picking.action_confirm()
            claim._kia_set_status({"replacement_picking_id": picking.id, "state": "replaced"})
        return True

    def _kia_status_error(self):
        return _(
            "The status of a parts claim changes through its buttons only: Submit to "
            "Manufacturer, Accepted, Rejected, Credit Note or Replacement Receipt."
        )

    def _kia_check_state(self, state):
        label = dict(self._fields["state"]._description_selection(self.env))[state]
        for claim in self:
            if claim.state != state:
                raise UserError(
                    _("Claim %(claim)s must be %(state)s for this.", claim=claim.name, state=label)
                )

    def _kia_check_draft(self):
        """What is claimed is settled once the claim goes to the manufacturer."""
        sent = self.filtered(lambda claim: claim.state != "draft")
        if sent and not self.env.su:
            raise UserError(
                _(
                    "Claim %s was submitted to the manufacturer: its lines can no longer change.",
                    sent[0].name,
                )
            )

    def _kia_check_manager(self):
        if not self.env.user.has_group("kia_parts.group_parts_manager"):
            raise UserError(_("The parts manager records the manufacturer's answer to a claim."))
