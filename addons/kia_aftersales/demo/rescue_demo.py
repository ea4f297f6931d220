from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

# A day on the 24-hour hotline: (hours ago, reason, what the caller says, what follows).
CALLS = [
    (23.5, "enquiry", "问保养周期 (asks how often the K5 needs maintenance)", "resolve"),
    (21.0, "breakdown", "高架上熄火, 无法启动 (engine died on the elevated road)", "rescue_towed"),
    (18.0, "booking", "预约一万公里保养 (books the 10,000 km maintenance)", "appointment"),
    (15.5, "enquiry", "询问质保范围 (asks what the warranty covers)", "resolve"),
    (
        12.0,
        "complaint",
        "上次保养后车内有油污 (oil stains inside after the last service)",
        "complaint",
    ),
    (9.0, "other", "询问新车试驾 (asks about a test drive: passed to sales)", "resolve"),
    (6.5, "enquiry", "询问配件价格, 需要回电 (parts price, to call back)", "log"),
    (4.0, "accident", "轻微追尾, 车可以开 (minor rear-end collision, car drivable)", "resolve"),
    (1.0, "enquiry", "询问营业时间 (asks the opening hours)", "resolve"),
    (0.8, "breakdown", "高速上爆胎 (tyre burst on the expressway)", "rescue_on_site"),
]


class KiaRescueDemo(models.AbstractModel):
    """Demo data only: a day of calls to the 24-hour hotline answered by the
    customer-relations demo user, turned into a complaint, an appointment and two
    roadside rescues (one towed to the workshop with its work order, one on site now),
    all through the real buttons, then dated back to the moment they happened."""

    _name = "kia.rescue.demo"
    _description = "Hotline and Rescue Demo Data"

    @api.model
    def _generate(self):
        env = self.with_context(kia_skip_notify=True, tracking_disable=True, mail_notrack=True).env
        cr_user = env.ref("kia_aftersales.user_customer_relations", raise_if_not_found=False)
        if not cr_user or env["kia.hotline.call"].search_count([], limit=1):
            return
        vehicles = env["fleet.vehicle"].search(
            [("kia_owner_id", "!=", False), ("kia_is_service_vehicle", "=", False)],
            order="id",
            limit=len(CALLS),
        )
        if not vehicles:
            return
        now = fields.Datetime.now().replace(second=0, microsecond=0)
        Call = env["kia.hotline.call"].with_user(cr_user)
        for index, (hours, reason, notes, follow) in enumerate(CALLS):
            vehicle = vehicles[index % len(vehicles)]
            call = Call.create(
                {
                    "caller_name": vehicle.kia_owner_id.name,
                    "phone": vehicle.kia_owner_id.mobile,
                    "partner_id": vehicle.kia_owner_id.id,
                    "vehicle_id": vehicle.id,
                    "reason": reason,
                    "notes": notes,
                    "call_time": now - timedelta(hours=hours),
                }
            )
            if follow == "resolve":
                call.action_resolve()
            elif follow == "complaint":
                call.action_create_complaint()
            elif follow == "appointment":
                self._book(call, now)
            elif follow.startswith("rescue"):
                self._rescue(call, follow == "rescue_towed", now)

    @api.model
    def _book(self, call, now):
        """The appointment the caller asked for, in the first free morning slot."""
        action = call.action_create_appointment()
        Appointment = call.env["kia.appointment"].with_context(**action["context"])
        for days in range(2, 9):
            start = (now + timedelta(days=days)).replace(hour=1, minute=30)
            try:
                with call.env.cr.savepoint():
                    Appointment.create({"start": start, "duration": 1.0})
                return
            except ValidationError:  # the slot is full in the demo: try the next day
                continue
        call.action_resolve()

    @api.model
    def _rescue(self, call, towed, now):
        env = call.env
        van = env.ref("kia_aftersales.service_vehicle_1", raise_if_not_found=False)
        if not van:
            return
        zone = env.ref(
            "kia_aftersales.rescue_zone_city" if towed else "kia_aftersales.rescue_zone_highway"
        )
        responders = env.ref("kia_training.emp_tech_chen") | env.ref(
            "kia_training.emp_tech_zhao" if towed else "kia_training.emp_tech_zhou"
        )
        rescue = env["kia.rescue"].browse(call.action_create_rescue()["res_id"])
        rescue.write(
            {
                "zone_id": zone.id,
                "address": "延安高架路西向, 12号出口附近 (Yan'an elevated road westbound, exit 12)"
                if towed
                else "G15沈海高速 K1245 南向 (G15 expressway southbound, km 1245)",
                "latitude": 31.2165 if towed else 30.9512,
                "longitude": 121.4365 if towed else 121.3318,
                "responder_ids": [Command.set(responders.ids)],
                "service_vehicle_id": van.id,
                "odometer": rescue.vehicle_id.odometer or 0.0,
            }
        )
        rescue.action_dispatch()
        rescue.action_depart()
        rescue.action_arrive()
        called = rescue.called_date
        # Minutes after the call: dispatched, departed, arrived (the towed one arrives late
        # for its city-centre target, the expressway one in time).
        steps = (4, 9, 41) if towed else (3, 7, 39)
        times = {
            "dispatched_date": called + timedelta(minutes=steps[0]),
            "departed_date": called + timedelta(minutes=steps[1]),
            "arrived_date": called + timedelta(minutes=steps[2]),
        }
        if towed:
            rescue.action_finish_towed()
            times["finished_date"] = called + timedelta(minutes=110)
        rescue.sudo().write(times)
        rescue.calendar_event_id.sudo().with_context(no_mail_to_attendees=True).write(
            {
                "start": times["departed_date"],
                "stop": times.get("finished_date") or now + timedelta(minutes=60),
            }
        )
