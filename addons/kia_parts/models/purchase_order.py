from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

LEAD_TIME_FIELDS = {
    "stock": "kia_stock_order_lead_days",
    "emergency": "kia_emergency_order_lead_days",
    "vor": "kia_vor_order_lead_days",
}


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

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
        for order in orders.filtered("kia_order_type"):
            planned = order._kia_planned_date()
            order.order_line.filtered(lambda line: not line.display_type).date_planned = planned
        return orders

    def button_confirm(self):
        self._kia_check_parts_order()
        return super().button_confirm()

    def _kia_check_parts_order(self):
        """审核、签发配件订单: the parts manager signs parts orders, for current part numbers,
        within the credit the manufacturer grants."""
        parts_orders = self.filtered(
            lambda order: (
                order.kia_order_type
                or any(line.product_id.kia_is_part for line in order.order_line)
            )
        )
        if not parts_orders:
            return
        if not self.env.user.has_group("kia_parts.group_parts_manager"):
            raise UserError(_("Only the parts manager confirms parts orders (审核、签发配件订单)."))
        parts_orders.order_line.product_id._kia_check_current(_("order the new part number"))
        self._kia_check_credit(parts_orders)

    def _kia_check_credit(self, orders):
        for partner, partner_orders in orders.grouped("partner_id").items():
            partner = partner.sudo()
            limit = partner.kia_parts_deposit + partner.kia_parts_credit_limit
            if not partner.kia_parts_credit_limit:
                continue
            company = partner_orders.company_id[:1]
            exposure = (
                partner.with_company(company)
                ._kia_parts_exposure(exclude_orders=partner_orders)
                .get(partner.id, 0.0)
            )
            amount = sum(partner_orders.mapped("amount_total_cc"))
            if exposure + amount > limit:
                raise UserError(
                    _(
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
