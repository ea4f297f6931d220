from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class StockMove(models.Model):
    _inherit = "stock.move"

    kia_job_line_id = fields.Many2one(
        "kia.job.line",
        string="Job",
        index="btree_not_null",
        check_company=True,
        domain="[('repair_id', '=', repair_id)]",
    )
    kia_pay_type = fields.Selection(related="kia_job_line_id.pay_type", string="Pay Type")

    @api.constrains("kia_job_line_id", "repair_id")
    def _check_kia_job_of_same_work_order(self):
        for move in self.filtered("kia_job_line_id"):
            if move.kia_job_line_id.repair_id != move.repair_id:
                raise ValidationError(_("The parts of a job must belong to its work order."))

    @api.model_create_multi
    def create(self, vals_list):
        repairs = self.env["repair.order"].browse(
            [vals["repair_id"] for vals in vals_list if vals.get("repair_id")]
        )
        repairs._kia_check_editable()
        return super().create(vals_list)

    def write(self, vals):
        if not (self.env.su and self.env.context.get("kia_delivering")) and {
            "product_uom_qty",
            "product_id",
            "kia_job_line_id",
            "repair_line_type",
        } & set(vals):
            self.repair_id._kia_check_editable()
        res = super().write(vals)
        if "kia_job_line_id" in vals:
            self._kia_sync_pay_type()
        return res

    def _create_repair_sale_order_line(self):
        """Only the parts of customer-pay jobs (or of no job) go on the customer's
        quotation; warranty, internal and goodwill parts are not billed to the customer."""
        billable = self.filtered(
            lambda move: not move.kia_job_line_id or move.kia_job_line_id.pay_type == "customer"
        )
        return super(StockMove, billable)._create_repair_sale_order_line()

    def _kia_sync_pay_type(self):
        """A part whose job changes pay type leaves or joins the quotation."""
        moves = self.filtered(lambda m: m.repair_id and m.repair_line_type == "add")
        not_billable = moves.filtered(
            lambda m: m.kia_job_line_id.pay_type not in (False, "customer")
        )
        # Off the customer's quotation: a draft line goes; a confirmed one is emptied and
        # let go, or repair would bill the fitted quantity again when the order is done.
        lines = not_billable.sale_line_id
        lines.filtered(lambda line: line.order_id.state == "draft").unlink()
        not_billable.filtered("sale_line_id")._clean_repair_sale_order_line()
        not_billable.filtered("sale_line_id").write({"sale_line_id": False})
        billable = moves - not_billable
        billable.filtered("sale_line_id")._update_repair_sale_order_line()
        billable.filtered(lambda m: not m.sale_line_id)._create_repair_sale_order_line()
