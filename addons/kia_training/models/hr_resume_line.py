from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

# What makes a resume line a Kia certification: only HR and the trainer set or change them.
KIA_CERTIFICATION_FIELDS = frozenset(
    {
        "kia_certification_type_id",
        "kia_certification_level_id",
        "kia_certificate_number",
        "kia_issuer_id",
        "kia_previous_id",
        "kia_course_attendee_id",
        "employee_id",
        "display_type",
        "date_start",
        "date_end",
    }
)


class HrResumeLine(models.Model):
    """A certification (资格认证) is a resume line of display type 'certification'
    (from hr_skills_survey) with a Kia certification type: it shows in the employee's
    resume, keeps its own history (renewals add a line, never overwrite one) and its
    validity drives the on-duty authorisation of the workshop."""

    _name = "hr.resume.line"
    _inherit = ["hr.resume.line", "kia.workflow.mixin", "mail.thread", "mail.activity.mixin"]

    company_id = fields.Many2one(
        related="employee_id.company_id", store=True, index=True, string="Company"
    )
    kia_certification_type_id = fields.Many2one(
        "kia.certification.type",
        string="Certification Type",
        index=True,
        tracking=True,
    )
    kia_certification_level_id = fields.Many2one(
        "kia.certification.level",
        string="Level",
        domain="[('certification_type_id', '=', kia_certification_type_id)]",
        tracking=True,
    )
    kia_certificate_number = fields.Char(string="Certificate Number", tracking=True)
    kia_issuer_id = fields.Many2one("res.partner", string="Issuer", tracking=True)
    kia_certificate_file = fields.Binary(string="Certificate Scan", attachment=True)
    kia_certificate_filename = fields.Char(string="Certificate File Name")
    kia_revoked = fields.Boolean(string="Revoked", readonly=True, copy=False, tracking=True)
    kia_revoke_date = fields.Date(string="Revoked On", readonly=True, copy=False)
    kia_revoke_reason = fields.Text(string="Revocation Reason", readonly=True, copy=False)
    kia_previous_id = fields.Many2one(
        "hr.resume.line",
        string="Renews",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The earlier certificate that this one renews.",
    )
    kia_renewal_ids = fields.One2many(
        "hr.resume.line", "kia_previous_id", string="Renewed By", readonly=True
    )
    kia_is_current = fields.Boolean(
        string="Current",
        compute="_compute_kia_is_current",
        store=True,
        help="Not yet replaced by a renewal.",
    )
    kia_course_attendee_id = fields.Many2one(
        "hr.course.attendee",
        string="Granted by Training",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    kia_certified_by_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        readonly=True,
        copy=False,
        kia_workflow=True,
        help="The HR officer or trainer who recorded the certification (or the system for "
        "data loaded at installation). Nobody can certify himself.",
    )
    kia_expiry_reminded = fields.Boolean(string="Expiry Reminder Sent", readonly=True, copy=False)
    expiration_status = fields.Selection(
        selection_add=[("revoked", "Revoked")], ondelete={"revoked": "set null"}
    )

    _sql_constraints = [
        (
            "date_check",
            "CHECK ((date_start <= date_end OR date_end IS NULL))",
            "The end date (the expiry date of a certificate) cannot be before the start "
            "date (its issue date).",
        ),
    ]

    @api.depends("kia_renewal_ids")
    def _compute_kia_is_current(self):
        for line in self:
            line.kia_is_current = not line.kia_renewal_ids

    @api.depends("date_end", "kia_revoked", "company_id.kia_certification_warning_days")
    def _compute_expiration_status(self):
        # The status is stored: it is computed on the company's local date (Shanghai's
        # evening is already tomorrow), whoever or whatever (the cron) triggers it.
        today_by_company = {
            company: company._kia_today() for company in self.company_id | self.env.company
        }
        for line in self:
            today = today_by_company[line.company_id or self.env.company]
            warning_days = line.company_id.kia_certification_warning_days
            if line.kia_revoked:
                line.expiration_status = "revoked"
            elif line.date_end and line.date_end < today:
                line.expiration_status = "expired"
            elif line.date_end and line.date_end <= today + relativedelta(
                days=warning_days if line.company_id else 90
            ):
                line.expiration_status = "expiring"
            else:
                line.expiration_status = "valid"

    @api.constrains("kia_certification_type_id", "kia_certification_level_id")
    def _check_kia_level(self):
        for line in self:
            level = line.kia_certification_level_id
            if level and level.certification_type_id != line.kia_certification_type_id:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s does not belong to certification %(cert)s.",
                        level=level.name,
                        cert=line.kia_certification_type_id.name,
                    )
                )

    @api.constrains(
        "kia_certificate_number", "kia_certification_type_id", "kia_revoked", "date_end"
    )
    def _check_kia_certificate_number_unique(self):
        lines = self.filtered(
            lambda line: line.kia_certificate_number and line.kia_certification_type_id
        )
        if not lines:
            return
        today = self.env.company._kia_today()
        active_domain = [
            ("kia_certification_type_id", "in", lines.kia_certification_type_id.ids),
            ("kia_certificate_number", "in", lines.mapped("kia_certificate_number")),
            ("kia_revoked", "=", False),
            ("kia_is_current", "=", True),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]
        groups = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group(
                active_domain,
                ["kia_certification_type_id", "kia_certificate_number"],
                ["__count"],
            )
        )
        for cert_type, number, count in groups:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "Certificate number %(number)s is already used by an active "
                        "%(cert)s certificate. Check the number, or renew or revoke the "
                        "existing certificate first.",
                        number=number,
                        cert=cert_type.name,
                    )
                )

    @api.constrains("kia_certification_type_id", "display_type")
    def _check_kia_certification_display_type(self):
        """A Kia certification is always a 'certification' line: the authorisation gate
        counts only those, and only HR and trainers may write them (record rules)."""
        for line in self:
            if line.kia_certification_type_id and line.display_type != "certification":
                raise ValidationError(
                    self.env._(
                        "%(line)s carries certification type %(cert)s: it must be a "
                        "certification line, recorded by HR or the trainer.",
                        line=line.name,
                        cert=line.kia_certification_type_id.name,
                    )
                )

    @api.constrains("kia_course_attendee_id")
    def _check_kia_granted_by_passed_training(self):
        for line in self.filtered("kia_course_attendee_id"):
            attendee = line.kia_course_attendee_id
            if attendee.result != "passed":
                raise ValidationError(
                    self.env._(
                        "%(employee)s did not pass training session %(session)s: it cannot "
                        "grant a certification.",
                        employee=attendee.employee_id.name,
                        session=attendee.course_schedule_id.name,
                    )
                )

    @api.constrains("kia_previous_id", "employee_id", "kia_certification_type_id")
    def _check_kia_renewal(self):
        for line in self.filtered("kia_previous_id"):
            previous = line.kia_previous_id
            if (
                previous.employee_id != line.employee_id
                or previous.kia_certification_type_id != line.kia_certification_type_id
            ):
                raise ValidationError(
                    self.env._(
                        "A renewal must be for the same employee and certification type "
                        "as the certificate it renews."
                    )
                )

    @api.onchange("kia_certification_type_id", "kia_certification_level_id")
    def _onchange_kia_certification_name(self):
        if self.kia_certification_type_id:
            self.name = self._kia_certificate_name(
                self.kia_certification_type_id, self.kia_certification_level_id
            )

    @api.model
    def _kia_certificate_name(self, cert_type, level):
        return f"{cert_type.name} - {level.name}" if level else cert_type.name

    def _kia_check_may_certify(self, employees):
        """Only HR officers and trainers record certifications (the training flow does it
        for them as the system), and nobody records, edits or grants his own: the
        authorisation gate must rest on someone else's word. Only data loaded by the
        system itself (installation, demo) escapes the second rule."""
        if not self.env.su and not self.env.user.has_group("kia_training.group_kia_trainer"):
            raise AccessError(
                self.env._("Only HR officers and the trainer can record or change certifications.")
            )
        if self.env.uid != SUPERUSER_ID and self.env.user in employees.user_id:
            raise UserError(
                self.env._(
                    "You cannot record or change your own certification: ask HR or the trainer."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):  # pylint: disable=method-required-super
        # super().create is called by _kia_create_with_chatter (with or without chatter).
        line_type = self.env.ref(
            "kia_training.resume_type_kia_certification", raise_if_not_found=False
        )
        certified = []
        for vals in vals_list:
            if not vals.get("kia_certification_type_id"):
                continue
            certified.append(
                vals.get("employee_id") or self.env.context.get("default_employee_id") or 0
            )
            # Whatever the client asked: a line with a certification type is a certification.
            vals["display_type"] = "certification"
            if line_type:
                vals.setdefault("line_type_id", line_type.id)
            cert_type = self.env["kia.certification.type"].browse(vals["kia_certification_type_id"])
            if not vals.get("name"):
                vals["name"] = self._kia_certificate_name(
                    cert_type,
                    self.env["kia.certification.level"].browse(
                        vals.get("kia_certification_level_id")
                    ),
                )
            if not vals.get("kia_issuer_id") and cert_type.issuer_id:
                vals["kia_issuer_id"] = cert_type.issuer_id.id
        if certified:
            self._kia_check_may_certify(self.env["hr.employee"].browse(filter(None, certified)))
        lines = self._kia_create_with_chatter(vals_list)
        stamped = lines.filtered("kia_certification_type_id")
        if stamped:
            stamped.sudo().write({"kia_certified_by_id": self.env.uid})
        renewed = lines.kia_previous_id
        if renewed:
            renewed.activity_feedback(
                ["kia_training.mail_activity_type_certification_expiry"],
                feedback=self.env._("Renewed."),
            )
        return lines

    def _kia_create_with_chatter(self, vals_list):
        """Chatter, tracking and followers are for certifications only: the education,
        experience and other resume lines that hr_skills creates by the dozen carry none."""
        kinds = [vals.get("display_type") == "certification" for vals in vals_list]
        if all(kinds):
            return super().create(vals_list)
        quiet = self.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        if not any(kinds):
            return super(HrResumeLine, quiet).create(vals_list).with_env(self.env)
        certifications = iter(
            super().create([vals for vals, kind in zip(vals_list, kinds, strict=True) if kind])
        )
        plain = iter(
            super(HrResumeLine, quiet)
            .create([vals for vals, kind in zip(vals_list, kinds, strict=True) if not kind])
            .with_env(self.env)
        )
        # The caller gets the lines in the order of vals_list.
        return self.browse([next(certifications if kind else plain).id for kind in kinds])

    def write(self, vals):
        if self.env.uid != SUPERUSER_ID:
            touched = KIA_CERTIFICATION_FIELDS & set(vals)
            becomes_certification = vals.get("kia_certification_type_id")
            certifications = self.filtered("kia_certification_type_id")
            if becomes_certification or (touched and certifications):
                employees = self.env["hr.employee"].browse(vals.get("employee_id"))
                self._kia_check_may_certify(
                    (self if becomes_certification else certifications).employee_id | employees
                )
        if vals.get("kia_certification_type_id"):
            vals = dict(vals, display_type="certification")
        tracked = self.filtered(lambda line: line.display_type == "certification")
        if tracked == self:
            return super().write(vals)
        quiet = (self - tracked).with_context(tracking_disable=True)
        return super(HrResumeLine, tracked).write(vals) and super(HrResumeLine, quiet).write(vals)

    def action_kia_renew(self):
        """Open the form of a new certificate that renews this one."""
        self.ensure_one()
        if not self.kia_certification_type_id:
            raise UserError(self.env._("Only Kia certifications can be renewed here."))
        if not self.kia_is_current:
            raise UserError(
                self.env._("This certificate was already renewed: renew the latest one instead.")
            )
        start = self.company_id._kia_today()
        months = self.kia_certification_type_id.validity_months
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Renew Certification"),
            "res_model": "hr.resume.line",
            "view_mode": "form",
            "views": [(self.env.ref("kia_training.hr_resume_line_view_form").id, "form")],
            "target": "current",
            "context": {
                "default_employee_id": self.employee_id.id,
                "default_kia_certification_type_id": self.kia_certification_type_id.id,
                "default_kia_certification_level_id": self.kia_certification_level_id.id,
                "default_kia_issuer_id": self.kia_issuer_id.id,
                "default_kia_previous_id": self.id,
                "default_name": self.name,
                "default_date_start": start,
                "default_date_end": months and start + relativedelta(months=months),
            },
        }

    def action_kia_revoke(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Revoke Certification"),
            "res_model": "kia.certification.revoke.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_ids": self.ids, "active_model": self._name},
        }

    def _kia_revoke(self, reason):
        """Revoke the certificates (revocation is kept in the history, not deleted)."""
        if not reason or not reason.strip():
            raise UserError(self.env._("Give the reason for revoking the certification."))
        if self.filtered("kia_revoked"):
            raise UserError(
                self.env._("A certificate that is already revoked cannot be revoked again.")
            )
        self.write(
            {
                "kia_revoked": True,
                "kia_revoke_date": self.env.company._kia_today(),
                "kia_revoke_reason": reason.strip(),
            }
        )
        for line in self:
            line.message_post(body=self.env._("Certificate revoked: %s", reason.strip()))

    @api.model
    def _kia_refresh_expiration_status(self):
        """Recompute the stored status of certificates whose status depends on today."""
        companies = self.env["res.company"].sudo().search([])
        horizon = max(companies.mapped(lambda c: c._kia_today())) + relativedelta(
            days=max(companies.mapped("kia_certification_warning_days") + [90])
        )
        lines = self.sudo().search(
            [
                ("display_type", "=", "certification"),
                ("expiration_status", "in", ("valid", "expiring")),
                ("date_end", "!=", False),
                ("date_end", "<=", horizon),
            ]
        )
        self.env.add_to_compute(self._fields["expiration_status"], lines)
        lines._recompute_recordset(["expiration_status"])
        return lines

    @api.model
    def _cron_kia_certification_expiry(self):
        """Daily: refresh statuses, then remind HR and the manager of each employee
        whose current certificate is expiring or expired (once per certificate)."""
        self._kia_refresh_expiration_status()
        lines = self.sudo().search(
            [
                ("kia_certification_type_id", "!=", False),
                ("kia_is_current", "=", True),
                ("kia_expiry_reminded", "=", False),
                ("expiration_status", "in", ("expiring", "expired")),
                ("employee_id.active", "=", True),
            ]
        )
        activity_type = self.env.ref("kia_training.mail_activity_type_certification_expiry")
        for line in lines:
            today = line.company_id._kia_today()
            users = line.company_id.kia_training_responsible_id | line.employee_id.parent_id.user_id
            summary = self.env._(
                "%(cert)s of %(employee)s expires on %(date)s",
                cert=line.name,
                employee=line.employee_id.name,
                date=line.date_end,
            )
            for user in users:
                line.activity_schedule(
                    activity_type_id=activity_type.id,
                    summary=summary,
                    date_deadline=max(line.date_end - relativedelta(days=30), today),
                    user_id=user.id,
                )
        lines.write({"kia_expiry_reminded": True})
        return lines
