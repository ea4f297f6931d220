from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.kia_aftersales.tests.concurrency import KiaWorkOrderConcurrencyCase


@tagged("post_install", "-at_install")
class TestIssueConcurrency(KiaWorkOrderConcurrencyCase):
    """Two parts clerks issue the last unit of a part to two work orders at the same
    moment, in two real transactions: one gets it, the other is told only 0 are
    available; stock is never promised twice (the issued quantity is one unit).

    It holds through the stock's own rows: an issue reserves the unit on its quant (an
    update of the quant's row), so the second clerk's transaction, whose snapshot still
    shows the unit free, fails to serialize; its retry sees the unit taken."""

    TECHNICIANS = 1

    def _kia_build(self, env):
        res = super()._kia_build(env)
        self.part = self._kia_keep(
            env["product.product"].create(
                {"name": "Race last brake disc", "is_storable": True, "kia_is_part": True}
            )
        )
        self.clerk_ids = self._kia_users(env, "kia_parts.group_parts_clerk", 2).ids
        orders = [
            self._kia_order(env, [f"Race disc {index}"], {0: (self.part, 1)}) for index in range(2)
        ]
        # The last unit arrives after both orders were approved: neither reserved it.
        self.location = env.ref("stock.stock_location_stock")
        env["stock.quant"]._update_available_quantity(self.part, self.location, 1)
        self.move_ids = [order.move_ids.id for order in orders]
        return res

    def _kia_delete_extra(self, cr):
        res = super()._kia_delete_extra(cr)
        cr.execute(SQL("DELETE FROM stock_quant WHERE product_id = %s", self.part.id))
        return res

    def _issue(self, index, move=None):
        env = self._kia_env(index, self.clerk_ids[index])
        env["stock.move"].browse(self.move_ids[index if move is None else move]).action_kia_issue(1)
        env.flush_all()

    def _issued(self):
        with self._kia_fresh() as cr:
            cr.execute(
                SQL(
                    "SELECT id, COALESCE(kia_issued_qty, 0) FROM stock_move "
                    "WHERE id IN %s ORDER BY id",
                    tuple(self.move_ids),
                )
            )
            issued = dict(cr.fetchall())
            cr.execute(
                SQL(
                    "SELECT sum(quantity), sum(reserved_quantity) FROM stock_quant "
                    "WHERE product_id = %s AND location_id = %s",
                    self.part.id,
                    self.location.id,
                )
            )
            return issued, cr.fetchone()

    def test_last_unit_issued_once(self):
        self.envs[1].execute("SELECT 1")  # the second clerk's snapshot starts here
        self._issue(0)
        self.envs[0].commit()
        with self.assertRaisesRegex(UserError, r"Only 0.0 Units of .*Race last brake disc"):
            self._kia_serialization_then(lambda: self._issue(1))
        self.envs[1].rollback()
        issued, (on_hand, reserved) = self._issued()
        self.assertEqual(issued, {self.move_ids[0]: 1.0, self.move_ids[1]: 0.0})
        self.assertEqual((on_hand, reserved), (1.0, 1.0), "the unit is held by one order")

    def test_same_part_issued_twice(self):
        """Both clerks hand over the same part of the same work order (a double click,
        two screens): it is issued once."""
        self.envs[1].execute("SELECT 1")
        self._issue(0, move=0)
        self.envs[0].commit()
        with self.assertRaisesRegex(UserError, r"Only 0.0 Units of .*Race last brake disc"):
            self._kia_serialization_then(lambda: self._issue(1, move=0))
        self.envs[1].rollback()
        issued, (on_hand, reserved) = self._issued()
        self.assertEqual(issued, {self.move_ids[0]: 1.0, self.move_ids[1]: 0.0})
        self.assertEqual((on_hand, reserved), (1.0, 1.0))

    def test_last_unit_while_the_other_issue_is_open(self):
        """The second clerk issues while the first one's request is still running: he
        waits for it, and Odoo's retry tells him the unit is gone. Odoo's reservation
        skips a quant another transaction holds and reserves on a new, empty quant:
        without the lock of the part's stock (``stock.move._kia_lock_stock``) the second
        issue passed at once and the unit was reserved twice (on hand 1, reserved 2:
        "only -1.0 available" at the next issue)."""
        self._issue(0)  # not committed: the first clerk's request is still running
        with self.assertRaisesRegex(UserError, r"Only 0.0 Units of .*Race last brake disc"):
            self._kia_second_waits_then(lambda: self._issue(1))
        self.envs[1].rollback()
        issued, (on_hand, reserved) = self._issued()
        self.assertEqual(issued, {self.move_ids[0]: 1.0, self.move_ids[1]: 0.0})
        self.assertEqual((on_hand, reserved), (1.0, 1.0), "the unit is held by one order")

    def test_last_unit_reserved_once(self):
        """Two work orders check the availability of the last unit at the same moment
        (Odoo's *Check availability*, as the approval does): one reserves it, the
        other's part waits for stock."""

        def assign(index):
            env = self._kia_env(index)
            env["stock.move"].browse(self.move_ids[index])._action_assign()
            env.flush_all()
            return env["stock.move"].browse(self.move_ids[index]).state

        self.assertEqual(assign(0), "assigned")
        self.assertEqual(self._kia_second_waits_then(lambda: assign(1)), "confirmed")
        self.envs[1].commit()
        _issued, (on_hand, reserved) = self._issued()
        self.assertEqual((on_hand, reserved), (1.0, 1.0), "reserved for one order only")
