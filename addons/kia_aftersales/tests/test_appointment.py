from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KiaAftersalesCase, make_vin


@tagged("post_install", "-at_install")
class TestAppointment(KiaAftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Resource = cls.env["resource.resource"]
        cls.env["resource.resource"].search([("kia_is_bay", "=", True)]).kia_is_bay = False
        cls.bay1 = Resource.create(
            {"name": "Bay 1", "resource_type": "material", "kia_is_bay": True}
        )
        cls.bay2 = Resource.create(
            {"name": "Bay 2", "resource_type": "material", "kia_is_bay": True}
        )
        # Far from the demo data's appointments.
        cls.slot = (fields.Datetime.now() + timedelta(days=40)).replace(
            hour=1, minute=0, second=0, microsecond=0
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Customer Zhang", "mobile": "+86 13900000002"}
        )
        cls.other_vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.model_k5.id,
                "vin_sn": make_vin(20),
                "kia_owner_id": cls.other_customer.id,
                "license_plate": "沪B T0002",
            }
        )
        cls.third_vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.model_k5.id,
                "vin_sn": make_vin(21),
                "kia_owner_id": cls.other_customer.id,
            }
        )

    def _book(self, vehicle=None, **vals):
        vehicle = vehicle or self.vehicle
        return (
            self.env["kia.appointment"]
            .with_user(self.user_advisor)
            .create(
                {
                    "partner_id": vehicle.kia_owner_id.id,
                    "vehicle_id": vehicle.id,
                    "start": self.slot,
                    "duration": 1.0,
                    **vals,
                }
            )
        )

    def test_advisor_cannot_be_double_booked(self):
        self._book(advisor_id=self.emp_advisor.id)
        with self.assertRaisesRegex(ValidationError, "Advisor Yang already has an appointment"):
            self._book(
                self.other_vehicle,
                advisor_id=self.emp_advisor.id,
                start=self.slot + timedelta(minutes=30),
            )
        self.assertEqual(
            self.env["kia.appointment"].search_count(
                [("partner_id", "in", (self.customer | self.other_customer).ids)]
            ),
            1,
        )
        # Right after the first one: free.
        self._book(
            self.other_vehicle, advisor_id=self.emp_advisor.id, start=self.slot + timedelta(hours=1)
        )

    def test_bay_cannot_be_double_booked(self):
        self._book(bay_id=self.bay1.id)
        with self.assertRaisesRegex(ValidationError, "Bay 1 is already booked"):
            self._book(self.other_vehicle, bay_id=self.bay1.id)
        self._book(self.other_vehicle, bay_id=self.bay2.id)

    def test_slot_capacity_is_the_number_of_bays(self):
        self._book()
        self._book(self.other_vehicle)
        with self.assertRaisesRegex(ValidationError, "slot .* is full: the workshop has 2 bays"):
            self._book(self.third_vehicle)
        # A cancellation frees the slot.
        first = self.env["kia.appointment"].search([("vehicle_id", "=", self.vehicle.id)])
        first.action_cancel()
        self._book(self.third_vehicle)

    def test_capacity_counts_appointments_at_the_same_moment(self):
        """Two bays: an hour-long appointment and two half-hour ones one after the other
        never make more than two at once."""
        self._book(duration=1.0)
        self._book(self.other_vehicle, duration=0.5)
        self._book(self.third_vehicle, duration=0.5, start=self.slot + timedelta(minutes=30))
        with self.assertRaisesRegex(ValidationError, "is full"):
            self._book(self.third_vehicle, duration=0.25, start=self.slot + timedelta(minutes=40))
        self.assertEqual(self.env["kia.appointment"].search_count([("start", ">=", self.slot)]), 3)

    def test_vehicle_must_belong_to_customer(self):
        with self.assertRaisesRegex(ValidationError, "belongs to Customer Li"):
            self.env["kia.appointment"].create(
                {
                    "partner_id": self.other_customer.id,
                    "vehicle_id": self.vehicle.id,
                    "start": self.slot,
                }
            )

    def test_confirmation_reminder_and_calendar(self):
        appointment = self._book(advisor_id=self.emp_advisor.id)
        self.assertTrue(appointment.name.startswith("APT/"))
        appointment.action_confirm()
        self.assertEqual(appointment.state, "confirmed")
        self.assertTrue(appointment.calendar_event_id)
        self.assertEqual(appointment.calendar_event_id.start, appointment.start)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        self.assertTrue(sms, "a confirmation SMS is queued")
        self.assertIn(appointment.name, sms[0].body)
        self.assertTrue(
            appointment.message_ids.filtered(lambda m: "confirmed" in (m.subject or ""))
        )
        appointment.start = self.slot + timedelta(hours=1)
        self.assertEqual(appointment.calendar_event_id.start, self.slot + timedelta(hours=1))
        self.company.kia_appointment_reminder_hours = 24 * 41
        self.assertIn(appointment, self.env["kia.appointment"]._cron_send_reminders())
        self.assertTrue(appointment.reminder_sent)
        self.assertNotIn(appointment, self.env["kia.appointment"]._cron_send_reminders())
        with self.assertRaisesRegex(UserError, "Only appointments to confirm"):
            appointment.action_confirm()

    def test_no_show_after_grace(self):
        appointment = self._book(start=fields.Datetime.now() - timedelta(hours=3))
        appointment.action_confirm()
        late = self._book(self.other_vehicle, start=fields.Datetime.now() - timedelta(minutes=10))
        missed = self.env["kia.appointment"]._cron_mark_no_shows()
        self.assertIn(appointment, missed)
        self.assertNotIn(late, missed)
        self.assertEqual(appointment.state, "no_show")
        self.assertEqual(self.customer.kia_no_show_count, 1)

    def test_one_click_work_order(self):
        appointment = self._book(
            advisor_id=self.emp_advisor.id,
            labour_operation_ids=[Command.set((self.op_oil | self.op_brakes).ids)],
            customer_request="Service and squeaky brakes",
        )
        action = appointment.action_create_work_order()
        order = self.env["repair.order"].browse(action["res_id"])
        self.assertEqual(appointment.state, "done")
        self.assertEqual(appointment.repair_id, order)
        self.assertEqual(order.kia_vehicle_id, self.vehicle)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.user_id, self.user_advisor)
        self.assertEqual(order.kia_appointment_id, appointment)
        self.assertEqual(order.kia_customer_concerns, "Service and squeaky brakes")
        self.assertEqual(order.kia_job_line_ids.labour_operation_id, self.op_oil | self.op_brakes)
        self.assertEqual(order.kia_stage, "reception")
        with self.assertRaisesRegex(UserError, "closed"):
            appointment.action_create_work_order()

    def test_status_changes_through_the_buttons_only(self):
        appointment = self._book()
        as_advisor = appointment.with_user(self.user_advisor)
        with self.assertRaisesRegex(UserError, "through its buttons only"):
            as_advisor.write({"state": "done"})
        with self.assertRaisesRegex(UserError, "through its buttons only"):
            self._book(vehicle=self.other_vehicle, state="no_show")
        self.assertEqual(appointment.state, "draft")
        as_advisor.action_confirm()
        self.assertEqual(appointment.state, "confirmed")
        as_advisor.action_arrive()
        self.assertEqual(appointment.state, "arrived")
        with self.assertRaisesRegex(UserError, "through its buttons only"):
            as_advisor.write({"repair_id": False, "state": "draft"})
        self.assertEqual(appointment.state, "arrived")
