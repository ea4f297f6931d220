from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Per dealer (company): each dealer of a group pays its own deposit and gets its own
    # credit from the manufacturer, a partner that all the group's companies share.
    kia_parts_deposit = fields.Float(
        string="Parts Deposit",
        company_dependent=True,
        digits="Account",
        help="Deposit this company paid to the manufacturer for parts orders.",
        groups="kia_parts.group_parts_clerk,account.group_account_readonly",
    )
    kia_parts_credit_limit = fields.Float(
        string="Parts Credit Limit",
        company_dependent=True,
        digits="Account",
        help="Credit the manufacturer grants this company on top of the deposit; 0 means no check.",
        groups="kia_parts.group_parts_clerk,account.group_account_readonly",
    )
    kia_parts_exposure = fields.Monetary(
        string="Parts Orders Outstanding",
        compute="_compute_kia_parts_exposure",
        groups="kia_parts.group_parts_clerk,account.group_account_readonly",
        help="Confirmed parts orders not yet billed, plus unpaid bills.",
    )
    kia_parts_credit_available = fields.Monetary(
        string="Parts Credit Available",
        compute="_compute_kia_parts_exposure",
        groups="kia_parts.group_parts_clerk,account.group_account_readonly",
    )

    @api.constrains("kia_parts_deposit", "kia_parts_credit_limit")
    def _check_kia_parts_credit_positive(self):
        for partner in self.sudo():
            if partner.kia_parts_deposit < 0 or partner.kia_parts_credit_limit < 0:
                raise ValidationError(
                    self.env._("The parts deposit and credit limit cannot be negative.")
                )

    @api.depends_context("company")
    def _compute_kia_parts_exposure(self):
        exposure = self._kia_parts_exposure()
        for partner in self:
            partner.kia_parts_exposure = exposure.get(partner.id, 0.0)
            partner.kia_parts_credit_available = (
                partner.kia_parts_deposit
                + partner.kia_parts_credit_limit
                - partner.kia_parts_exposure
            )

    def _kia_parts_exposure(self, exclude_orders=None):
        """{partner id: confirmed purchase orders not yet billed + unpaid vendor bills}, in
        the company currency; two grouped queries for any number of partners."""
        company = self.env.company
        orders = (
            self.env["purchase.order"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.ids),
                    ("company_id", "=", company.id),
                    ("state", "in", ("purchase", "done")),
                    ("invoice_status", "!=", "invoiced"),
                    ("id", "not in", (exclude_orders or self.env["purchase.order"]).ids),
                ]
            )
        )
        exposure = {}
        for order in orders:
            # What is billed of the order, vendor refunds counting back, in company currency.
            billed = -sum(
                order.invoice_ids.filtered(
                    lambda m: m.state == "posted" and m.move_type in ("in_invoice", "in_refund")
                ).mapped("amount_total_signed")
            )
            exposure[order.partner_id.id] = exposure.get(order.partner_id.id, 0.0) + max(
                order.amount_total_cc - billed, 0.0
            )
        # Open vendor bills less open vendor refunds (signed amounts, company currency).
        bills = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("company_id", "=", company.id),
                    ("move_type", "in", ("in_invoice", "in_refund")),
                    ("state", "=", "posted"),
                    ("payment_state", "not in", ("paid", "in_payment", "reversed")),
                ],
                ["partner_id"],
                ["amount_residual_signed:sum"],
            )
        )
        for partner, residual in bills:
            exposure[partner.id] = exposure.get(partner.id, 0.0) - residual
        return exposure
