import base64
import io

from openpyxl import Workbook, load_workbook

from odoo.exceptions import UserError

from .common import KiaWarrantyCase


def csv_file(rows):
    lines = ["claim_number,approved_amount,paid_amount,rejection_reason"]
    lines += [",".join(str(cell) for cell in row) for row in rows]
    return "\n".join(lines).encode()


class TestWarrantyAccounting(KiaWarrantyCase):
    def _invoiced(self, count=1):
        claims = self.env["kia.warranty.claim"]
        for _i in range(count):
            claims |= self._approved_claim()
            # Another day's repair of the same part is not a duplicate for the test.
            self.company.kia_warranty_duplicate_days = 0
        invoice = claims.with_user(self.user_accountant)._kia_invoice()
        return claims, invoice

    def _import(self, content, name="remit.csv", user=None, **kwargs):
        return (
            self.env["kia.warranty.remittance"]
            .with_user(user or self.user_accountant)
            ._kia_import(content, name, journal=self.bank_journal, **kwargs)
        )

    def test_full_path_to_paid(self):
        claims, invoice = self._invoiced(2)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.partner_id, self.kia)
        self.assertEqual(claims.invoice_id, invoice)
        self.assertEqual(invoice.amount_total, 1008.0)
        for claim in claims:
            lines = invoice.invoice_line_ids.filtered(
                lambda aml, c=claim: aml.kia_warranty_claim_id == c
            )
            by_account = {line.account_id: line.balance for line in lines}
            self.assertEqual(by_account, {self.account_labour: -240.0, self.account_parts: -264.0})
        # Invoiced once only.
        with self.assertRaises(UserError):
            claims[:1].with_user(self.user_accountant)._kia_invoice()
        content = csv_file(
            [(claim.name, 504.0, 504.0, "") for claim in claims] + [("CLM/NOPE/1", 100, 100, "")]
        )
        remittance = self._import(content)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(set(claims.mapped("state")), {"paid"})
        self.assertEqual(claims.mapped("amount_paid"), [504.0, 504.0])
        unmatched = remittance.line_ids.filtered(lambda rec: rec.status == "unmatched")
        self.assertEqual(unmatched.claim_number, "CLM/NOPE/1")
        self.assertFalse(unmatched.claim_id)
        self.assertEqual(remittance.amount_paid, 1008.0)
        payment = remittance.payment_ids
        self.assertEqual(len(payment), 1)
        self.assertEqual(payment.amount, 1008.0)
        self.assertEqual(payment.partner_id, self.kia)
        receivable = payment.move_id.line_ids.filtered(
            lambda aml: aml.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(receivable.credit, 1008.0)
        self.assertTrue(receivable.reconciled)
        self.assertEqual(sum(payment.move_id.line_ids.mapped("debit")), 1008.0)

    def test_partial_payment_leaves_residual(self):
        claims, invoice = self._invoiced()
        self._import(csv_file([(claims.name, 504.0, 400.0, "Handling cut")]))
        self.assertEqual(invoice.payment_state, "partial")
        self.assertEqual(invoice.amount_residual, 104.0)
        self.assertEqual(claims.state, "paid")
        self.assertEqual(claims.amount_paid, 400.0)
        self.assertEqual(claims.rejection_reason, "Handling cut")

    def test_write_off_by_warranty_manager(self):
        claims, invoice = self._invoiced()
        content = csv_file([(claims.name, 504.0, 480.0, "")])
        remittances = self.env["kia.warranty.remittance"].search_count([])
        with self.assertRaises(UserError):
            self._import(content, difference_handling="writeoff", writeoff_reason="Rounding")
        self.assertEqual(self.env["kia.warranty.remittance"].search_count([]), remittances)
        self.assertEqual(invoice.payment_state, "not_paid")
        self.user_wmanager.groups_id |= self.env.ref("account.group_account_user")
        self._import(
            content,
            user=self.user_wmanager,
            difference_handling="writeoff",
            writeoff_reason="Agreed discount",
        )
        self.assertEqual(invoice.payment_state, "paid")
        writeoff = self.env["account.move.line"].search(
            [("account_id", "=", self.account_writeoff.id)]
        )
        self.assertEqual(writeoff.debit, 24.0)
        self.assertEqual(writeoff.name, "Agreed discount")

    def test_same_file_twice_changes_nothing(self):
        claims, invoice = self._invoiced()
        content = csv_file([(claims.name, 504.0, 504.0, "")])
        self._import(content)
        payments = self.env["account.payment"].search_count([])
        remittances = self.env["kia.warranty.remittance"].search_count([])
        with self.assertRaises(UserError):
            self._import(content)
        # The same claim again in another file: listed as already paid, nothing written.
        again = self._import(csv_file([(claims.name, 504.0, 504.0, "again")]), name="other.csv")
        self.assertEqual(again.line_ids.status, "duplicate")
        self.assertEqual(self.env["account.payment"].search_count([]), payments)
        self.assertEqual(self.env["kia.warranty.remittance"].search_count([]), remittances + 1)
        self.assertEqual(claims.amount_paid, 504.0)
        self.assertFalse(claims.rejection_reason)

    def _queue(self, content, name="big.csv", user=None):
        """The import wizard with a file above the background threshold (1 line here)."""
        self.env["ir.config_parameter"].sudo().set_param(
            "kia_warranty.remittance_background_lines", 1
        )
        wizard = (
            self.env["kia.warranty.remittance.import"]
            .with_user(user or self.user_accountant)
            .create(
                {
                    "file": base64.b64encode(content),
                    "file_name": name,
                    "journal_id": self.bank_journal.id,
                }
            )
        )
        action = wizard.action_import()
        return self.env["kia.warranty.remittance"].browse(action["res_id"])

    def test_large_file_imported_in_the_background(self):
        claims, invoice = self._invoiced()
        content = csv_file([(claims.name, 504.0, 504.0, ""), ("CLM/NOPE/2", 10, 10, "")])
        cron = self.env.ref("kia_warranty.ir_cron_import_remittances")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        remittance = self._queue(content)
        # Checked and queued at once; nothing imported in the accountant's request.
        self.assertEqual(remittance.state, "queued")
        self.assertFalse(remittance.line_ids)
        self.assertFalse(remittance.payment_ids)
        self.assertEqual(claims.state, "approved")
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers
        )
        # The same file again is refused at once.
        with self.assertRaisesRegex(UserError, "imported already as " + remittance.name):
            self._queue(content)
        # Only the flow moves it.
        with self.assertRaises(UserError):
            remittance.with_user(self.user_accountant).write({"state": "done"})
        # The background job imports it, as the accountant, and tells him.
        self.env["kia.warranty.remittance"]._cron_kia_import_queued(commit=False)
        self.assertEqual(remittance.state, "done")
        self.assertEqual(len(remittance.line_ids), 2)
        self.assertEqual(claims.state, "paid")
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(remittance.payment_ids.amount, 504.0)
        self.assertEqual(remittance.payment_ids.create_uid, self.user_accountant)
        done = remittance.message_ids.filtered(lambda m: "Imported: 2 lines" in (m.body or ""))
        self.assertIn(self.user_accountant.partner_id, done.partner_ids)
        # A small file is imported at once, as before.
        small = self._import(csv_file([("CLM/NOPE/3", 1, 1, "")]), name="small.csv")
        self.assertEqual(small.state, "done")

    def test_background_import_that_fails_changes_nothing(self):
        claims, invoice = self._invoiced()
        content = csv_file([(claims.name, 504.0, 504.0, ""), ("CLM/NOPE/4", 10, 10, "")])
        remittance = self._queue(content)
        # Meanwhile the invoice is paid by hand: the remittance cannot pay it again.
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"journal_id": self.bank_journal.id})._create_payments()
        payments = self.env["account.payment"].search_count([])
        self.env["kia.warranty.remittance"]._cron_kia_import_queued(commit=False)
        self.assertEqual(remittance.state, "failed")
        self.assertIn("paid already", remittance.import_error)
        self.assertFalse(remittance.line_ids)
        self.assertFalse(remittance.payment_ids)
        self.assertEqual(self.env["account.payment"].search_count([]), payments)
        self.assertEqual(claims.state, "approved")
        failed = remittance.message_ids.filtered(lambda m: "Not imported" in (m.body or ""))
        self.assertIn(self.user_accountant.partner_id, failed.partner_ids)
        # The file is not "imported already": importing it again meets the real reason.
        with self.assertRaisesRegex(UserError, "paid already"):
            self._import(content)

    def test_xlsx_remittance_records_decisions(self):
        submitted = self._submitted()
        book = Workbook()
        sheet = book.active
        sheet.append(["Claim", "Approved", "Paid", "Reason"])
        sheet.append([submitted.name, 0, 0, "No fault found"])
        stream = io.BytesIO()
        book.save(stream)
        remittance = self._import(stream.getvalue(), name="remit.xlsx")
        self.assertEqual(remittance.line_ids.status, "decision")
        self.assertEqual(submitted.state, "rejected")
        self.assertEqual(submitted.rejection_reason, "No fault found")
        self.assertFalse(remittance.payment_ids)

    def test_charge_back_credit_note(self):
        claims, invoice = self._invoiced()
        self._import(csv_file([(claims.name, 504.0, 504.0, "")]))
        with self.assertRaises(UserError):
            claims.with_user(self.user_wclerk).action_kia_charge_back(100.0, "Part not returned")
        credit_note = claims.with_user(self.user_accountant).action_kia_charge_back(
            100.0, "Part not returned"
        )
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        self.assertEqual(credit_note.amount_total, 100.0)
        self.assertEqual(credit_note.partner_id, self.kia)
        self.assertEqual(claims.amount_charged_back, 100.0)
        self.assertEqual(claims.chargeback_move_ids, credit_note)

    def test_aging_buckets(self):
        claim = self._submitted()
        aging = self.env["kia.warranty.claim.aging"].search([("claim_id", "=", claim.id)])
        self.assertEqual(aging.bucket, "0_30")
        self.assertEqual(aging.amount_open, 504.0)
        self.env.cr.execute(
            "UPDATE kia_warranty_claim SET submitted_date = CURRENT_DATE - 75 WHERE id = %s",
            [claim.id],
        )
        self.env.invalidate_all()
        aging = self.env["kia.warranty.claim.aging"].search([("claim_id", "=", claim.id)])
        self.assertEqual(aging.bucket, "61_90")

    def test_monthly_xlsx_report(self):
        claims, invoice = self._invoiced(2)
        self._import(csv_file([(claims[0].name, 504.0, 400.0, "")]))
        claims |= self._claim()
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_wclerk)
            ._render("kia_warranty.claim_report_xlsx", claims.ids)
        )
        self.assertEqual(kind, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        rows = list(sheet.iter_rows(values_only=True))
        names = {row[0] for row in rows}
        self.assertTrue(set(claims.mapped("name")) <= names)
        total = next(row for row in rows if row[0] == "Total")
        self.assertEqual(total[13], sum(claims.mapped("amount_requested")))
        self.assertEqual(total[14], sum(claims.mapped("amount_approved")))
        self.assertEqual(total[15], 400.0)
