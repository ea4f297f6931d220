import uuid
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# Who reads where the stranded customer is and how to reach him: the office roles that
# run the rescue, and the technicians who drive there (a technician reads only the rescues
# he responds to, see security/kia_rescue_security.xml; the foreman is a technician too).
CONTACT_GROUPS = (
    "kia_aftersales.group_customer_relations,kia_aftersales.group_info_coordinator,"
    "kia_aftersales.group_technician"
)
OFFICE_GROUPS = "kia_aftersales.group_customer_relations,kia_aftersales.group_info_coordinator"
# A rescue holds its service vehicle until it is finished or cancelled.
ACTIVE_STATES = ("called", "dispatched", "departed", "arrived")
# The times of a rescue, in the order they happen.
TIME_FIELDS = ("called_date", "dispatched_date", "departed_date", "arrived_date", "finished_date")
# What the foreman plans (the crew) while the rescue has not left.
CREW_FIELDS = {"responder_ids", "service_vehicle_id"}
# Framework fields anyone who may read a rescue writes (chatter, activities, portal token).
FREE_PREFIXES = ("message_", "activity_", "website_message", "access_", "__")


class KiaRescue(models.Model):
    """A roadside rescue (外出救援): a customer's vehicle broken down or damaged away from
    the workshop. The dealer sends responders (technicians) in a service vehicle; the
    times called, dispatched, departed, arrived and finished are stamped by the buttons
    and are workflow fields (``kia.workflow.mixin``): a client cannot write them. The
    response time (arrived - called) is measured against the zone's target.

    A service vehicle serves one active rescue at a time (checked however the vehicle or
    the state is written, under a row lock, see ``_kia_lock_service_vehicles``). A rescue
    that ends with a tow or a workshop repair opens the work order with what is known.
    The responders see the rescue in their Odoo calendar from departure to finish."""

    _name = "kia.rescue"
    _description = "Roadside Rescue"
    _inherit = ["mail.thread", "mail.activity.mixin", "portal.mixin", "kia.workflow.mixin"]
    _order = "called_date desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "license_plate"]
    # Once dispatched, a rescue is evidence (never deleted); what stays editable while it
    # runs (see ``_kia_check_editable`` for who and until when).
    _kia_append_only_editable = (
        "partner_id",
        "vehicle_id",
        "failure_description",
        "odometer",
        "zone_id",
        "address",
        "latitude",
        "longitude",
        "responder_ids",
        "service_vehicle_id",
    )

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("called", "Called"),
            ("dispatched", "Dispatched"),
            ("departed", "On the Way"),
            ("arrived", "On Site"),
            ("done", "Finished"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="called",
        required=True,
        tracking=True,
        index=True,
        kia_workflow=True,
    )
    # The customer and his vehicle
    partner_id = fields.Many2one(
        "res.partner", string="Customer", check_company=True, tracking=True, index=True
    )
    partner_phone = fields.Char(
        related="partner_id.mobile", string="Customer Mobile", groups=CONTACT_GROUPS
    )
    vehicle_id = fields.Many2one(
        "fleet.vehicle",
        check_company=True,
        tracking=True,
        domain="[('kia_is_service_vehicle', '=', False)]",
    )
    license_plate = fields.Char(related="vehicle_id.license_plate", string="Plate", store=True)
    call_id = fields.Many2one(
        "kia.hotline.call",
        string="Hotline Call",
        readonly=True,
        copy=False,
        kia_workflow=True,
        groups=OFFICE_GROUPS,
    )
    failure_description = fields.Text(
        string="Failure", tracking=True, help="What happened, in the customer's words."
    )
    odometer = fields.Float(string="Odometer on Site", help="Read on site by the responders.")
    # Where
    zone_id = fields.Many2one("kia.rescue.zone", check_company=True, tracking=True)
    address = fields.Text(groups=CONTACT_GROUPS, help="Where the vehicle is: road, landmark.")
    latitude = fields.Float(digits=(10, 7), groups=CONTACT_GROUPS)
    longitude = fields.Float(digits=(10, 7), groups=CONTACT_GROUPS)
    # Who goes
    responder_ids = fields.Many2many(
        "hr.employee",
        string="Responders",
        check_company=True,
        tracking=True,
        help="The technicians who drive to the customer.",
    )
    service_vehicle_id = fields.Many2one(
        "fleet.vehicle",
        check_company=True,
        tracking=True,
        index="btree_not_null",
        domain="[('kia_is_service_vehicle', '=', True)]",
    )
    # When (stamped by the buttons)
    called_date = fields.Datetime(
        string="Called At", readonly=True, copy=False, index=True, kia_workflow=True
    )
    dispatched_date = fields.Datetime(
        string="Dispatched At", readonly=True, copy=False, kia_workflow=True
    )
    departed_date = fields.Datetime(
        string="Departed At", readonly=True, copy=False, kia_workflow=True
    )
    arrived_date = fields.Datetime(
        string="Arrived At", readonly=True, copy=False, kia_workflow=True
    )
    finished_date = fields.Datetime(
        string="Finished At", readonly=True, copy=False, kia_workflow=True
    )
    target_minutes = fields.Integer(
        string="Response Target (minutes)",
        compute="_compute_target_minutes",
        store=True,
        help="The zone's target when the zone was chosen: a later change of the zone's "
        "target does not rewrite past rescues.",
    )
    response_minutes = fields.Float(
        string="Response Time (minutes)",
        compute="_compute_response",
        store=True,
        aggregator="avg",
        help="From the customer's call to the responders' arrival on site.",
    )
    response_breached = fields.Boolean(
        string="Target Missed",
        compute="_compute_response",
        store=True,
        index=True,
        help="Arrived later than the zone's response target.",
    )
    # How it ended
    outcome = fields.Selection(
        [
            ("fixed", "Fixed on Site"),
            ("towed", "Towed to the Workshop"),
            ("workshop", "Workshop Repair Needed"),
            ("cancelled", "Cancelled"),
        ],
        readonly=True,
        copy=False,
        tracking=True,
        kia_workflow=True,
    )
    repair_id = fields.Many2one(
        "repair.order", string="Work Order", readonly=True, copy=False, kia_workflow=True
    )
    calendar_event_id = fields.Many2one(
        "calendar.event", readonly=True, copy=False, kia_workflow=True
    )

    # ------------------------------------------------------------------ computes

    @api.depends("zone_id")
    def _compute_target_minutes(self):
        for rescue in self:
            rescue.target_minutes = rescue.zone_id.target_minutes

    @api.depends("called_date", "arrived_date", "target_minutes")
    def _compute_response(self):
        for rescue in self:
            if rescue.called_date and rescue.arrived_date:
                minutes = (rescue.arrived_date - rescue.called_date).total_seconds() / 60
                rescue.response_minutes = round(minutes, 1)
                rescue.response_breached = bool(
                    rescue.target_minutes and minutes > rescue.target_minutes
                )
            else:
                rescue.response_minutes = 0.0
                rescue.response_breached = False

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for rescue in self:
            rescue.access_url = f"/my/rescues/{rescue.id}"
        return res

    @api.depends("name", "license_plate")
    def _compute_display_name(self):
        for rescue in self:
            rescue.display_name = " - ".join(
                part for part in (rescue.name, rescue.license_plate) if part
            )

    # ------------------------------------------------------------------ constraints

    @api.constrains("latitude", "longitude")
    def _check_coordinates(self):
        for rescue in self.sudo():
            if not -90 <= rescue.latitude <= 90:
                raise ValidationError(
                    self.env._(
                        "Latitude %(value)s of rescue %(rescue)s is out of range: it lies "
                        "between -90 and 90 degrees.",
                        value=rescue.latitude,
                        rescue=rescue.name,
                    )
                )
            if not -180 <= rescue.longitude <= 180:
                raise ValidationError(
                    self.env._(
                        "Longitude %(value)s of rescue %(rescue)s is out of range: it lies "
                        "between -180 and 180 degrees.",
                        value=rescue.longitude,
                        rescue=rescue.name,
                    )
                )

    @api.constrains(*TIME_FIELDS)
    def _check_time_order(self):
        for rescue in self:
            previous = None
            for name in TIME_FIELDS:
                moment = rescue[name]
                if not moment:
                    continue
                if previous and moment < rescue[previous]:
                    raise ValidationError(
                        self.env._(
                            "Rescue %(rescue)s: %(later)s (%(later_time)s) cannot be before "
                            "%(earlier)s (%(earlier_time)s).",
                            rescue=rescue.name,
                            later=self._fields[name]._description_string(self.env),
                            later_time=fields.Datetime.context_timestamp(rescue, moment).strftime(
                                "%Y-%m-%d %H:%M"
                            ),
                            earlier=self._fields[previous]._description_string(self.env),
                            earlier_time=fields.Datetime.context_timestamp(
                                rescue, rescue[previous]
                            ).strftime("%Y-%m-%d %H:%M"),
                        )
                    )
                previous = name

    @api.constrains("service_vehicle_id", "state")
    def _check_service_vehicle(self):
        """A service vehicle is one of the dealer's, and serves one active rescue at a
        time."""
        rescues = self.filtered("service_vehicle_id")
        not_service = rescues.filtered(lambda r: not r.service_vehicle_id.kia_is_service_vehicle)
        if not_service:
            raise ValidationError(
                self.env._(
                    "%(vehicle)s is not a service vehicle: a rescue goes out in one of the "
                    "dealer's service vehicles (Fleet: Service Vehicle ticked).",
                    vehicle=not_service[0].service_vehicle_id.display_name,
                )
            )
        active = rescues.filtered(lambda r: r.state in ACTIVE_STATES)
        if not active:
            return
        self._kia_lock_service_vehicles(active.service_vehicle_id)
        others = self.sudo().search(
            [
                ("service_vehicle_id", "in", active.service_vehicle_id.ids),
                ("state", "in", ACTIVE_STATES),
            ]
        )
        for rescue in active:
            busy = others.filtered(
                lambda other, rescue=rescue: (
                    other.service_vehicle_id == rescue.service_vehicle_id and other != rescue
                )
            )
            if busy:
                raise ValidationError(
                    self.env._(
                        "Service vehicle %(vehicle)s is already out on rescue %(other)s: "
                        "finish or cancel that rescue, or choose another service vehicle.",
                        vehicle=rescue.service_vehicle_id.display_name,
                        other=busy[0].name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.rescue") or "/"
            # Every rescue has its portal token from the start: the portal's chatter
            # compares a posted token with it (and fails on a missing one).
            vals.setdefault("access_token", str(uuid.uuid4()))
        rescues = super().create(vals_list)
        rescues.filtered(lambda r: not r.called_date).sudo().write(
            {"called_date": fields.Datetime.now()}
        )
        return rescues

    def write(self, vals):
        if not self.env.su:
            self._kia_check_editable(vals)
        return super().write(vals)

    def _kia_check_editable(self, vals):
        """The foreman plans the crew (responders, service vehicle) and nothing else; the
        crew is set before departure; a finished or cancelled rescue is kept as it was."""
        changed = {key for key in vals if not key.startswith(FREE_PREFIXES)}
        if not changed:
            return
        self.check_access("write")
        closed = self.filtered(lambda r: r.state in ("done", "cancelled"))
        if closed:
            raise UserError(
                self.env._(
                    "Rescue %(rescue)s is closed: it is kept as it was recorded. Add a note "
                    "in its chatter instead.",
                    rescue=closed[0].name,
                )
            )
        if not self._kia_is_office() and changed - CREW_FIELDS:
            raise UserError(
                self.env._(
                    "The workshop sets the responders and the service vehicle of a rescue; "
                    "customer relations and the information coordinator record the rest."
                )
            )
        gone = self.filtered(lambda r: r.state not in ("called", "dispatched"))
        if gone and changed & CREW_FIELDS:
            raise UserError(
                self.env._(
                    "Rescue %(rescue)s has left: its responders and service vehicle are kept "
                    "as they went.",
                    rescue=gone[0].name,
                )
            )

    def _kia_evidence(self):
        return self.filtered(lambda rescue: rescue.state != "called")

    def _kia_workflow_error(self, names):
        return self.env._(
            "The status, times and outcome of a rescue are stamped by its buttons (Dispatch, "
            "Depart, Arrive, Finish, Cancel): the change was refused."
        )

    # ------------------------------------------------------------------ actions

    def action_dispatch(self):
        """The crew is sent: responders and service vehicle assigned."""
        self._kia_check_state(
            "called", self.env._("Only a rescue just called in can be dispatched.")
        )
        self._kia_check_crew()
        self._kia_flow_write({"state": "dispatched", "dispatched_date": fields.Datetime.now()})
        return True

    def action_depart(self):
        """The service vehicle leaves; the responders' calendars show the rescue."""
        self._kia_check_state("dispatched", self.env._("Dispatch a rescue before it departs."))
        self._kia_check_crew()
        self._kia_flow_write({"state": "departed", "departed_date": fields.Datetime.now()})
        self._kia_create_calendar_events()
        return True

    def action_arrive(self):
        self._kia_check_state(
            "departed", self.env._("The responders arrive on site after they departed.")
        )
        self._kia_flow_write({"state": "arrived", "arrived_date": fields.Datetime.now()})
        return True

    def action_finish(self, outcome):
        """Finish the rescues on site with ``outcome`` (fixed, towed, workshop). A tow or a
        workshop repair opens the work order for the vehicle."""
        if outcome not in ("fixed", "towed", "workshop"):
            raise UserError(self.env._("Choose how the rescue ended."))
        self._kia_check_state("arrived", self.env._("A rescue is finished once on site."))
        if outcome != "fixed":
            no_vehicle = self.filtered(lambda r: not r.vehicle_id)
            if no_vehicle:
                raise UserError(
                    self.env._(
                        "Enter the customer's vehicle of rescue %(rescue)s: the work order "
                        "is opened for it.",
                        rescue=no_vehicle[0].name,
                    )
                )
        now = fields.Datetime.now()
        self._kia_flow_write({"state": "done", "finished_date": now, "outcome": outcome})
        self._kia_close_calendar_events(now)
        if outcome != "fixed":
            self._kia_create_work_orders()
        # The rescue stays on screen with its work order's reference: customer relations
        # read work orders but do not open the workshop's work-order form.
        return True

    def action_finish_fixed(self):
        return self.action_finish("fixed")

    def action_finish_towed(self):
        return self.action_finish("towed")

    def action_finish_workshop(self):
        return self.action_finish("workshop")

    def action_cancel(self):
        """Cancel (the customer found help elsewhere, a false alarm): the service vehicle
        is free again."""
        self._kia_check_office()
        closed = self.filtered(lambda r: r.state in ("done", "cancelled"))
        if closed:
            raise UserError(
                self.env._("Rescue %(rescue)s is already closed.", rescue=closed[0].name)
            )
        now = fields.Datetime.now()
        self._kia_flow_write({"state": "cancelled", "finished_date": now, "outcome": "cancelled"})
        self._kia_close_calendar_events(now)
        return True

    def action_view_work_order(self):
        self.ensure_one()
        return self._kia_form_action(self.repair_id)

    # ------------------------------------------------------------------ helpers

    def _kia_form_action(self, record=None):
        """The form of ``record`` (default: this rescue); a work order in the vehicle
        work-order form."""
        record = record if record is not None else self
        view = (
            self.env.ref("kia_aftersales.repair_order_view_form").id
            if record._name == "repair.order"
            else False
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
            "views": [(view, "form")],
            "target": "current",
        }

    def _kia_is_office(self):
        user = self.env.user
        return (
            self.env.su
            or user.has_group("kia_aftersales.group_customer_relations")
            or user.has_group("kia_aftersales.group_info_coordinator")
        )

    def _kia_check_office(self):
        if not self._kia_is_office():
            raise UserError(
                self.env._(
                    "Customer relations and the information coordinator run a rescue's "
                    "steps; the workshop sets its responders and service vehicle."
                )
            )

    def _kia_check_state(self, state, message):
        self._kia_check_office()
        if self.filtered(lambda r: r.state != state):
            raise UserError(message)

    def _kia_check_crew(self):
        for rescue in self:
            if not rescue.responder_ids or not rescue.service_vehicle_id:
                raise UserError(
                    self.env._(
                        "Rescue %(rescue)s needs its responders and a service vehicle before "
                        "it goes out.",
                        rescue=rescue.name,
                    )
                )

    def _kia_lock_service_vehicles(self, vehicles):
        """Serialise the transactions that send the same service vehicle out.

        The check counts the vehicle's active rescues in the transaction's own snapshot: two
        concurrent dispatches would each miss the other's rescue. Each one therefore
        updates the vehicle's row first (a no-op update, which takes the row lock): the
        second transaction waits for the first, and if the first commits, PostgreSQL fails
        the second with a serialization error (REPEATABLE READ, Odoo's isolation level);
        Odoo retries the request, whose check then sees the committed rescue. A plain
        ``SELECT ... FOR UPDATE`` would wait but then count on the old snapshot."""
        self.env.cr.execute(
            SQL(
                "UPDATE fleet_vehicle SET write_date = write_date WHERE id IN %s",
                tuple(sorted(vehicles.ids)),
            )
        )

    def _kia_responder_partners(self):
        self.ensure_one()
        return (
            self.responder_ids.user_id.partner_id
            | self.responder_ids.filtered(lambda e: not e.user_id).work_contact_id
        )

    def _kia_create_calendar_events(self):
        """The rescues in the responders' Odoo calendars, from departure to (for now) the
        zone's target twice over; the finish sets the real end."""
        model = self.env["ir.model"]._get_id(self._name)
        events = (
            self.env["calendar.event"]
            .sudo()
            .with_context(no_mail_to_attendees=True)
            .create(
                [
                    {
                        "name": self.env._(
                            "Roadside rescue %(rescue)s: %(plate)s",
                            rescue=rescue.name,
                            plate=rescue.license_plate or "",
                        ),
                        "start": rescue.departed_date,
                        "stop": rescue.departed_date
                        + timedelta(minutes=max(2 * (rescue.target_minutes or 60), 60)),
                        "partner_ids": [Command.set(rescue._kia_responder_partners().ids)],
                        "user_id": rescue.responder_ids.user_id[:1].id or self.env.uid,
                        "privacy": "private",
                        "res_model_id": model,
                        "res_id": rescue.id,
                    }
                    for rescue in self
                ]
            )
        )
        for rescue, event in zip(self, events, strict=True):
            rescue.sudo().calendar_event_id = event

    def _kia_close_calendar_events(self, now):
        events = self.sudo().calendar_event_id
        if events:
            events.with_context(no_mail_to_attendees=True).write({"stop": now})

    def _kia_create_work_orders(self):
        """The work order (draft, for the advisor's reception and check-in) with what the
        rescue knows: customer, vehicle, the failure as the customer's concern, the
        odometer read on site. Created as the system once the rescue's own rules passed:
        customer relations do not write work orders otherwise."""
        for rescue in self:
            order = (
                self.env["repair.order"]
                .sudo()
                .with_company(rescue.company_id)
                .create(rescue._kia_work_order_values())
            )
            order.message_post(
                body=self.env._(
                    "Opened from roadside rescue %(rescue)s (%(outcome)s).",
                    rescue=rescue.name,
                    outcome=dict(self._fields["outcome"]._description_selection(self.env))[
                        rescue.outcome
                    ],
                )
            )
            rescue.sudo().repair_id = order

    def _kia_work_order_values(self):
        self.ensure_one()
        values = {
            "company_id": self.company_id.id,
            "kia_vehicle_id": self.vehicle_id.id,
            "partner_id": (self.partner_id or self.vehicle_id.kia_owner_id).id,
            "kia_customer_concerns": self.failure_description
            or self.env._("Roadside rescue %(rescue)s.", rescue=self.name),
            "internal_notes": self.env._(
                "Roadside rescue %(rescue)s: %(outcome)s.",
                rescue=self.name,
                outcome=dict(self._fields["outcome"]._description_selection(self.env))[
                    self.outcome
                ],
            ),
            "user_id": False,
        }
        if self.odometer > 0:
            values["kia_checkin_odometer"] = self.odometer
        return values
