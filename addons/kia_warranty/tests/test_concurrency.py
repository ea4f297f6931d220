from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.kia_aftersales.tests.concurrency import KiaWorkOrderConcurrencyCase

FILE = b"claim,approved,paid,reason\nRACE-NO-SUCH-CLAIM-1,100,100,\nRACE-NO-SUCH-CLAIM-2,50,0,\n"


class RemittanceRaceCase(KiaWorkOrderConcurrencyCase):
    """Two accountants, committed; the remittances they import are deleted again."""

    TECHNICIANS = 0

    def _kia_build(self, env):
        res = super()._kia_build(env)
        self.accountant_ids = self._kia_users(env, "account.group_account_manager", 2).ids
        self.remittance_ids = []
        return res

    def _kia_delete_extra(self, cr):
        res = super()._kia_delete_extra(cr)
        cr.execute(
            SQL(
                "DELETE FROM kia_warranty_remittance WHERE file_name = %s AND create_uid IN %s",
                "race.csv",
                tuple(self.accountant_ids),
            )
        )
        return res

    def _import(self, index):
        env = self._kia_env(index, self.accountant_ids[index])
        remittance = env["kia.warranty.remittance"]._kia_import(FILE, "race.csv")
        env.flush_all()
        return remittance

    def _remittances(self):
        with self._kia_fresh() as cr:
            cr.execute(
                SQL(
                    "SELECT r.id, count(l.id) FROM kia_warranty_remittance r "
                    "LEFT JOIN kia_warranty_remittance_line l ON l.remittance_id = r.id "
                    "WHERE r.file_name = %s AND r.create_uid IN %s GROUP BY r.id",
                    "race.csv",
                    tuple(self.accountant_ids),
                )
            )
            return cr.fetchall()


@tagged("post_install", "-at_install")
class TestRemittanceConcurrency(RemittanceRaceCase):
    """Two accountants import the same remittance file at the same moment, in two real
    transactions: one remittance; the other is told the file was imported already,
    after Odoo's retry, not with a database error."""

    def test_same_file_imported_once(self):
        self.envs[1].execute("SELECT 1")  # the second accountant's snapshot starts here
        remittance = self._import(0)
        self.envs[0].commit()
        # Without the company's row lock the second import misses the first in its
        # snapshot and hits the unique index: a database error, no serialization retry.
        with self.assertRaisesRegex(UserError, "This file was imported already as REM/"):
            self._kia_serialization_then(lambda: self._import(1))
        self.envs[1].rollback()
        self.assertEqual(self._remittances(), [(remittance.id, 2)])


@tagged("post_install", "-at_install")
class TestRemittancePaysOnce(RemittanceRaceCase):
    """The remittances pay an approved, invoiced claim (the demo's approved claim,
    invoiced by the set-up): two imports at the same moment pay it once, with one
    payment, whether they are the same file or two files naming the same claim."""

    def _kia_build(self, env):
        res = super()._kia_build(env)
        claim = env["kia.warranty.claim"].search(
            [
                ("company_id", "=", env.company.id),
                ("state", "=", "approved"),
                ("invoice_id", "=", False),
            ],
            limit=1,
        )
        self.assertTrue(claim, "the demo has an approved claim not invoiced yet")
        env.cr.execute(
            SQL(
                "SELECT state, amount_paid, rejection_reason FROM kia_warranty_claim WHERE id = %s",
                claim.id,
            )
        )
        self.claim_before = env.cr.fetchone()
        accountant = env["res.users"].browse(self.accountant_ids[0])
        claim.with_user(accountant)._kia_invoice()
        self.claim_id, self.invoice_id = claim.id, claim.invoice_id.id
        total = claim.invoice_id.amount_total
        self.files = [
            f"claim,approved,paid,reason\n{claim.name},{total},{total},\n".encode(),
            # Another file of the manufacturer naming the same claim (and another one).
            f"claim,approved,paid,reason\n{claim.name},{total},{total},\nRACE-OTHER,1,1,\n".encode(),
        ]
        self.total = total
        return res

    def _kia_delete_extra(self, cr):
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        remittances = env["kia.warranty.remittance"].search(
            [("file_name", "=", "race.csv"), ("create_uid", "in", self.accountant_ids)]
        )
        payments = remittances.payment_ids
        payments.action_draft()
        payments.unlink()
        remittances.unlink()
        invoice = env["account.move"].browse(self.invoice_id)
        invoice.button_draft()
        invoice.unlink()
        state, amount_paid, reason = self.claim_before
        cr.execute(
            SQL(
                "UPDATE kia_warranty_claim SET state = %s, amount_paid = %s, "
                "rejection_reason = %s, invoice_id = NULL WHERE id = %s",
                state,
                amount_paid,
                reason,
                self.claim_id,
            )
        )
        cr.execute(
            SQL(
                "DELETE FROM mail_message WHERE model = 'kia.warranty.claim' AND res_id = %s "
                "AND create_uid IN %s",
                self.claim_id,
                tuple(self.accountant_ids),
            )
        )
        return super()._kia_delete_extra(cr)

    def _import_file(self, index, file_index):
        env = self._kia_env(index, self.accountant_ids[index])
        remittance = env["kia.warranty.remittance"]._kia_import(self.files[file_index], "race.csv")
        env.flush_all()
        return remittance

    def _assert_paid_once(self, statuses):
        """The claim is paid, its invoice too, by one payment of this test's remittances,
        whose matched lines have ``statuses``."""
        with self._kia_fresh() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            claim = env["kia.warranty.claim"].browse(self.claim_id)
            remittances = env["kia.warranty.remittance"].search(
                [("file_name", "=", "race.csv"), ("create_uid", "in", self.accountant_ids)],
                order="id",
            )
            self.assertEqual(claim.state, "paid")
            self.assertAlmostEqual(claim.amount_paid, self.total)
            self.assertIn(claim.invoice_id.payment_state, ("paid", "in_payment"))
            self.assertEqual(remittances.payment_ids.mapped("amount"), [self.total])
            self.assertEqual(
                [line.status for line in remittances.line_ids if line.claim_id], statuses
            )

    def test_same_file_pays_once(self):
        self.envs[1].execute("SELECT 1")  # the second accountant's snapshot starts here
        self._import_file(0, 0)
        self.envs[0].commit()
        with self.assertRaisesRegex(UserError, "This file was imported already as REM/"):
            self._kia_serialization_then(lambda: self._import_file(1, 0))
        self.envs[1].rollback()
        self._assert_paid_once(["paid"])

    def test_two_files_pay_the_claim_once(self):
        """The second import runs while the first is still running: it waits for it,
        and its retry finds the claim paid (a duplicate line, no payment)."""
        self._import_file(0, 0)  # not committed yet
        remittance = self._kia_second_waits_then(lambda: self._import_file(1, 1))
        self.assertFalse(remittance.payment_ids)
        self.envs[1].commit()
        self._assert_paid_once(["paid", "duplicate"])
