from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero


class KiaPartsClaim(models.Model):
    """配件索赔: short, damaged or wrong parts received from the manufacturer, claimed
    and tracked until the manufacturer credits them or sends replacements.

    Each discrepancy of a receipt is claimed once (see ``stock.picking``
    ``action_kia_open_claim`` and the claim line's constraint), and the settling actions are
    idempotent: pressed twice they create nothing more.

    Money: only what was billed is credited. Parts are billed on the quantities received
    (Odoo's policy for stocked products), so a short, damaged or wrong part not billed yet
    is settled by billing less, not by a credit note; what the manufacturer did bill beyond
    what was received (billed quantity less received quantity of the order line) is
    credited, on the order line (``purchase_line_id``) as a reversal of its bill.
    """

    _name = "kia.parts.claim"
    _description = "Parts Claim"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.workflow.mixin"]
    _kia_workflow_fields = ("state", "refund_id", "replacement_picking_id")
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
        "stock.picking",
        string="Receipt",
        check_company=True,
        readonly=True,
        index=True,
        kia_workflow=True,
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
            ("settled", "Settled on the Bill"),
            ("replaced", "Replaced"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )
    line_ids = fields.One2many("kia.parts.claim.line", "claim_id", string="Lines")
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
        Sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                # Each company numbers its own claims.
                company = self.env["res.company"].browse(vals.get("company_id")) or (
                    self.env.company
                )
                vals["name"] = Sequence.with_company(company).next_by_code("kia.parts.claim") or "/"
        return super().create(vals_list)

    def action_submit(self):
        for claim in self:
            if claim.state != "draft":
                raise UserError(self.env._("Only a draft claim can be submitted."))
            if not claim.line_ids:
                raise UserError(
                    self.env._(
                        "Claim %s has no discrepancy to claim: add the short, damaged or wrong "
                        "parts.",
                        claim.name,
                    )
                )
        self._kia_flow_write({"state": "submitted"})
        return True

    def action_accept(self):
        self._kia_check_manager()
        self._kia_check_state("submitted")
        self._kia_flow_write({"state": "accepted"})
        return True

    def action_reject(self):
        self._kia_check_manager()
        self._kia_check_state("submitted")
        self._kia_flow_write({"state": "rejected"})
        return True

    def action_create_refund(self):
        """The manufacturer credits the claimed parts that were billed: a draft vendor credit
        note on the order lines, as a reversal of their bill. Claimed quantities never billed
        are not credited (settled by billing less); a claim with nothing billed is Settled on
        the Bill. Pressed again, nothing more is created."""
        self._kia_lock()
        todo = self.filtered(lambda claim: claim.state not in ("credited", "settled"))
        todo._kia_check_state("accepted")
        for claim in todo:
            claim._kia_settle_by_credit_note()
        return True

    def _kia_settle_by_credit_note(self):
        self.ensure_one()
        uncredited = self.env["kia.parts.claim.line"]
        to_credit = []
        billed_not_received = {}
        for line in self.line_ids:
            order_line = line.move_id.purchase_line_id
            if not order_line:
                uncredited |= line
                continue
            if order_line not in billed_not_received:
                billed_not_received[order_line] = max(
                    order_line.product_uom._compute_quantity(
                        order_line.qty_invoiced - order_line.qty_received,
                        order_line.product_id.uom_id,
                    ),
                    0.0,
                )
            quantity = min(line.quantity, billed_not_received[order_line])
            rounding = line.product_id.uom_id.rounding
            if float_is_zero(quantity, precision_rounding=rounding):
                uncredited |= line
                continue
            billed_not_received[order_line] -= quantity
            if float_compare(quantity, line.quantity, precision_rounding=rounding) < 0:
                uncredited |= line
            to_credit.append((line, order_line, quantity))
        if not to_credit:
            self._kia_flow_write({"state": "settled"})
            self.message_post(
                body=self.env._(
                    "Nothing claimed was billed by the manufacturer: no credit note. The claim "
                    "is settled by billing only the parts received."
                )
            )
            return
        refund_lines = []
        for line, order_line, quantity in to_credit:
            values = order_line._prepare_account_move_line()
            values.update(
                name=self.env._(
                    "%(claim)s: %(part)s (%(discrepancy)s)",
                    claim=self.name,
                    part=order_line.product_id.display_name,
                    discrepancy=dict(line._fields["discrepancy"]._description_selection(self.env))[
                        line.discrepancy
                    ],
                ),
                quantity=line.product_id.uom_id._compute_quantity(quantity, order_line.product_uom),
            )
            refund_lines.append(Command.create(values))
        order_lines = self.env["purchase.order.line"].concat(*(ol for _l, ol, _q in to_credit))
        bill = order_lines.invoice_lines.move_id.filtered(
            lambda move: move.move_type == "in_invoice" and move.state == "posted"
        ).sorted(lambda move: (move.invoice_date or move.date, move.id))[-1:]
        purchase = order_lines.order_id[:1]
        refund = self.env["account.move"].create(
            {
                "move_type": "in_refund",
                "partner_id": (bill.partner_id or purchase.partner_id or self.partner_id).id,
                "currency_id": purchase.currency_id.id or self.currency_id.id,
                "company_id": self.company_id.id,
                "ref": self.env._("Parts claim %s", self.name),
                "invoice_origin": purchase.name or self.name,
                "reversed_entry_id": bill.id or False,
                "invoice_line_ids": refund_lines,
            }
        )
        for line, _order_line, quantity in to_credit:
            line.sudo().credited_qty = quantity
        self._kia_flow_write({"refund_id": refund.id, "state": "credited"})
        if uncredited:
            self.message_post(
                body=self.env._(
                    "Not credited, as the manufacturer did not bill them: %s. They are settled "
                    "by billing only the parts received.",
                    ", ".join(uncredited.product_id.mapped("display_name")),
                )
            )

    def action_create_replacement(self):
        """The manufacturer sends the parts again: a receipt for the claimed quantities, on
        the order lines they were ordered on (so that the order's received quantity and its
        billing follow). Pressed again, nothing more is created."""
        self._kia_lock()
        todo = self.filtered(lambda claim: not claim.replacement_picking_id)
        todo._kia_check_state("accepted")
        for claim in todo:
            picking_type = claim.picking_id.picking_type_id or self.env[
                "stock.picking.type"
            ].search([("code", "=", "incoming"), ("company_id", "=", claim.company_id.id)], limit=1)
            source = (
                picking_type.default_location_src_id
                or self.env.ref("stock.stock_location_suppliers")
            ).id
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": picking_type.id,
                    "partner_id": claim.partner_id.id,
                    "origin": claim.name,
                    "location_id": source,
                    "location_dest_id": picking_type.default_location_dest_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": claim.name,
                                "product_id": line.product_id.id,
                                "product_uom_qty": line.quantity,
                                "product_uom": line.product_id.uom_id.id,
                                "location_id": source,
                                "location_dest_id": picking_type.default_location_dest_id.id,
                                "purchase_line_id": line.move_id.purchase_line_id.id,
                            }
                        )
                        for line in claim.line_ids
                    ],
                }
            )
            picking.action_confirm()
            claim._kia_flow_write({"replacement_picking_id": picking.id, "state": "replaced"})
        return True

    def _kia_lock(self):
        """Two clicks (or two users) settling the same claim at once: the second waits for
        the first, then finds the claim settled and creates nothing."""
        if not self:
            return
        self.check_access("write")
        self.env.cr.execute(
            "SELECT id FROM kia_parts_claim WHERE id IN %s FOR UPDATE", [tuple(self.ids)]
        )
        self.invalidate_recordset(["state", "refund_id", "replacement_picking_id"])

    def _kia_workflow_error(self, names):
        return self.env._(
            "The status of a parts claim changes through its buttons only: Submit to "
            "Manufacturer, Accepted, Rejected, Credit Note or Replacement Receipt."
        )

    def _kia_check_workflow_vals(self, vals, creating=False):
        """Once submitted, whom and what the claim is for no longer change either."""
        res = super()._kia_check_workflow_vals(vals, creating=creating)
        if not creating and {"partner_id", "currency_id", "date", "company_id"} & set(vals):
            self._kia_check_draft()
        return res

    def _kia_check_state(self, state):
        label = dict(self._fields["state"]._description_selection(self.env))[state]
        for claim in self:
            if claim.state != state:
                raise UserError(
                    self.env._(
                        "Claim %(claim)s must be %(state)s for this.", claim=claim.name, state=label
                    )
                )

    def _kia_check_draft(self):
        """What is claimed is settled once the claim goes to the manufacturer."""
        sent = self.filtered(lambda claim: claim.state != "draft")
        if sent and not self.env.su:
            raise UserError(
                self.env._(
                    "Claim %s was submitted to the manufacturer: what it claims can no longer "
                    "change.",
                    sent[0].name,
                )
            )

    def _kia_check_manager(self):
        if not self.env.user.has_group("kia_parts.group_parts_manager"):
            raise UserError(
                self.env._("The parts manager records the manufacturer's answer to a claim.")
            )
