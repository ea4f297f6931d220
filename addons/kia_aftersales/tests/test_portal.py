from datetime import timedelta

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import make_vin


@tagged("post_install", "-at_install")
class TestPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        model = cls.env.ref("kia_aftersales.model_kia_k3")
        cls.portal_user = new_test_user(
            cls.env,
            "kia_portal_customer",
            groups="base.group_portal",
            name="Portal Customer",
            tz="Asia/Shanghai",
            lang="en_US",
        )
        cls.customer = cls.portal_user.partner_id
        cls.other = cls.env["res.partner"].create({"name": "Someone Else"})
        cls.own_vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": model.id,
                "license_plate": "沪A PORT1",
                "vin_sn": make_vin(801),
                "kia_owner_id": cls.customer.id,
            }
        )
        cls.other_vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": model.id,
                "license_plate": "沪A OTHER",
                "vin_sn": make_vin(802),
                "kia_owner_id": cls.other.id,
            }
        )
        cls.own_order = cls.env["repair.order"].create(
            {
                "kia_vehicle_id": cls.own_vehicle.id,
                "kia_job_line_ids": [Command.create({"concern": "Portal concern"})],
            }
        )
        cls.other_order = cls.env["repair.order"].create(
            {
                "kia_vehicle_id": cls.other_vehicle.id,
                "kia_job_line_ids": [Command.create({"concern": "Secret concern"})],
            }
        )

    def test_customer_sees_only_own_vehicles_and_orders(self):
        self.authenticate("kia_portal_customer", "kia_portal_customer")
        page = self.url_open("/my/vehicles").text
        self.assertIn("沪A PORT1", page)
        self.assertNotIn("沪A OTHER", page)
        page = self.url_open("/my/work-orders").text
        self.assertIn(self.own_order.name, page)
        self.assertNotIn(self.other_order.name, page)
        page = self.url_open(f"/my/work-orders/{self.own_order.id}").text
        self.assertIn("Portal concern", page)
        response = self.url_open(f"/my/work-orders/{self.other_order.id}")
        self.assertNotIn("Secret concern", response.text)
        self.assertTrue(response.url.endswith("/my/work-orders"))

    def _book(self, vehicle, start):
        return self.url_open(
            "/my/appointments/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "vehicle_id": vehicle.id,
                "start": start,
                "request_text": "10,000 km maintenance",
            },
        )

    def test_customer_books_an_appointment(self):
        self.authenticate("kia_portal_customer", "kia_portal_customer")
        when = (fields.Datetime.now() + timedelta(days=90)).replace(hour=2, minute=0, second=0)
        local = when + timedelta(hours=8)  # Asia/Shanghai
        response = self._book(self.own_vehicle, local.strftime("%Y-%m-%dT%H:%M"))
        self.assertIn("booked=1", response.url)
        appointment = self.env["kia.appointment"].search([("vehicle_id", "=", self.own_vehicle.id)])
        self.assertEqual(appointment.channel, "portal")
        self.assertEqual(appointment.state, "draft")
        self.assertEqual(appointment.start, when)
        self.assertEqual(appointment.customer_request, "10,000 km maintenance")

    def test_bad_booking_is_refused_and_nothing_created(self):
        self.authenticate("kia_portal_customer", "kia_portal_customer")
        past = (fields.Datetime.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
        response = self._book(self.own_vehicle, past)
        self.assertIn("error=", response.url)
        self.assertIn("future", response.text)
        future = (fields.Datetime.now() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
        response = self._book(self.other_vehicle, future)
        self.assertIn("error=", response.url)
        self.assertFalse(
            self.env["kia.appointment"].search(
                [("vehicle_id", "in", (self.own_vehicle | self.other_vehicle).ids)]
            )
        )
