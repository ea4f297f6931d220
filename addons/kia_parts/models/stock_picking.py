from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockPicking(models.Model):
    """Receiving more than a parts order ordered needs the parts manager's sign-off:
    OCA's tier validation of the receipt (``stock_picking_tier_validation``, definition
    ``kia_parts.tier_definition_over_receipt``). The sign-off covers the quantities
    received then: receiving more again needs a new one."""

    _name = "stock.picking"
    _inherit = ["stock.picking", "kia.workflow.mixin"]

    kia_claim_ids = fields.One2many("kia.parts.claim", "picking_id", string="Parts Claims")
    kia_has_discrepancy = fields.Boolean(compute="_compute_kia_has_discrepancy")
    kia_over_receipt = fields.Boolean(
        string="Received Above Ordered",
        compute="_compute_kia_over_receipt",
        help="A part of a parts order is received above the ordered quantity: the parts "
        "manager signs it off before the receipt is validated.",
    )

    @api.depends("move_ids.kia_has_discrepancy")
    def _compute_kia_has_discrepancy(self):
        for picking in self:
            picking.kia_has_discrepancy = any(picking.move_ids.mapped("kia_has_discrepancy"))

    @api.depends("move_ids.quantity", "move_ids.product_uom_qty")
    def _compute_kia_over_receipt(self):
        over = self._kia_over_received_moves().picking_id
        for picking in self:
            picking.kia_over_receipt = picking in over

    def _kia_over_received_moves(self):
        """Receipt moves of parts orders above the ordered quantity (a plain purchase keeps
        Odoo's over-receipt behaviour)."""
        parts_orders = self.move_ids.purchase_line_id.order_id._kia_parts_orders()
        return self.move_ids.filtered(
            lambda move: (
                move.purchase_line_id.order_id in parts_orders
                and float_compare(
                    move.quantity,
                    move.product_uom_qty,
                    precision_rounding=move.product_uom.rounding,
                )
                > 0
            )
        )

    def _kia_tier_fingerprint(self):
        # The sign-off covers the quantities received then.
        self.ensure_one()
        return str(sorted((move.id, move.quantity) for move in self._kia_over_received_moves()))

    def button_validate(self):
        # Over-received receipts: the suite's gate (a current sign-off for the quantities
        # received); other tier definitions a dealer adds keep OCA's gate.
        self.filtered("kia_over_receipt")._kia_tier_check(self._kia_over_receipt_error)
        return super().button_validate()

    def _kia_over_receipt_error(self, picking):
        move = picking._kia_over_received_moves()[:1]
        return self.env._(
            "%(qty)s %(uom)s of %(part)s received on %(receipt)s but only %(ordered)s "
            "ordered: receiving more than ordered needs the parts manager's sign-off (Request "
            "Validation, then the parts manager validates).",
            qty=move.quantity,
            uom=move.product_uom.name,
            part=move.product_id.display_name,
            receipt=picking.name,
            ordered=move.product_uom_qty,
        )

    def action_kia_open_claim(self):
        """配件索赔: claim the short, damaged and wrong parts of this receipt from the
        manufacturer. Each discrepancy is claimed once: pressed again, only what was found
        since is claimed (on the draft claim if there is one), otherwise the claim opens."""
        self.ensure_one()
        moves = self.move_ids.filtered("kia_has_discrepancy")
        if not moves:
            raise UserError(
                self.env._(
                    "Receipt %s has no discrepancy (short, damaged or wrong part): there is "
                    "nothing to claim. Record the delivery note and damaged quantities first.",
                    self.name,
                )
            )
        Claim = self.env["kia.parts.claim"]
        Claim.check_access("create")
        # One claim at a time per receipt: a second click waits, then finds it claimed.
        self.env.cr.execute("SELECT id FROM stock_picking WHERE id = %s FOR UPDATE", [self.id])
        ClaimLine = self.env["kia.parts.claim.line"].sudo()
        claimed = {
            (move.id, kind): quantity
            for move, kind, quantity in ClaimLine._read_group(
                [("move_id", "in", moves.ids)], ["move_id", "discrepancy"], ["quantity:sum"]
            )
        }
        lines = []
        for move in moves:
            rounding = move.product_id.uom_id.rounding
            for kind, found in (
                ("short", move.kia_short_qty),
                ("damaged", move.kia_damaged_qty),
                ("wrong", move.kia_wrong_qty),
            ):
                # In the part's own unit, at the net price paid for that unit.
                quantity = move.product_uom._compute_quantity(
                    found, move.product_id.uom_id
                ) - claimed.get((move.id, kind), 0.0)
                if float_compare(quantity, 0, precision_rounding=rounding) > 0:
                    lines.append(
                        {
                            "product_id": move.product_id.id,
                            "move_id": move.id,
                            "discrepancy": kind,
                            "quantity": quantity,
                            "price_unit": move.purchase_line_id._get_gross_price_unit()
                            if move.purchase_line_id
                            else 0.0,
                        }
                    )
        claims = Claim.search([("picking_id", "=", self.id)])
        if lines:
            draft = claims.filtered(lambda claim: claim.state == "draft")[:1]
            if draft:
                ClaimLine.create([dict(values, claim_id=draft.id) for values in lines])
                claims = draft
            else:
                # The flow sets the receipt and the received lines (owned by the workflow).
                claims = (
                    Claim.sudo()
                    .create(
                        {
                            "partner_id": self.partner_id.commercial_partner_id.id,
                            "picking_id": self.id,
                            "company_id": self.company_id.id,
                            "currency_id": (
                                self.purchase_id.currency_id or self.company_id.currency_id
                            ).id,
                            "line_ids": [Command.create(values) for values in lines],
                        }
                    )
                    .sudo(False)
                )
        if len(claims) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "kia.parts.claim",
                "res_id": claims.id,
                "view_mode": "form",
            }
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Parts Claims"),
            "res_model": "kia.parts.claim",
            "domain": [("id", "in", claims.ids)],
            "view_mode": "list,form",
        }

    def _action_done(self):
        res = super()._action_done()
        self._kia_check_counter_sale_stock()
        received = self.move_ids.filtered(
            lambda m: (
                m.state == "done"
                and m.location_dest_id.usage == "internal"
                and m.location_id.usage != "internal"
            )
        )
        switched = self._kia_serve_superseded(received.product_id)
        # Parts received for waiting work orders: reserve them (the stage follows).
        waiting = (self.move_ids.purchase_line_id.kia_repair_ids.move_ids | switched).filtered(
            lambda m: (
                m.state in ("confirmed", "partially_available") and m.repair_line_type == "add"
            )
        )
        waiting._action_assign()
        return res

    def _kia_serve_superseded(self, products):
        """Work orders waiting for a superseded part number are served by the new number
        when it is received: their waiting part moves switch to the new number (the
        manufacturer's replacement of the same part), then reserve it. Parts already
        handed to the workshop are left as they are. Returns the switched moves."""
        Move = self.env["stock.move"].sudo()
        new_parts = products.filtered("kia_is_part")
        if not new_parts:
            return Move
        Template = self.env["product.template"].sudo().with_context(active_test=False)
        # Old template id -> new variant received, one query per level of the chains.
        target_of = {product.product_tmpl_id.id: product for product in new_parts}
        received = set(target_of)
        level = Template.search([("kia_superseded_by_id", "in", list(received))])
        while level:
            for template in level:
                target_of.setdefault(template.id, target_of[template.kia_superseded_by_id.id])
            level = Template.search(
                [("kia_superseded_by_id", "in", level.ids), ("id", "not in", list(target_of))]
            )
        for template_id in received:
            del target_of[template_id]
        if not target_of:
            return Move
        moves = Move.search(
            [
                ("product_id.product_tmpl_id", "in", list(target_of)),
                ("company_id", "in", self.company_id.ids),
                ("repair_id", "!=", False),
                ("repair_id.state", "not in", ("done", "cancel")),
                ("repair_line_type", "=", "add"),
                ("state", "in", ("confirmed", "waiting", "partially_available")),
                ("picked", "=", False),
            ]
        )
        if "kia_issued_qty" in Move._fields:
            moves = moves.filtered(lambda m: not m.kia_issued_qty)
        if not moves:
            return Move
        moves.filtered("quantity")._do_unreserve()
        for move in moves:
            old = move.product_id
            new = target_of[old.product_tmpl_id.id]
            values = {"product_id": new.id}
            if move.product_uom.category_id != new.uom_id.category_id:
                values["product_uom"] = new.uom_id.id
            move.write(values)
            move.repair_id.message_post(
                body=self.env._(
                    "%(old)s is superseded by %(new)s, now received: the work order is served "
                    "with %(new)s.",
                    old=old.display_name,
                    new=new.display_name,
                )
            )
        return moves.sudo(False)

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
            self.env._(
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
