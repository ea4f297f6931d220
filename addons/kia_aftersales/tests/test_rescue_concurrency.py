from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import make_vin


@tagged("post_install", "-at_install")
class TestRescueConcurrency(TransactionCase):
    """Two dispatchers send the same service vehicle out at the same moment, in two real
    transactions: neither sees the other's rescue in its snapshot, yet only one of them
    gets the vehicle (the vehicle's row lock, see ``kia.rescue._kia_lock_service_vehicles``).

    The records both transactions use are committed in ``setUp`` and deleted again in the
    clean-up (another transaction cannot see this test's uncommitted ones)."""

    CONTEXT = {"tracking_disable": True, "lang": "en_US", "mail_create_nolog": True}

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.CONTEXT)
            model = env.ref("kia_aftersales.model_kia_k5")
            customers = env["res.partner"].create(
                [{"name": "Stranded Customer A"}, {"name": "Stranded Customer B"}]
            )
            vehicles = env["fleet.vehicle"].create(
                [
                    {
                        "model_id": model.id,
                        "vin_sn": make_vin(9951 + index),
                        "kia_owner_id": customer.id,
                    }
                    for index, customer in enumerate(customers)
                ]
            )
            van = env["fleet.vehicle"].create(
                {
                    "model_id": model.id,
                    "license_plate": "沪A CONC1",
                    "kia_is_service_vehicle": True,
                }
            )
            rescues = env["kia.rescue"].create(
                [
                    {"partner_id": customer.id, "vehicle_id": vehicle.id}
                    for customer, vehicle in zip(customers, vehicles, strict=True)
                ]
            )
            # Two real transactions: the records must be committed for both to see them.
            cr.commit()  # pylint: disable=invalid-commit
        self.customer_ids, self.vehicle_ids = customers.ids, vehicles.ids
        self.van_id, self.rescue_ids = van.id, rescues.ids
        self.envs = [
            api.Environment(self.registry.cursor(), SUPERUSER_ID, self.CONTEXT)
            for _index in range(2)
        ]
        self.addCleanup(self._clean_up)

    def _clean_up(self):
        for env in self.envs:
            env.cr.rollback()
            env.cr.close()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, self.CONTEXT)
            cr.execute("DELETE FROM kia_rescue WHERE id IN %s", [tuple(self.rescue_ids)])
            env["fleet.vehicle"].browse([*self.vehicle_ids, self.van_id]).unlink()
            env["res.partner"].browse(self.customer_ids).unlink()
            cr.commit()  # pylint: disable=invalid-commit

    def _send_van(self, env, index):
        env["kia.rescue"].browse(self.rescue_ids[index]).write({"service_vehicle_id": self.van_id})
        env.flush_all()

    def _rescues_with_van(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM kia_rescue WHERE service_vehicle_id = %s", [self.van_id]
            )
            return cr.fetchone()[0]

    def test_second_dispatcher_loses_the_van(self):
        env_a, env_b = self.envs
        env_b.cr.execute("SELECT 1")  # B's snapshot is taken before A commits
        self._send_van(env_a, 0)
        env_a.cr.commit()
        # Without the lock B would count the van's rescues on its snapshot, miss A's and
        # commit: the van on two rescues at once.
        with self.assertRaises(SerializationFailure):
            self._send_van(env_b, 1)
        env_b.cr.rollback()
        # Odoo retries a request that failed to serialize: the retry sees A's rescue.
        with self.assertRaisesRegex(ValidationError, "is already out on rescue"):
            self._send_van(env_b, 1)
        env_b.cr.rollback()
        self.assertEqual(self._rescues_with_van(), 1)
