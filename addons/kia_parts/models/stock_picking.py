from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockPicking(models.Model):
    _inherit = "stock.picking"

    kia_over_receipt_approved_by_id = fields.Many2one(
        "res.users", string="Over-receipt Approved By", readonly=True, copy=False
    )
    kia_claim_ids = fields.One2many("kia.parts.claim", "picking_id", string="Parts Claims")
    kia_has_discrepancy = fields.Boolean(compute="_compute_kia_has_discrepancy")
    kia_over_receipt_pending = fields.Boolean(
        string="Over-receipt to Approve", compute="_compute_kia_over_receipt_pending"
    )

    @api.depends("move_ids.kia_has_discrepancy")
    def _compute_kia_has_discrepancy(self):
        for picking in self:
            picking.kia_has_discrepancy = any(picking.move_ids.mapped("kia_has_discrepancy"))

    @api.depends("move_ids.quantity", "move_ids.kia_over_receipt_approved_qty")
    def _compute_kia_over_receipt_pending(self):
        pending = self._kia_over_received_moves().picking_id
        for picking in self:
            picking.kia_over_receipt_pending = picking in pending

    def _kia_over_received_moves(self):
        """Receipt moves above the ordered quantity and above what the manager approved."""
        return self.move_ids.filtered(
            lambda move: (
                move.purchase_line_id
                and float_compare(
                    move.quantity,
                    max(move.product_uom_qty, move.kia_over_receipt_approved_qty),
                    precision_rounding=move.product_uom.rounding,
                )
                > 0
            )
        )

    def write(self, vals):
        if "kia_over_receipt_approved_by_id" in vals and not self.env.su:
            raise UserError(_("Only the parts manager approves receiving more than ordered."))
        return super().write(vals)

    def button_validate(self):
        over = self._kia_over_received_moves()
        if over:
            move = over[0]
            raise UserError(
                _(
                    "%(qty)s %(uom)s of %(part)s received on %(receipt)s but only %(ordered)s "
                    "ordered: receiving more than ordered needs the parts manager's approval.",
                    qty=move.quantity,
                    uom=move.product_uom.name,
                    part=move.product_id.display_name,
                    receipt=move.picking_id.name,
                    ordered=move.product_uom_qty,
                )
            )
        return super().button_validate()

    def action_kia_approve_over_receipt(self):
        """The parts manager approves the quantities received now: receiving more again
        needs a new approval."""
        if not self.env.user.has_group("kia_parts.group_parts_manager"):
            raise UserError(_("Only the parts manager approves receiving more than ordered."))
        over = self._kia_over_received_moves()
        if not over:
            raise UserError(_("Nothing is received above the ordered quantity."))
        self.check_access("write")
        for move in over.sudo():
            move.kia_over_receipt_approved_qty = move.quantity
        over.picking_id.sudo().write({"kia_over_receipt_approved_by_id": self.env.uid})
        for picking in over.picking_id:
            picking.message_post(body=_("Receiving more than ordered approved."))
        return True

    def action_kia_open_claim(self):
        """配件索赔: claim the short, damaged and wrong parts of this receipt from the
        manufacturer."""
        self.ensure_one()
        moves = self.move_ids.filtered("kia_has_discrepancy")
        if not moves:
            raise UserError(
                _(
                    "Receipt %s has no discrepancy (short, damaged or wrong part): there is "
                    "nothing to claim. Record the delivery note and damaged quantities first.",
                    self.name,
                )
            )
        lines = []
        for move in moves:
            for kind, quantity in (
                ("short", move.kia_short_qty),
                ("damaged", move.kia_damaged_qty),
                ("wrong", move.kia_wrong_qty),
            ):
                if quantity:
                    # In the part's own unit, at the net price paid for that unit.
                    lines.append(
                        Command.create(
                            {
                                "product_id": move.product_id.id,
                                "move_id": move.id,
                                "discrepancy": kind,
                                "quantity": move.product_uom._compute_quantity(
                                    quantity, move.product_id.uom_id
                                ),
                                "price_unit": move.purchase_line_id._get_gross_price_unit()
                                if move.purchase_line_id
                                else 0.0,
                            }
                        )
                    )
        claim = self.env["kia.parts.claim"].create(
            {
                "partner_id": self.partner_id.commercial_partner_id.id,
                "picking_id": self.id,
                "currency_id": (self.purchase_id.currency_id or self.company_id.currency_id).id,
                "line_ids": lines,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "kia.parts.claim",
            "res_id": claim.id,
            "view_mode": "form",
        }

    def _action_done(self):
        res = super()._action_done()
        self._kia_check_counter_sale_stock()
        # Parts received for waiting work orders: reserve them (the stage follows).
        waiting = self.move_ids.purchase_line_id.kia_repair_ids.move_ids.filtered(
            lambda m: (
                m.state in ("confirmed", "partially_available") and m.repair_line_type == "add"
            )
        )
        waiting._action_assign()
        return res

    def _check_warn_sms(self):
        # Over the counter the customer takes the parts in hand: no delivery SMS to warn of.
        return super()._check_warn_sms().filtered(lambda p: not p.sale_id.kia_counter_sale)

    def _send_confirmation_email(self):
        counter = self.filtered(lambda p: p.sale_id.kia_counter_sale)
        super(StockPicking, self - counter)._send_confirmation_email()
        return super(StockPicking, counter.with_context(skip_sms=True))._send_confirmation_email()

    def _kia_check_counter_sale_stock(self):
        """Parts sold over the counter come out of stock that exists: a delivery that would
        leave a part below zero is refused (and rolled back with the transaction)."""
        moves = self.move_ids.filtered(
            lambda m: m.state == "done" and m.sale_line_id.order_id.kia_counter_sale
        )
        if not moves:
            return
        lines = moves.move_line_ids
        negative = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", lines.product_id.ids),
                    ("location_id", "in", lines.location_id.ids),
                    ("quantity", "<", 0),
                ],
                ["product_id", "location_id"],
                ["quantity:sum"],
            )
        )
        sold_pairs = {(line.product_id, line.location_id) for line in lines}
        negative = [row for row in negative if (row[0], row[1]) in sold_pairs]
        if not negative:
            return
        product, location, missing = negative[0]
        sold = sum(
            lines.filtered(
                lambda line: line.product_id == product and line.location_id == location
            ).mapped("quantity")
        )
        raise UserError(
            _(
                "Only %(available)s %(uom)s of %(part)s are in stock at %(location)s: "
                "%(requested)s cannot be sold over the counter. Sell what is in stock, "
                "order the part, or record a lost sale.",
                available=max(sold + missing, 0.0),
                uom=product.uom_id.name,
                part=product.display_name,
                location=location.display_name,
                requested=sold,
            )
        )
