"""Manager sign-offs (经理签字) through OCA's tier validation (``base_tier_validation``).

Every step a manager signs off (a parts order, receiving more than ordered, a stocktake
count above the threshold, an unpaid delivery, a waived warranty check) is a record of a
model inheriting ``tier.validation``, with tier definitions shipped in data: the request,
the reviewers (a group), the manager's decision and comment are ``tier.review`` records.
The suite adds to OCA's mechanism what its rules need:

* reviews are evidence, written by the flow only: a client cannot create, approve, reject,
  re-comment or delete a review (``tier.review`` refuses it unless the flow writes as the
  system, after checking that the user is a reviewer);
* a sign-off covers what was signed: each approval keeps a fingerprint of the record
  (quantities, count, amounts, see ``_kia_tier_fingerprint``); when the record changed
  since, the sign-off no longer counts and a new one is needed;
* one gate for every flow, ``_kia_tier_check``, called where the step is done (whatever
  path leads there): it refuses without a current sign-off, except that a reviewer doing
  the step himself signs it off (with his reason when the definition asks a comment);
* a user who is not a reviewer gets an error from Validate / Reject (OCA ignores it).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

# What only the flow writes on a review.
PROTECTED_REVIEW_FIELDS = {
    "model",
    "res_id",
    "definition_id",
    "status",
    "sequence",
    "done_by",
    "requested_by",
    "reviewed_date",
    "comment",
    "kia_signed_value",
}
OPEN = ("waiting", "pending")


class TierReview(models.Model):
    _inherit = "tier.review"

    kia_signed_value = fields.Char(
        string="Signed Version",
        readonly=True,
        copy=False,
        help="What the reviewer signed (quantities, count, amounts): if the record changes "
        "afterwards, the sign-off no longer covers it.",
    )

    def _kia_refuse(self):
        raise UserError(
            self.env._(
                "Validations are requested, approved and rejected with the buttons of the "
                "record they are about (Request Validation, Validate, Reject): they cannot be "
                "written directly. The change was refused."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._kia_refuse()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and PROTECTED_REVIEW_FIELDS & set(vals):
            # OCA's own computation moves a waiting review to pending as the user.
            if not (
                set(vals) == {"status"}
                and vals["status"] == "pending"
                and all(review.status in OPEN for review in self)
            ):
                self._kia_refuse()
        return super().write(vals)

    def _get_reviewers(self):
        # The system user (inactive, so never in a group's ``users``) signs what the
        # server itself runs (data and demo loading) when it is in the reviewers' group.
        reviewers = super()._get_reviewers()
        root = self.env.ref("base.user_root")
        if (
            self.reviewer_group_id
            and root in self.reviewer_group_id.with_context(active_test=False).users
        ):
            reviewers |= root
        return reviewers

    @api.ondelete(at_uninstall=False)
    def _kia_unlink_except_flow(self):
        if not self.env.su:
            self._kia_refuse()


class TierValidation(models.AbstractModel):
    _inherit = "tier.validation"

    # ------------------------------------------------------------------ what was signed

    def _kia_tier_fingerprint(self):
        """What a sign-off covers (quantities, count, amounts...), as a string: models
        override it. A sign-off given for another fingerprint no longer counts."""
        self.ensure_one()
        return ""

    def _kia_tier_stale(self):
        """Records whose approvals were given for another version of the record."""
        return self.filtered(
            lambda rec: any(
                review.status == "approved"
                and review.kia_signed_value != rec.sudo()._kia_tier_fingerprint()
                for review in rec.sudo().review_ids
            )
        )

    def _kia_tier_definitions(self, definitions=None):
        """The active tier definitions of the record's company that apply to it (among
        ``definitions``, all the model's by default)."""
        self.ensure_one()
        if definitions is None:
            definitions = self.env["tier.definition"].sudo().search([("model", "=", self._name)])
        company = self._get_company()
        record = self.sudo()
        return definitions.filtered(
            lambda definition: (
                definition.company_id in (company, company.browse())
                and record.evaluate_tier(definition)
            )
        )

    def _kia_tier_unsigned(self):
        """The records of ``self`` that need a sign-off they do not have (none, not all
        approved, or approved for another version)."""
        unsigned = self.browse()
        if not self:
            return unsigned
        definitions = self.env["tier.definition"].sudo().search([("model", "=", self._name)])
        if not definitions:
            return unsigned
        for rec in self:
            if not rec._check_state_from_condition() or not rec._kia_tier_definitions(definitions):
                continue
            if rec.validation_status != "validated" or rec._kia_tier_stale():
                unsigned |= rec
        return unsigned

    def _compute_need_validation(self):
        res = super()._compute_need_validation()
        # Changed since it was signed: it needs a new sign-off.
        for rec in self.filtered(lambda r: isinstance(r.id, int) and not r.need_validation):
            if rec._kia_tier_stale() and rec._check_state_from_condition():
                rec.need_validation = bool(rec._kia_tier_definitions())
        return res

    def _kia_tier_can_sign(self, comment=False):
        """The current user may sign off ``self`` himself: he is a reviewer of every
        definition that applies, and gives a comment where one is asked."""
        self.ensure_one()
        definitions = self._kia_tier_definitions()
        if not definitions or (any(definitions.mapped("has_comment")) and not comment):
            return False
        user = self.env.user
        return all(
            (definition.reviewer_id == user)
            or (definition.reviewer_group_id and definition.reviewer_group_id in user.groups_id)
            for definition in definitions
        )

    def _kia_tier_sign_off(self, comment=False):
        """The current user signs off ``self`` (as reviewer): a new request, approved at
        once with his comment."""
        # The system user (data and demo loading) is an archived user: read the reviewers
        # with it.
        records = self if self.env.user.active else self.with_context(active_test=False)
        for rec in records:
            # What was requested, rejected or signed before gives way to this sign-off.
            rec.sudo().review_ids.unlink()
            reviews = rec.request_validation()
            mine = reviews.sudo().filtered(lambda r, user=self.env.user: user in r.reviewer_ids)
            if comment:
                mine.write({"comment": comment})
            rec._validate_tier(mine)

    def _kia_tier_check(self, message, comment=False):
        """The gate of a signed-off step. ``message(record)`` is the error for a record
        without a current sign-off. A reviewer doing the step himself signs it off."""
        unsigned = self._kia_tier_unsigned()
        if not unsigned:
            return
        own = unsigned.filtered(lambda rec: rec._kia_tier_can_sign(comment))
        own._kia_tier_sign_off(comment)
        refused = unsigned._kia_tier_unsigned()
        if refused:
            raise UserError(message(refused[0]))

    # ------------------------------------------------------------------ OCA's flow, as the system

    def request_validation(self):
        self.check_access("read")
        # Changed since signed: the old sign-off gives way to a new request.
        self._kia_tier_stale().sudo().review_ids.unlink()
        # need_validation is not stored nor triggered: what changed since counts.
        self.invalidate_recordset(["review_ids", "need_validation"])
        reviews = super(TierValidation, self.sudo()).request_validation()
        # Computed now (status pending for the reviewers, their reviews to do).
        reviews.flush_recordset()
        return reviews.sudo(False)

    def _kia_tier_check_reviewer(self, signing=False):
        """Refuse a user who is not a reviewer of the record (of its open reviews, or,
        ``signing`` it himself, of the definitions that apply)."""
        if self._kia_tier_can_sign(comment=True) if signing else self.can_review:
            return
        todo = self.sudo().review_ids.filtered(lambda r: r.status in OPEN).mapped("todo_by")
        if not todo:
            definitions = self._kia_tier_definitions()
            todo = definitions.reviewer_group_id.mapped("name") + definitions.reviewer_id.mapped(
                "name"
            )
        raise UserError(
            self.env._(
                "%(user)s is not a reviewer of %(record)s: it is validated by %(todo)s.",
                user=self.env.user.name,
                record=self.display_name,
                todo=", ".join(filter(None, todo)) or "-",
            )
        )

    def action_kia_tier_validate(self):
        """Validate several records at once (a list's button): the reviewer's open reviews
        of each, or, with none requested yet, his own sign-off."""
        unsigned = self._kia_tier_unsigned()
        for rec in self:
            if rec.can_review:
                rec._validate_tier()
            elif rec in unsigned:
                rec._kia_tier_check_reviewer(signing=True)
                rec._kia_tier_sign_off()
        self._update_counter({"review_deleted": True})
        return True

    def validate_tier(self):
        self.ensure_one()
        self._kia_tier_check_reviewer()
        return super().validate_tier()

    def reject_tier(self):
        self.ensure_one()
        self._kia_tier_check_reviewer()
        return super().reject_tier()

    def _validate_tier(self, tiers=False):
        self.ensure_one()
        reviews = self.sudo().review_ids
        tiers = (tiers or reviews).sudo() & reviews
        approved = reviews.filtered(lambda r: r.status == "approved")
        res = super(TierValidation, self.sudo())._validate_tier(tiers)
        signed = self.sudo().review_ids.filtered(lambda r: r.status == "approved") - approved
        signed.write({"kia_signed_value": self.sudo()._kia_tier_fingerprint()})
        return res

    def _rejected_tier(self, tiers=False):
        self.ensure_one()
        reviews = self.sudo().review_ids
        tiers = (tiers or reviews).sudo() & reviews
        return super(TierValidation, self.sudo())._rejected_tier(tiers)

    def restart_validation(self):
        self.check_access("write")
        return super(TierValidation, self.sudo()).restart_validation()

    def _get_tier_validation_readonly_domain(self):
        # Locked while the validation applies (OCA refuses the writes then); a confirmed
        # parts order or a validated receipt keeps its usual form.
        return (
            f"validation_status not in ('no', False) and {self._state_field} in {self._state_from}"
        )

    def _tier_validation_check_write_remove_reviews(self, vals):
        return super(TierValidation, self.sudo())._tier_validation_check_write_remove_reviews(vals)

    def unlink(self):
        self.sudo().review_ids.unlink()
        return super().unlink()


class TierDefinition(models.Model):
    _inherit = "tier.definition"

    @api.model
    def _get_tier_validation_model_names(self):
        return super()._get_tier_validation_model_names() + ["repair.order"]
