import random
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

from ..models.fleet_vehicle import vin_check_digit

# Parts fitted by each demo labour operation: (part xmlid, quantity).
DEMO_PARTS = {
    "op_first_service": [("part_oil", 4), ("part_oil_filter", 1)],
    "op_10k": [
        ("part_oil", 4),
        ("part_oil_filter", 1),
        ("part_air_filter", 1),
        ("part_cabin_filter", 1),
    ],
    "op_oil": [("part_oil", 4), ("part_oil_filter", 1)],
    "op_filters": [("part_air_filter", 1), ("part_cabin_filter", 1)],
    "op_spark": [("part_spark_plug", 4)],
    "op_brake_pads": [("part_brake_pads", 1)],
    "op_brake_discs": [("part_brake_disc", 2), ("part_brake_pads", 1)],
    "op_battery": [("part_battery", 1)],
    "op_wipers": [("part_wiper", 1)],
    "op_ev_coolant": [("part_ev_coolant", 6)],
    "op_ev_iccu": [("part_iccu", 1)],
}
ICE_JOBS = [
    ["op_10k"],
    ["op_oil"],
    ["op_oil", "op_wipers"],
    ["op_10k", "op_brake_pads"],
    ["op_oil", "op_filters"],
    ["op_spark", "op_oil"],
    ["op_battery"],
    ["op_gds"],
    ["op_ac"],
    ["op_brake_discs"],
    ["op_dct"],
    ["op_adas"],
    ["op_dent"],
]
EV_JOBS = [["op_ev_coolant"], ["op_wipers", "op_ac"], ["op_brake_pads"], ["op_gds"]]
CONCERNS = {
    "op_gds": "发动机故障灯亮 (engine warning light on)",
    "op_ac": "空调不够凉 (A/C not cold enough)",
    "op_dct": "起步时有顿挫 (jerks when pulling away)",
    "op_adas": "车道保持提示异常 (lane keeping warning)",
    "op_dent": "左前门有凹痕 (dent on front left door)",
    "op_battery": "早上启动困难 (hard to start in the morning)",
    "op_brake_pads": "刹车有异响 (brakes squeal)",
    "op_brake_discs": "刹车时方向盘抖动 (steering shakes when braking)",
}
CORRECTIONS = {
    "op_gds": "Read DTC P0171, cleaned MAF sensor, cleared codes, road-tested.",
    "op_dct": "Performed clutch touch-point adaptation with GDS.",
    "op_adas": "Calibrated front camera with target board.",
}


class KiaAftersalesDemo(models.AbstractModel):
    """Demo data only: a month of a dealer's work run through the real flow (check-in,
    estimate, approval, dispatch, clocking, quality check, invoice, payment, delivery,
    follow-up), then dated back, so that the screens look like a working dealer."""

    _name = "kia.aftersales.demo"
    _description = "After-Sales Demo Data"

    @api.model
    def _generate(self):
        env = self.with_context(kia_skip_notify=True, tracking_disable=True, mail_notrack=True).env
        demo = _Demo(env)
        demo.run()
        # A repaired order invoiced and not paid: the advisor asks the service manager to
        # sign off its delivery (tier validation).
        unpaid = (
            env["repair.order"]
            .search([("state", "=", "done"), ("kia_delivered_date", "=", False)])
            .filtered("kia_delivery_unpaid")[:1]
        )
        unpaid.with_user(env.ref("kia_aftersales.user_advisor")).request_validation()
        return True


