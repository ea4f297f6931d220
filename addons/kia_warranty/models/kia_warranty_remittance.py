import csv
import hashlib
import io

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_amount

ACCOUNTANT_GROUPS = ("account.group_account_user", "account.group_account_manager")
MANAGER = "kia_warranty.group_warranty_manager"
# A remittance file of more lines is imported by a background job (see _kia_import_file).
BACKGROUND_LINES = 200


def _to_float(value):
    if value in (None, ""):
        return 0.0
    if isinstance(value, int | float):
        return float(value)
    return float(str(value).replace(",", "").strip() or 0)


class KiaWarrantyRemittance(models.Model):
    """The manufacturer's remittance advice, imported once (the file's hash is unique):
    its lines matched to claims, the one payment registered for them and reconciled
    with the claim invoices by Odoo's payment register."""

    _name = "kia.warranty.remittance"
    _description = "Warranty Remittance"
    _inherit = ["mail.thread", "kia.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, default="/", copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Manufacturer", readonly=True)
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today)
    file_name = fields.Char(readonly=True)
    file_hash = fields.Char(readonly=True, index=True, copy=False)
    journal_id = fields.Many2one("account.journal", readonly=True, check_company=True)
    difference_handling = fields.Selection(
        [("open", "Keep Open"), ("writeoff", "Write Off")],
        string="Short Payment",
        default="open",
        readonly=True,
    )
    writeoff_reason = fields.Char(readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("done", "Imported"), ("failed", "Failed")],
        default="done",
        required=True,
        readonly=True,
        kia_workflow=True,
        tracking=True,
        help="A large file is queued and imported by a background job; Failed: nothing was "
        "imported, the reason is given.",
    )
    import_error = fields.Text(readonly=True, kia_workflow=True)
    line_ids = fields.One2many(
        "kia.warranty.remittance.line", "remittance_id", string="Lines", readonly=True
    )
    payment_ids = fields.Many2many("account.payment", string="Payments", readonly=True)
    amount_paid = fields.Monetary(compute="_compute_totals", store=True)
    unmatched_count = fields.Integer(compute="_compute_totals", store=True)

    _sql_constraints = [
        (
            "file_hash_uniq",
            "unique (company_id, file_hash)",
            "This remittance file was imported already.",
        ),
    ]

    @api.depends("line_ids.amount_paid", "line_ids.status")
    def _compute_totals(self):
        for remittance in self:
            matched = remittance.line_ids.filtered(lambda line: line.status == "paid")
            remittance.amount_paid = sum(matched.mapped("amount_paid"))
            remittance.unmatched_count = len(
                remittance.line_ids.filtered(lambda line: line.status == "unmatched")
            )

    # ------------------------------------------------------------------ import

    @api.model
    def _kia_parse(self, content, file_name):
        """Rows ``(claim number, approved, paid, reason)`` of a CSV or XLSX remittance,
        header row first (columns in that order)."""
        rows = []
        if (file_name or "").lower().endswith(".xlsx"):
            try:
                from openpyxl import load_workbook
            except ImportError as error:
                raise UserError(self.env._("Reading XLSX files needs openpyxl.")) from error
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            raw = list(book.active.iter_rows(values_only=True))
        else:
            text = content.decode("utf-8-sig")
            raw = list(csv.reader(io.StringIO(text)))
        for row in raw[1:]:
            if not row or not row[0]:
                continue
            cells = list(row) + [None] * 4
            try:
                rows.append(
                    (
                        str(cells[0]).strip(),
                        _to_float(cells[1]),
                        _to_float(cells[2]),
                        (str(cells[3]).strip() if cells[3] else ""),
                    )
                )
            except ValueError as error:
                raise UserError(
                    self.env._("Row %(row)s of the remittance has an invalid amount.", row=row)
                ) from error
        return rows

    @api.model
    def _kia_import(
        self,
        content,
        file_name,
        journal=None,
        date=None,
        difference_handling="open",
        writeoff_reason=None,
    ):
        """Import a remittance file: match its lines to claims, record the
        manufacturer's answers, register and reconcile the payment. The same file twice
        is refused and changes nothing."""
        rows = self._kia_check_import(content, file_name, difference_handling, writeoff_reason)
        remittance = self._kia_create_remittance(
            content, file_name, journal, date, difference_handling, writeoff_reason, "done"
        )
        remittance._kia_apply(rows)
        return remittance.with_env(self.env)

    @api.model
    def _kia_import_file(self, content, file_name, **options):
        """The import wizard's entry: a file of more lines than the company's background
        threshold (``kia_warranty.remittance_background_lines``, default 200: about 4 s
        here) is checked at once (rights, format, imported already) and then imported by
        a background job (:meth:`_cron_kia_import_queued`, in the cron worker, started at
        once), not in the accountant's request; smaller ones are imported at once."""
        rows = self._kia_check_import(
            content,
            file_name,
            options.get("difference_handling", "open"),
            options.get("writeoff_reason"),
        )
        threshold = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("kia_warranty.remittance_background_lines", BACKGROUND_LINES)
        )
        if len(rows) <= threshold:
            return self._kia_import(content, file_name, **options)
        remittance = self._kia_create_remittance(
            content,
            file_name,
            options.get("journal"),
            options.get("date"),
            options.get("difference_handling", "open"),
            options.get("writeoff_reason"),
            "queued",
        )
        self.env["ir.attachment"].sudo().create(
            {
                "name": file_name,
                "raw": content,
                "res_model": self._name,
                "res_id": remittance.id,
            }
        )
        remittance.message_post(
            body=self.env._(
                "%(lines)s lines queued: the remittance is imported in the background; you "
                "are notified here when it is done.",
                lines=len(rows),
            )
        )
        self.env.ref("kia_warranty.ir_cron_import_remittances").sudo()._trigger()
        return remittance.with_env(self.env)

    @api.model
    def _kia_check_import(self, content, file_name, difference_handling, writeoff_reason):
        """Who may import, the write-off's reason, the same file imported already (under
        the company's lock), and the file's rows (refused when unreadable or empty)."""
        user = self.env.user
        if not any(user.has_group(group) for group in ACCOUNTANT_GROUPS):
            raise UserError(self.env._("Only accountants import the manufacturer's remittances."))
        if difference_handling == "writeoff":
            if not user.has_group(MANAGER):
                raise UserError(self.env._("Only the warranty manager writes off a short payment."))
            if not (writeoff_reason or "").strip():
                raise UserError(self.env._("Give the reason for the write-off."))
        company = self.env.company
        file_hash = hashlib.sha256(content).hexdigest()
        self._kia_lock_imports(company)
        previous = self.sudo().search(
            [("company_id", "=", company.id), ("file_hash", "=", file_hash)], limit=1
        )
        if previous:
            raise UserError(
                self.env._(
                    "This file was imported already as %(name)s on %(date)s: nothing was changed.",
                    name=previous.name,
                    date=previous.date,
                )
            )
        rows = self._kia_parse(content, file_name)
        if not rows:
            raise UserError(self.env._("The remittance file has no line."))
        return rows

    @api.model
    def _kia_create_remittance(
        self, content, file_name, journal, date, difference_handling, writeoff_reason, state
    ):
        company = self.env.company
        journal = journal or self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "bank")], limit=1
        )
        return self.sudo().create(
            {
                "name": self.env["kia.warranty.claim"]._kia_next_number(
                    "kia.warranty.remittance", company, "REM"
                ),
                "company_id": company.id,
                "partner_id": company._kia_warranty_partner().id,
                "date": date or fields.Date.context_today(self),
                "file_name": file_name,
                "file_hash": hashlib.sha256(content).hexdigest(),
                "journal_id": journal.id,
                "difference_handling": difference_handling,
                "writeoff_reason": writeoff_reason,
                "state": state,
            }
        )

    def _kia_apply(self, rows):
        """Match the rows to the company's claims, record the decisions, register the
        payment of the paid lines and mark their claims paid (as the system, after the
        checks of :meth:`_kia_check_import`)."""
        self.ensure_one()
        remittance = self.sudo()
        claims = (
            self.env["kia.warranty.claim"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("name", "in", [r[0] for r in rows])])
        )
        by_number = {claim.name: claim for claim in claims}
        line_vals = []
        seen = set()
        for number, approved, paid, reason in rows:
            claim = by_number.get(number)
            status = "unmatched"
            if claim and number in seen:
                status = "duplicate"
            elif claim and claim.state == "submitted":
                status = "decision"
            elif claim and claim.state in ("approved", "partially_approved") and claim.invoice_id:
                status = "paid" if paid else "unpaid"
            elif claim:
                status = "duplicate" if claim.state == "paid" else "not_payable"
            seen.add(number)
            line_vals.append(
                {
                    "remittance_id": remittance.id,
                    "claim_number": number,
                    "claim_id": claim.id if claim and status != "unmatched" else False,
                    "amount_approved": approved,
                    "amount_paid": paid,
                    "rejection_reason": reason,
                    "status": status,
                }
            )
        lines = self.env["kia.warranty.remittance.line"].sudo().create(line_vals)
        for line in lines.filtered(lambda rec: rec.status == "decision"):
            line.claim_id._kia_remittance_decision(line.amount_approved, line.rejection_reason)
        paid_lines = lines.filtered(lambda rec: rec.status == "paid")
        to_pay = paid_lines.claim_id
        if paid_lines:
            remittance._kia_register_payment(paid_lines)
            # One write per distinct answer, not per claim.
            for (paid, reason), same in paid_lines.grouped(
                lambda rec: (rec.amount_paid, rec.rejection_reason or False)
            ).items():
                same.claim_id.write(
                    {"state": "paid", "amount_paid": paid, "rejection_reason": reason}
                )
        for claim in to_pay:
            claim.message_post(body=self.env._("Paid by remittance %s.", remittance.name))

    @api.model
    def _cron_kia_import_queued(self, limit=10, commit=True):
        """The background job of large remittance files: each queued remittance imported
        in one transaction of its own, as the accountant who queued it (his rights and
        company), committed with its outcome: imported, or failed with the reason and
        nothing else written. He is notified on the remittance either way. ``commit``:
        False in tests."""
        queued = self.sudo().search([("state", "=", "queued")], order="id", limit=limit)
        for index, remittance in enumerate(queued):
            user = remittance.create_uid
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .search(
                    [("res_model", "=", self._name), ("res_id", "=", remittance.id)],
                    order="id",
                    limit=1,
                )
            )
            job = remittance.with_user(user).with_company(remittance.company_id).sudo(False)
            try:
                with self.env.cr.savepoint():
                    job._kia_lock_imports(remittance.company_id)
                    rows = job._kia_parse(attachment.raw, remittance.file_name)
                    job._kia_apply(rows)
                    remittance._kia_flow_write({"state": "done"})
                    body = self.env._(
                        "Imported: %(lines)s lines, %(paid)s paid.",
                        lines=len(remittance.line_ids),
                        paid=format_amount(
                            self.env, remittance.amount_paid, remittance.currency_id
                        ),
                    )
            except (UserError, ValidationError) as error:
                # The file may be imported again once corrected (or as it is, once the
                # claims are put right): its hash is released.
                remittance._kia_flow_write(
                    {"state": "failed", "import_error": str(error), "file_hash": False}
                )
                body = self.env._(
                    "Not imported, nothing was changed: %s Correct the file and import it again.",
                    error,
                )
            remittance.message_post(body=body, partner_ids=user.partner_id.ids)
            self.env["ir.cron"]._notify_progress(done=index + 1, remaining=len(queued) - index - 1)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        if len(queued) == limit:
            self.env.ref("kia_warranty.ir_cron_import_remittances").sudo()._trigger()

    @api.model
    def _kia_lock_imports(self, company):
        """Serialise the remittance imports of ``company``.

        The same file imported twice at once (two accountants, a double click): each
        transaction looks for the file in its own snapshot and misses the other's import;
        the second would then hit the unique index (a database error). The company's row
        is therefore updated first (a no-op update takes the row lock): the second import
        waits for the first, then fails to serialize if the first committed; Odoo retries
        it, and it finds the file imported and says so, having changed nothing."""
        self.env.cr.execute(
            SQL("UPDATE res_company SET write_date = write_date WHERE id = %s", company.id)
        )

    def _kia_register_payment(self, lines):
        """One payment for the paid lines, through Odoo's payment register on the claim
        invoices' receivable lines: a short payment stays open (residual) or is written
        off to the company's write-off account."""
        self.ensure_one()
        invoices = lines.claim_id.invoice_id
        amount = sum(lines.mapped("amount_paid"))
        receivables = invoices.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable" and not aml.reconciled
        )
        if not receivables:
            raise UserError(self.env._("The invoices of these claims are paid already."))
        values = {
            "payment_date": self.date,
            "journal_id": self.journal_id.id,
            "group_payment": True,
            "amount": amount,
            "communication": self.name,
        }
        paid_claim_ids = set(lines.claim_id.ids)
        expected = sum(
            invoices.line_ids.filtered(
                lambda aml: aml.kia_warranty_claim_id.id in paid_claim_ids
            ).mapped("price_total")
        )
        short = self.currency_id.compare_amounts(expected, amount) > 0
        if self.difference_handling == "writeoff" and short:
            uncovered = invoices.line_ids.kia_warranty_claim_id - lines.claim_id
            if uncovered:
                raise UserError(
                    self.env._(
                        "A write-off settles whole invoices: claim %s of the same invoice is "
                        "not in this remittance. Keep the difference open instead.",
                        uncovered[0].name,
                    )
                )
            account = self.company_id.kia_warranty_writeoff_account_id
            if not account:
                raise UserError(self.env._("Set the warranty write-off account in the settings."))
            values.update(
                {
                    "payment_difference_handling": "reconcile",
                    "writeoff_account_id": account.id,
                    "writeoff_label": self.writeoff_reason,
                }
            )
        else:
            values["payment_difference_handling"] = "open"
        wizard = (
            self.env["account.payment.register"]
            .sudo()
            .with_context(active_model="account.move.line", active_ids=receivables.ids)
            .create(values)
        )
        payments = wizard._create_payments()
        self.payment_ids = payments
        return payments


class KiaWarrantyRemittanceLine(models.Model):
    _name = "kia.warranty.remittance.line"
    _description = "Warranty Remittance Line"
    _order = "remittance_id, id"

    remittance_id = fields.Many2one(
        "kia.warranty.remittance", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="remittance_id.company_id", store=True)
    currency_id = fields.Many2one(related="remittance_id.currency_id")
    claim_number = fields.Char(required=True)
    claim_id = fields.Many2one("kia.warranty.claim", index="btree_not_null")
    amount_approved = fields.Monetary(string="Approved")
    amount_paid = fields.Monetary(string="Paid")
    rejection_reason = fields.Char()
    status = fields.Selection(
        [
            ("paid", "Paid"),
            ("unpaid", "Invoiced, Not Paid"),
            ("decision", "Answer Recorded"),
            ("duplicate", "Already Paid / Repeated"),
            ("not_payable", "Not Invoiced"),
            ("unmatched", "No Such Claim"),
        ],
        required=True,
    )
