from odoo import api, fields, models

from .kia_warranty_claim import CHECKS


class KiaWarrantyClaimWaiver(models.Model):
    """A waiver of one pre-validation check of a claim, signed off by the warranty
    manager: a tier validation of the waiver (definition
    ``kia_warranty.tier_definition_waiver``), the suite's one mechanism for manager
    sign-offs. A warranty clerk requests it with the reason; the warranty manager
    validates (his comment is kept on the review) or rejects; the manager waiving
    himself signs it off with the reason. Only a validated waiver waives the check.
    Evidence: never edited nor deleted."""

    _name = "kia.warranty.claim.waiver"
    _description = "Warranty Claim Waiver"
    _inherit = ["kia.workflow.mixin", "tier.validation"]
    _order = "id desc"
    _kia_append_only = True
    _state_field = "state"
    _state_from = ["requested"]
    _state_to = ["granted"]
    _cancel_state = "refused"
    _tier_validation_manual_config = True

    claim_id = fields.Many2one("kia.warranty.claim", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    check = fields.Selection(CHECKS, required=True)
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", string="Requested By", required=True, default=lambda self: self.env.user
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    state = fields.Selection(
        [("requested", "Requested"), ("granted", "Waived"), ("refused", "Refused")],
        compute="_compute_state",
        store=True,
        help="Waived once the warranty manager validated it.",
    )
    approved_by_id = fields.Many2one(
        "res.users", string="Waived By", compute="_compute_state", store=True
    )

    @api.depends("validation_status", "review_ids.done_by")
    def _compute_state(self):
        for waiver in self:
            status = waiver.validation_status
            waiver.state = {"validated": "granted", "rejected": "refused"}.get(status, "requested")
            waiver.approved_by_id = (
                waiver.sudo().review_ids.filtered(lambda r: r.status == "approved")[-1:].done_by
                if status == "validated"
                else False
            )

    def _kia_tier_fingerprint(self):
        self.ensure_one()
        return f"{self.claim_id.id}:{self.check}"

    def _tier_validation_check_write_allowed(self, vals):
        # Append-only evidence (kia.workflow.mixin) already refuses every change.
        return True

    def _get_to_validate_message_name(self):
        return self.env._("Waiver")


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        return super()._get_tier_validation_model_names() + ["kia.warranty.claim.waiver"]
