from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    kia_job_line_id = fields.Many2one(
        "kia.job.line", string="Job", index="btree_not_null", readonly=True, copy=False
    )

    def _kia_charged_amounts(self):
        """What the customer is charged for each line, as ``{line: (untaxed, total)}``.

        The work order's sale order is the one source of the customer's money: its lines
        carry the pricelist, the unit of measure, the discount and the taxes. Once a line
        is invoiced, its posted invoice lines (net of credit notes) replace its own figures
        for the quantity they invoice, and the line prices what remains to invoice: an
        invoice changed before it was posted is what the customer pays. Draft and
        cancelled invoices do not count."""
        amounts = {}
        for line in self:
            if line.display_type or line.state == "cancel":
                amounts[line] = (0.0, 0.0)
            elif line.invoice_lines.filtered(lambda aml: aml.parent_state == "posted"):
                ordered = line.product_uom_qty
                share = max(ordered - line.qty_invoiced_posted, 0.0) / ordered if ordered else 0.0
                amounts[line] = (
                    line.untaxed_amount_invoiced + line.price_subtotal * share,
                    line.amount_invoiced + line.price_total * share,
                )
            else:
                amounts[line] = (line.price_subtotal, line.price_total)
        return amounts

    @api.model
    def _kia_price_in_memory(self, repair, vals_list):
        """The untaxed subtotal of each line of ``vals_list`` (sale order line values) as
        the quotation of work order ``repair`` would price it: its pricelist, fiscal
        position and date, the line's unit of measure and discount. Used for the jobs the
        customer does not pay (warranty, internal, goodwill), which are not on his
        quotation, so that they are valued by the same engine as what he pays. Computed
        on records in memory: nothing is written, the real quotation is not touched."""
        if not vals_list:
            return []
        quotation = repair.sale_order_id.filtered(lambda so: so.state != "cancel")
        order_values = {
            "partner_id": (quotation.partner_id or repair.partner_id).id,
            "company_id": repair.company_id.id,
        }
        if quotation:
            order_values |= {
                "pricelist_id": quotation.pricelist_id.id,
                "fiscal_position_id": quotation.fiscal_position_id.id,
                "date_order": quotation.date_order,
            }
        # A new order of its own: a line in memory on the real quotation would show in
        # its lines for the rest of the transaction.
        order = self.env["sale.order"].new(order_values)
        return [self.new(dict(values, order_id=order)).price_subtotal for values in vals_list]
