from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.kia_aftersales.models.fleet_vehicle import vin_check_digit

from .common import KiaAftersalesCase, make_vin


@tagged("post_install", "-at_install")
class TestVehicle(KiaAftersalesCase):
    def test_check_digit_of_a_known_vin(self):
        # ISO 3779 / NHTSA reference example.
        self.assertEqual(vin_check_digit("1M8GDM9A_KP042788".replace("_", "0")), "X")

    def test_valid_vin_is_normalised(self):
        vin = make_vin(2)
        vehicle = self.env["fleet.vehicle"].create(
            {"model_id": self.model_k5.id, "vin_sn": f"  {vin.lower()} "}
        )
        self.assertEqual(vehicle.vin_sn, vin)

    def test_invalid_vins_refused(self):
        count = self.env["fleet.vehicle"].search_count([])
        bad_check = make_vin(3)
        bad_check = bad_check[:8] + ("1" if bad_check[8] != "1" else "2") + bad_check[9:]
        cases = [
            (make_vin(4)[:16], "has 16 characters"),
            (make_vin(5)[:16] + "O", "contains O"),
            (bad_check, "check digit"),
        ]
        for vin, message in cases:
            with self.subTest(vin=vin), self.assertRaisesRegex(ValidationError, message):
                self.env["fleet.vehicle"].create({"model_id": self.model_k5.id, "vin_sn": vin})
        with self.assertRaisesRegex(ValidationError, "check digit"):
            self.vehicle.vin_sn = bad_check
        self.assertEqual(self.env["fleet.vehicle"].search_count([]), count)
        self.assertEqual(self.vehicle.vin_sn, make_vin(1))

    def test_vin_unique_per_company(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.env["fleet.vehicle"].create({"model_id": self.model_k5.id, "vin_sn": make_vin(1)})
        other = self.env["res.company"].create({"name": "Kia Hangzhou"})
        self.env["fleet.vehicle"].create(
            {"model_id": self.model_k5.id, "vin_sn": make_vin(1), "company_id": other.id}
        )

    def test_odometer_never_goes_back(self):
        Odometer = self.env["fleet.vehicle.odometer"]
        with self.assertRaisesRegex(ValidationError, "never goes back"):
            Odometer.create({"vehicle_id": self.vehicle.id, "value": 2500, "date": self.today})
        with self.assertRaisesRegex(ValidationError, "never goes back"):
            Odometer.create(
                {
                    "vehicle_id": self.vehicle.id,
                    "value": 3500,
                    "date": self.today - relativedelta(days=60),
                }
            )
        self.assertEqual(self.vehicle.odometer, 3000)
        Odometer.create({"vehicle_id": self.vehicle.id, "value": 3200, "date": self.today})
        self.vehicle.invalidate_recordset(["odometer"])
        self.assertEqual(self.vehicle.odometer, 3200)

    def test_warranty_and_first_free_maintenance(self):
        self.assertEqual(self.vehicle.kia_warranty_start, self.vehicle.kia_sale_date)
        self.assertEqual(self.vehicle.kia_warranty_state, "in_warranty")
        self.assertEqual(self.vehicle.kia_first_service_status, "available")
        self.assertEqual(
            self.vehicle.kia_first_service_due_date,
            self.vehicle.kia_warranty_start + relativedelta(months=6),
        )
        self.model_k5.kia_first_service_months = 1
        self.assertEqual(self.vehicle.kia_first_service_status, "expired")
        self.vehicle.kia_warranty_start = self.today - relativedelta(months=37)
        self.assertEqual(self.vehicle.kia_warranty_state, "expired")

    def test_next_maintenance_from_last_one(self):
        start = self.vehicle.kia_warranty_start
        self.assertEqual(self.vehicle.kia_next_service_date, start + relativedelta(months=6))
        self.vehicle.write(
            {"kia_last_maintenance_date": self.today, "kia_last_maintenance_odometer": 4000}
        )
        self.assertEqual(self.vehicle.kia_next_service_date, self.today + relativedelta(months=6))
        self.assertEqual(self.vehicle.kia_next_service_km, 14000)

    def test_maintenance_reminders_once(self):
        self.vehicle.write(
            {
                "kia_last_maintenance_date": self.today - relativedelta(months=6, days=-5),
                "kia_last_maintenance_odometer": 2000,
            }
        )
        self.company.kia_followup_user_id = self.user_cr
        reminded = self.env["fleet.vehicle"]._cron_kia_service_reminders()
        self.assertIn(self.vehicle, reminded)
        activity = self.vehicle.activity_ids
        self.assertEqual(activity.user_id, self.user_cr)
        self.assertIn("沪A T0001", activity.summary)
        self.assertNotIn(self.vehicle, self.env["fleet.vehicle"]._cron_kia_service_reminders())
        self.assertEqual(len(self.vehicle.activity_ids), 1)

    def test_maintenance_reminder_by_mileage(self):
        """Maintained today, so not due by date for six months, but driven 100 km a day:
        the 10,000 km interval falls due within the reminder window."""
        self.company.write({"kia_service_reminder_days": 30, "kia_followup_user_id": self.user_cr})
        fast, slow = self.env["fleet.vehicle"].create(
            [
                {
                    "model_id": self.model_k5.id,
                    "vin_sn": make_vin(serial),
                    "kia_owner_id": self.customer.id,
                    "kia_last_maintenance_date": self.today,
                    "kia_last_maintenance_odometer": 0,
                }
                for serial in (401, 402)
            ]
        )
        Odometer = self.env["fleet.vehicle.odometer"]
        for vehicle, km_now in ((fast, 7000), (slow, 600)):
            Odometer.create(
                [
                    {
                        "vehicle_id": vehicle.id,
                        "value": 1000 if vehicle == fast else 100,
                        "date": self.today - relativedelta(days=60),
                    },
                    {"vehicle_id": vehicle.id, "value": km_now, "date": self.today},
                ]
            )
        self.assertEqual(fast.kia_next_service_date, self.today + relativedelta(months=6))
        reminded = self.env["fleet.vehicle"]._cron_kia_service_reminders()
        self.assertIn(fast, reminded, "3,000 km left at 100 km a day: due in 30 days")
        self.assertNotIn(slow, reminded, "9,400 km left at 8 km a day")
        self.assertEqual(fast.activity_ids.user_id, self.user_cr)
