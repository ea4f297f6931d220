from odoo import fields, models


class FleetVehicleModel(models.Model):
    _inherit = "fleet.vehicle.model"

    kia_is_ev = fields.Boolean(
        string="Electric Vehicle",
        help="Battery-electric model: high-voltage work needs the EV certification.",
    )
    kia_first_service_months = fields.Integer(
        string="First Free Maintenance Within (months)",
        help="0: the company's setting applies.",
    )
    kia_first_service_km = fields.Integer(
        string="First Free Maintenance Within (km)", help="0: the company's setting applies."
    )
    kia_service_interval_months = fields.Integer(
        string="Maintenance Interval (months)", help="0: the company's setting applies."
    )
    kia_service_interval_km = fields.Integer(
        string="Maintenance Interval (km)", help="0: the company's setting applies."
    )
