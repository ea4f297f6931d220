import threading
import time
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields, http
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import make_vin


@tagged("post_install", "-at_install")
class TestAppointmentConcurrency(TransactionCase):
    """Two bookings of the same bay and slot in two real transactions: the capacity rules
    hold although neither transaction sees the other's booking in its snapshot.

    The records both transactions use are committed in ``setUp`` (another transaction
    cannot see this test's uncommitted ones) and deleted again in the clean-up."""

    def setUp(self):
        super().setUp()
        # A slot nobody else books: far ahead, at a minute of its own.
        self.slot = (fields.Datetime.now() + timedelta(days=700)).replace(
            hour=3, minute=17, second=0, microsecond=0
        )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "lang": "en_US"})
            customers = env["res.partner"].create(
                [{"name": "Concurrent Customer A"}, {"name": "Concurrent Customer B"}]
            )
            model = env.ref("kia_aftersales.model_kia_k5")
            vehicles = env["fleet.vehicle"].create(
                [
                    {
                        "model_id": model.id,
                        "vin_sn": make_vin(9901 + index),
                        "kia_owner_id": customer.id,
                    }
                    for index, customer in enumerate(customers)
                ]
            )
            bay = env["resource.resource"].create(
                {"name": "Concurrency Bay", "resource_type": "material", "kia_is_bay": True}
            )
            self.company_id = env.company.id
            # Two real transactions: the records must be committed for both to see them.
            cr.commit()  # pylint: disable=invalid-commit
        self.vehicle_ids = vehicles.ids
        self.customer_ids = customers.ids
        self.bay_id = bay.id
        self.envs = [
            api.Environment(
                self.registry.cursor(), SUPERUSER_ID, {"tracking_disable": True, "lang": "en_US"}
            )
            for _index in range(2)
        ]
        self.addCleanup(self._clean_up)

    def _clean_up(self):
        for env in self.envs:
            env.cr.rollback()
            env.cr.close()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "lang": "en_US"})
            appointments = env["kia.appointment"].search([("vehicle_id", "in", self.vehicle_ids)])
            appointments.calendar_event_id.unlink()
            cr.execute(
                "DELETE FROM kia_appointment WHERE id IN %s", [tuple(appointments.ids or [0])]
            )
            env["fleet.vehicle"].browse(self.vehicle_ids).unlink()
            env["res.partner"].browse(self.customer_ids).unlink()
            env["resource.resource"].browse(self.bay_id).unlink()
            cr.execute(
                "DELETE FROM kia_appointment_booking_lock WHERE company_id = %s AND scope = %s",
                [self.company_id, f"day:{self.slot.date().isoformat()}"],
            )
            cr.commit()  # pylint: disable=invalid-commit

    def _book(self, env, index):
        appointment = env["kia.appointment"].create(
            {
                "partner_id": self.customer_ids[index],
                "vehicle_id": self.vehicle_ids[index],
                "start": self.slot,
                "duration": 1.0,
                "bay_id": self.bay_id,
            }
        )
        env.flush_all()
        return appointment

    def _count(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM kia_appointment WHERE vehicle_id IN %s",
                [tuple(self.vehicle_ids)],
            )
            return cr.fetchone()[0]

    def test_booking_committed_after_my_snapshot_is_counted(self):
        """B's snapshot predates A's commit: B must not book the bay A just took."""
        env_a, env_b = self.envs
        env_b.cr.execute("SELECT 1")  # B's transaction (and snapshot) starts here
        self._book(env_a, 0)
        env_a.cr.commit()
        # Before the lock, B counted on its snapshot, did not see A's booking, and both
        # committed: two appointments in one bay at the same time.
        with self.assertRaises(SerializationFailure):
            self._book(env_b, 1)
        env_b.cr.rollback()
        # What Odoo does on a serialization failure: the request is retried, in a new
        # transaction that sees A's booking, and the rule refuses it.
        with self.assertRaisesRegex(ValidationError, "Bay Concurrency Bay is already booked"):
            self._book(env_b, 1)
        env_b.cr.rollback()
        self.assertEqual(self._count(), 1)

    def _book_in_thread(self, env, index):
        """Book in another thread; returns the thread and a dict that receives the
        outcome ("booked" or the exception)."""
        outcome = {}

        def book():
            try:
                self._book(env, index)
                outcome["result"] = "booked"
            except Exception as error:  # noqa: BLE001 - reported to the main thread
                outcome["result"] = error

        thread = threading.Thread(target=book)
        thread.start()
        time.sleep(1.0)
        self.assertTrue(thread.is_alive(), "B must wait for A's transaction to end")
        return thread, outcome

    def test_concurrent_booking_waits_for_the_other_transaction(self):
        """A books and has not committed yet: B waits for A, then fails and is retried."""
        env_a, env_b = self.envs
        env_b.cr.execute("SELECT 1")
        self._book(env_a, 0)
        thread, outcome = self._book_in_thread(env_b, 1)
        env_a.cr.commit()
        thread.join(30)
        self.assertFalse(thread.is_alive())
        self.assertIsInstance(outcome["result"], SerializationFailure)
        env_b.cr.rollback()
        with self.assertRaisesRegex(ValidationError, "Bay Concurrency Bay is already booked"):
            self._book(env_b, 1)
        env_b.cr.rollback()
        self.assertEqual(self._count(), 1)

    def test_rolled_back_booking_frees_the_slot(self):
        """If A rolls back, B that waited for it books the bay."""
        env_a, env_b = self.envs
        env_b.cr.execute("SELECT 1")
        self._book(env_a, 0)
        thread, outcome = self._book_in_thread(env_b, 1)
        env_a.cr.rollback()
        thread.join(30)
        self.assertEqual(outcome.get("result"), "booked")
        env_b.cr.commit()
        self.assertEqual(self._count(), 1)


