from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

LEAD_TIME_FIELDS = {
    "stock": "kia_stock_order_lead_days",
    "emergency": "kia_emergency_order_lead_days",
    "vor": "kia_vor_order_lead_days",
}


APPROVED_STATES = ("purchase", "done")


class PurchaseOrder(models.Model):
    """Parts orders are signed off by the parts manager (审核、签发配件订单) through OCA's
    tier validation (``purchase_tier_validation``, definition
    ``kia_parts.tier_definition_parts_order``): the clerk requests the validation, the
    parts manager validates, the order is confirmed; the parts manager confirming himself
    signs it off. Confirmation still refuses an order over the manufacturer's credit."""

    _name = "purchase.order"
    _inherit = ["purchase.order", "kia.workflow.mixin"]

    kia_is_parts_order = fields.Boolean(
        string="Parts Order",
        compute="_compute_kia_is_parts_order",
        help="Typed as a parts order, or with a Kia part on it: the parts manager signs it.",
    )

    kia_order_type = fields.Selection(
        [("stock", "Stock Order"), ("emergency", "Emergency Order"), ("vor", "Vehicle Off Road")],
        string="Parts Order Type",
        tracking=True,
        help="Stock orders refill the shelves; emergency orders and VOR (vehicle off road) "
        "orders bring the parts a waiting work order needs, faster.",
    )
    kia_repair_ids = fields.Many2many(
        "repair.order",
        compute="_compute_kia_repair_ids",
        string="Waiting Work Orders",
    )
    kia_claim_ids = fields.One2many("kia.parts.claim", "purchase_id", string="Parts Claims")

    @api.depends("order_line.kia_repair_ids")
    def _compute_kia_repair_ids(self):
        for order in self:
            order.kia_repair_ids = order.order_line.kia_repair_ids

    @api.depends("kia_order_type", "order_line.product_id")
    def _compute_kia_is_parts_order(self):
        parts_orders = self._kia_parts_orders()
        for order in self:
            order.kia_is_parts_order = order in parts_orders

    def _kia_tier_fingerprint(self):
        # The parts manager signs the supplier, the parts, quantities and prices.
        self.ensure_one()
        lines = sorted(
            (
                line.product_id.id,
                line.product_qty,
                line.product_uom.id,
                line.price_unit,
                line.discount,
            )
            for line in self.order_line
            if not line.display_type
        )
        return f"{self.partner_id.id}:{self.currency_id.id}:{lines}"

    @api.onchange("kia_order_type", "company_id")
    def _onchange_kia_order_type(self):
        if self.kia_order_type:
            self.date_planned = self._kia_planned_date()

    def _kia_planned_date(self):
        self.ensure_one()
        days = (self.company_id or self.env.company)[LEAD_TIME_FIELDS[self.kia_order_type]]
        return fields.Datetime.now() + timedelta(days=days)

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        if not self.env.su and orders._kia_parts_orders().filtered(
            lambda order: order.state in APPROVED_STATES
        ):
            raise UserError(self._kia_workflow_error({"state"}))
        for order in orders.filtered("kia_order_type"):
            planned = order._kia_planned_date()
            order.order_line.filtered(lambda line: not line.display_type).date_planned = planned
        return orders

    def write(self, vals):
        # The suite's refusal of a written state comes before OCA's tier gate (which would
        # only ask for a validation).
        if "state" in vals:
            self._kia_check_workflow_vals(vals)
        return super().write(vals)

    def _kia_check_workflow_vals(self, vals, creating=False):
        """A parts order is approved (state purchase or done) by the parts manager through
        Confirm Order / Approve Order only, which check him, the part numbers and the
        manufacturer's credit: a client's write of the state is refused whatever the role.
        Other orders, and the other state changes (lock, unlock, cancel, back to draft),
        keep Odoo's behaviour."""
        super()._kia_check_workflow_vals(vals, creating=creating)
        if self.env.su or creating:
            return
        if vals.get("state") in APPROVED_STATES and self._kia_parts_orders().filtered(
            lambda order: order.state not in APPROVED_STATES
        ):
            raise UserError(self._kia_workflow_error({"state"}))
        if "kia_order_type" in vals and self._kia_parts_orders().filtered(
            lambda order: (
                order.state in APPROVED_STATES and order.kia_order_type != vals["kia_order_type"]
            )
        ):
            raise UserError(
                self.env._(
                    "The type of a signed parts order cannot change: it decides its lead time "
                    "and the parts figures reported to the manufacturer. Cancel it and order "
                    "again."
                )
            )

    def _kia_workflow_error(self, names):
        if names == {"state"}:
            return self.env._(
                "A parts order is approved with Confirm Order by the parts manager"
                ", who checks the part numbers and the manufacturer's credit: "
                "its status cannot be written directly. The change was refused."
            )
        return super()._kia_workflow_error(names)

    def _kia_parts_orders(self):
        """Orders to the manufacturer: typed as parts orders, or with a Kia part on them."""
        return self.filtered(
            lambda order: (
                order.kia_order_type
                or any(line.product_id.kia_is_part for line in order.order_line)
            )
        )

    def button_confirm(self):
        self._kia_check_parts_order()
        return super().button_confirm()

    def button_approve(self, force=False):
        """Approval is the state change itself (Odoo's Confirm calls it, and it is public):
        parts orders are approved here under the same checks as Confirm, then written by
        the flow; other orders keep Odoo's behaviour."""
        parts_orders = self._kia_parts_orders().filtered(
            lambda order: order.state not in APPROVED_STATES
        )
        if not parts_orders or self.env.su:
            return super().button_approve(force=force)
        parts_orders._kia_check_parts_order()
        parts_orders.check_access("write")
        result = super(PurchaseOrder, self - parts_orders).button_approve(force=force)
        super(PurchaseOrder, parts_orders.sudo()).button_approve(force=force)
        return result

    def _kia_check_parts_order(self):
        """审核、签发配件订单: the parts manager signs parts orders, for current part numbers,
        within the credit the manufacturer grants."""
        parts_orders = self._kia_parts_orders()
        if not parts_orders:
            return
        parts_orders._kia_tier_check(
            lambda order: self.env._(
                "Only the parts manager confirms parts orders, or signs them off first: "
                "%(order)s waits for his validation (Request Validation).",
                order=order.name,
            )
        )
        parts_orders.order_line.product_id._kia_check_current(
            self.env._("order the new part number")
        )
        self._kia_check_credit(parts_orders)

    def _kia_check_credit(self, orders):
        """The deposit and credit limit are the ones the manufacturer grants the company of
        the orders (per company, see res.partner)."""
        for (partner, company), partner_orders in orders.grouped(
            lambda order: (order.partner_id, order.company_id)
        ).items():
            partner = partner.with_company(company).sudo()
            limit = partner.kia_parts_deposit + partner.kia_parts_credit_limit
            if not partner.kia_parts_credit_limit:
                continue
            exposure = partner._kia_parts_exposure(exclude_orders=partner_orders).get(
                partner.id, 0.0
            )
            amount = sum(partner_orders.mapped("amount_total_cc"))
            if exposure + amount > limit:
                raise UserError(
                    self.env._(
                        "Confirming %(orders)s (%(amount)s) would exceed the credit with "
                        "%(partner)s: deposit and credit limit %(limit)s, already outstanding "
                        "%(exposure)s. Pay open bills or reduce the order.",
                        orders=", ".join(partner_orders.mapped("name")),
                        amount=company.currency_id.format(amount),
                        partner=partner.name,
                        limit=company.currency_id.format(limit),
                        exposure=company.currency_id.format(exposure),
                    )
                )