class _Demo:
    def __init__(self, env):
        self.env = env
        self.rnd = random.Random(2026)
        self.concern_count = 0
        self.warranty_due = False
        self.now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        self.ref = lambda xmlid: env.ref(xmlid if "." in xmlid else f"kia_aftersales.{xmlid}")
        self.vehicles = env["fleet.vehicle"].search(
            [("kia_owner_id", "!=", False), ("kia_owner_id.customer_rank", ">", 0)], order="id"
        )
        self.km = {}
        self.advisors = self.ref("user_advisor") | self.ref("user_advisor_2")
        self.technicians = env["hr.employee"].browse(
            [
                self.ref(f"kia_training.{xmlid}").id
                for xmlid in (
                    "emp_tech_chen",
                    "emp_tech_zhou",
                    "emp_tech_sun",
                    "emp_tech_zhao",
                    "emp_tech_wu",
                )
            ]
        )
        self.inspector = self.ref("kia_training.emp_trainer")
        self.bays = env["resource.resource"].search([("kia_is_bay", "=", True)])
        operations = env["ir.model.data"].search(
            [("module", "=", "kia_aftersales"), ("model", "=", "kia.labour.operation")]
        )
        self.op_xmlid = {data.res_id: data.name for data in operations}

    def at(self, days_ago, hour):
        day = (self.now - timedelta(days=days_ago)).date()
        # Shanghai working hours, stored in UTC.
        return datetime.combine(day, time(hour)) - timedelta(hours=8)

    def run(self):
        # Without a chart of accounts (accounting installed in the same run), customer-pay
        # orders stay ready for pickup instead of being invoiced and delivered.
        self.accounting = bool(self.env.company.chart_template)
        self._initial_odometers()
        attendances = self._attendances()
        campaign = self._campaigns()
        plans = []
        for days_ago in range(30, 1, -1):
            if (self.now - timedelta(days=days_ago)).weekday() == 6:
                continue
            for _i in range(self.rnd.choice((2, 2, 3))):
                plans.append((days_ago, "delivered"))
        plans += [
            (1, "ready"),
            (1, "ready_invoiced"),
            (1, "quality_check"),
            (0, "quality_check"),
            (1, "in_progress"),
            (0, "in_progress"),
            (0, "in_progress_clocked"),
            (0, "waiting_parts"),
            (0, "waiting_approval"),
            (0, "waiting_approval"),
            (0, "reception_checked_in"),
            (0, "reception"),
        ]
        orders = self.env["repair.order"]
        for index, (days_ago, target) in enumerate(plans):
            orders |= self._work_order(index, days_ago, target, campaign)
        self._appointments(orders)
        self._followups(orders)
        self._attendance_check_outs(attendances)

    def _attendances(self):
        """The technicians are checked in at the workshop (Attendances) every working day
        of the month, and today: they clock on jobs only then. The days are fitted to
        their clocked time once the month is worked (_attendance_check_outs)."""
        days = [
            d for d in range(30, 0, -1) if d == 1 or (self.now - timedelta(days=d)).weekday() != 6
        ]
        day_start, day_end = timedelta(hours=8, minutes=30), timedelta(hours=17, minutes=30)
        values = [
            {
                "employee_id": technician.id,
                "check_in": self.at(days_ago, 0) + day_start,
                "check_out": self.at(days_ago, 0) + day_end,
            }
            for technician in self.technicians
            for days_ago in days
        ]
        today = min(self.at(0, 0) + day_start, self.now - timedelta(hours=1))
        values += [{"employee_id": tech.id, "check_in": today} for tech in self.technicians]
        return self.env["hr.attendance"].create(values)

    def _attendance_check_outs(self, attendances):
        """Each technician came in half an hour before his first clock-on of the day and
        left twenty minutes after his last clock-off (whole minutes: Odoo's overtime groups
        attendances by their day's start); a day he clocked nothing he was not in."""
        logs = self.env["kia.job.time.log"].search([("employee_id", "in", self.technicians.ids)])
        absent = attendances.browse()
        for attendance in attendances.filtered("check_out"):
            day = logs.filtered(
                lambda log, att=attendance: (
                    log.employee_id == att.employee_id
                    and log.date_stop
                    and att.check_in <= log.date_start <= att.check_out
                )
            )
            if not day:
                absent |= attendance
                continue
            attendance.write(
                {
                    "check_in": (min(day.mapped("date_start")) - timedelta(minutes=30)).replace(
                        second=0, microsecond=0
                    ),
                    "check_out": (max(day.mapped("date_stop")) + timedelta(minutes=20)).replace(
                        second=0, microsecond=0
                    ),
                }
            )
        absent.unlink()

    def _initial_odometers(self):
        readings = []
        for vehicle in self.vehicles:
            months = max(1, (self.now.date() - vehicle.kia_sale_date).days // 30)
            self.km[vehicle.id] = months * self.rnd.randint(900, 1500)
            readings.append(
                {
                    "vehicle_id": vehicle.id,
                    "value": self.km[vehicle.id],
                    "date": (self.now - timedelta(days=40)).date(),
                }
            )
        self.env["fleet.vehicle.odometer"].create(readings)

    def _campaigns(self):
        Campaign = self.env["kia.service.campaign"]
        ev6 = self.vehicles.filtered(lambda v: v.model_id == self.ref("model_kia_ev6"))
        recall = Campaign.create(
            {
                "name": "EV6 ICCU inspection and software update",
                "code": "RC-2026-011",
                "campaign_type": "recall",
                "labour_operation_id": self.ref("op_ev_iccu").id,
                "date_start": (self.now - timedelta(days=60)).date(),
                "description": "<p>Integrated charging control unit (ICCU): inspect, update the "
                "software, replace the unit when the check fails. Paid by Kia.</p>",
            }
        )
        # EV6 sold by other dealers are on the recall list too.
        others = [f"KNACC81G0P5{serial:06d}" for serial in (12345, 12346, 12347)]
        others = [vin[:8] + vin_check_digit(vin) + vin[9:] for vin in others]
        recall._kia_add_vins(" ".join(ev6.mapped("vin_sn") + others))
        recall.action_activate()
        winter = Campaign.create(
            {
                "name": "Winter check (冬季免费检测)",
                "code": "SC-2026-W1",
                "campaign_type": "campaign",
                "labour_operation_id": self.ref("op_gds").id,
                "date_start": (self.now - timedelta(days=10)).date(),
                "date_end": (self.now + timedelta(days=80)).date(),
            }
        )
        winter._kia_add_vins(
            " ".join(
                self.vehicles.filtered(
                    lambda v: (
                        v.model_id in (self.ref("model_kia_k5") | self.ref("model_kia_sportage"))
                    )
                ).mapped("vin_sn")
            )
        )
        winter.action_activate()
        Campaign.create(
            {
                "name": "Sportage rear suspension rattle (TSB)",
                "code": "TSB-2026-07",
                "campaign_type": "bulletin",
                "state": "closed",
                "date_start": (self.now - timedelta(days=120)).date(),
            }
        )
        return recall

    def _pick_jobs(self, vehicle, index, target, campaign):
        if target == "waiting_parts":
            return ["op_ev_iccu"], "warranty"
        if vehicle.kia_first_service_status == "available" and index % 3 == 0:
            return ["op_first_service"], "warranty"
        choices = EV_JOBS if vehicle.model_id.kia_is_ev else ICE_JOBS
        return self.rnd.choice(choices), None

    def _pay_type(self, op_xmlid, vehicle):
        """Every 4th repair concern is warranty when the vehicle is well within its basic
        warranty (otherwise the next covered one is), every 15th goodwill: a steady share
        whatever else draws on the random generator; maintenance is the customer's."""
        if op_xmlid not in CONCERNS:
            return "customer"
        self.concern_count += 1
        if self.concern_count % 4 == 1:
            self.warranty_due = True
        start = vehicle.kia_warranty_start
        covered = start and start > (self.now - relativedelta(months=30)).date()
        if self.warranty_due and covered:
            self.warranty_due = False
            return "warranty"
        return "goodwill" if self.concern_count % 15 == 7 else "customer"

    def _work_order(self, index, days_ago, target, campaign):
        env = self.env
        if target == "waiting_parts":
            vehicle = campaign.line_ids.vehicle_id[:1]
        else:
            vehicle = self.vehicles[(index * 7) % len(self.vehicles)]
        job_ops, forced_pay = self._pick_jobs(vehicle, index, target, campaign)
        jobs = []
        for op_xmlid in job_ops:
            operation = self.ref(op_xmlid)
            pay = forced_pay or self._pay_type(op_xmlid, vehicle)
            jobs.append(
                Command.create(
                    {
                        "concern": CONCERNS.get(op_xmlid, operation.name),
                        "labour_operation_id": operation.id,
                        "pay_type": pay,
                        "campaign_line_id": campaign.line_ids.filtered(
                            lambda line, v=vehicle: line.vehicle_id == v
                        )[:1].id
                        if op_xmlid == "op_ev_iccu"
                        else False,
                    }
                )
            )
        start = self.at(days_ago, 9 + index % 4)
        self.km[vehicle.id] += self.rnd.randint(400, 1800)
        order = env["repair.order"].create(
            {
                "kia_vehicle_id": vehicle.id,
                "user_id": self.advisors[index % 2].id,
                "kia_customer_concerns": "; ".join(
                    CONCERNS.get(op, self.ref(op).name) for op in job_ops
                ),
                "kia_checkin_odometer": self.km[vehicle.id],
                "kia_fuel_level": self.rnd.choice(["25", "50", "75", "100"]),
                "kia_promised_date": start + timedelta(hours=5),
                "schedule_date": start,
                "kia_job_line_ids": jobs,
            }
        )
        env["stock.move"].create(
            [
                {
                    "repair_id": order.id,
                    "product_id": self.ref(part).id,
                    "product_uom_qty": qty,
                    "repair_line_type": "add",
                    "kia_job_line_id": job.id,
                }
                for job in order.kia_job_line_ids
                for part, qty in DEMO_PARTS.get(self.op_xmlid.get(job.labour_operation_id.id), [])
            ]
        )
        if target == "reception":
            return order
        order.action_kia_check_in()
        order.kia_checkin_odometer_id.date = start.date()
        order.kia_checkin_date = start
        if target == "reception_checked_in":
            return order
        order.action_kia_send_estimate()
        if target == "waiting_approval":
            return order
        order._kia_record_approval(
            order.partner_id.name, self.rnd.choice(["in_person", "phone", "wechat"])
        )
        self._dispatch(order)
        if target == "waiting_parts":
            return order
        order.action_repair_start()
        if target == "in_progress":
            return order
        if target == "in_progress_clocked":
            job = order.kia_job_line_ids[:1]
            env["kia.job.time.log"].create(
                {
                    "job_line_id": job.id,
                    "employee_id": job.technician_ids[:1].id,
                    "date_start": self.now - timedelta(minutes=40),
                }
            )
            job.state = "in_progress"
            return order
        self._work(order, start)
        if target == "quality_check":
            return order
        if index % 11 == 4:
            # A rework: the first quality check fails.
            env["kia.quality.check"].create(
                {
                    "repair_id": order.id,
                    "inspector_id": self.inspector.id,
                    "result": "fail",
                    "date": start + timedelta(hours=3),
                    "failed_job_line_ids": [Command.set(order.kia_job_line_ids[:1].ids)],
                    "notes": "Oil drain plug seeping: re-torque and clean.",
                }
            )
            self._work(order, start + timedelta(hours=3), rework=True)
        env["kia.quality.check"].create(
            {
                "repair_id": order.id,
                "inspector_id": self.inspector.id,
                "result": "pass",
                "date": start + timedelta(hours=4),
            }
        )
        if target == "ready":
            return order
        if order.kia_amount_customer and not self.accounting:
            return order
        if order.kia_amount_customer:
            invoices = order._kia_create_invoices(start.date())
            if target == "ready_invoiced":
                return order
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoices.ids
            ).create({"payment_date": start.date()})._create_payments()
        if target == "ready_invoiced":
            return order
        handover = [
            {"item_id": item.id, "name": item.name, "usage": "handover", "result": "ok"}
            for item in env["kia.checklist.item"].search([("usage", "=", "handover")])
        ]
        order._kia_deliver(handover)
        delivered = start + timedelta(hours=self.rnd.choice([4, 5, 5, 6, 7]))
        order.with_context(kia_delivering=True).write({"kia_delivered_date": delivered})
        order.kia_vehicle_id.filtered(
            lambda v: v.kia_last_maintenance_date
        ).kia_last_maintenance_date = delivered.date()
        order.kia_followup_ids.write({"scheduled_date": (delivered + timedelta(days=3)).date()})
        return order

    def _dispatch(self, order):
        for job in order.kia_job_line_ids:
            needed = job.labour_operation_id.requirement_ids
            authorised = [
                tech
                for tech in self.technicians
                if not tech._kia_missing_certifications(
                    needed | tech.job_id.kia_requirement_ids.filtered("on_duty")
                )[tech.id]
            ]
            job.action_dispatch(self.rnd.choice(authorised))

    def _work(self, order, start, rework=False):
        jobs = (
            order.kia_job_line_ids.filtered(lambda j: j.state != "done")
            if rework
            else order.kia_job_line_ids
        )
        offset = timedelta(minutes=30)
        for job in jobs:
            hours = job.flagged_hours * self.rnd.uniform(0.7, 1.3)
            self.env["kia.job.time.log"].create(
                {
                    "job_line_id": job.id,
                    "employee_id": job.technician_ids[:1].id,
                    "date_start": start + offset,
                    "date_stop": start + offset + timedelta(hours=hours),
                }
            )
            offset += timedelta(hours=hours)
            operation = self.op_xmlid.get(job.labour_operation_id.id)
            job.write(
                {
                    "cause": job.cause or "Checked with the customer; confirmed on the lift.",
                    "correction": CORRECTIONS.get(
                        operation, f"Done as per {job.labour_operation_id.code}."
                    ),
                    "state": "done",
                    "done_date": start + offset,
                }
            )

    def _appointments(self, orders):
        env = self.env
        Appointment = env["kia.appointment"]
        advisors = self.ref("kia_training.emp_advisor_yang") | self.ref(
            "kia_training.emp_advisor_wu"
        )
        booked = set()
        for order in orders.filtered("kia_checkin_date")[::2]:
            slot = (order.id % 2, order.kia_checkin_date)
            if slot in booked:
                continue
            booked.add(slot)
            appointment = Appointment.create(
                {
                    "partner_id": order.partner_id.id,
                    "vehicle_id": order.kia_vehicle_id.id,
                    "start": order.kia_checkin_date - timedelta(minutes=30),
                    "advisor_id": advisors[order.id % 2].id,
                    "channel": self.rnd.choice(["phone", "phone", "wechat", "portal"]),
                    "customer_request": order.kia_customer_concerns,
                }
            )
            appointment.write({"state": "done", "repair_id": order.id})
            order.with_context(kia_delivering=True).kia_appointment_id = appointment
        for days_ago in (20, 12, 5):
            vehicle = self.vehicles[days_ago % len(self.vehicles)]
            Appointment.create(
                {
                    "partner_id": vehicle.kia_owner_id.id,
                    "vehicle_id": vehicle.id,
                    "start": self.at(days_ago, 15),
                    "advisor_id": advisors[0].id,
                    "state": "no_show",
                    "customer_request": "保养 (maintenance)",
                }
            )
        for i in range(12):
            vehicle = self.vehicles[(i * 5 + 3) % len(self.vehicles)]
            Appointment.create(
                {
                    "partner_id": vehicle.kia_owner_id.id,
                    "vehicle_id": vehicle.id,
                    "start": self.at(-(1 + i // 3), 9 + (i % 3) * 2),
                    "advisor_id": advisors[i % 2].id,
                    "bay_id": self.bays[i % len(self.bays)].id,
                    "channel": ["phone", "wechat", "portal", "phone"][i % 4],
                    "labour_operation_ids": [
                        Command.set(self.ref(self.rnd.choice(["op_10k", "op_oil", "op_ac"])).ids)
                    ],
                    "state": "confirmed" if i % 4 else "draft",
                }
            )

    def _followups(self, orders):
        """Follow-ups answered through the CSI questionnaire (the customer's survey
        answers): most good, one bad that opens a complaint, some unreachable."""
        followups = orders.kia_followup_ids.filtered(lambda f: f.scheduled_date <= self.now.date())
        for index, followup in enumerate(followups.sorted("id")):
            if index % 9 == 8:
                followup.action_unreachable()
                continue
            level = 1 if index == 5 else self.rnd.choice([4, 4, 4, 3, 3, 2])
            answers = {}
            for question in followup.survey_id.question_ids:
                choices = question.suggested_answer_ids.sorted("sequence")
                if choices:
                    answers[question.id] = choices[round(level * (len(choices) - 1) / 4)].id
            followup.action_record_answers(
                answers,
                "Very happy with the advisor."
                if level == 4
                else "Waited too long at delivery."
                if level == 1
                else False,
            )
            if level == 1:
                followup.action_open_complaint()
        # The calls were made on their scheduled days (the demo month is run today).
        for followup in followups.filtered("contact_date"):
            called = datetime.combine(followup.scheduled_date, time(10)) - timedelta(hours=8)
            followup.sudo().contact_date = min(called, self.now - timedelta(hours=1))
