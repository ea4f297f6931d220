from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare


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
    # Set by the approval flow only (see repair.order._kia_record_approval): a part of a
    # vehicle work order is fitted once the customer's approval covers it.
    kia_approval_id = fields.Many2one(
        "kia.work.order.approval",
        string="Approved By",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    @api.constrains("kia_job_line_id", "repair_id", "repair_line_type")
    def _check_kia_part_has_job(self):
        """Every part of a vehicle work order belongs to a job: the job's pay type says
        who pays for it (the customer, on his sale order, or not) and the job's approval
        covers it. A part of no job would be fitted and billed by no rule. Plain repairs
        (no vehicle) keep Odoo's parts without jobs."""
        orphan = self.filtered(
            lambda m: m.repair_id.kia_vehicle_id and m.repair_line_type and not m.kia_job_line_id
        )
        if orphan:
            raise ValidationError(
                self.env._(
                    "Part %(part)s on work order %(order)s belongs to no job: choose the job "
                    "it is for (the job's pay type says who pays for it).",
                    part=orphan[0].product_id.display_name,
                    order=orphan[0].repair_id.name,
                )
            )

    @api.constrains("kia_job_line_id", "repair_id")
    def _check_kia_job_of_same_work_order(self):
        for move in self.filtered("kia_job_line_id"):
            if move.kia_job_line_id.repair_id != move.repair_id:
                raise ValidationError(
                    self.env._("The parts of a job must belong to its work order.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        repairs = self.env["repair.order"].browse(
            [vals["repair_id"] for vals in vals_list if vals.get("repair_id")]
        )
        repairs._kia_check_editable()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._kia_check_approval_vals(vals)
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
        """Only the parts of customer-pay jobs go on the customer's quotation; warranty,
        internal and goodwill parts are not billed to the customer. The parts of a plain
        repair (no vehicle, no job) are quoted the Odoo way."""
        billable = self.filtered(
            lambda move: not move.kia_job_line_id or move.kia_job_line_id.pay_type == "customer"
        )
        return super(StockMove, billable)._create_repair_sale_order_line()

    def _kia_check_approval_vals(self, vals):
        """Only the approval flow says which approval covers a part; more of an approved
        part, or another part, needs the customer's approval again (the part waits for
        it: it is neither issued nor fitted before)."""
        if "kia_approval_id" in vals:
            raise UserError(
                self.env._(
                    "The customer's approval of a part is recorded with the work order's "
                    "Record Approval button, not by editing the part."
                )
            )
        approved = self.filtered("kia_approval_id")
        if "product_id" in vals:
            approved = approved.filtered(lambda m: m.product_id.id != vals["product_id"])
        elif "product_uom_qty" in vals:
            approved = approved.filtered(
                lambda m: (
                    float_compare(
                        vals["product_uom_qty"],
                        m.product_uom_qty,
                        precision_rounding=m.product_uom.rounding,
                    )
                    > 0
                )
            )
        else:
            return
        approved.sudo().write({"kia_approval_id": False})

    def _kia_parts_awaiting_approval(self):
        """Parts of vehicle work orders that no customer approval covers yet."""
        return self.filtered(
            lambda m: (
                m.repair_id.kia_vehicle_id
                and m.repair_line_type == "add"
                and m.state != "cancel"
                and not m.kia_approval_id
            )
        )

    def _kia_check_parts_approved(self):
        pending = self._kia_parts_awaiting_approval()
        if pending:
            raise UserError(
                self.env._(
                    "%(part)s on work order %(order)s is not approved by the customer yet: "
                    "it can be neither issued nor fitted before the approval is recorded.",
                    part=pending[0].product_id.display_name,
                    order=pending[0].repair_id.name,
                )
            )

    def _action_done(self, cancel_backorder=False):
        # Whoever completes the order (the quality check completes it as the system), a
        # part the customer did not approve is not fitted.
        self._kia_check_parts_approved()
        return super()._action_done(cancel_backorder=cancel_backorder)

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
