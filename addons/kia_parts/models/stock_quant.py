from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare


class StockQuant(models.Model):
    """A count above the company's threshold (盘库) is signed off by the parts manager
    before it is applied: a tier validation of the counted quant (definition
    ``kia_parts.tier_definition_stocktake``). The sign-off covers the count it was given
    for; the inventory move keeps who signed it (the quant's count, and its reviews, are
    cleared once applied)."""

    _name = "stock.quant"
    _inherit = ["stock.quant", "tier.validation"]
    _state_field = "kia_count_state"
    _state_from = ["counted"]
    _state_to = ["applied"]
    _cancel_state = "none"
    _tier_validation_manual_config = True

    kia_difference_value = fields.Monetary(
        string="Difference Value",
        compute="_compute_kia_difference_value",
        currency_field="currency_id",
        groups="kia_parts.group_parts_clerk,stock.group_stock_manager",
        help="Counted minus recorded quantity, at cost.",
    )
    kia_count_state = fields.Selection(
        [("none", "Not Counted"), ("counted", "Counted"), ("applied", "Applied")],
        string="Count",
        compute="_compute_kia_count_state",
    )
    kia_above_threshold = fields.Boolean(
        string="Above Approval Threshold",
        compute="_compute_kia_above_threshold",
        help="The counted difference, at cost, is above the company's stocktake approval "
        "value: the parts manager signs it off before it is applied.",
    )

    @api.depends("inventory_diff_quantity", "product_id")
    def _compute_kia_difference_value(self):
        for company, quants in self.grouped("company_id").items():
            products = quants.product_id.with_company(company).sudo()
            for quant in quants:
                quant.kia_difference_value = (
                    quant.inventory_diff_quantity
                    * products.browse(quant.product_id.id).standard_price
                )

    @api.depends("inventory_quantity_set")
    def _compute_kia_count_state(self):
        for quant in self:
            quant.kia_count_state = "counted" if quant.inventory_quantity_set else "none"

    @api.depends("inventory_quantity_set", "inventory_diff_quantity", "company_id")
    def _compute_kia_above_threshold(self):
        for quant in self:
            company = quant.company_id or self.env.company
            quant.kia_above_threshold = (
                quant.inventory_quantity_set
                and float_compare(
                    abs(quant.sudo().kia_difference_value),
                    company.kia_stocktake_approval_value,
                    precision_rounding=company.currency_id.rounding,
                )
                > 0
            )

    def _kia_tier_fingerprint(self):
        # The sign-off covers the count and the stock it was compared with.
        self.ensure_one()
        return f"{self.inventory_quantity}:{self.quantity}"

    def _tier_validation_check_write_allowed(self, vals):
        # A new count is allowed: it needs a new sign-off (see _kia_tier_fingerprint).
        return True

    def _get_to_validate_message_name(self):
        return self.env._("Stocktake adjustment")

    @api.constrains("inventory_quantity", "inventory_quantity_set")
    def _check_kia_count_not_negative(self):
        for quant in self.filtered(
            lambda q: q.inventory_quantity_set and q.product_id.product_tmpl_id.kia_is_part
        ):
            if (
                float_compare(
                    quant.inventory_quantity, 0, precision_rounding=quant.product_uom_id.rounding
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The counted quantity of %(part)s in %(location)s cannot be negative: "
                        "count what is on the shelf (0 when the bin is empty).",
                        part=quant.product_id.display_name,
                        location=quant.location_id.display_name,
                    )
                )

    def _kia_check_stock_vals(self, vals, products):
        """Stock on hand and reservations change through stock moves (receipts, issues,
        sales, applied stocktakes), which Odoo books as the system. A client writing a
        quant's quantity would change the stock with no inventory move, no valuation and
        no stocktake approval: refused for the parts department's users and for Kia parts.
        (Other users and products keep Odoo's own rules, which let an inventory user
        correct a quant of a plain product.)"""
        if self.env.su or not {"quantity", "reserved_quantity"} & set(vals):
            return
        parts = products.filtered(lambda p: p.product_tmpl_id.kia_is_part)
        if not parts and not self.env.user.has_group("kia_parts.group_parts_clerk"):
            return
        raise UserError(
            self.env._(
                "The stock of %(part)s changes through stock moves (receipts, issues, sales) "
                "or a stocktake count approved and applied: it cannot be edited "
                "directly.",
                part=(parts or products)[:1].display_name,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            products = self.env["product.product"].browse(
                [vals["product_id"] for vals in vals_list if vals.get("product_id")]
            )
            for vals in vals_list:
                self._kia_check_stock_vals(vals, products.browse(vals.get("product_id")))
        return super().create(vals_list)

    def write(self, vals):
        self._kia_check_stock_vals(vals, self.product_id)
        return super().write(vals)

    def _apply_inventory(self):
        # Every way of applying a count (the button, the name wizard, a product's "Update
        # Quantity", an edited on-hand quantity) comes through here. The parts manager
        # applying a count himself signs it off.
        self._kia_tier_check(self._kia_stocktake_error)
        res = super()._apply_inventory()
        # Applied: the count is cleared, its sign-off is kept on the inventory move.
        self.sudo().exists().review_ids.unlink()
        return res

    def _kia_stocktake_error(self, quant):
        company = quant.company_id or self.env.company
        return self.env._(
            "The count of %(part)s differs by %(value)s, above %(threshold)s: the parts "
            "manager approves such adjustments before they are applied (Request Validation, "
            "then the parts manager validates).",
            part=quant.product_id.display_name,
            value=company.currency_id.format(quant.sudo().kia_difference_value),
            threshold=company.currency_id.format(company.kia_stocktake_approval_value),
        )

    def _get_inventory_move_values(
        self, qty, location_id, location_dest_id, package_id=False, package_dest_id=False
    ):
        # The adjustment keeps who approved it (the count, and the approval, are cleared).
        # Odoo passes the packages positionally (relocating, unpacking).
        values = super()._get_inventory_move_values(
            qty, location_id, location_dest_id, package_id, package_dest_id
        )
        approved = self.sudo().review_ids.filtered(lambda r: r.status == "approved")
        values["kia_adjustment_approved_by_id"] = approved[-1:].done_by.id
        return values


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        return super()._get_tier_validation_model_names() + ["stock.quant"]
