from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

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
    kia_over_receipt_approved_qty = fields.Float(
        string="Approved Over-receipt Qty",
        digits="Product Unit of Measure",
        readonly=True,
        copy=False,
        help="Quantity the parts manager approved receiving above the ordered quantity.",
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
        for move in self.filtered(lambda m: m.repair_id and m.state != "cancel"):
            if (
                float_compare(move.product_uom_qty, 0, precision_rounding=move.product_uom.rounding)
                <= 0
            ):
                raise ValidationError(
                    _("The quantity of %s must be positive.", move.product_id.display_name)
                )

    def write(self, vals):
        # Handing parts over (a quantity, or marking them used) is the parts department's,
        # through its Issue and Return actions that check the stock and the work order;
        # un-picking (cancellations) is not.
        if {"kia_over_receipt_approved_qty", "kia_adjustment_approved_by_id"} & set(
            vals
        ) and not self.env.su:
            raise UserError(_("Only the parts manager approves receiving more than ordered."))
        if ("quantity" in vals or vals.get("picked")) and not self.env.su:
            workshop = self.filtered(
                lambda m: (
                    m.repair_id.kia_vehicle_id
                    and m.repair_line_type == "add"
                    and m.state not in ("cancel", "done")
                )
            )
            if workshop and not self.env.user.has_group("kia_parts.group_parts_clerk"):
                raise UserError(
                    _(
                        "Parts of a work order are issued to the workshop by the parts "
                        "department (配件发料)."
                    )
                )
            if workshop and "quantity" in vals:
                raise UserError(
                    _(
                        "Issue or return the parts of a work order with the Issue / Return "
                        "action: it checks the stock and the work order."
                    )
                )
        return super().write(vals)

    @api.model
    def _kia_demand_domain(self, company, date_from, date_to):
        """Done moves that consume parts: issues to work orders and counter sales."""
        return [
            ("company_id", "=", company.id),
            ("state", "=", "done"),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
            ("location_id.usage", "=", "internal"),
            ("location_dest_id.usage", "in", ("customer", "production")),
            ("product_id.product_tmpl_id.kia_is_part", "=", True),
        ]

    @api.model
    def _kia_demand_by_template(self, company, date_from, date_to):
        """{template id: (number of issues, quantity)} in one grouped query (plus one to map
        variants to templates), whatever the size of the catalogue."""
        groups = self._read_group(
            self._kia_demand_domain(company, date_from, date_to),
            ["product_id"],
            ["__count", "product_qty:sum"],
        )
        products = self.env["product.product"].browse([product.id for product, _c, _q in groups])
        templates = {
            row["id"]: row["product_tmpl_id"]
            for row in products.with_context(active_test=False).search_read(
                [("id", "in", products.ids)], ["product_tmpl_id"], load=None
            )
        }
        result = {}
        for product, count, quantity in groups:
            template = templates[product.id]
            issues, total = result.get(template, (0, 0.0))
            result[template] = (issues + count, total + quantity)
        return result

    # ------------------------------------------------------------------ issue to work orders

    def action_kia_issue(self, quantity=None):
        """Parts clerk (配件发料): hand ``quantity`` (default: what remains) of the parts of
        these work-order moves to the workshop."""
        self._kia_check_issue_allowed()
        for move in self:
            to_issue = move.product_uom_qty - move.quantity if quantity is None else quantity
            if float_compare(to_issue, 0, precision_rounding=move.product_uom.rounding) <= 0:
                raise UserError(_("Issue a positive quantity of %s.", move.product_id.display_name))
            available = move.product_id.with_context(location=move.location_id.id).free_qty + (
                move.quantity
            )
            if (
                float_compare(
                    move.quantity + to_issue,
                    available,
                    precision_rounding=move.product_uom.rounding,
                )
                > 0
            ):
                raise UserError(
                    _(
                        "Only %(available)s %(uom)s of %(part)s are available in %(location)s: "
                        "%(requested)s cannot be issued. Order the part or issue less.",
                        available=available - move.quantity,
                        uom=move.product_uom.name,
                        part=move.product_id.display_name,
                        location=move.location_id.display_name,
                        requested=to_issue,
                    )
                )
            move.sudo().write({"quantity": move.quantity + to_issue, "picked": True})
            move.repair_id.message_post(
                body=_(
                    "%(qty)s %(uom)s of %(part)s issued to the workshop.",
                    qty=to_issue,
                    uom=move.product_uom.name,
                    part=move.product_id.display_name,
                )
            )
        return True

    def action_kia_return(self, quantity):
        """Parts clerk: unused parts come back from the workshop."""
        self._kia_check_issue_allowed()
        for move in self:
            if float_compare(quantity, 0, precision_rounding=move.product_uom.rounding) <= 0:
                raise UserError(
                    _("Return a positive quantity of %s.", move.product_id.display_name)
                )
            if (
                float_compare(quantity, move.quantity, precision_rounding=move.product_uom.rounding)
                > 0
            ):
                raise UserError(
                    _(
                        "Only %(issued)s of %(part)s were issued to this work order: %(qty)s "
                        "cannot come back.",
                        issued=move.quantity,
                        part=move.product_id.display_name,
                        qty=quantity,
                    )
                )
            move.sudo().write({"quantity": move.quantity - quantity})
            move.repair_id.message_post(
                body=_(
                    "%(qty)s %(uom)s of %(part)s returned from the workshop.",
                    qty=quantity,
                    uom=move.product_uom.name,
                    part=move.product_id.display_name,
                )
            )
        return True

    def _kia_check_issue_allowed(self):
        if not self.env.user.has_group("kia_parts.group_parts_clerk"):
            raise UserError(_("Only the parts department issues parts to the workshop (配件发料)."))
        self.check_access("write")
        for move in self:
            repair = move.repair_id
            if not repair or move.repair_line_type != "add":
                raise UserError(_("Only parts to add on a work order can be issued or returned."))
            if repair.state in ("done", "cancel") or repair.kia_delivered_date:
                raise UserError(
                    _(
                        "Work order %(order)s is %(state)s: no part can be issued to it or "
                        "returned from it.",
                        order=repair.name,
                        state=_("delivered")
                        if repair.kia_delivered_date
                        else dict(repair._fields["state"]._description_selection(self.env))[
                            repair.state
                        ],
                    )
                )
            if repair.state == "draft":
                raise UserError(
                    _(
                        "Work order %s is not approved yet: parts are issued once it is.",
                        repair.name,
                    )
                )
