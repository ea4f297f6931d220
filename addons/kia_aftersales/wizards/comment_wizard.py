from odoo import models

from ..models.tier_validation import OPEN


class CommentWizard(models.TransientModel):
    _inherit = "comment.wizard"

    def add_comment(self):
        """The comment goes on the user's own open reviews of the record, as the flow."""
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id)
        record._kia_tier_check_reviewer()
        reviews = (self.review_ids.sudo() & record.sudo().review_ids).filtered(
            lambda r: r.status in OPEN and self.env.user in r.reviewer_ids
        )
        reviews.write({"comment": self.comment})
        if self.validate_reject == "validate":
            record._validate_tier(reviews)
        elif self.validate_reject == "reject":
            record._rejected_tier(reviews)
        record._update_counter({"review_deleted": True})
