from odoo import fields, models


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
    ]

    def _kia_labour_product(self):
        self.ensure_one()
        return self.kia_labour_product_id or self.env.ref(
            "kia_aftersales.product_labour", raise_if_not_found=False
        )
