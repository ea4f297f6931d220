from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

GOODWILL_FIELDS = {"kia_goodwill_reason", "kia_goodwill_by_id", "kia_goodwill_date"}
CLAIM_GROUPS = "kia_warranty.group_warranty_clerk"


class KiaJobLine(models.Model):
    _inherit = "kia.job.line"

    kia_goodwill_reason = fields.Text(string="Goodwill Reason", readonly=True, copy=False)
    kia_goodwill_by_id = fields.Many2one(
        "res.users", string="Goodwill Granted By", readonly=True, copy=False
    )
    kia_goodwill_date = fields.Datetime(string="Goodwill Granted On", readonly=True, copy=False)
    kia_warranty_claim_ids = fields.One2many(
        "kia.warranty.claim", "job_line_id", string="Warranty Claims", groups=CLAIM_GROUPS
    )

    # ------------------------------------------------------------------ coverage

    def _kia_claim_type(self):
        self.ensure_one()
        if self.campaign_line_id:
            return "recall"
        if self.is_first_free_service:
            return "first_free"
        if self.pay_type == "warranty":
            return "warranty"
        return False

    def _kia_warranty_groups(self):
        """The component groups a warranty job draws on: its labour operation's and each
        of its parts'."""
        self.ensure_one()
        Group = self.env["kia.warranty.component.group"]
        groups = Group.browse()
        if self.labour_operation_id:
            groups |= self.labour_operation_id._kia_warranty_group()
        else:
            groups |= Group._kia_basic()
        if not self.is_first_free_service:
            for move in self.move_ids.filtered(
                lambda m: m.state != "cancel" and m.repair_line_type == "add"
            ):
                groups |= move.product_id.product_tmpl_id._kia_warranty_group()
        return groups

    def _kia_coverage_errors(self, date=None, odometer=None):
        """``{line: [messages]}`` of warranty jobs outside their policy's coverage. Jobs of
        a recall or campaign are the manufacturer's by definition; vehicles without a
        policy at their dealer or without a known warranty start are not refused here
        (the claim's pre-validation reports them)."""
        lines = self.filtered(
            lambda line: (
                line.pay_type == "warranty"
                and not line.campaign_line_id
                and line.vehicle_id.kia_warranty_start
                and line.state != "cancelled"
            )
        )
        policies = self.env["kia.warranty.policy"]._kia_policies_for(lines.vehicle_id)
        errors = {}
        for line in lines:
            policy = policies.get(line.vehicle_id)
            if not policy:
                continue
            order = line.repair_id
            at = date or order.kia_checkin_date or fields.Datetime.now()
            km = odometer if odometer is not None else order.kia_checkin_odometer
            km = km or line.vehicle_id.odometer
            messages = [
                message
                for group in line._kia_warranty_groups()
                if (message := policy._kia_coverage_error(group, line.vehicle_id, at, km))
            ]
            if messages:
                errors[line] = messages
        return errors

    @api.constrains("pay_type", "labour_operation_id", "repair_id")
    def _check_kia_warranty_coverage(self):
        """A warranty job outside the coverage is refused: the service manager may make it
        goodwill (``action_kia_make_goodwill``) or the advisor customer-pay."""
        errors = self._kia_coverage_errors()
        if errors:
            line, messages = next(iter(errors.items()))
            raise ValidationError(
                self.env._(
                    "Job %(job)s cannot be paid by the warranty:\n%(messages)s\nMake it "
                    "customer-pay, or ask the service manager to grant goodwill.",
                    job=line.concern,
                    messages="\n".join(messages),
                )
            )

    def write(self, vals):
        if GOODWILL_FIELDS & set(vals) and not self.env.su:
            raise UserError(
                self.env._("Goodwill is granted with its button, by the service manager.")
            )
        return super().write(vals)

    # ------------------------------------------------------------------ actions

    def action_kia_make_goodwill(self, reason):
        """Service manager: the dealer pays the job (goodwill, 善意维修) instead of the
        warranty, with the reason recorded."""
        if not self.env.user.has_group("kia_aftersales.group_service_manager"):
            raise UserError(self.env._("Only the service manager grants goodwill."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the goodwill."))
        closed = self.filtered(lambda line: line.state == "cancelled")
        if closed:
            raise UserError(
                self.env._("Job %s is declined: it cannot become goodwill.", closed[0].concern)
            )
        self.check_access("read")
        self.sudo().write(
            {
                "pay_type": "goodwill",
                "kia_goodwill_reason": reason,
                "kia_goodwill_by_id": self.env.uid,
                "kia_goodwill_date": fields.Datetime.now(),
            }
        )
        for line in self:
            line.repair_id.message_post(
                body=self.env._(
                    "Job %(job)s made goodwill by %(user)s: %(reason)s",
                    job=line.concern,
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        return True

    def action_kia_goodwill_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Grant Goodwill"),
            "res_model": "kia.warranty.goodwill.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_job_line_ids": self.ids},
        }

    def _kia_claimable(self):
        """Jobs that make a claim: warranty, recall / campaign and first free maintenance
        jobs, finished, on a work order whose quality check passed, without a claim."""
        candidates = self.filtered(
            lambda line: (
                line._kia_claim_type()
                and line.state == "done"
                and line.repair_id.kia_qc_state == "passed"
            )
        )
        if not candidates:
            return candidates
        claimed = set(
            self.env["kia.warranty.claim"]
            .sudo()
            .search([("job_line_id", "in", candidates.ids)])
            .job_line_id.ids
        )
        return candidates.filtered(lambda line: line.id not in claimed)

    def _kia_create_warranty_claims(self):
        """One claim per claimable job (idempotent: a job with a claim gets no second)."""
        lines = self._kia_claimable()
        if not lines:
            return self.env["kia.warranty.claim"]
        return self.env["kia.warranty.claim"].sudo()._kia_create_from_job_lines(lines)

    def action_kia_create_claim(self):
        """Warranty clerk: create the claim of these jobs by hand."""
        if not self.env.user.has_group("kia_warranty.group_warranty_clerk"):
            raise UserError(self.env._("Only a warranty clerk creates warranty claims."))
        not_claimable = self.filtered(lambda line: not line._kia_claim_type())
        if not_claimable:
            raise UserError(
                self.env._(
                    "Job %s is not a warranty, recall or first free maintenance job.",
                    not_claimable[0].concern,
                )
            )
        claims = self.sudo()._kia_create_warranty_claims()
        existing = self.env["kia.warranty.claim"].search([("job_line_id", "in", self.ids)])
        return (claims.with_env(self.env) | existing)._get_records_action(
            name=self.env._("Warranty Claims")
        )
