from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_hotline import KiaRescueCase

T0 = datetime(2026, 3, 10, 2, 0, 0)


@tagged("post_install", "-at_install")
class TestRescue(KiaRescueCase):
    def _run(self, rescue, arrive_after=20):
        """Dispatch, depart and arrive ``arrive_after`` minutes after the call."""
        with freeze_time(rescue.called_date + timedelta(minutes=2)):
            rescue.action_dispatch()
        with freeze_time(rescue.called_date + timedelta(minutes=5)):
            rescue.action_depart()
        with freeze_time(rescue.called_date + timedelta(minutes=arrive_after)):
            rescue.action_arrive()
        return rescue

    def _finish(self, rescue, how="fixed", after=30):
        """Finish ``after`` minutes on site."""
        with freeze_time(rescue.arrived_date + timedelta(minutes=after)):
            return rescue.action_finish(how)

    def test_towed_rescue_opens_the_work_order(self):
        with freeze_time(T0):
            call = self._call()
            rescue = self.env["kia.rescue"].browse(call.action_create_rescue()["res_id"])
            rescue.write(
                {
                    "zone_id": self.zone_city.id,
                    "responder_ids": [Command.set((self.emp_tech | self.emp_tech2).ids)],
                    "service_vehicle_id": self.van1.id,
                    "odometer": 4321,
                }
            )
        self._run(rescue, arrive_after=25)
        with freeze_time(T0 + timedelta(minutes=70)):
            rescue.action_finish_towed()
        self.assertEqual((rescue.state, rescue.outcome), ("done", "towed"))
        self.assertEqual(
            [rescue.called_date, rescue.departed_date, rescue.arrived_date, rescue.finished_date],
            [T0, T0 + timedelta(minutes=5), T0 + timedelta(minutes=25), T0 + timedelta(minutes=70)],
        )
        self.assertEqual(rescue.response_minutes, 25.0)
        self.assertFalse(rescue.response_breached)
        order = rescue.repair_id
        self.assertEqual(rescue.action_view_work_order()["res_id"], order.id)
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.kia_checkin_date, "the advisor checks the towed vehicle in")
        self.assertEqual(order.kia_vehicle_id, self.vehicle)
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.kia_customer_concerns, "Engine stopped on the Yan'an elevated road.")
        self.assertEqual(order.kia_checkin_odometer, 4321)
        self.assertIn(rescue.name, order.message_ids[0].body)
        # The responders' calendars show the rescue from departure to finish.
        event = rescue.calendar_event_id
        self.assertEqual(event.partner_ids, (self.user_tech | self.user_tech2).partner_id)
        self.assertEqual(
            (event.start, event.stop), (T0 + timedelta(minutes=5), T0 + timedelta(minutes=70))
        )
        # The advisor checks it in as any work order.
        order.with_user(self.user_advisor).action_kia_check_in()
        self.assertTrue(order.kia_checkin_date)

    def test_fixed_on_site_opens_no_work_order(self):
        rescue = self._run(self._rescue())
        self._finish(rescue)
        self.assertEqual((rescue.state, rescue.outcome), ("done", "fixed"))
        self.assertFalse(rescue.repair_id)

    def test_response_time_against_the_zone_target(self):
        with freeze_time(T0):
            late = self._rescue()
            highway = self._rescue(van=self.van2, zone_id=self.zone_highway.id)
        self._run(late, arrive_after=45)
        self._run(highway, arrive_after=45)
        self.assertEqual((late.response_minutes, late.response_breached), (45.0, True))
        self.assertEqual((highway.response_minutes, highway.response_breached), (45.0, False))
        # The zone's target is the one of the day: a later change does not rewrite it.
        self.zone_city.target_minutes = 60
        self.assertEqual((late.target_minutes, late.response_breached), (30, True))
        groups = self.env["kia.rescue"]._read_group(
            [("id", "in", (late | highway).ids), ("response_breached", "=", True)],
            ["zone_id", "called_date:month"],
            ["__count", "response_minutes:avg"],
        )
        self.assertEqual(groups, [(self.zone_city, datetime(2026, 3, 1), 1, 45.0)])

    def test_service_vehicle_on_one_active_rescue(self):
        first = self._rescue()
        count = self.env["kia.rescue"].search_count([])
        with self.assertRaisesRegex(
            ValidationError, f"沪A RES01 is already out on rescue {first.name}"
        ):
            self._rescue()
        self.assertEqual(self.env["kia.rescue"].search_count([]), count)
        second = self._rescue(van=self.van2)
        with self.assertRaisesRegex(ValidationError, "already out on rescue"):
            second.write({"service_vehicle_id": self.van1.id})
        self.assertEqual(second.service_vehicle_id, self.van2)
        # Once the first rescue is over, its vehicle is free.
        first.action_cancel()
        second.write({"service_vehicle_id": self.van1.id})
        self.assertEqual(second.service_vehicle_id, self.van1)

    def test_only_service_vehicles_go_out(self):
        with self.assertRaisesRegex(ValidationError, "is not a service vehicle"):
            self._rescue(van=self.vehicle)
        rescue = self._rescue()
        with self.assertRaisesRegex(ValidationError, "is not a service vehicle"):
            rescue.write({"service_vehicle_id": self.vehicle.id})
        self.assertEqual(rescue.service_vehicle_id, self.van1)

    def test_no_departure_without_crew(self):
        rescue = self._rescue(crew=False)
        with self.assertRaisesRegex(UserError, "needs its responders and a service vehicle"):
            rescue.action_dispatch()
        self.assertEqual((rescue.state, rescue.dispatched_date), ("called", False))
        rescue.write(
            {"responder_ids": [Command.set(self.emp_tech.ids)], "service_vehicle_id": self.van1.id}
        )
        rescue.action_dispatch()
        # The foreman takes the responder back: the rescue cannot leave.
        rescue.with_user(self.user_foreman).write({"responder_ids": [Command.clear()]})
        with self.assertRaisesRegex(UserError, "needs its responders and a service vehicle"):
            rescue.action_depart()
        self.assertEqual((rescue.state, rescue.departed_date), ("dispatched", False))
        self.assertFalse(rescue.calendar_event_id)

    def test_times_are_stamped_by_the_buttons_in_order(self):
        rescue = self._rescue()
        called = rescue.called_date
        # A client cannot write the times or the status.
        for vals in (
            {"arrived_date": fields.Datetime.now()},
            {"called_date": called - timedelta(hours=1)},
            {"state": "done"},
            {"outcome": "fixed"},
            {"response_minutes": 1.0},
        ):
            with self.assertRaisesRegex(UserError, "stamped by its buttons"):
                rescue.write(vals)
        # Steps in their order only.
        with self.assertRaisesRegex(UserError, "arrive on site after they departed"):
            rescue.action_arrive()
        with self.assertRaisesRegex(UserError, "once on site"):
            rescue.action_finish_towed()
        rescue.invalidate_recordset()
        self.assertEqual((rescue.state, rescue.called_date), ("called", called))
        self.assertFalse(rescue.arrived_date or rescue.finished_date or rescue.repair_id)
        # Even the system cannot record times out of order.
        self._run(rescue)
        for vals, message in (
            (
                {"departed_date": called - timedelta(minutes=1)},
                "Departed .* cannot be before Dispatched",
            ),
            (
                {"arrived_date": rescue.departed_date - timedelta(minutes=1)},
                "Arrived .* cannot be before Departed",
            ),
            (
                {"finished_date": rescue.arrived_date - timedelta(minutes=1)},
                "Finished .* cannot be before Arrived",
            ),
        ):
            with self.assertRaisesRegex(ValidationError, message):
                rescue.sudo().write(vals)
        self.assertEqual(rescue.state, "arrived")

    def test_coordinates_are_validated(self):
        with self.assertRaisesRegex(ValidationError, "Latitude 95.0 of rescue .* is out of range"):
            self._rescue(latitude=95.0)
        rescue = self._rescue()
        with self.assertRaisesRegex(ValidationError, "Longitude 181.0 .* is out of range"):
            rescue.write({"longitude": 181.0})
        self.assertEqual((rescue.latitude, rescue.longitude), (31.2165, 121.4365))

    def test_towed_rescue_needs_the_vehicle(self):
        rescue = self._run(self._rescue(vehicle_id=False))
        with self.assertRaisesRegex(UserError, "Enter the customer's vehicle"):
            rescue.action_finish_towed()
        self.assertEqual(
            (rescue.state, rescue.finished_date, rescue.outcome), ("arrived", False, False)
        )
        self.assertFalse(rescue.repair_id)

    def test_closed_rescue_is_kept(self):
        rescue = self._run(self._rescue())
        self._finish(rescue)
        with self.assertRaisesRegex(UserError, "is closed: it is kept as it was recorded"):
            rescue.write({"failure_description": "Something else"})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            rescue.with_user(self.user_manager).unlink()
        with self.assertRaisesRegex(UserError, "already closed"):
            rescue.action_cancel()
        self.assertEqual(
            (rescue.failure_description, rescue.state),
            ("Engine stopped, will not restart.", "done"),
        )
        rescue.message_post(body="Customer thanked the team.")

    def test_foreman_plans_the_crew_only(self):
        rescue = self._rescue(crew=False)
        Rescue = self.env["kia.rescue"].with_user(self.user_foreman)
        as_foreman = Rescue.browse(rescue.id)
        as_foreman.write(
            {"responder_ids": [Command.set(self.emp_tech.ids)], "service_vehicle_id": self.van1.id}
        )
        self.assertEqual(rescue.responder_ids, self.emp_tech)
        with self.assertRaisesRegex(UserError, "The workshop sets the responders"):
            as_foreman.write({"address": "Elsewhere"})
        with self.assertRaisesRegex(UserError, "run a rescue's steps"):
            as_foreman.action_dispatch()
        self.assertEqual(rescue.state, "called")
        with self.assertRaises(AccessError):
            Rescue.create({"partner_id": self.customer.id})
        # Once gone, the crew is kept as it went.
        rescue.action_dispatch()
        rescue.action_depart()
        with self.assertRaisesRegex(UserError, "has left"):
            as_foreman.write({"responder_ids": [Command.set(self.emp_tech2.ids)]})
        self.assertEqual(rescue.responder_ids, self.emp_tech)

    def test_technician_reads_the_rescues_he_responds_to(self):
        mine = self._rescue()  # Chen and Zhou respond
        other = self._rescue(van=self.van2, responder_ids=[Command.set(self.emp_tech3.ids)])
        Rescue = self.env["kia.rescue"].with_user(self.user_tech)
        self.assertEqual(Rescue.search([]), mine)
        seen = Rescue.browse(mine.id).read(["address", "partner_phone", "latitude", "state"])[0]
        self.assertEqual(seen["address"], "Yan'an elevated road, westbound, near exit 12")
        self.assertEqual(seen["partner_phone"], "+86 13800000001")
        # His form opens (the fields of its view, names of what they point to included).
        views = Rescue.get_views([(False, "form")])
        spec = {
            name: {"fields": {"display_name": {}}} if Rescue._fields[name].relational else {}
            for name in views["models"]["kia.rescue"]["fields"]
        }
        self.assertNotIn("call_id", spec)
        shown = Rescue.browse(mine.id).web_read(spec)[0]
        self.assertEqual(shown["partner_id"]["display_name"], "Customer Li")
        with self.assertRaises(AccessError):
            Rescue.browse(other.id).read(["address"])
        with self.assertRaises(AccessError):
            Rescue.browse(mine.id).read(["call_id"])
        with self.assertRaises(AccessError):
            Rescue.browse(mine.id).write({"failure_description": "x"})
        with self.assertRaisesRegex(UserError, "run a rescue's steps"):
            Rescue.browse(mine.id).action_cancel()
        self.assertEqual(mine.state, "called")
        # Advisors have no part in the rescue.
        with self.assertRaises(AccessError):
            self.env["kia.rescue"].with_user(self.user_advisor).search([])

    def test_multi_company(self):
        rescue = self._rescue()
        other = self.env["res.company"].create({"name": "Kia Dealer Minhang"})
        user_other = new_test_user(
            self.env,
            "kia_a_cr_minhang",
            groups="kia_aftersales.group_customer_relations",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        Rescue = self.env["kia.rescue"].with_user(user_other)
        self.assertFalse(Rescue.search([("id", "=", rescue.id)]))
        with self.assertRaises(AccessError):
            Rescue.browse(rescue.id).read(["name"])
        self.assertFalse(
            self.env["kia.rescue.zone"]
            .with_user(user_other)
            .search([("id", "=", self.zone_city.id)])
        )
        # The other dealer's rescue cannot take this dealer's service vehicle or zone.
        with self.assertRaises(UserError):
            self.env["kia.rescue"].with_company(other).create(
                {
                    "company_id": other.id,
                    "service_vehicle_id": self.van2.id,
                    "zone_id": self.zone_highway.id,
                }
            )
