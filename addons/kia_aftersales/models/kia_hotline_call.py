from odoo import api, fields, models
from odoo.exceptions import UserError

CARE_GROUPS = "kia_aftersales.group_customer_relations,kia_aftersales.group_info_coordinator"


class KiaHotlineCall(models.Model):
    """A call to the 24-hour service hotline (24小时服务热线). The log is evidence: once
    recorded, who called, when and who answered stay as they were (``kia.workflow.mixin``,
    append-only); notes may be added and the caller identified as a customer later.

    A call becomes a complaint (a helpdesk ticket), an appointment or a roadside rescue
    through its buttons, which keep the link and the outcome (workflow fields)."""

    _name = "kia.hotline.call"
    _description = "Hotline Call"
    _inherit = ["mail.thread", "kia.workflow.mixin"]
    _order = "call_time desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["caller_name", "phone"]
    _kia_append_only = True
    _kia_append_only_editable = ("notes", "partner_id", "vehicle_id")

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    call_time = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    caller_name = fields.Char(required=True)
    phone = fields.Char(groups=CARE_GROUPS)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        check_company=True,
        index="btree_not_null",
        tracking=True,
        help="The customer, when the caller is known (or identified later).",
    )
    vehicle_id = fields.Many2one(
        "fleet.vehicle",
        check_company=True,
        tracking=True,
        domain="[('kia_is_service_vehicle', '=', False)]",
    )
    license_plate = fields.Char(related="vehicle_id.license_plate", string="Plate")
    reason = fields.Selection(
        [
            ("breakdown", "Breakdown"),
            ("accident", "Accident"),
            ("booking", "Service Booking"),
            ("complaint", "Complaint"),
            ("enquiry", "Enquiry"),
            ("other", "Other"),
        ],
        required=True,
        default="enquiry",
    )
    answered_by_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    notes = fields.Text(tracking=True, help="What the caller said and what was answered.")
    outcome = fields.Selection(
        [
            ("logged", "Logged"),
            ("resolved", "Answered on the Phone"),
            ("complaint", "Complaint Opened"),
            ("appointment", "Appointment Booked"),
            ("rescue", "Rescue Dispatched"),
        ],
        default="logged",
        required=True,
        tracking=True,
        kia_workflow=True,
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", readonly=True, copy=False, kia_workflow=True
    )
    appointment_id = fields.Many2one(
        "kia.appointment", readonly=True, copy=False, kia_workflow=True
    )
    rescue_id = fields.Many2one("kia.rescue", readonly=True, copy=False, kia_workflow=True)

    @api.depends("caller_name", "call_time")
    def _compute_display_name(self):
        for call in self:
            call.display_name = " - ".join(
                part
                for part in (
                    call.caller_name,
                    call.call_time
                    and fields.Datetime.to_string(
                        fields.Datetime.context_timestamp(call, call.call_time)
                    )[:16],
                )
                if part
            )

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            if not self.caller_name:
                self.caller_name = self.partner_id.name
            if not self.phone:
                self.phone = self.partner_id.mobile or self.partner_id.phone
            if self.vehicle_id.kia_owner_id != self.partner_id:
                self.vehicle_id = self.env["fleet.vehicle"].search(
                    [("kia_owner_id", "=", self.partner_id.id)], limit=1
                )

    @api.onchange("vehicle_id")
    def _onchange_vehicle_id(self):
        if self.vehicle_id.kia_owner_id and not self.partner_id:
            self.partner_id = self.vehicle_id.kia_owner_id

    def _kia_workflow_error(self, names):
        return self.env._(
            "The outcome of a hotline call and what it became are set by its buttons "
            "(Answered, Complaint, Appointment, Rescue): the change was refused."
        )

    # ------------------------------------------------------------------ actions

    def action_resolve(self):
        """The caller's question was answered on the phone."""
        self._kia_check_open()
        self._kia_flow_write({"outcome": "resolved"})
        return True

    def action_create_complaint(self):
        """A complaint ticket on the customer-relations team, with the caller, the
        vehicle and what was said."""
        self.ensure_one()
        self._kia_check_open()
        ticket = self.env["helpdesk.ticket"].create(self._kia_complaint_values())
        self._kia_flow_write({"outcome": "complaint", "ticket_id": ticket.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": ticket.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_create_appointment(self):
        """The appointment form, prefilled from the call; saving it links it to the call
        (see ``kia.appointment.create``)."""
        self.ensure_one()
        self._kia_check_open()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Appointment"),
            "res_model": "kia.appointment",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_vehicle_id": self.vehicle_id.id,
                "default_channel": "phone",
                "default_company_id": self.company_id.id,
                "default_customer_request": self.notes,
                "default_hotline_call_id": self.id,
            },
        }

    def action_create_rescue(self):
        """A roadside rescue for the caller, its time called being the call's."""
        self.ensure_one()
        self._kia_check_open()
        rescue = self.env["kia.rescue"].create(
            {
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.id,
                "vehicle_id": self.vehicle_id.id,
                "failure_description": self.notes,
            }
        )
        rescue._kia_flow_write({"call_id": self.id, "called_date": self.call_time})
        self._kia_flow_write({"outcome": "rescue", "rescue_id": rescue.id})
        return rescue._kia_form_action()

    # ------------------------------------------------------------------ helpers

    def _kia_check_open(self):
        """A call becomes one complaint, appointment or rescue: refused once it did."""
        done = self.filtered(lambda call: call.outcome in ("complaint", "appointment", "rescue"))
        if done:
            outcomes = dict(self._fields["outcome"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "The call of %(caller)s already led to: %(outcome)s. Log a new call "
                    "for anything else.",
                    caller=done[0].caller_name,
                    outcome=outcomes[done[0].outcome],
                )
            )

    def _kia_complaint_values(self):
        self.ensure_one()
        team = self.env.ref(
            "kia_aftersales.helpdesk_team_customer_relations", raise_if_not_found=False
        )
        if team and team.sudo().company_id not in (self.company_id, self.env["res.company"]):
            team = False
        channel = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone", False)
        return {
            "name": self.env._(
                "Hotline complaint from %(caller)s%(plate)s",
                caller=self.caller_name,
                plate=" (%s)" % self.vehicle_id.license_plate
                if self.vehicle_id.license_plate
                else "",
            ),
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "partner_name": self.partner_id.name or self.caller_name,
            "kia_vehicle_id": self.vehicle_id.id,
            "type_id": self.env.ref("kia_aftersales.helpdesk_ticket_type_complaint").id,
            "team_id": team.id if team else False,
            "channel_id": channel.id if channel else False,
            "description": self.notes or self.env._("Complaint received on the 24-hour hotline."),
        }

    @api.model
    def _kia_link_appointments(self, appointments):
        """Appointments booked from calls (``appointments`` read as the system): each
        call keeps its appointment and outcome, once the user's right to the call is
        checked."""
        for appointment in appointments:
            call = appointment.hotline_call_id.with_env(self.env)
            call._kia_check_open()
            call._kia_flow_write({"outcome": "appointment", "appointment_id": appointment.id})
