from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.kia_training.models.kia_workflow_mixin import FREE_PREFIXES

CLAIM_TYPES = [
    ("warranty", "Warranty"),
    ("recall", "Recall / Campaign"),
    ("first_free", "First Free Maintenance"),
]
STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("partially_approved", "Partially Approved"),
    ("rejected", "Rejected"),
    ("paid", "Paid"),
    ("cancelled", "Cancelled"),
]
CHECKS = [
    ("mandatory", "Mandatory Fields"),
    ("coverage", "Coverage on the Repair Date"),
    ("certification", "Technician Certified"),
    ("qc", "Quality Check Passed"),
    ("old_part", "Old Part in Quarantine"),
    ("photos", "Photos and Documents"),
    ("duplicate", "No Duplicate Claim"),
    ("deadline", "Submission Deadline"),
]
# States in which the clerk edits the claim (a rejected one is corrected, then resubmitted).
EDITABLE_STATES = ("draft", "rejected")
CLERK = "kia_warranty.group_warranty_clerk"
MANAGER = "kia_warranty.group_warranty_manager"


class KiaWarrantyClaim(models.Model):
    """A warranty claim to the manufacturer (索赔单), from one job of a work order: what
    was wrong, what was done, by whom, and what the manufacturer owes for it."""

    _name = "kia.warranty.claim"
    _description = "Warranty Claim"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Claim Number", required=True, readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    claim_type = fields.Selection(CLAIM_TYPES, required=True, default="warranty", tracking=True)
    state = fields.Selection(
        STATES,
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        kia_workflow=True,
    )
    # The work
    job_line_id = fields.Many2one(
        "kia.job.line", string="Job", required=True, check_company=True, index=True
    )
    repair_id = fields.Many2one(
        related="job_line_id.repair_id", store=True, string="Work Order", index=True
    )
    vehicle_id = fields.Many2one(related="job_line_id.vehicle_id", store=True, string="Vehicle")
    vehicle_model_id = fields.Many2one(
        related="vehicle_id.model_id", store=True, string="Vehicle Model"
    )
    vin = fields.Char(string="VIN", required=True)
    odometer = fields.Float(digits=(16, 0))
    in_service_date = fields.Date(help="The vehicle's warranty start.")
    repair_date_in = fields.Date(string="Repair Started")
    repair_date = fields.Date(string="Repair Finished", help="The date the coverage is judged on.")
    repair_month = fields.Char(compute="_compute_repair_month", store=True)
    concern = fields.Text()
    cause = fields.Text()
    correction = fields.Text()
    causal_part_id = fields.Many2one("product.product", help="The part that failed.")
    labour_operation_id = fields.Many2one("kia.labour.operation")
    flagged_hours = fields.Float(digits=(16, 2))
    defect_code_ids = fields.Many2many(
        "kia.warranty.defect.code",
        string="Defect / Condition Codes",
        domain=[("code_type", "in", ("defect", "condition"))],
    )
    main_defect_code_id = fields.Many2one(
        "kia.warranty.defect.code",
        string="Defect Code",
        compute="_compute_main_defect_code_id",
        store=True,
    )
    dtc_codes = fields.Char(string="Diagnostic Trouble Codes", help="e.g. P0A80, U0100")
    technician_id = fields.Many2one("hr.employee")
    certification_id = fields.Many2one(
        "hr.resume.line",
        string="Certification Held",
        readonly=True,
        kia_workflow=True,
        help="The technician's certification for the operation on the repair date.",
    )
    quality_check_id = fields.Many2one("kia.quality.check", readonly=True, kia_workflow=True)
    policy_id = fields.Many2one("kia.warranty.policy", check_company=True)
    attachment_count = fields.Integer(
        string="Photos and Documents", compute="_compute_attachment_count"
    )
    # Money
    line_ids = fields.One2many("kia.warranty.claim.line", "claim_id", string="Claim Lines")
    amount_requested = fields.Monetary(compute="_compute_amounts", store=True)
    amount_approved = fields.Monetary(compute="_compute_amounts", store=True)
    amount_paid = fields.Monetary(readonly=True, copy=False, kia_workflow=True, tracking=True)
    rejection_reason = fields.Text(readonly=True, copy=False, kia_workflow=True, tracking=True)
    rejection_rate = fields.Float(
        compute="_compute_rejection_rate",
        store=True,
        aggregator="avg",
        help="100 for a rejected claim, 0 for an approved one: its average is the rate.",
    )
    # Flow
    submission_ids = fields.One2many(
        "kia.warranty.claim.submission", "claim_id", string="Submissions", readonly=True
    )
    submission_count = fields.Integer(compute="_compute_submission_count", store=True)
    submitted_date = fields.Date(readonly=True, copy=False, kia_workflow=True)
    decision_date = fields.Date(readonly=True, copy=False, kia_workflow=True)
    waiver_ids = fields.One2many(
        "kia.warranty.claim.waiver", "claim_id", string="Waivers", readonly=True
    )
    prevalidation = fields.Text(
        string="Pre-validation",
        compute="_compute_prevalidation",
        help="What would refuse the submission now.",
    )
    old_part_ids = fields.One2many("kia.warranty.old.part", "claim_id", string="Old Parts")
    invoice_id = fields.Many2one(
        "account.move", readonly=True, copy=False, kia_workflow=True, check_company=True
    )
    invoice_payment_state = fields.Selection(
        related="invoice_id.payment_state", string="Invoice Payment"
    )
    chargeback_move_ids = fields.Many2many(
        "account.move",
        "kia_warranty_claim_chargeback_rel",
        string="Charge-backs",
        readonly=True,
        copy=False,
        kia_workflow=True,
    )
    amount_charged_back = fields.Monetary(readonly=True, copy=False, kia_workflow=True)

    _sql_constraints = [
        ("job_line_uniq", "unique (job_line_id)", "A job has one warranty claim."),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("repair_date")
    def _compute_repair_month(self):
        for claim in self:
            claim.repair_month = claim.repair_date and claim.repair_date.strftime("%Y-%m")

    @api.depends("defect_code_ids")
    def _compute_main_defect_code_id(self):
        for claim in self:
            claim.main_defect_code_id = claim.defect_code_ids[:1]

    @api.depends("line_ids.amount_requested", "line_ids.amount_approved")
    def _compute_amounts(self):
        for claim in self:
            claim.amount_requested = sum(claim.line_ids.mapped("amount_requested"))
            claim.amount_approved = sum(claim.line_ids.mapped("amount_approved"))

    @api.depends("state")
    def _compute_rejection_rate(self):
        for claim in self:
            claim.rejection_rate = 100.0 if claim.state == "rejected" else 0.0

    @api.depends("submission_ids")
    def _compute_submission_count(self):
        for claim in self:
            claim.submission_count = len(claim.submission_ids)

    def _compute_attachment_count(self):
        counts = dict(
            self.env["ir.attachment"]
            .sudo()
            ._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for claim in self:
            claim.attachment_count = counts.get(claim.id, 0)

    def _compute_prevalidation(self):
        failures = self._kia_prevalidate()
        for claim in self:
            claim.prevalidation = "\n".join(
                message for __, message in failures[claim]
            ) or self.env._("Ready to submit.")

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        claims = super().create(vals_list)
        for claim in claims.sudo().filtered(lambda c: c.name == "/"):
            claim.name = self._kia_next_number("kia.warranty.claim", claim.company_id, "CLM")
        return claims

    @api.model
    def _kia_next_number(self, code, company, prefix):
        """Next number of ``code`` for ``company``: each dealer numbers its own claims
        and remittances (the sequence is created on first use)."""
        sequences = self.env["ir.sequence"].sudo()
        sequence = sequences.search([("code", "=", code), ("company_id", "=", company.id)], limit=1)
        if not sequence:
            sequence = sequences.create(
                {
                    "name": f"{code} ({company.name})",
                    "code": code,
                    "company_id": company.id,
                    "prefix": f"{prefix}/%(year)s/",
                    "padding": 5,
                }
            )
        return sequence.next_by_id()

    def write(self, vals):
        self._kia_check_editable(vals)
        return super().write(vals)

    def _kia_check_editable(self, vals):
        """A claim is the clerk's while draft or rejected; once submitted, only the flow
        changes it (the manufacturer's decision, payment)."""
        if self.env.su:
            return
        if "job_line_id" in vals and any(
            claim.job_line_id.id != vals["job_line_id"] for claim in self
        ):
            raise UserError(
                self.env._("A claim stays on its job: create a new claim for another job.")
            )
        content = {key for key in vals if not key.startswith(FREE_PREFIXES)}
        locked = self.filtered(lambda c: c.state not in EDITABLE_STATES)
        if content and locked:
            raise UserError(
                self.env._(
                    "Claim %(claim)s is %(state)s: it can no longer be edited.",
                    claim=locked[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        locked[0].state
                    ],
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if self.filtered(lambda c: c.state != "draft" or c.submission_ids):
            raise UserError(self.env._("A claim that was submitted cannot be deleted: cancel it."))

    # ------------------------------------------------------------------ creation from jobs

    @api.model
    def _kia_create_from_job_lines(self, lines):
        """Build the claims of ``lines`` (claimable jobs): the facts of the job, the
        technician's certification then, the QC, and the claim lines at the
        manufacturer's rates. Runs as the system (the flow)."""
        policies = self.env["kia.warranty.policy"]._kia_policies_for(lines.vehicle_id)
        certificates = self._kia_certificates(lines)
        vals_list = []
        for line in lines:
            order = line.repair_id
            company = order.company_id
            vehicle = line.vehicle_id
            policy = policies.get(vehicle) or self.env["kia.warranty.policy"]
            # The dealer's dates (the manufacturer judges coverage on the local date).
            repair_date = company._kia_today(line.done_date or fields.Datetime.now())
            technician = line.technician_ids[:1]
            parts = line.move_ids.filtered(
                lambda m: m.state != "cancel" and m.repair_line_type == "add"
            )
            causal = parts.sorted(lambda m: m.product_id.standard_price * m.product_uom_qty)[-1:]
            claim_type = line._kia_claim_type()
            vals_list.append(
                {
                    "company_id": company.id,
                    "claim_type": claim_type,
                    "job_line_id": line.id,
                    "vin": vehicle.vin_sn or "",
                    "odometer": order.kia_checkin_odometer or vehicle.odometer,
                    "in_service_date": vehicle.kia_warranty_start,
                    "repair_date_in": order.kia_checkin_date
                    and company._kia_today(order.kia_checkin_date),
                    "repair_date": repair_date,
                    "concern": line.concern,
                    "cause": line.cause,
                    "correction": line.correction,
                    "causal_part_id": causal.product_id.id,
                    "labour_operation_id": line.labour_operation_id.id,
                    "flagged_hours": line.flagged_hours,
                    "technician_id": technician.id,
                    "certification_id": self._kia_certification_held(
                        certificates, technician, line.labour_operation_id, repair_date
                    ).id,
                    "quality_check_id": order.kia_quality_check_ids.filtered(
                        lambda c: c.result == "pass"
                    )
                    .sorted("id")[-1:]
                    .id,
                    "policy_id": policy.id,
                    "line_ids": [
                        Command.create(values)
                        for values in self._kia_line_values(line, parts, policy, claim_type)
                    ],
                }
            )
        claims = self.create(vals_list)
        for claim in claims:
            claim.message_post(
                body=self.env._("Claim created from work order %s.", claim.repair_id.name)
            )
        return claims

    @api.model
    def _kia_certificates(self, lines):
        """The certifications (resume lines) the technicians of ``lines`` hold of the
        types their operations require, in one search."""
        return (
            self.env["hr.resume.line"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", lines.technician_ids.ids),
                    (
                        "kia_certification_type_id",
                        "in",
                        lines.labour_operation_id.requirement_ids.certification_type_id.ids,
                    ),
                    ("kia_revoked", "=", False),
                ],
                order="date_start desc",
            )
        )

    @api.model
    def _kia_certification_held(self, certificates, technician, operation, date):
        """The certificate ``technician`` held for ``operation`` on ``date``."""
        types = operation.requirement_ids.certification_type_id
        return certificates.filtered(
            lambda cert: (
                cert.employee_id == technician
                and cert.kia_certification_type_id in types
                and cert.date_start <= date
                and (not cert.date_end or cert.date_end >= date)
            )
        )[:1]

    @api.model
    def _kia_line_values(self, line, parts, policy, claim_type):
        """Claim lines: labour at the manufacturer's warranty rate, parts at their net cost
        plus the handling percentage; the first free maintenance at the policy's
        allowance for the model."""
        company = line.repair_id.company_id
        if claim_type == "first_free" and policy.first_service_allowance:
            return [
                {
                    "line_type": "other",
                    "name": self.env._("First free maintenance allowance"),
                    "quantity": 1.0,
                    "price_unit": policy.first_service_allowance,
                }
            ]
        values = []
        if line.flagged_hours:
            values.append(
                {
                    "line_type": "labour",
                    "name": line.labour_operation_id.display_name or line.concern,
                    "product_id": line.labour_operation_id
                    and line.labour_operation_id._kia_product(company).id,
                    "quantity": line.flagged_hours,
                    "price_unit": company._kia_warranty_rate(),
                }
            )
        handling = 1 + company.kia_warranty_handling_percent / 100.0
        for move in parts:
            values.append(
                {
                    "line_type": "part",
                    "name": move.product_id.display_name,
                    "product_id": move.product_id.id,
                    "quantity": move.product_uom_qty,
                    "price_unit": company.currency_id.round(move._kia_net_unit_cost() * handling),
                }
            )
        return values

    # ------------------------------------------------------------------ pre-validation

    def _kia_prevalidate(self):
        """``{claim: [(check, message)]}``: every reason the manufacturer would refuse the
        claim, minus the checks the warranty manager waived for it. The possible
        duplicates of the batch are read in one search."""
        result = {}
        today = (self.company_id[:1] or self.env.company)._kia_today()
        duplicates = self.sudo().search(
            [
                ("vin", "in", [vin for vin in self.mapped("vin") if vin]),
                ("causal_part_id", "in", self.causal_part_id.ids),
                ("state", "!=", "cancelled"),
            ]
        )
        checks = (
            "_kia_check_mandatory",
            "_kia_check_coverage",
            "_kia_check_certification",
            "_kia_check_qc",
            "_kia_check_old_part",
            "_kia_check_photos",
            "_kia_check_duplicate",
            "_kia_check_deadline",
        )
        for claim in self.sudo():
            failures = []
            for check in checks:
                failures += getattr(claim, check)(today, duplicates)
            waived = set(
                claim.waiver_ids.filtered(lambda w: w.validation_status == "validated").mapped(
                    "check"
                )
            )
            result[claim.with_env(self.env)] = [f for f in failures if f[0] not in waived]
        return result

    def _kia_check_mandatory(self, today, duplicates):
        required = {
            "vin": self.vin,
            "odometer": self.odometer,
            "repair_date": self.repair_date,
            "concern": (self.concern or "").strip(),
            "cause": (self.cause or "").strip(),
            "correction": (self.correction or "").strip(),
            "line_ids": self.line_ids,
        }
        if self.claim_type == "warranty":
            required |= {
                "defect_code_ids": self.defect_code_ids,
                "labour_operation_id": self.labour_operation_id,
            }
            # A labour-only repair (adjustment, software) has no causal part.
            if "part" in self.line_ids.mapped("line_type"):
                required["causal_part_id"] = self.causal_part_id
        missing = [name for name, value in required.items() if not value]
        if not missing:
            return []
        names = ", ".join(self._fields[name]._description_string(self.env) for name in missing)
        return [("mandatory", self.env._("Mandatory fields missing: %(fields)s.", fields=names))]

    def _kia_check_coverage(self, today, duplicates):
        """Coverage on the repair date (recalls and campaigns are the manufacturer's)."""
        if self.claim_type not in ("warranty", "first_free"):
            return []
        policy = self.policy_id or self.env["kia.warranty.policy"]._kia_policies_for(
            self.vehicle_id
        ).get(self.vehicle_id)
        if not policy:
            return [("coverage", self.env._("No warranty policy covers vehicle %s.", self.vin))]
        groups = self.job_line_id._kia_warranty_groups()
        if self.causal_part_id and self.claim_type == "warranty":
            groups |= self.causal_part_id.product_tmpl_id._kia_warranty_group()
        errors = [
            policy._kia_coverage_error(
                group, self.vehicle_id, self.repair_date or today, self.odometer
            )
            for group in groups
        ]
        return [("coverage", error) for error in errors if error]

    def _kia_check_certification(self, today, duplicates):
        """The technicians held the operation's certifications on the repair date."""
        technicians = self.job_line_id.technician_ids
        if not technicians:
            return [("certification", self.env._("No technician is recorded on the job."))]
        requirements = self.labour_operation_id.requirement_ids
        if not requirements:
            return []
        missing = technicians._kia_missing_certifications(requirements, self.repair_date or today)
        return [
            (
                "certification",
                self.env._(
                    "Technician %(tech)s did not hold %(cert)s on %(date)s.",
                    tech=technician.name,
                    cert=", ".join(missing[technician.id].mapped("display_name")),
                    date=self.repair_date,
                ),
            )
            for technician in technicians
            if missing[technician.id]
        ]

    def _kia_check_qc(self, today, duplicates):
        check = self.quality_check_id
        if (
            self.repair_id.kia_qc_state == "passed"
            and check.result == "pass"
            and check.repair_id == self.repair_id
        ):
            return []
        return [
            (
                "qc",
                self.env._("Work order %s has not passed the quality check.", self.repair_id.name),
            )
        ]

    def _kia_check_old_part(self, today, duplicates):
        if self.claim_type != "warranty" or not self.causal_part_id:
            return []
        kept = self.old_part_ids.filtered(
            lambda part: (
                part.state in ("quarantined", "returned") and part.product_id == self.causal_part_id
            )
        )
        if kept:
            return []
        return [
            (
                "old_part",
                self.env._(
                    "The old part %s is not in the old parts quarantine.",
                    self.causal_part_id.display_name,
                ),
            )
        ]

    def _kia_check_photos(self, today, duplicates):
        required = self.policy_id.photos_required if self.claim_type == "warranty" else 0
        if not required or self.attachment_count >= required:
            return []
        return [
            (
                "photos",
                self.env._(
                    "The policy requires %(required)s photos or documents, the claim has "
                    "%(count)s.",
                    required=required,
                    count=self.attachment_count,
                ),
            )
        ]

    def _kia_check_duplicate(self, today, duplicates):
        """Same VIN and causal part within the company's window (0: no check)."""
        days = self.company_id.kia_warranty_duplicate_days
        if not (days and self.causal_part_id and self.repair_date):
            return []
        window = timedelta(days=days)
        others = duplicates.filtered(
            lambda other: (
                other != self
                and other.vin == self.vin
                and other.causal_part_id == self.causal_part_id
                and other.repair_date
                and abs(other.repair_date - self.repair_date) <= window
            )
        )
        if not others:
            return []
        return [
            (
                "duplicate",
                self.env._(
                    "Claim %(other)s already claims %(part)s on %(vin)s within %(days)s days.",
                    other=others[0].name,
                    part=self.causal_part_id.display_name,
                    vin=self.vin,
                    days=days,
                ),
            )
        ]

    def _kia_check_deadline(self, today, duplicates):
        """For the first submission; a correction answers the manufacturer."""
        days = self.company_id.kia_warranty_submission_days
        if (
            not days
            or not self.repair_date
            or self.submission_ids
            or (today - self.repair_date).days <= days
        ):
            return []
        return [
            (
                "deadline",
                self.env._(
                    "The submission deadline has passed: repaired on %(date)s, claims are "
                    "submitted within %(days)s days.",
                    date=self.repair_date,
                    days=days,
                ),
            )
        ]

    # ------------------------------------------------------------------ actions

    def _kia_check_group(self, group, message):
        if not self.env.user.has_group(group):
            raise UserError(message)

    def action_submit(self):
        """Warranty clerk: submit the claims after pre-validation; refused with the full
        list of what fails. Every submission is kept."""
        self._kia_check_group(CLERK, self.env._("Only a warranty clerk submits claims."))
        wrong = self.filtered(lambda c: c.state not in EDITABLE_STATES)
        if wrong:
            raise UserError(
                self.env._(
                    "Claim %s is not a draft or a rejected claim: it cannot be submitted.",
                    wrong[0].name,
                )
            )
        failures = self._kia_prevalidate()
        problems = [
            self.env._("%(claim)s: %(message)s", claim=claim.name, message=message)
            for claim, items in failures.items()
            for __, message in items
        ]
        if problems:
            raise UserError(
                self.env._(
                    "The claim cannot be submitted:\n%(problems)s\nCorrect it, or ask the "
                    "warranty manager to waive a check.",
                    problems="\n".join(problems),
                )
            )
        today = (self.company_id[:1] or self.env.company)._kia_today()
        self._kia_flow_write(
            {"state": "submitted", "submitted_date": today, "rejection_reason": False}
        )
        self.env["kia.warranty.claim.submission"].sudo().create(
            [
                {
                    "claim_id": claim.id,
                    "number": len(claim.submission_ids) + 1,
                    "amount_requested": claim.amount_requested,
                }
                for claim in self
            ]
        )
        self.sudo().line_ids.write({"amount_approved": 0.0})
        return True

    def action_kia_record_decision(self, approved=None, reason=None):
        """Record the manufacturer's answer to submitted claims. ``approved``: ``{claim
        line: amount}`` (default: as requested); all zero rejects the claim, less than
        requested approves it partly."""
        self._kia_check_group(
            CLERK, self.env._("Only the warranty clerk records the manufacturer's answer.")
        )
        wrong = self.filtered(lambda c: c.state != "submitted")
        if wrong:
            raise UserError(
                self.env._(
                    "Claim %s is not submitted: there is no answer to record.", wrong[0].name
                )
            )
        for claim in self:
            claim.check_access("write")
        return self._kia_decide(approved or {}, reason)

    def _kia_decide(self, approved, reason):
        for claim in self:
            lines = claim.sudo().line_ids
            for line in lines:
                amount = approved.get(line, line.amount_requested)
                if (
                    amount < 0
                    or claim.currency_id.compare_amounts(amount, line.amount_requested) > 0
                ):
                    raise UserError(
                        self.env._(
                            "The approved amount of %(line)s must be between 0 and the "
                            "requested %(requested)s.",
                            line=line.name,
                            requested=line.amount_requested,
                        )
                    )
                line.amount_approved = amount
            total = sum(lines.mapped("amount_approved"))
            if claim.currency_id.is_zero(total):
                state = "rejected"
                if not (reason or "").strip():
                    raise UserError(
                        self.env._("Give the manufacturer's reason for rejecting the claim.")
                    )
            elif claim.currency_id.compare_amounts(total, claim.amount_requested) < 0:
                state = "partially_approved"
            else:
                state = "approved"
            claim.sudo().write(
                {
                    "state": state,
                    "rejection_reason": reason or False,
                    "decision_date": fields.Date.context_today(self),
                }
            )
            claim.submission_ids.sorted("number")[-1:].sudo().write(
                {"result": state, "amount_approved": total, "reason": reason or False}
            )
        return True

    def action_cancel(self):
        self._kia_check_group(CLERK, self.env._("Only a warranty clerk cancels claims."))
        wrong = self.filtered(lambda c: c.state not in EDITABLE_STATES)
        if wrong:
            raise UserError(
                self.env._(
                    "Claim %s is with the manufacturer or paid: it cannot be cancelled.",
                    wrong[0].name,
                )
            )
        self._kia_flow_write({"state": "cancelled"})
        return True

    def action_kia_waive(self, check, reason):
        """Warranty manager: waive one named pre-validation check for these claims, with
        the reason: his sign-off of the waiver (tier validation, the reason is his
        comment), recorded append-only."""
        waivers = self._kia_new_waivers(check, reason)
        waivers._kia_tier_check(
            lambda waiver: self.env._(
                "Only the warranty manager waives a check of claim %(claim)s: request the "
                "waiver for his validation.",
                claim=waiver.claim_id.name,
            ),
            comment=reason,
        )
        return True

    def action_kia_request_waiver(self, check, reason):
        """Warranty clerk: ask the warranty manager to waive one named pre-validation check
        for these claims, with the reason (the manager validates or rejects it)."""
        self._kia_check_group(CLERK, self.env._("Only a warranty clerk requests a waiver."))
        waivers = self._kia_new_waivers(check, reason)
        waivers.request_validation()
        return waivers

    def _kia_new_waivers(self, check, reason):
        if check not in dict(CHECKS):
            raise UserError(self.env._("Unknown check %s.", check))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the waiver."))
        self.check_access("write")
        return (
            self.env["kia.warranty.claim.waiver"]
            .sudo()
            .create([{"claim_id": claim.id, "check": check, "reason": reason} for claim in self])
            .sudo(False)
        )

    def action_kia_receive_old_part(self):
        """Put the causal part taken off the vehicle into the old parts quarantine."""
        self._kia_check_group(CLERK, self.env._("Only a warranty clerk receives old parts."))
        no_part = self.filtered(lambda c: not c.causal_part_id)
        if no_part:
            raise UserError(self.env._("Claim %s has no causal part.", no_part[0].name))
        return self.env["kia.warranty.old.part"].sudo()._kia_receive(self)

    def action_kia_open_waiver_wizard(self):
        return self._kia_wizard("kia.warranty.waiver.wizard", self.env._("Waive a Check"))

    def action_kia_open_decision_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Manufacturer's Answer"),
            "res_model": "kia.warranty.decision.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_claim_id": self.id,
                "default_line_ids": [
                    Command.create(
                        {"claim_line_id": line.id, "amount_approved": line.amount_requested}
                    )
                    for line in self.line_ids
                ],
            },
        }

    def action_kia_open_chargeback_wizard(self):
        return self._kia_wizard("kia.warranty.chargeback.wizard", self.env._("Charge-back"))

    def _kia_wizard(self, model, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_ids": self.ids},
        }

    def action_view_attachments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Photos and Documents"),
            "res_model": "ir.attachment",
            "view_mode": "kanban,list,form",
            "domain": [("res_model", "=", self._name), ("res_id", "=", self.id)],
            "context": {"default_res_model": self._name, "default_res_id": self.id},
        }

    # ------------------------------------------------------------------ accounting

    def _kia_invoice(self, invoice_date=None):
        """Invoice the manufacturer for the approved claims of ``self``: one customer
        invoice, for each claim a labour line and a parts line on the income accounts set
        for the company. Only warranty clerks and accountants invoice."""
        user = self.env.user
        if not (
            user.has_group(CLERK)
            or user.has_group("account.group_account_user")
            or user.has_group("account.group_account_manager")
        ):
            raise UserError(self.env._("Only warranty clerks and accountants invoice claims."))
        if not self:
            raise UserError(self.env._("Choose the approved claims to invoice."))
        wrong = self.filtered(
            lambda c: c.state not in ("approved", "partially_approved") or c.invoice_id
        )
        if wrong:
            raise UserError(
                self.env._("Claim %s is not approved, or is invoiced already.", wrong[0].name)
            )
        company = self.company_id
        if len(company) > 1:
            raise UserError(self.env._("Invoice the claims of one company at a time."))
        partner = company._kia_warranty_partner()
        if not partner:
            raise UserError(
                self.env._("Set the manufacturer's warranty partner in the Warranty settings.")
            )
        labour_account = company.kia_warranty_labour_account_id
        parts_account = company.kia_warranty_parts_account_id
        if not (labour_account and parts_account):
            raise UserError(
                self.env._(
                    "Set the warranty labour and parts income accounts in the Warranty settings."
                )
            )
        lines = []
        for claim in self.sudo():
            amounts = {"labour": 0.0, "parts": 0.0}
            for line in claim.line_ids:
                amounts["labour" if line.line_type == "labour" else "parts"] += line.amount_approved
            for kind, account, label in (
                ("labour", labour_account, self.env._("labour")),
                ("parts", parts_account, self.env._("parts and other costs")),
            ):
                if not claim.currency_id.is_zero(amounts[kind]):
                    lines.append(
                        Command.create(
                            {
                                "name": self.env._(
                                    "Claim %(claim)s (%(vin)s): %(label)s",
                                    claim=claim.name,
                                    vin=claim.vin,
                                    label=label,
                                ),
                                "account_id": account.id,
                                "quantity": 1.0,
                                "price_unit": amounts[kind],
                                "tax_ids": [Command.clear()],
                                "kia_warranty_claim_id": claim.id,
                            }
                        )
                    )
        move_vals = {
            "move_type": "out_invoice",
            "company_id": company.id,
            "partner_id": partner.id,
            "invoice_date": invoice_date or fields.Date.context_today(self),
            "invoice_user_id": user.id,
            "invoice_origin": ", ".join(self.mapped("name")),
            "invoice_line_ids": lines,
        }
        if company.kia_warranty_journal_id:
            move_vals["journal_id"] = company.kia_warranty_journal_id.id
        invoice = self.env["account.move"].sudo().with_company(company).create(move_vals)
        invoice.action_post()
        self.sudo().write({"invoice_id": invoice.id})
        return invoice.with_env(self.env)

    def action_kia_charge_back(self, amount, reason):
        """The manufacturer takes back (part of) a paid claim: a credit note on the claim's
        invoice, made by Odoo's reversal wizard, for ``amount``."""
        self.ensure_one()
        user = self.env.user
        if not (user.has_group(MANAGER) or user.has_group("account.group_account_user")):
            raise UserError(
                self.env._("Only the warranty manager or an accountant records a charge-back.")
            )
        if not self.invoice_id or self.state != "paid":
            raise UserError(self.env._("Only a paid, invoiced claim can be charged back."))
        if (
            amount <= 0
            or self.currency_id.compare_amounts(
                amount + self.amount_charged_back, self.amount_approved
            )
            > 0
        ):
            raise UserError(
                self.env._(
                    "The charge-back must be positive and at most the claim's approved amount."
                )
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the manufacturer's reason for the charge-back."))
        invoice = self.sudo().invoice_id
        reversal = (
            self.env["account.move.reversal"]
            .sudo()
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "reason": self.env._(
                        "Charge-back of claim %(claim)s: %(reason)s", claim=self.name, reason=reason
                    ),
                    "journal_id": invoice.journal_id.id,
                    "date": fields.Date.context_today(self),
                }
            )
        )
        action = reversal.refund_moves()
        credit_note = self.env["account.move"].sudo().browse(action.get("res_id"))
        account = self.company_id.kia_warranty_parts_account_id
        credit_note.write(
            {
                "invoice_line_ids": [
                    Command.delete(line.id) for line in credit_note.invoice_line_ids
                ]
                + [
                    Command.create(
                        {
                            "name": self.env._(
                                "Charge-back of claim %(claim)s: %(reason)s",
                                claim=self.name,
                                reason=reason,
                            ),
                            "account_id": account.id,
                            "quantity": 1.0,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                            "kia_warranty_claim_id": self.id,
                        }
                    )
                ]
            }
        )
        credit_note.action_post()
        self.sudo().write(
            {
                "chargeback_move_ids": [Command.link(credit_note.id)],
                "amount_charged_back": self.amount_charged_back + amount,
            }
        )
        self.sudo().message_post(
            body=self.env._("Charged back %(amount)s: %(reason)s", amount=amount, reason=reason)
        )
        return credit_note.with_env(self.env)

    def _kia_remittance_decision(self, approved_total, reason):
        """The manufacturer's answer read from a remittance: ``approved_total`` spread
        over the lines in proportion to what they request (the last one takes the
        rounding). Runs as the system, from the import."""
        self.ensure_one()
        lines = self.line_ids
        requested = self.amount_requested
        approved_total = min(approved_total, requested)
        approved = {}
        left = approved_total
        for index, line in enumerate(lines):
            if index == len(lines) - 1:
                amount = left
            else:
                share = line.amount_requested / requested if requested else 0.0
                amount = self.currency_id.round(approved_total * share)
            approved[line] = max(amount, 0.0)
            left -= amount
        return self.with_context(kia_from_remittance=True)._kia_decide(approved, reason)
