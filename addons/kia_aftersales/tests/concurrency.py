"""Two real transactions for the races that matter (issue 13, item 3).

A test of a race needs records that two transactions both see: they are committed by
``setUp`` in a cursor of their own (the test's transaction is invisible to the others)
and deleted again by the clean-up, whatever the test did with them. Each test then works
with two cursors (``self.envs``), as two users' requests would, and plays Odoo's
answer to a serialization failure (``odoo.service.model.retrying``): roll back and run
the request again in a new transaction."""

import threading
import time
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import SQL

from .common import make_vin

CONTEXT = {"tracking_disable": True, "lang": "en_US", "mail_create_nolog": True}


class KiaConcurrencyCase(TransactionCase):
    """Committed records, two transactions, and a clean-up that deletes what was
    committed (by the set-up and by the tests' transactions)."""

    def setUp(self):
        super().setUp()
        self.committed = []  # (model, ids), deleted in reverse order of registration
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            self._kia_build(env)
            cr.commit()  # pylint: disable=invalid-commit
        self.envs = [self.registry.cursor() for _index in range(2)]
        self.addCleanup(self._kia_clean_up)

    def _kia_build(self, env):
        """Create and register (``_kia_keep``) the records both transactions use."""

    def _kia_keep(self, records):
        self.committed.append((records._name, records.ids))
        return records

    def _kia_env(self, index, user=SUPERUSER_ID):
        """The environment of transaction ``index`` (0 or 1) as ``user`` (an id)."""
        return api.Environment(self.envs[index], user, CONTEXT)

    def _kia_delete_extra(self, cr):
        """Delete what the tests' transactions created and committed (before the
        registered records)."""

    def _kia_clean_up(self):
        for cr in self.envs:
            cr.rollback()
            cr.close()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CONTEXT)
            self._kia_delete_extra(cr)
            for model, ids in reversed(self.committed):
                env[model].browse(ids).exists().unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _kia_fresh(self):
        """A new transaction to read what is committed."""
        return self.registry.cursor()

    def _kia_serialization_then(self, request, index=1):
        """Run ``request(env)`` in transaction ``index`` whose snapshot predates the
        other's commit: PostgreSQL refuses it (serialization failure); Odoo rolls back and
        retries it, and the retry's result (or exception) is returned to the caller."""
        with self.assertRaises(SerializationFailure):
            request()
            self.envs[index].flush()
        self.envs[index].rollback()
        return request()

    def _kia_second_waits_then(self, request, index=1):
        """Run ``request()`` in transaction ``index`` while the other transaction is still
        open (it has done its request, not committed): the request must wait for the
        other's locks. Once it waits, the other commits; PostgreSQL then refuses the
        waiting one (serialization failure), Odoo rolls it back and retries it, and the
        retry's result (or exception) is returned. Fails if the request does not wait."""
        outcome = {}

        def waiting_request():
            try:
                request()
                self.envs[index].flush()
                outcome["result"] = "done without waiting"
            except Exception as error:  # noqa: BLE001 - reported to the test
                outcome["result"] = error

        pid = self.envs[index].connection.info.backend_pid
        thread = threading.Thread(target=waiting_request)
        thread.start()
        waits = False
        for _attempt in range(200):
            with self._kia_fresh() as cr:
                cr.execute(SQL("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", pid))
                waits = cr.fetchone()[0] == "Lock"
            if waits or not thread.is_alive():
                break
            time.sleep(0.05)
        self.envs[1 - index].commit()
        thread.join(60)
        self.assertTrue(waits, f"the second transaction waits for the first: {outcome}")
        self.assertIsInstance(outcome.get("result"), SerializationFailure)
        self.envs[index].rollback()
        return request()


class KiaWorkOrderConcurrencyCase(KiaConcurrencyCase):
    """A customer's vehicle and confirmed work orders (``_kia_order``), technicians
    checked in at the workshop, committed."""

    TECHNICIANS = 2

    def _kia_build(self, env):
        self.order_ids, self.employee_ids = [], []
        customer = self._kia_keep(env["res.partner"].create({"name": "Race Customer"}))
        self.vehicle = self._kia_keep(
            env["fleet.vehicle"].create(
                {
                    "model_id": env.ref("kia_aftersales.model_kia_k5").id,
                    "vin_sn": make_vin(9800 + sum(map(ord, self._testMethodName)) % 97),
                    "kia_owner_id": customer.id,
                }
            )
        )
        users = self._kia_users(env, "kia_aftersales.group_technician", self.TECHNICIANS)
        employees = self._kia_keep(
            env["hr.employee"].create([{"name": user.name, "user_id": user.id} for user in users])
        )
        self._kia_keep(
            env["hr.attendance"].create(
                [
                    {
                        "employee_id": employee.id,
                        "check_in": fields.Datetime.now() - timedelta(hours=2),
                    }
                    for employee in employees
                ]
            )
        )
        self.user_ids, self.employee_ids = users.ids, employees.ids

    def _kia_users(self, env, group, count):
        """``count`` committed users of ``group``, named after the test."""
        suffix = f"{self._testMethodName[-24:]}"
        users = env["res.users"]
        for index in range(count):
            users |= new_test_user(
                env,
                f"kia_race_{group.split('_')[-1]}{index}_{suffix}",
                groups=group,
                name=f"Race {group.split('.')[-1]} {index}",
            )
        self._kia_keep(users.partner_id)
        return self._kia_keep(users)

    def _kia_order(self, env, concerns, parts=None):
        """A work order of the vehicle approved by the customer (confirmed), its jobs
        ``concerns`` dispatched to the technicians; ``parts``: {concern's index:
        (product, quantity)} for the parts of the jobs."""
        order = env["repair.order"].create(
            {
                "kia_vehicle_id": self.vehicle.id,
                "kia_checkin_odometer": 1000,
                "kia_promised_date": fields.Datetime.now() + timedelta(hours=4),
                "kia_job_line_ids": [
                    Command.create({"concern": concern, "pay_type": "internal"})
                    for concern in concerns
                ],
            }
        )
        self.order_ids.append(order.id)
        jobs = order.kia_job_line_ids
        env["stock.move"].create(
            [
                {
                    "repair_id": order.id,
                    "product_id": product.id,
                    "product_uom_qty": quantity,
                    "repair_line_type": "add",
                    "kia_job_line_id": jobs[index].id,
                }
                for index, (product, quantity) in (parts or {}).items()
            ]
        )
        order.action_kia_check_in()
        order.action_kia_send_estimate()
        order._kia_record_approval("Race Customer", "phone")
        jobs.action_dispatch(env["hr.employee"].browse(self.employee_ids))
        return order

    def _kia_delete_extra(self, cr):
        if self.employee_ids:
            cr.execute(
                SQL(
                    "DELETE FROM kia_job_time_log WHERE employee_id IN %s",
                    tuple(self.employee_ids),
                )
            )
        cr.execute(SQL("DELETE FROM fleet_vehicle_odometer WHERE vehicle_id = %s", self.vehicle.id))
        if not self.order_ids:
            return
        orders = tuple(self.order_ids)
        cr.execute(SQL("SELECT sale_order_id FROM repair_order WHERE id IN %s", orders))
        sale_ids = tuple(row[0] for row in cr.fetchall() if row[0])
        cr.execute(SQL("DELETE FROM stock_move WHERE repair_id IN %s", orders))
        cr.execute(SQL("DELETE FROM repair_order WHERE id IN %s", orders))
        if sale_ids:
            cr.execute(SQL("DELETE FROM sale_order WHERE id IN %s", sale_ids))
