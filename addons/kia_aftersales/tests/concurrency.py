"""Two real transactions for the races that matter (issue 13, item 3).

A test of a race needs records that two transactions both see: they are committed by
``setUp`` in a cursor of their own (the test's transaction is invisible to the others)
and deleted again by the clean-up, whatever the test did with them. Each test then works
with two cursors (``self.envs``), as two users' requests would, and plays Odoo's
answer to a serialization failure (``odoo.service.model.retrying``): roll back and run
the request again in a new transaction."""

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


class KiaWorkOrderConcurrencyCase(KiaConcurrencyCase):
    """A confirmed work order of a customer's vehicle, and two technicians checked in at
    the workshop, committed."""

    TECHNICIANS = 2

    def _kia_build(self, env):
        suffix = f"{self.__class__.__name__.lower()}_{self._testMethodName[-20:]}"
        customer = self._kia_keep(env["res.partner"].create({"name": "Race Customer"}))
        vehicle = self._kia_keep(
            env["fleet.vehicle"].create(
                {
                    "model_id": env.ref("kia_aftersales.model_kia_k5").id,
                    "vin_sn": make_vin(9800 + len(suffix) % 97),
                    "kia_owner_id": customer.id,
                }
            )
        )
        users = env["res.users"]
        for index in range(self.TECHNICIANS):
            users |= new_test_user(
                env,
                f"kia_race_tech{index}_{suffix}",
                groups="kia_aftersales.group_technician",
                name=f"Race Technician {index}",
            )
        self._kia_keep(users.partner_id)
        self._kia_keep(users)
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
        order = env["repair.order"].create(
            {
                "kia_vehicle_id": vehicle.id,
                "kia_checkin_odometer": 1000,
                "kia_promised_date": fields.Datetime.now() + timedelta(hours=4),
                "kia_job_line_ids": [
                    Command.create({"concern": concern, "pay_type": "internal"})
                    for concern in ("Race job one", "Race job two")
                ],
            }
        )
        order.action_kia_check_in()
        order.action_kia_send_estimate()
        order._kia_record_approval("Race Customer", "phone")
        order.kia_job_line_ids.action_dispatch(employees)
        self.user_ids, self.employee_ids = users.ids, employees.ids
        self.order_id, self.job_ids = order.id, order.kia_job_line_ids.ids
        self.vehicle_id, self.customer_id = vehicle.id, customer.id

    def _kia_delete_extra(self, cr):
        cr.execute(
            SQL(
                "DELETE FROM kia_job_time_log WHERE employee_id IN %s",
                tuple(self.employee_ids),
            )
        )
        cr.execute(SQL("SELECT sale_order_id FROM repair_order WHERE id = %s", self.order_id))
        sale_ids = [row[0] for row in cr.fetchall() if row[0]]
        cr.execute(SQL("DELETE FROM fleet_vehicle_odometer WHERE vehicle_id = %s", self.vehicle_id))
        cr.execute(SQL("DELETE FROM repair_order WHERE id = %s", self.order_id))
        if sale_ids:
            cr.execute(SQL("DELETE FROM sale_order WHERE id IN %s", tuple(sale_ids)))
