from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user

from .common import make_vin
from .test_technical import KiaTechnicalCase


class TestTechnicalBulletin(KiaTechnicalCase):
    """The technical bulletin library (技术通报) and the bulletins shown at check-in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.model_sportage = cls.env.ref("kia_aftersales.model_kia_sportage")
        cls.Bulletin = cls.env["kia.technical.bulletin"]
        # Only the bulletins of these tests count (the demo's are archived here).
        cls.Bulletin.search([]).active = False

    def _bulletin(self, number, **values):
        return self.Bulletin.create(
            dict(
                {
                    "number": number,
                    "name": f"Bulletin {number}",
                    "issue_date": self.today - timedelta(days=10),
                },
                **values,
            )
        )

    def _applying(self, vehicle, day=None):
        return self.Bulletin._kia_for_vehicles(vehicle, {vehicle: day or self.today})[vehicle]

    def test_applies_by_model(self):
        k5 = self._bulletin("T-K5", model_ids=[Command.set(self.model_k5.ids)])
        sportage = self._bulletin("T-SP", model_ids=[Command.set(self.model_sportage.ids)])
        every = self._bulletin("T-ALL", category="quality")
        self.assertEqual(self._applying(self.vehicle), k5 | every)
        self.assertNotIn(sportage, self._applying(self.vehicle))

    def test_applies_by_vin_range(self):
        vin = self.vehicle.vin_sn  # LJDKAA24?R0000001
        inside = self._bulletin(
            "T-VIN",
            vin_range_ids=[
                Command.create({"vin_from": vin[:11] + "000000", "vin_to": vin[:11] + "000005"}),
                Command.create({"vin_from": vin[:11] + "900000", "vin_to": vin[:11] + "999999"}),
            ],
        )
        # Bounds are normalised (upper case, no spaces) before comparing.
        lower = self._bulletin(
            "T-LOW",
            vin_range_ids=[
                Command.create(
                    {"vin_from": vin[:11].lower() + " 000001", "vin_to": vin[:11] + "000001"}
                )
            ],
        )
        outside = self._bulletin(
            "T-OUT",
            vin_range_ids=[
                Command.create({"vin_from": vin[:11] + "000002", "vin_to": vin[:11] + "000009"})
            ],
        )
        self.assertEqual(lower.vin_range_ids.vin_from, vin)
        self.assertEqual(self._applying(self.vehicle), inside | lower)
        self.assertNotIn(outside, self._applying(self.vehicle))
        # Searchable by VIN.
        self.assertEqual(self.Bulletin.search([("vin_search", "=", vin.lower())]), inside | lower)

    def test_vin_range_bounds_refused(self):
        with self.assertRaisesRegex(ValidationError, "both bounds must have the same length"):
            self._bulletin(
                "T-BAD",
                vin_range_ids=[Command.create({"vin_from": "LJDKAA24", "vin_to": "LJDKAA2499"})],
            )
        with self.assertRaisesRegex(ValidationError, "ends before it starts"):
            self._bulletin(
                "T-BAD",
                vin_range_ids=[Command.create({"vin_from": "LJDKAA29", "vin_to": "LJDKAA24"})],
            )
        self.assertFalse(self.Bulletin.search([("number", "=", "T-BAD")]))

    def test_applies_by_dates(self):
        valid = self._bulletin("T-VALID", date_to=self.today + timedelta(days=30))
        expired = self._bulletin("T-EXP", date_to=self.today - timedelta(days=1))
        future = self._bulletin("T-FUT", date_from=self.today + timedelta(days=5))
        # The vehicle was sold 2 months ago.
        sold_recently = self._bulletin(
            "T-SOLD", sale_date_from=self.today - relativedelta(months=3)
        )
        sold_long_ago = self._bulletin("T-OLD", sale_date_to=self.today - relativedelta(months=12))
        self.assertEqual(self._applying(self.vehicle), valid | sold_recently)
        self.assertEqual(
            self._applying(self.vehicle, self.today + timedelta(days=6)),
            valid | future | sold_recently,
        )
        self.assertEqual(
            self._applying(self.vehicle, self.today - timedelta(days=2)),
            valid | expired | sold_recently,
        )
        self.assertNotIn(sold_long_ago, self._applying(self.vehicle))
        with self.assertRaisesRegex(ValidationError, "its validity dates end before they start"):
            valid.date_from = self.today + timedelta(days=31)

    def test_work_order_shows_the_bulletins_at_check_in(self):
        k5 = self._bulletin("T-K5", model_ids=[Command.set(self.model_k5.ids)])
        self._bulletin("T-SP", model_ids=[Command.set(self.model_sportage.ids)])
        # Withdrawn the day before check-in: not shown although it is still in the library.
        self._bulletin("T-EXP", date_to=self.today - timedelta(days=3))
        order = self._order(parts=False)
        self.assertEqual(order.kia_bulletin_ids, k5)
        self.assertEqual(order.with_user(self.user_tech).kia_bulletin_ids, k5)
        # A later bulletin does not change what applied at check-in (yesterday).
        order.sudo().kia_checkin_date = order.kia_checkin_date - timedelta(days=1)
        self._bulletin("T-NEW", issue_date=self.today)
        order.invalidate_recordset(["kia_bulletin_ids"])
        self.assertEqual(order.kia_bulletin_ids, k5)

    def test_bulletins_of_work_orders_in_batch(self):
        self._bulletin("T-K5", model_ids=[Command.set(self.model_k5.ids)])
        self._bulletin(
            "T-VIN",
            vin_range_ids=[Command.create({"vin_from": make_vin(1), "vin_to": make_vin(9)})],
        )
        vehicles = self.env["fleet.vehicle"].create(
            [
                {"model_id": (self.model_k5 | self.model_sportage)[i % 2].id, "vin_sn": make_vin(i)}
                for i in range(2, 22)
            ]
        )
        orders = self.env["repair.order"].create(
            [
                {"kia_vehicle_id": vehicle.id, "user_id": self.user_advisor.id}
                for vehicle in vehicles
            ]
        )

        def bulletins(records):
            self.env.invalidate_all()
            return records.mapped("kia_bulletin_ids")

        bulletins(orders[:1])
        queries = self.cr.sql_log_count
        bulletins(orders[:1])
        one = self.cr.sql_log_count - queries
        with self.assertQueryCount(one):
            bulletins(orders)
        numbers = {order: set(order.kia_bulletin_ids.mapped("number")) for order in orders}
        # Vehicles 2-9 are in the VIN range; the K5s (even serials) get the K5 bulletin.
        self.assertEqual(numbers[orders[0]], {"T-K5", "T-VIN"})
        self.assertEqual(numbers[orders[1]], {"T-VIN"})
        self.assertEqual(numbers[orders[10]], {"T-K5"})
        self.assertEqual(numbers[orders[11]], set())

    def test_library_access_per_role_and_company(self):
        other = self.env["res.company"].create({"name": "Kia Hangzhou"})
        info_b = new_test_user(
            self.env,
            "kia_a_info_b",
            groups="kia_aftersales.group_info_coordinator",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        manufacturer = self._bulletin("T-KIA", company_id=False)
        ours = self._bulletin("T-OURS")
        theirs = self.Bulletin.with_user(info_b).create(
            {"number": "T-THEIRS", "name": "Hangzhou only", "category": "procedure"}
        )
        self.assertEqual(theirs.company_id, other)
        for user in (self.user_tech, self.user_advisor, self.user_foreman):
            self.assertEqual(self.Bulletin.with_user(user).search([]), manufacturer | ours)
            with self.assertRaises(AccessError):
                ours.with_user(user).write({"name": "Changed"})
            with self.assertRaises(AccessError):
                self.Bulletin.with_user(user).create({"number": "T-X", "name": "X"})
        self.assertEqual(self.Bulletin.with_user(info_b).search([]), manufacturer | theirs)
        with self.assertRaises(AccessError):
            ours.with_user(info_b).read(["name"])
        self.assertEqual(ours.name, "Bulletin T-OURS")
        # Searchable by number, text and model.
        Bulletin = self.Bulletin.with_user(self.user_info)
        Bulletin.create(
            {
                "number": "TSB-042",
                "name": "Ignition coil misfire",
                "summary": "<p>Replace coil on cylinder 1.</p>",
                "model_ids": [Command.set(self.model_k5.ids)],
            }
        )
        self.assertEqual(Bulletin.search([("number", "ilike", "tsb-04")]).number, "TSB-042")
        self.assertEqual(Bulletin.search([("summary", "ilike", "cylinder 1")]).number, "TSB-042")
        self.assertEqual(
            Bulletin.search([("model_ids", "in", self.model_k5.ids)]).number, "TSB-042"
        )
