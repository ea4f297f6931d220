from odoo import fields, models


class KiaWarrantyClaimSubmission(models.Model):
    """One submission of a claim to the manufacturer and its answer: a rejected claim
    corrected and submitted again keeps every earlier round."""

    _name = "kia.warranty.claim.submission"
    _description = "Warranty Claim Submission"
    _inherit = ["kia.workflow.mixin"]
    _order = "claim_id, number"
    _kia_append_only = True
    # The manufacturer's answer is recorded on the round it answers.
    _kia_append_only_editable = ("result", "amount_approved", "reason")

    claim_id = fields.Many2one("kia.warranty.claim", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    number = fields.Integer(required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="Submitted By", required=True, default=lambda self: self.env.user
    )
    amount_requested = fields.Monetary()
    amount_approved = fields.Monetary()
    result = fields.Selection(
        [
            ("approved", "Approved"),
            ("partially_approved", "Partially Approved"),
            ("rejected", "Rejected"),
        ]
    )
    reason = fields.Text(string="Manufacturer's Reason")