@tagged("post_install", "-at_install")
class TestPortalBookingLimit(TransactionCase):
    """One customer booking online cannot hold more than the company allows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US", tracking_disable=True))
        cls.company = cls.env.company
        cls.company.kia_portal_max_appointments = 2
        # No bay limit here: capacity is another rule.
        cls.env["resource.resource"].search([("kia_is_bay", "=", True)]).kia_is_bay = False
        cls.customer = cls.env["res.partner"].create(
            {"name": "Online Customer", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Online Customer's Wife", "parent_id": cls.customer.id}
        )
        model = cls.env.ref("kia_aftersales.model_kia_k5")
        cls.vehicles = cls.env["fleet.vehicle"].create(
            [
                {"model_id": model.id, "vin_sn": make_vin(9910 + i), "kia_owner_id": owner.id}
                for i, owner in enumerate([cls.customer] * 3 + [cls.contact])
            ]
        )
        cls.slot = (fields.Datetime.now() + timedelta(days=60)).replace(
            hour=2, minute=0, second=0, microsecond=0
        )

    def _book(self, vehicle, hours=0, channel="portal"):
        # As the portal controller does: as the system, for the customer's own vehicle.
        return (
            self.env["kia.appointment"]
            .sudo()
            .create(
                {
                    "partner_id": vehicle.kia_owner_id.id,
                    "vehicle_id": vehicle.id,
                    "start": self.slot + timedelta(hours=hours),
                    "channel": channel,
                }
            )
        )

    def _held(self):
        return self.env["kia.appointment"].search(
            [("partner_id", "child_of", self.customer.id), ("channel", "=", "portal")]
        )

    def test_one_customer_cannot_fill_the_workshop(self):
        first = self._book(self.vehicles[0])
        self._book(self.vehicles[1], hours=1)
        with self.assertRaisesRegex(ValidationError, "at most 2 are allowed"), self.cr.savepoint():
            self._book(self.vehicles[2], hours=2)
        # Through a contact of the same customer: the same customer.
        with self.assertRaisesRegex(ValidationError, "at most 2 are allowed"), self.cr.savepoint():
            self._book(self.vehicles[3], hours=3)
        self.assertEqual(len(self._held()), 2)
        # The service desk is not limited.
        self._book(self.vehicles[2], hours=2, channel="phone")
        # A closed booking frees one.
        first.action_cancel()
        self._book(self.vehicles[3], hours=3)
        self.assertEqual(len(self._held().filtered(lambda a: a.state == "draft")), 2)

    def test_limit_is_per_company_setting(self):
        self.company.kia_portal_max_appointments = 0  # no limit
        for index, vehicle in enumerate(self.vehicles):
            self._book(vehicle, hours=index)
        self.assertEqual(len(self._held()), 4)


@tagged("post_install", "-at_install")
class TestPortalBookingLimitHttp(HttpCase):
    """The same limit on the path a portal user takes: the booking form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.kia_portal_max_appointments = 2
        cls.env["resource.resource"].search([("kia_is_bay", "=", True)]).kia_is_bay = False
        cls.portal_user = new_test_user(
            cls.env,
            "kia_portal_limit",
            groups="base.group_portal",
            name="Portal Limit",
            tz="Asia/Shanghai",
            lang="en_US",
        )
        model = cls.env.ref("kia_aftersales.model_kia_k3")
        cls.vehicles = cls.env["fleet.vehicle"].create(
            [
                {
                    "model_id": model.id,
                    "vin_sn": make_vin(9920 + i),
                    "kia_owner_id": cls.portal_user.partner_id.id,
                }
                for i in range(3)
            ]
        )

    def test_portal_user_cannot_book_more_than_the_limit(self):
        self.authenticate("kia_portal_limit", "kia_portal_limit")
        day = (fields.Datetime.now() + timedelta(days=50)).strftime("%Y-%m-%d")
        urls = [
            self.url_open(
                "/my/appointments/new",
                data={
                    "csrf_token": http.Request.csrf_token(self),
                    "vehicle_id": vehicle.id,
                    "start": f"{day}T{9 + index:02d}:00",
                },
            ).url
            for index, vehicle in enumerate(self.vehicles)
        ]
        self.assertIn("booked=1", urls[0])
        self.assertIn("booked=1", urls[1])
        self.assertIn("error=", urls[2])
        self.assertEqual(
            self.env["kia.appointment"].search_count(
                [("partner_id", "=", self.portal_user.partner_id.id)]
            ),
            2,
        )
