import base64

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.kia_warranty_claim import CHECKS


class KiaWarrantyGoodwillWizard(models.TransientModel):
    _name = "kia.warranty.goodwill.wizard"
    _description = "Grant Goodwill"

    job_line_ids = fields.Many2many("kia.job.line", string="Jobs")
    reason = fields.Text(required=True)

    def action_confirm(self):
        return self.job_line_ids.action_kia_make_goodwill(self.reason)


class KiaWarrantyWaiverWizard(models.TransientModel):
    _name = "kia.warranty.waiver.wizard"
    _description = "Waive a Pre-validation Check"

    claim_ids = fields.Many2many("kia.warranty.claim", string="Claims")
    check = fields.Selection(CHECKS, required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        # The warranty manager waives (signs off himself); a clerk requests his sign-off.
        if self.env.user.has_group("kia_warranty.group_warranty_manager"):
            return self.claim_ids.action_kia_waive(self.check, self.reason)
        self.claim_ids.action_kia_request_waiver(self.check, self.reason)
        return True


class KiaWarrantyDecisionWizard(models.TransientModel):
    _name = "kia.warranty.decision.wizard"
    _description = "Manufacturer's Answer to a Claim"

    claim_id = fields.Many2one("kia.warranty.claim", required=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    line_ids = fields.One2many("kia.warranty.decision.wizard.line", "wizard_id")
    reason = fields.Text(string="Manufacturer's Reason")

    def action_confirm(self):
        approved = {line.claim_line_id: line.amount_approved for line in self.line_ids}
        return self.claim_id.action_kia_record_decision(approved, self.reason)


class KiaWarrantyDecisionWizardLine(models.TransientModel):
    _name = "kia.warranty.decision.wizard.line"
    _description = "Manufacturer's Answer to a Claim Line"

    wizard_id = fields.Many2one("kia.warranty.decision.wizard", required=True, ondelete="cascade")
    claim_line_id = fields.Many2one("kia.warranty.claim.line", required=True)
    currency_id = fields.Many2one(related="claim_line_id.currency_id")
    name = fields.Char(related="claim_line_id.name")
    amount_requested = fields.Monetary(related="claim_line_id.amount_requested")
    amount_approved = fields.Monetary(string="Approved")


class KiaWarrantyInvoiceWizard(models.TransientModel):
    _name = "kia.warranty.invoice.wizard"
    _description = "Invoice Warranty Claims to the Manufacturer"

    claim_ids = fields.Many2many(
        "kia.warranty.claim",
        string="Claims",
        domain=[("state", "in", ("approved", "partially_approved")), ("invoice_id", "=", False)],
    )
    invoice_date = fields.Date(default=fields.Date.context_today, required=True)

    def action_confirm(self):
        invoice = self.claim_ids._kia_invoice(self.invoice_date)
        if not invoice.has_access("read"):
            # A warranty clerk without accounting rights goes back to his claims.
            return self.claim_ids._get_records_action(name=self.env._("Invoiced Claims"))
        return invoice._get_records_action(name=self.env._("Warranty Invoice"))


class KiaWarrantyRemittanceImport(models.TransientModel):
    _name = "kia.warranty.remittance.import"
    _description = "Import a Remittance Advice"

    file = fields.Binary(required=True)
    file_name = fields.Char()
    date = fields.Date(default=fields.Date.context_today, required=True)
    journal_id = fields.Many2one(
        "account.journal",
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', company_id)]",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    difference_handling = fields.Selection(
        [("open", "Keep Open"), ("writeoff", "Write Off")],
        string="Short Payment",
        default="open",
        required=True,
    )
    writeoff_reason = fields.Char()

    def action_import(self):
        if not self.file:
            raise UserError(self.env._("Choose the remittance file."))
        remittance = self.env["kia.warranty.remittance"]._kia_import_file(
            base64.b64decode(self.file),
            self.file_name or "remittance.csv",
            journal=self.journal_id,
            date=self.date,
            difference_handling=self.difference_handling,
            writeoff_reason=self.writeoff_reason,
        )
        return remittance._get_records_action(name=self.env._("Remittance"))


class KiaWarrantyChargebackWizard(models.TransientModel):
    _name = "kia.warranty.chargeback.wizard"
    _description = "Charge-back of a Warranty Claim"

    claim_ids = fields.Many2many("kia.warranty.claim", string="Claims")
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id)
    amount = fields.Monetary(required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        claim = self.claim_ids[:1]
        credit_note = claim.action_kia_charge_back(self.amount, self.reason)
        return credit_note._get_records_action(name=self.env._("Credit Note"))
