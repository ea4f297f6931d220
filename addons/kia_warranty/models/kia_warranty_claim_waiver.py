from odoo import fields, models

from .kia_warranty_claim import CHECKS


class KiaWarrantyClaimWaiver(models.Model):
    """The warranty manager's waiver of one pre-validation check of a claim: who, when,
    why. Evidence: never edited nor deleted."""

    _name = "kia.warranty.claim.waiver"
    _description = "Warranty Claim Waiver"
    _inherit = ["kia.workflow.mixin"]
    _order = "id desc"
    _kia_append_only = True

    claim_id = fields.Many2one("kia.warranty.claim", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    check = fields.Selection(CHECKS, required=True)
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", string="Waived By", required=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
