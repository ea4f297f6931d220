from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, float_compare

# What a client may not change on the move lines of a done work-order move: the stock it
# moved (Odoo re-books the quants when a done line changes).
DONE_LINE_FIELDS = frozenset(
    {
        "quantity",
        "quantity_product_uom",
        "picked",
        "product_id",
        "product_uom_id",
        "location_id",
        "location_dest_id",
        "lot_id",
        "lot_name",
        "package_id",
        "result_package_id",
        "owner_id",
        "move_id",
    }
)
# What stock held of a work order's part the first time it was checked.
FIRST_AVAILABILITY = [
    ("full", "Fully Available"),
    ("partial", "Partially Available"),
    ("none", "Not Available"),
]


class StockMove(models.Model):
    _name = "stock.move"
    _inherit = ["stock.move", "kia.workflow.mixin"]

    # Receiving inspection (配件接收及入库)
    kia_note_qty = fields.Float(
        string="Delivery Note Qty",
        digits="Product Unit of Measure",
        help="Quantity written on the manufacturer's delivery note.",
    )
    kia_damaged_qty = fields.Float(
        string="Damaged",
        digits="Product Unit of Measure",
        help="Received damaged: not put in stock.",
    )
    kia_wrong_qty = fields.Float(
        string="Wrong Part",
        digits="Product Unit of Measure",
        help="Received but not the part ordered.",
    )
    kia_short_qty = fields.Float(
        string="Short", compute="_compute_kia_discrepancy", digits="Product Unit of Measure"
    )
    kia_has_discrepancy = fields.Boolean(string="Discrepancy", compute="_compute_kia_discrepancy")
    kia_bin_location = fields.Char(related="product_id.kia_bin_location", string="Bin")
    kia_adjustment_approved_by_id = fields.Many2one(
        "res.users",
        string="Adjustment Approved By",
        readonly=True,
        copy=False,
        help="The parts manager who approved this stocktake adjustment.",
    )
    kia_issued_qty = fields.Float(
        string="Issued",
        digits="Product Unit of Measure",
        readonly=True,
        copy=False,
        kia_workflow=True,
        help="Quantity the parts department handed to the workshop with its Issue action, "
        "less what came back. A reserved part is not issued: only this quantity is fitted "
        "and consumed when the work order is completed.",
    )
    kia_issued_by_id = fields.Many2one(
        "res.users",
        string="Issued By",
        readonly=True,
        copy=False,
        kia_workflow=True,
        help="The parts clerk who last issued this part to the workshop.",
    )
    kia_issued_date = fields.Datetime(
        string="Issued On", readonly=True, copy=False, kia_workflow=True
    )
    # Fill rate (KPI), measured: whether stock covered a work order's part the first time
    # it was checked (its first reservation, or its first issue when it was never
    # reserved). Stamped once by the flow, never rewritten.
    kia_first_availability = fields.Selection(
        FIRST_AVAILABILITY,
        string="Available at First Check",
        readonly=True,
        copy=False,
        kia_workflow=True,
        help="Whether the requested quantity was in stock when the part was first "
        "reserved or issued for the work order (fill rate).",
    )
    kia_first_check_date = fields.Datetime(
        string="First Checked On", readonly=True, copy=False, kia_workflow=True
    )

    _sql_constraints = [
        (
            "kia_inspection_positive",
            "CHECK (kia_note_qty >= 0 AND kia_damaged_qty >= 0 AND kia_wrong_qty >= 0)",
            "Delivery note, damaged and wrong quantities cannot be negative.",
        ),
    ]

    @api.depends("kia_note_qty", "quantity", "kia_damaged_qty", "kia_wrong_qty")
    def _compute_kia_discrepancy(self):
        for move in self:
            short = move.kia_note_qty - move.quantity - move.kia_damaged_qty - move.kia_wrong_qty
            rounding = move.product_uom.rounding or 0.01
            move.kia_short_qty = (
                short if float_compare(short, 0, precision_rounding=rounding) > 0 else 0.0
            )
            move.kia_has_discrepancy = bool(
                move.kia_short_qty or move.kia_damaged_qty or move.kia_wrong_qty
            )

    @api.constrains("product_uom_qty")
    def _check_kia_positive_demand(self):
        """A part on a vehicle work order is needed in a positive quantity (the estimate and
        the customer's approval are priced on it). Plain repairs keep Odoo's rules: repair
        itself creates moves of zero quantity (a line being entered, a product to repair)."""
        for move in self.filtered(lambda m: m.repair_id.kia_vehicle_id and m.state != "cancel"):
            if (
                float_compare(move.product_uom_qty, 0, precision_rounding=move.product_uom.rounding)
                <= 0
            ):
                raise ValidationError(
                    self.env._("The quantity of %s must be positive.", move.product_id.display_name)
                )

    def _kia_workshop_moves(self):
        """Parts to fit on vehicle work orders: they reach the workshop only through the
        parts department's Issue action."""
        return self.filtered(lambda m: m.repair_id.kia_vehicle_id and m.repair_line_type == "add")

    def _kia_check_done_not_changed(self, vals):
        """A done move of a vehicle work order is what the workshop consumed: changing its
        quantity or product would change the stock on hand behind the order's back."""
        if self.env.su or not {"quantity", "product_uom_qty", "product_id", "product_qty"} & set(
            vals
        ):
            return
        done = self.filtered(lambda m: m.state == "done" and m.repair_id.kia_vehicle_id)
        if done:
            raise UserError(
                self.env._(
                    "The parts of work order %(order)s were consumed when it was completed: "
                    "%(part)s cannot be changed. Return unused parts or fit more through a new "
                    "work order.",
                    order=done[0].repair_id.name,
                    part=done[0].product_id.display_name,
                )
            )

    def write(self, vals):
        # Handing parts over (a quantity, or marking them used) is the parts department's,
        # through its Issue and Return actions that check the stock and the work order;
        # un-picking (cancellations) is not.
        if "kia_adjustment_approved_by_id" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "Who signed off a stocktake adjustment is recorded by its validation: it "
                    "cannot be written directly."
                )
            )
        self._kia_check_done_not_changed(vals)
        if {"product_id", "product_uom"} & set(vals) and not self.env.su:
            issued = self.filtered("kia_issued_qty")
            if issued:
                raise UserError(
                    self.env._(
                        "%(part)s was issued to the workshop: return it to the parts department "
                        "before changing the part or its unit.",
                        part=issued[0].product_id.display_name,
                    )
                )
        if ("quantity" in vals or vals.get("picked")) and not self.env.su:
            workshop = self._kia_workshop_moves().filtered(
                lambda m: m.state not in ("cancel", "done")
            )
            if workshop and not self.env.user.has_group("kia_parts.group_parts_clerk"):
                raise UserError(
                    self.env._(
                        "Parts of a work order are issued to the workshop by the parts department."
                    )
                )
            if workshop:
                raise UserError(
                    self.env._(
                        "Issue or return the parts of a work order with the Issue / Return "
                        "action: it checks the stock and the work order."
                    )
                )
        return super().write(vals)

    def _action_cancel(self):
        """Parts handed to the workshop are in the workshop: cancelling their move (a
        declined job, a cancelled work order) would put them back in stock on paper only.
        The parts department takes them back first (Return)."""
        issued = self.filtered(lambda m: m.kia_issued_qty and m.state not in ("done", "cancel"))
        if issued:
            raise UserError(
                self.env._(
                    "%(qty)s %(uom)s of %(part)s were issued to the workshop for work order "
                    "%(order)s: the parts department takes them back (Return) before they "
                    "are cancelled.",
                    qty=issued[0].kia_issued_qty,
                    uom=issued[0].product_uom.name,
                    part=issued[0].product_id.display_name,
                    order=issued[0].repair_id.name,
                )
            )
        return super()._action_cancel()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_kia_issued(self):
        issued = self.filtered("kia_issued_qty")
        if issued and not self.env.su:
            raise UserError(
                self.env._(
                    "%(part)s was issued to the workshop for work order %(order)s: return it "
                    "to the parts department before removing it.",
                    part=issued[0].product_id.display_name,
                    order=issued[0].repair_id.name,
                )
            )

    def _action_assign(self, force_qty=False):
        self.filtered(lambda m: m.repair_id and m.state not in ("done", "cancel"))._kia_lock_stock()
        result = super()._action_assign(force_qty=force_qty)
        self._kia_stamp_first_availability()
        return result

    def _kia_lock_stock(self):
        """Serialise the reservations and issues of the same parts in the same stock.

        An issue (and a work order's reservation) checks what is free in its snapshot,
        then reserves on a quant. Odoo's ``_update_available_quantity`` skips a quant that
        another transaction holds (``FOR NO KEY UPDATE SKIP LOCKED``) and reserves on a
        new, empty quant instead: two clerks issuing the last unit at the same moment
        would both pass and the stock be reserved twice (on hand 1, reserved 2). So the
        quants of the moves' parts in their locations are locked first, in id order: the
        second transaction waits for the first; if the first changed them, PostgreSQL
        fails the second to serialize and Odoo retries it, and its check sees the stock
        taken."""
        if not self:
            return
        domain = expression.OR(
            [
                [
                    ("product_id", "in", moves.product_id.ids),
                    ("location_id", "child_of", location.id),
                ]
                for location, moves in self.grouped("location_id").items()
            ]
        )
        quant_ids = self.env["stock.quant"].sudo()._search(domain)
        self.env.cr.execute(
            SQL(
                "SELECT id FROM stock_quant WHERE id IN %s ORDER BY id FOR NO KEY UPDATE",
                quant_ids.subselect(),
            )
        )

    def _kia_stamp_first_availability(self):
        """The first reservation attempt of a work order's part: full when the reservation
        covers the request, partial, or none. Moves already picked (issued without a
        reservation) are stamped by the issue instead."""
        by_state = {"assigned": "full", "partially_available": "partial"}
        todo = self.filtered(
            lambda m: (
                m.repair_id
                and m.repair_line_type == "add"
                and not m.kia_first_availability
                and not m.picked
                and m.state in ("assigned", "partially_available", "confirmed", "waiting")
            )
        )
        now = fields.Datetime.now()
        for availability, moves in todo.grouped(lambda m: by_state.get(m.state, "none")).items():
            moves.sudo().write(
                {"kia_first_availability": availability, "kia_first_check_date": now}
            )

    @api.model
    def _kia_demand_domain(self, company, date_from, date_to):
        """Done moves that consume parts (issues to work orders and counter sales) from
        ``date_from`` to ``date_to`` included, the dealer's local dates."""
        return [
            ("company_id", "=", company.id),
            ("state", "=", "done"),
            ("date", ">=", company._kia_day_start(date_from)),
            ("date", "<", company._kia_day_start(date_to + timedelta(days=1))),
            ("location_id.usage", "=", "internal"),
            ("location_dest_id.usage", "in", ("customer", "production")),
            ("product_id.product_tmpl_id.kia_is_part", "=", True),
        ]

    # ------------------------------------------------------------------ issue to work orders

    def action_kia_issue(self, quantity=None):
        """Parts clerk (配件发料): hand ``quantity`` (default: what remains to issue) of the
        parts of these work-order moves to the workshop. Stock reserved for the order is not
        issued yet: the issued quantity is :attr:`kia_issued_qty`, written only here and in
        :meth:`action_kia_return`."""
        self._kia_check_issue_allowed()
        self._kia_lock_stock()
        # What each move holds already (its reservation), read for all at once.
        reserved_by_move = dict.fromkeys(self.ids, 0.0)
        for line in self.sudo().move_line_ids:
            reserved_by_move[line.move_id.id] += line.quantity_product_uom
        # What nobody holds, per part and location (Odoo's free quantity: on hand less
        # reserved, the location and its children), one grouped read per location.
        free_by_product = {}
        for location, moves in self.grouped("location_id").items():
            for product, on_hand, reserved in self.env["stock.quant"]._read_group(
                [
                    ("product_id", "in", moves.product_id.ids),
                    ("location_id", "child_of", location.id),
                ],
                ["product_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            ):
                free_by_product[product.id, location.id] = on_hand - reserved
        now = fields.Datetime.now()
        for move in self:
            rounding = move.product_uom.rounding
            to_issue = move.product_uom_qty - move.kia_issued_qty if quantity is None else quantity
            if float_compare(to_issue, 0, precision_rounding=rounding) <= 0:
                raise UserError(
                    self.env._("Issue a positive quantity of %s.", move.product_id.display_name)
                )
            # What this move holds already plus what nobody holds.
            free = move.product_id.uom_id._compute_quantity(
                free_by_product.get((move.product_id.id, move.location_id.id), 0.0),
                move.product_uom,
            )
            reserved = move.product_id.uom_id._compute_quantity(
                reserved_by_move[move.id], move.product_uom
            )
            available = free + reserved - move.kia_issued_qty
            if float_compare(to_issue, available, precision_rounding=rounding) > 0:
                raise UserError(
                    self.env._(
                        "Only %(available)s %(uom)s of %(part)s are available in %(location)s: "
                        "%(requested)s cannot be issued. Order the part or issue less.",
                        available=available,
                        uom=move.product_uom.name,
                        part=move.product_id.display_name,
                        location=move.location_id.display_name,
                        requested=to_issue,
                    )
                )
            issued = move.kia_issued_qty + to_issue
            # Who issued what and when is kept on the part's line of the work order (one
            # write with the quantities, no message per part).
            values = {
                "quantity": max(issued, move.quantity),
                "picked": True,
                "kia_issued_qty": issued,
                "kia_issued_by_id": self.env.uid,
                "kia_issued_date": now,
            }
            if not move.kia_first_availability:
                # Never reserved: this issue is the first check of the stock.
                compare = float_compare(
                    available, move.product_uom_qty, precision_rounding=rounding
                )
                values["kia_first_availability"] = "full" if compare >= 0 else "partial"
                values["kia_first_check_date"] = now
            move.sudo().write(values)
        return True

    def action_kia_return(self, quantity):
        """Parts clerk: unused parts come back from the workshop."""
        self._kia_check_issue_allowed(issuing=False)
        for move in self:
            if float_compare(quantity, 0, precision_rounding=move.product_uom.rounding) <= 0:
                raise UserError(
                    self.env._("Return a positive quantity of %s.", move.product_id.display_name)
                )
            if (
                float_compare(
                    quantity, move.kia_issued_qty, precision_rounding=move.product_uom.rounding
                )
                > 0
            ):
                raise UserError(
                    self.env._(
                        "Only %(issued)s of %(part)s were issued to this work order: %(qty)s "
                        "cannot come back.",
                        issued=move.kia_issued_qty,
                        part=move.product_id.display_name,
                        qty=quantity,
                    )
                )
            issued = move.kia_issued_qty - quantity
            move.sudo().write(
                {"quantity": issued, "picked": bool(issued), "kia_issued_qty": issued}
            )
            move.repair_id.message_post(
                body=self.env._(
                    "%(qty)s %(uom)s of %(part)s returned from the workshop.",
                    qty=quantity,
                    uom=move.product_uom.name,
                    part=move.product_id.display_name,
                )
            )
        return True

    def _kia_consume_issued(self):
        """Completion of vehicle work orders: the workshop consumed what the parts
        department issued, not what stock reserved. Issued parts are picked at their issued
        quantity; parts never issued (only those of declined jobs get this far) are left
        unpicked at zero so that repair cancels them. Parts to remove or recycle keep
        repair's own rule (all picked when none is)."""
        moves = self.filtered(lambda m: m.state not in ("done", "cancel"))
        workshop = moves._kia_workshop_moves()
        for move in workshop:
            issued = move.kia_issued_qty
            move.sudo().write({"quantity": issued, "picked": bool(issued)})
        others = moves - workshop
        for _order, order_moves in others.grouped("repair_id").items():
            if not any(order_moves.mapped("picked")):
                order_moves.sudo().picked = True

    def _kia_check_issue_allowed(self, issuing=True):
        if not self.env.user.has_group("kia_parts.group_parts_clerk"):
            raise UserError(self.env._("Only the parts department issues parts to the workshop."))
        self.check_access("write")
        for move in self:
            repair = move.repair_id
            if not repair or move.repair_line_type != "add":
                raise UserError(
                    self.env._("Only parts to add on a work order can be issued or returned.")
                )
            if repair.state in ("done", "cancel") or repair.kia_delivered_date:
                raise UserError(
                    self.env._(
                        "Work order %(order)s is %(state)s: no part can be issued to it or "
                        "returned from it.",
                        order=repair.name,
                        state=self.env._("delivered")
                        if repair.kia_delivered_date
                        else dict(repair._fields["state"]._description_selection(self.env))[
                            repair.state
                        ],
                    )
                )
            if repair.state == "draft":
                raise UserError(
                    self.env._(
                        "Work order %s is not approved yet: parts are issued once it is.",
                        repair.name,
                    )
                )
            if move.state in ("done", "cancel") or (
                issuing and move.sudo().kia_job_line_id.state == "cancelled"
            ):
                raise UserError(
                    self.env._(
                        "%(part)s is no longer needed on work order %(order)s (consumed, "
                        "cancelled or its job declined): it cannot be issued.",
                        part=move.product_id.display_name,
                        order=repair.name,
                    )
                )
        if issuing and hasattr(self, "_kia_check_parts_approved"):
            # A part the customer has not approved yet waits (see kia_aftersales).
            self.sudo()._kia_check_parts_approved()
