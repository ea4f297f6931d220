from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KiaAftersalesCase


class KiaRescueCase(KiaAftersalesCase):
    """Customer relations with a hotline, rescue zones, two service vehicles and a second
    dealer of the group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Zone = cls.env["kia.rescue.zone"]
        cls.zone_city = Zone.create({"name": "Test city", "target_minutes": 30})
        cls.zone_highway = Zone.create({"name": "Test highway", "target_minutes": 90})
        model = cls.env.ref("kia_aftersales.model_kia_carnival")
        Vehicle = cls.env["fleet.vehicle"]
        cls.van1 = Vehicle.create(
            {"model_id": model.id, "license_plate": "沪A RES01", "kia_is_service_vehicle": True}
        )
        cls.van2 = Vehicle.create(
            {"model_id": model.id, "license_plate": "沪A RES02", "kia_is_service_vehicle": True}
        )

    def _call(self, user=None, **vals):
        return (
            self.env["kia.hotline.call"]
            .with_user(user or self.user_cr)
            .create(
                {
                    "caller_name": "Customer Li",
                    "phone": "+86 13800000001",
                    "partner_id": self.customer.id,
                    "vehicle_id": self.vehicle.id,
                    "reason": "breakdown",
                    "notes": "Engine stopped on the Yan'an elevated road.",
                    **vals,
                }
            )
        )

    def _rescue(self, user=None, crew=True, van=None, **vals):
        values = {
            "partner_id": self.customer.id,
            "vehicle_id": self.vehicle.id,
            "zone_id": self.zone_city.id,
            "address": "Yan'an elevated road, westbound, near exit 12",
            "latitude": 31.2165,
            "longitude": 121.4365,
            "failure_description": "Engine stopped, will not restart.",
            **vals,
        }
        if crew:
            values.setdefault("responder_ids", [(6, 0, (self.emp_tech | self.emp_tech2).ids)])
            values.setdefault("service_vehicle_id", (van or self.van1).id)
        return self.env["kia.rescue"].with_user(user or self.user_cr).create(values)


@tagged("post_install", "-at_install")
class TestHotline(KiaRescueCase):
    def test_call_is_evidence(self):
        """Who called, when and who answered stay as logged; notes may be added; the
        outcome is the buttons'; a call is never deleted."""
        call = self._call()
        self.assertEqual(call.answered_by_id, self.user_cr)
        self.assertEqual(call.outcome, "logged")
        logged_at = call.call_time
        for vals in (
            {"caller_name": "Someone else"},
            {"call_time": fields.Datetime.now() - timedelta(days=1)},
            {"answered_by_id": self.user_manager.id},
            {"reason": "enquiry"},
        ):
            with self.assertRaisesRegex(UserError, "is a record of what happened"):
                call.write(vals)
        with self.assertRaisesRegex(UserError, "set by its buttons"):
            call.write({"outcome": "resolved"})
        with self.assertRaisesRegex(AccessError, "not allowed to delete"):
            call.unlink()
        call.write({"notes": "Called back: tow truck on the way."})
        call.invalidate_recordset()
        self.assertEqual(
            (call.caller_name, call.call_time, call.answered_by_id, call.reason, call.outcome),
            ("Customer Li", logged_at, self.user_cr, "breakdown", "logged"),
        )
        self.assertEqual(call.notes, "Called back: tow truck on the way.")
        call.action_resolve()
        self.assertEqual(call.outcome, "resolved")

    def test_call_to_complaint(self):
        call = self._call(reason="complaint", notes="Car returned dirty after the service.")
        action = call.action_create_complaint()
        ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(
            ticket.type_id, self.env.ref("kia_aftersales.helpdesk_ticket_type_complaint")
        )
        self.assertEqual(
            ticket.team_id, self.env.ref("kia_aftersales.helpdesk_team_customer_relations")
        )
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.kia_vehicle_id, self.vehicle)
        self.assertIn("Car returned dirty after the service.", ticket.description)
        self.assertEqual((call.outcome, call.ticket_id), ("complaint", ticket))
        # A call leads to one thing: a second conversion is refused, nothing created.
        rescues = self.env["kia.rescue"].search_count([])
        with self.assertRaisesRegex(UserError, "already led to: Complaint Opened"):
            call.action_create_rescue()
        self.assertEqual(self.env["kia.rescue"].search_count([]), rescues)
        self.assertFalse(call.rescue_id)

    def test_call_to_appointment(self):
        self.env["resource.resource"].create(
            {"name": "Hotline bay", "resource_type": "material", "kia_is_bay": True}
        )
        call = self._call(reason="booking", notes="10,000 km maintenance")
        action = call.action_create_appointment()
        self.assertEqual(action["res_model"], "kia.appointment")
        self.assertFalse(call.appointment_id, "nothing is booked until the form is saved")
        start = (fields.Datetime.now() + timedelta(days=45)).replace(
            hour=2, minute=0, second=0, microsecond=0
        )
        appointment = (
            self.env["kia.appointment"]
            .with_user(self.user_cr)
            .with_context(**action["context"])
            .create({"start": start, "duration": 1.0})
        )
        self.assertEqual(appointment.partner_id, self.customer)
        self.assertEqual(appointment.vehicle_id, self.vehicle)
        self.assertEqual(appointment.channel, "phone")
        self.assertEqual(appointment.customer_request, "10,000 km maintenance")
        self.assertEqual((call.outcome, call.appointment_id), ("appointment", appointment))

    def test_call_to_rescue(self):
        call_time = fields.Datetime.now() - timedelta(minutes=5)
        call = self._call(call_time=call_time)
        action = call.action_create_rescue()
        rescue = self.env["kia.rescue"].browse(action["res_id"])
        self.assertEqual((call.outcome, call.rescue_id), ("rescue", rescue))
        self.assertEqual(rescue.call_id, call)
        self.assertEqual(rescue.state, "called")
        self.assertEqual(rescue.called_date, call_time)
        self.assertEqual(rescue.partner_id, self.customer)
        self.assertEqual(rescue.vehicle_id, self.vehicle)
        self.assertEqual(rescue.failure_description, "Engine stopped on the Yan'an elevated road.")
        self.assertTrue(rescue.name.startswith("RES/"))

    def test_roles(self):
        """The information coordinator logs calls and starts rescues; technicians,
        foremen and advisors have no access to the hotline log; the caller's phone is
        for customer care only."""
        call = self._call(user=self.user_info)
        call.with_user(self.user_info).action_create_rescue()
        self.assertEqual(call.outcome, "rescue")
        for user in (self.user_tech, self.user_foreman, self.user_advisor):
            with self.assertRaises(AccessError):
                self.env["kia.hotline.call"].with_user(user).search([])
            with self.assertRaises(AccessError):
                self._call(user=user)

    def test_multi_company(self):
        call = self._call()
        other = self.env["res.company"].create({"name": "Kia Dealer Pudong"})
        user_other = new_test_user(
            self.env,
            "kia_a_cr_pudong",
            groups="kia_aftersales.group_customer_relations",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        Call = self.env["kia.hotline.call"].with_user(user_other)
        self.assertFalse(Call.search([("id", "=", call.id)]))
        with self.assertRaises(AccessError):
            Call.browse(call.id).read(["caller_name"])
