from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

ACTIVE_STATES = ("draft", "confirmed", "arrived")


class KiaAppointment(models.Model):
    """A service appointment (预约): the customer, the vehicle, what is wanted, the
    advisor and the workshop bay, in a slot whose capacity is enforced."""

    _name = "kia.appointment"
    _description = "Service Appointment"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.notify.mixin", "kia.workflow.mixin"]
    _kia_workflow_fields = ("state", "repair_id")
    _kia_initial_states = ("confirmed",)
    _order = "start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        tracking=True,
        check_company=True,
        index=True,
    )
    partner_phone = fields.Char(
        related="partner_id.mobile",
        string="Mobile",
        groups="kia_aftersales.group_advisor,kia_aftersales.group_customer_relations",
    )
    vehicle_id = fields.Many2one(
        "fleet.vehicle",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('kia_owner_id', '=', partner_id)]",
    )
    license_plate = fields.Char(related="vehicle_id.license_plate", string="Plate")
    start = fields.Datetime(required=True, tracking=True)
    duration = fields.Float(
        string="Duration (hours)",
        default=lambda self: self.env.company.kia_appointment_slot_minutes / 60,
    )
    stop = fields.Datetime(compute="_compute_stop", store=True, index=True)
    advisor_id = fields.Many2one(
        "hr.employee", string="Service Advisor", tracking=True, check_company=True
    )
    bay_id = fields.Many2one(
        "resource.resource",
        string="Workshop Bay",
        check_company=True,
        domain="[('kia_is_bay', '=', True)]",
        tracking=True,
    )
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("portal", "Customer Portal"),
            ("wechat", "WeChat"),
            ("walk_in", "Walk-in"),
        ],
        required=True,
        default="phone",
    )
    labour_operation_ids = fields.Many2many(
        "kia.labour.operation", string="Requested Services", check_company=True
    )
    customer_request = fields.Text(help="What the customer asks for, in the customer's words.")
    state = fields.Selection(
        [
            ("draft", "To Confirm"),
            ("confirmed", "Confirmed"),
            ("arrived", "Arrived"),
            ("done", "Work Order Opened"),
            ("no_show", "No-show"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
    )
    repair_id = fields.Many2one("repair.order", string="Work Order", readonly=True, copy=False)
    hotline_call_id = fields.Many2one(
        "kia.hotline.call",
        readonly=True,
        copy=False,
        index="btree_not_null",
        kia_workflow=True,
        groups="kia_aftersales.group_customer_relations,kia_aftersales.group_info_coordinator",
        help="The hotline call this appointment was booked from (its Appointment button).",
    )
    calendar_event_id = fields.Many2one("calendar.event", readonly=True, copy=False)
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    color = fields.Integer(compute="_compute_color")

    _sql_constraints = [
        ("duration_positive", "CHECK (duration > 0)", "An appointment must last some time."),
    ]

    def init(self):
        """The table of booking locks (see ``_kia_lock_bookings``): one row per company
        and scope (a day of slots, a portal customer), no foreign key so that no other
        transaction ever locks or checks it."""
        res = super().init()
        self.env.cr.execute(
            """
            CREATE TABLE IF NOT EXISTS kia_appointment_booking_lock (
                company_id integer NOT NULL,
                scope varchar NOT NULL,
                bookings integer NOT NULL DEFAULT 1,
                PRIMARY KEY (company_id, scope)
            )
            """
        )
        return res

    @api.depends("start", "duration")
    def _compute_stop(self):
        for appointment in self:
            appointment.stop = appointment.start and appointment.start + timedelta(
                hours=appointment.duration
            )

    def _compute_color(self):
        colors = {
            "draft": 3,
            "confirmed": 10,
            "arrived": 4,
            "done": 0,
            "no_show": 1,
            "cancelled": 0,
        }
        for appointment in self:
            appointment.color = colors[appointment.state]

    @api.depends("name", "partner_id", "license_plate")
    def _compute_display_name(self):
        for appointment in self:
            appointment.display_name = " - ".join(
                part
                for part in (
                    appointment.name,
                    appointment.license_plate,
                    appointment.partner_id.name,
                )
                if part
            )

    @api.constrains("vehicle_id", "partner_id")
    def _check_vehicle_owner(self):
        for appointment in self:
            owner = appointment.vehicle_id.kia_owner_id
            if owner and owner != appointment.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(vehicle)s belongs to %(owner)s, not to %(customer)s.",
                        vehicle=appointment.vehicle_id.display_name,
                        owner=owner.name,
                        customer=appointment.partner_id.name,
                    )
                )

    @api.constrains("start", "duration", "advisor_id", "bay_id", "state", "company_id")
    def _check_capacity(self):
        """Slot capacity: an advisor and a bay take one appointment at a time, and the
        workshop takes no more appointments at once than it has bays."""
        active = self.filtered(lambda a: a.state in ACTIVE_STATES)
        if not active:
            return
        active._kia_lock_bookings(active._kia_slot_scopes())
        others = self.search(
            [
                ("company_id", "in", active.company_id.ids),
                ("state", "in", ACTIVE_STATES),
                ("start", "<", max(active.mapped("stop"))),
                ("stop", ">", min(active.mapped("start"))),
            ]
        )
        bay_counts = dict(
            self.env["resource.resource"]._read_group(
                [("kia_is_bay", "=", True), ("company_id", "in", active.company_id.ids)],
                ["company_id"],
                ["__count"],
            )
        )
        for appointment in active:
            overlapping = others.filtered(
                lambda o, a=appointment: (
                    o.company_id == a.company_id and o.start < a.stop and o.stop > a.start
                )
            )
            clash = overlapping - appointment
            if appointment.advisor_id and appointment.advisor_id in clash.advisor_id:
                raise ValidationError(
                    self.env._(
                        "%(advisor)s already has an appointment between %(start)s and "
                        "%(stop)s: choose another advisor or slot.",
                        advisor=appointment.advisor_id.name,
                        start=appointment._kia_local(appointment.start),
                        stop=appointment._kia_local(appointment.stop),
                    )
                )
            if appointment.bay_id and appointment.bay_id in clash.bay_id:
                raise ValidationError(
                    self.env._(
                        "Bay %(bay)s is already booked between %(start)s and %(stop)s: "
                        "choose another bay or slot.",
                        bay=appointment.bay_id.name,
                        start=appointment._kia_local(appointment.start),
                        stop=appointment._kia_local(appointment.stop),
                    )
                )
            capacity = bay_counts.get(appointment.company_id, 0)
            if capacity and appointment._kia_peak(overlapping) > capacity:
                raise ValidationError(
                    self.env._(
                        "The slot starting %(start)s is full: the workshop has %(bays)s bays "
                        "and they are all booked. Choose another slot.",
                        start=appointment._kia_local(appointment.start),
                        bays=capacity,
                    )
                )

    @api.constrains("partner_id", "channel", "company_id")
    def _check_portal_bookings(self):
        """One portal customer cannot fill the workshop: he holds at most the company's
        ``kia_portal_max_appointments`` open portal bookings (draft ones count against
        the slot capacity until an advisor confirms or cancels them). Advisors booking
        by phone or at the counter are not limited."""
        portal = self.filtered(
            lambda a: (
                a.channel == "portal"
                and a.state in ACTIVE_STATES
                and a.company_id.kia_portal_max_appointments
            )
        )
        if not portal:
            return
        customers = portal.partner_id.commercial_partner_id
        portal._kia_lock_bookings(
            {
                (
                    appointment.company_id.id,
                    f"customer:{appointment.partner_id.commercial_partner_id.id}",
                )
                for appointment in portal
            }
        )
        held = self.search(
            [
                ("channel", "=", "portal"),
                ("state", "in", ACTIVE_STATES),
                ("company_id", "in", portal.company_id.ids),
                ("partner_id", "child_of", customers.ids),
            ]
        )
        for appointment in portal:
            customer = appointment.partner_id.commercial_partner_id
            company = appointment.company_id
            count = len(
                held.filtered(
                    lambda a, c=customer, co=company: (
                        a.company_id == co and a.partner_id.commercial_partner_id == c
                    )
                )
            )
            if count > company.kia_portal_max_appointments:
                raise ValidationError(
                    self.env._(
                        "%(customer)s already has %(count)s open appointments booked online; "
                        "at most %(max)s are allowed. Please wait for them to be confirmed or "
                        "served, or call the service desk.",
                        customer=customer.name,
                        count=count - 1,
                        max=company.kia_portal_max_appointments,
                    )
                )

    def _kia_slot_scopes(self):
        """Lock scopes of the slots these appointments take: one per company and UTC day
        they touch, so that two appointments that overlap share at least one."""
        scopes = set()
        for appointment in self:
            day = appointment.start.date()
            while True:
                scopes.add((appointment.company_id.id, f"day:{day.isoformat()}"))
                day += timedelta(days=1)
                if appointment.stop <= fields.Datetime.to_datetime(day):
                    break
        return scopes

    def _kia_lock_bookings(self, scopes):
        """Serialise the transactions that book into the same scopes, before they count.

        A Python constraint alone lets two concurrent transactions both pass: each counts
        what its own snapshot shows, without the other's booking. Each booking therefore
        bumps a lock row per scope (``INSERT ... ON CONFLICT DO UPDATE``): a second
        transaction on the same scope waits for the first one, and if the first commits,
        PostgreSQL fails the second with a serialization error (REPEATABLE READ, Odoo's
        isolation level); Odoo retries the request, which then counts the committed
        booking. An advisory lock would not do: it waits, but the waiting transaction
        still counts on its old snapshot."""
        if not scopes:
            return
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO kia_appointment_booking_lock (company_id, scope)
                VALUES %s
                ON CONFLICT (company_id, scope) DO UPDATE
                SET bookings = kia_appointment_booking_lock.bookings + 1
                """,
                SQL(", ").join(
                    SQL("(%s, %s)", company, scope) for company, scope in sorted(scopes)
                ),
            )
        )

    def _kia_peak(self, appointments):
        """The most of ``appointments`` running at the same moment during this one."""
        self.ensure_one()
        events = sorted(
            [(max(a.start, self.start), 1) for a in appointments]
            + [(min(a.stop, self.stop), -1) for a in appointments]
        )  # at the same moment, an end (-1) sorts before a start (+1)
        running = peak = 0
        for _moment, step in events:
            running += step
            peak = max(peak, running)
        return peak

    def _kia_local(self, value):
        return fields.Datetime.context_timestamp(self, value).strftime("%Y-%m-%d %H:%M")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.appointment") or "/"
        appointments = super().create(vals_list)
        from_calls = appointments.sudo().filtered("hotline_call_id")
        if from_calls:
            self.env["kia.hotline.call"]._kia_link_appointments(from_calls)
        return appointments

    def write(self, vals):
        res = super().write(vals)
        if {"start", "duration", "advisor_id", "partner_id"} & set(vals):
            self.filtered("calendar_event_id")._kia_sync_calendar_event()
        return res

    def _kia_workflow_error(self, names):
        return self.env._(
            "The status of an appointment changes through its buttons only: Confirm, "
            "Customer Arrived, Open Work Order, No-show or Cancel."
        )

    # ------------------------------------------------------------------ actions

    def action_confirm(self):
        if self.filtered(lambda a: a.state != "draft"):
            raise UserError(self.env._("Only appointments to confirm can be confirmed."))
        self._kia_flow_write({"state": "confirmed"})
        self._kia_sync_calendar_event()
        self._kia_notify("appointment_confirmed")
        return True

    def action_arrive(self):
        if self.filtered(lambda a: a.state not in ("draft", "confirmed")):
            raise UserError(self.env._("Only a booked appointment can be checked as arrived."))
        return self._kia_flow_write({"state": "arrived"})

    def action_no_show(self):
        if self.filtered(lambda a: a.state not in ("draft", "confirmed")):
            raise UserError(self.env._("Only a booked appointment can be marked as a no-show."))
        self._kia_flow_write({"state": "no_show"})
        self.calendar_event_id.unlink()
        return True

    def action_cancel(self):
        if self.filtered(lambda a: a.state in ("done",)):
            raise UserError(self.env._("A work order was already opened for this appointment."))
        self._kia_flow_write({"state": "cancelled"})
        self.calendar_event_id.unlink()
        return True

    def action_create_work_order(self):
        """One click: a work order with the appointment's customer, vehicle, advisor and
        requests (one job per requested service)."""
        self.ensure_one()
        if self.state not in ("draft", "confirmed", "arrived"):
            raise UserError(
                self.env._("This appointment is closed: no work order can be opened from it.")
            )
        advisor_user = self.advisor_id.user_id or self.env.user
        jobs = [
            Command.create({"concern": operation.name, "labour_operation_id": operation.id})
            for operation in self.labour_operation_ids
        ]
        if self.customer_request and not jobs:
            jobs.append(Command.create({"concern": self.customer_request}))
        repair = self.env["repair.order"].create(
            {
                "company_id": self.company_id.id,
                "kia_vehicle_id": self.vehicle_id.id,
                "partner_id": self.partner_id.id,
                "user_id": advisor_user.id,
                "kia_appointment_id": self.id,
                "kia_customer_concerns": self.customer_request,
                "kia_checkin_odometer": self.vehicle_id.odometer,
                "kia_promised_date": self.stop
                + timedelta(hours=sum(self.labour_operation_ids.mapped("flagged_hours")) + 1),
                "kia_job_line_ids": jobs,
            }
        )
        self._kia_flow_write({"state": "done", "repair_id": repair.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "repair.order",
            "res_id": repair.id,
            "view_mode": "form",
            "views": [(self.env.ref("kia_aftersales.repair_order_view_form").id, "form")],
        }

    def _kia_sync_calendar_event(self):
        """The appointment in the advisor's Odoo calendar."""
        for appointment in self.filtered(lambda a: a.state in ACTIVE_STATES):
            values = {
                "name": self.env._(
                    "Service appointment %(ref)s: %(plate)s",
                    ref=appointment.name,
                    plate=appointment.license_plate or "",
                ),
                "start": appointment.start,
                "stop": appointment.stop,
                "partner_ids": [
                    Command.set(
                        (appointment.advisor_id.work_contact_id | appointment.partner_id).ids
                    )
                ],
                "user_id": appointment.advisor_id.user_id.id or self.env.uid,
            }
            if appointment.calendar_event_id:
                appointment.calendar_event_id.sudo().write(values)
            else:
                appointment.calendar_event_id = (
                    self.env["calendar.event"]
                    .sudo()
                    .with_context(no_mail_to_attendees=True)
                    .create(values)
                )

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_send_reminders(self):
        """Remind customers of tomorrow's appointments (once)."""
        now = fields.Datetime.now()
        appointments = self.search(
            [("state", "=", "confirmed"), ("reminder_sent", "=", False), ("start", ">", now)]
        )
        due = appointments.filtered(
            lambda a: a.start <= now + timedelta(hours=a.company_id.kia_appointment_reminder_hours)
        )
        due._kia_notify("appointment_reminder")
        due.write({"reminder_sent": True})
        return due

    @api.model
    def _cron_mark_no_shows(self):
        """Booked appointments whose customer never came become no-shows."""
        now = fields.Datetime.now()
        appointments = self.search([("state", "in", ("draft", "confirmed")), ("start", "<", now)])
        missed = appointments.filtered(
            lambda a: a.start + timedelta(minutes=a.company_id.kia_no_show_grace_minutes) < now
        )
        if missed:
            missed.action_no_show()
        return missed
