from odoo import api, fields, models
from odoo.exceptions import UserError


class KiaWorkOrderApproval(models.Model):
    """The customer's approval of an estimate or of additional work: who approved, when,
    how, what (jobs and parts) and for how much. Kept as a record of the agreement: only
    the flow (``repair.order._kia_record_approval``, after its checks) creates one, and
    nobody changes or deletes it; each job and part points to the approval that covers
    it, so the approval gate asks what is covered, not whether an approval exists."""

    _name = "kia.work.order.approval"
    _description = "Customer Approval"
    _inherit = ["kia.work.order.document", "kia.workflow.mixin"]
    _order = "date desc, id desc"
    _kia_append_only = True

    kind = fields.Selection(
        [("estimate", "Estimate"), ("additional", "Additional Work")], required=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    partner_id = fields.Many2one("res.partner", string="Customer")
    approved_by = fields.Char(required=True, help="Name of the person who gave the approval.")
    method = fields.Selection(
        [
            ("in_person", "In Person (signed)"),
            ("phone", "Phone"),
            ("sms", "SMS"),
            ("wechat", "WeChat"),
            ("email", "Email"),
            ("portal", "Customer Portal"),
        ],
        string="How",
        required=True,
        default="in_person",
    )
    recorded_by_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    job_line_ids = fields.Many2many(
        "kia.job.line",
        "kia_approval_job_line_rel",
        "approval_id",
        "job_line_id",
        string="Approved Jobs",
    )
    declined_job_line_ids = fields.Many2many(
        "kia.job.line",
        "kia_approval_declined_job_line_rel",
        "approval_id",
        "job_line_id",
        string="Declined Jobs",
    )
    move_ids = fields.One2many(
        "stock.move", "kia_approval_id", string="Approved Parts", readonly=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        string="Approved Amount (customer)",
        readonly=True,
        groups="kia_aftersales.group_advisor",
        help="Customer-pay labour and parts approved, before taxes.",
    )
    note = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A customer approval is recorded with the work order's Record Approval "
                    "button, which checks what is approved: it cannot be created directly."
                )
            )
        return super().create(vals_list)
