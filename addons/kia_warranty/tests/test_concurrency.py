from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.kia_aftersales.tests.concurrency import KiaWorkOrderConcurrencyCase

FILE = b"claim,approved,paid,reason\nRACE-NO-SUCH-CLAIM-1,100,100,\nRACE-NO-SUCH-CLAIM-2,50,0,\n"


@tagged("post_install", "-at_install")
class TestRemittanceConcurrency(KiaWorkOrderConcurrencyCase):
    """Two accountants import the same remittance file at the same moment, in two real
    transactions: one remittance; the other is told the file was imported already,
    after Odoo's retry, not with a database error."""

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
