from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_labour_rate = fields.Monetary(
        string="Labour Rate (per hour)",
        currency_field="currency_id",
        default=300.0,
        help="Customer labour rate used when a labour operation has no rate of its own.",
    )
    kia_labour_product_id = fields.Many2one(
        "product.product",
        string="Labour Product",
        help="Service product that carries labour on quotations and invoices when a labour "
        "operation has no product of its own (default: Labour).",
    )
    kia_appointment_slot_minutes = fields.Integer(string="Appointment Slot (minutes)", default=30)
    kia_appointment_reminder_hours = fields.Integer(
        string="Appointment Reminder (hours before)", default=24
    )
    kia_no_show_grace_minutes = fields.Integer(
        string="No-show After (minutes)",
        default=60,
        help="A confirmed appointment whose customer has not arrived this long after its "
        "start is marked as a no-show.",
    )
    kia_portal_max_appointments = fields.Integer(
        string="Open Portal Bookings per Customer",
        default=2,
        help="How many open appointments (to confirm, confirmed or arrived) one customer may "
        "hold through the customer portal at once, so that nobody fills the workshop's slots "
        "online. 0 means no limit.",
    )
    kia_followup_days = fields.Integer(
        string="Follow-up After (days)",
        default=3,
        help="The follow-up call is scheduled this many days after delivery.",
    )
    kia_followup_user_id = fields.Many2one(
        "res.users",
        string="Follow-up Calls By",
        help="Customer-relations officer who makes the follow-up calls.",
    )
    # Messages to customers at each step of the flow (see kia.notify.mixin): the dealer
    # edits the shipped templates or chooses others; empty: no message of that kind.
    kia_mail_template_appointment_confirmed_id = fields.Many2one(
        "mail.template",
        string="Appointment Confirmed Email",
        domain=[("model", "=", "kia.appointment")],
        ondelete="set null",
    )
    kia_sms_template_appointment_confirmed_id = fields.Many2one(
        "sms.template",
        string="Appointment Confirmed SMS",
        domain=[("model", "=", "kia.appointment")],
        ondelete="set null",
    )
    kia_mail_template_appointment_reminder_id = fields.Many2one(
        "mail.template",
        string="Appointment Reminder Email",
        domain=[("model", "=", "kia.appointment")],
        ondelete="set null",
    )
    kia_sms_template_appointment_reminder_id = fields.Many2one(
        "sms.template",
        string="Appointment Reminder SMS",
        domain=[("model", "=", "kia.appointment")],
        ondelete="set null",
    )
    kia_mail_template_estimate_id = fields.Many2one(
        "mail.template",
        string="Estimate to Approve Email",
        domain=[("model", "=", "repair.order")],
        ondelete="set null",
    )
    kia_sms_template_estimate_id = fields.Many2one(
        "sms.template",
        string="Estimate to Approve SMS",
        domain=[("model", "=", "repair.order")],
        ondelete="set null",
    )
    kia_mail_template_additional_work_id = fields.Many2one(
        "mail.template",
        string="Additional Work to Approve Email",
        domain=[("model", "=", "repair.order")],
        ondelete="set null",
    )
    kia_sms_template_additional_work_id = fields.Many2one(
        "sms.template",
        string="Additional Work to Approve SMS",
        domain=[("model", "=", "repair.order")],
        ondelete="set null",
    )
    kia_mail_template_ready_id = fields.Many2one(
        "mail.template",
        string="Ready for Pickup Email",
        domain=[("model", "=", "repair.order")],
        ondelete="set null",
    )
    kia_sms_template_ready_id = fields.Many2one(
        "sms.template",
        string="Ready for Pickup SMS",
        domain=[("model", "=", "repair.order")],
        ondelete="set null",
    )
    kia_mail_template_followup_survey_id = fields.Many2one(
        "mail.template",
        string="Follow-up Survey Email",
        domain=[("model", "=", "kia.service.followup")],
        ondelete="set null",
    )
    kia_sms_template_followup_survey_id = fields.Many2one(
        "sms.template",
        string="Follow-up Survey SMS",
        domain=[("model", "=", "kia.service.followup")],
        ondelete="set null",
    )
    kia_csi_survey_id = fields.Many2one(
        "survey.survey",
        string="CSI Questionnaire",
        domain=[("scoring_type", "!=", "no_scoring")],
        ondelete="restrict",
        help="The scored questionnaire of the follow-up: the customer answers it online "
        "(link sent by email or SMS) or customer relations during the call; its score is "
        "the follow-up's CSI.",
    )
    kia_csi_send_link = fields.Boolean(
        string="Send the CSI Survey Link",
        default=True,
        help="On the follow-up date, send the questionnaire's link to the customer by "
        "email and SMS (follow-up survey templates); customer relations calls those who "
        "do not answer.",
    )
    kia_first_service_months = fields.Integer(
        string="First Free Maintenance Within (months)", default=6
    )
    kia_first_service_km = fields.Integer(string="First Free Maintenance Within (km)", default=5000)
    kia_service_interval_months = fields.Integer(string="Maintenance Interval (months)", default=6)
    kia_service_interval_km = fields.Integer(string="Maintenance Interval (km)", default=10000)
    kia_service_reminder_days = fields.Integer(
        string="Maintenance Reminder (days before)",
        default=14,
        help="Customers are reminded of their periodic maintenance this many days before "
        "it is due by date or by estimated mileage.",
    )
    kia_basic_warranty_months = fields.Integer(string="Basic Warranty (months)", default=36)
    kia_basic_warranty_km = fields.Integer(string="Basic Warranty (km)", default=100000)
    kia_clock_requires_attendance = fields.Boolean(
        string="Clock On Only When Checked In",
        default=True,
        help="A technician clocks on a job only while checked in at the workshop "
        "(Attendances). Checking out clocks him off in any case.",
    )
    kia_comeback_days = fields.Integer(
        string="Comeback Window (days)",
        default=30,
        help="A delivered vehicle checked in again within this many days is a comeback "
        "(返修): it counts in the rework rate and against the first-time fix rate.",
    )

    _sql_constraints = [
        (
            "kia_aftersales_positive_settings",
            "CHECK (kia_labour_rate >= 0 AND kia_appointment_slot_minutes > 0 "
            "AND kia_followup_days >= 0 AND kia_first_service_months >= 0 "
            "AND kia_first_service_km >= 0 AND kia_service_interval_months >= 0 "
            "AND kia_service_interval_km >= 0 AND kia_basic_warranty_months >= 0 "
            "AND kia_basic_warranty_km >= 0)",
            "Labour rate, intervals and delays cannot be negative; a slot lasts at least a minute.",
        ),
        (
            "kia_portal_max_appointments_positive",
            "CHECK (kia_portal_max_appointments >= 0)",
            "The number of open portal bookings per customer cannot be negative.",
        ),
        (
            "kia_comeback_days_positive",
            "CHECK (kia_comeback_days >= 0)",
            "The comeback window cannot be a negative number of days.",
        ),
    ]

    @api.model
    def _kia_default_customer_messages(self):
        """Companies without a template of a step or a CSI questionnaire get the shipped
        ones (called by the module's data at install; new companies get them by
        ``ir.default``)."""
        defaults = self.env["ir.default"].sudo()
        for name in self._kia_customer_message_fields() + ["kia_csi_survey_id"]:
            value = defaults._get("res.company", name)
            if value:
                self.sudo().search([(name, "=", False)]).write({name: value})

    @api.constrains(lambda self: self._kia_customer_message_fields())
    def _check_kia_customer_message_templates(self):
        for name in self._kia_customer_message_fields():
            model = self._fields[name].domain[0][2]
            for company in self.filtered(
                lambda c, name=name, model=model: c[name].model not in (False, model)
            ):
                raise ValidationError(
                    self.env._(
                        "%(setting)s of %(company)s must be a template of %(model)s.",
                        setting=self._fields[name]._description_string(self.env),
                        company=company.name,
                        model=model,
                    )
                )

    @api.model
    def _kia_customer_message_fields(self):
        return [
            name
            for name in self._fields
            if name.startswith(("kia_mail_template_", "kia_sms_template_"))
        ]

    def _kia_labour_product(self):
        self.ensure_one()
        return self.kia_labour_product_id or self.env.ref(
            "kia_aftersales.product_labour", raise_if_not_found=False
        )
