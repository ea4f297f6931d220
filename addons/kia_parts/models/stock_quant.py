from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare


class StockQuant(models.Model):
    _inherit = "stock.quant"

    kia_difference_value = fields.Monetary(
        string="Difference Value",
        compute="_compute_kia_difference_value",
        currency_field="currency_id",
        groups="kia_parts.group_parts_clerk,stock.group_stock_manager",
        help="Counted minus recorded quantity, at cost.",
    )
    kia_adjustment_approved_by_id = fields.Many2one(
        "res.users", string="Adjustment Approved By", readonly=True, copy=False
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
                    _(
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
            _(
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
        if vals.get("kia_adjustment_approved_by_id") and not self.env.su:
            raise UserError(
                _("Stocktake adjustments are approved with the parts manager's Approve button.")
            )
        if "inventory_quantity" in vals and "kia_adjustment_approved_by_id" not in vals:
            # A new count needs a new approval.
            vals = dict(vals, kia_adjustment_approved_by_id=False)
        return super().write(vals)

    def _kia_needs_approval(self):
        return self.filtered(
            lambda quant: (
                quant.inventory_quantity_set
                and not quant.kia_adjustment_approved_by_id
                and float_compare(
                    abs(quant.sudo().kia_difference_value),
                    quant.company_id.kia_stocktake_approval_value,
                    precision_rounding=quant.company_id.currency_id.rounding,
                )
                > 0
            )
        )

    def _apply_inventory(self):
        # Every way of applying a count (the button, the name wizard, a product's "Update
        # Quantity", an edited on-hand quantity) comes through here.
        pending = self._kia_needs_approval()
        if pending:
            quant = pending[0]
            raise UserError(
                _(
                    "The count of %(part)s differs by %(value)s, above %(threshold)s: the parts "
                    "manager approves such adjustments before they are applied.",
                    part=quant.product_id.display_name,
                    value=quant.company_id.currency_id.format(quant.sudo().kia_difference_value),
                    threshold=quant.company_id.currency_id.format(
                        quant.company_id.kia_stocktake_approval_value
                    ),
                )
            )
        # Applying clears the count, and with it the approval (see write).
        return super()._apply_inventory()

    def _get_inventory_move_values(
        self, qty, location_id, location_dest_id, package_id=False, package_dest_id=False
    ):
        # The adjustment keeps who approved it (the count, and the approval, are cleared).
        # Odoo passes the packages positionally (relocating, unpacking).
        values = super()._get_inventory_move_values(
            qty, location_id, location_dest_id, package_id, package_dest_id
        )
        values["kia_adjustment_approved_by_id"] = self.kia_adjustment_approved_by_id.id
        return values

    def action_kia_approve_adjustment(self):
        if not self.env.user.has_group("kia_parts.group_parts_manager"):
            raise UserError(_("Only the parts manager approves stocktake adjustments."))
        counted = self.filtered("inventory_quantity_set")
        if not counted:
            raise UserError(_("Count the parts before approving the adjustment."))
        counted.check_access("write")
        counted.sudo().write({"kia_adjustment_approved_by_id": self.env.uid})
        return True
