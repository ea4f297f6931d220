from odoo import fields, models


class HelpdeskTicketType(models.Model):
    _inherit = "helpdesk.ticket.type"

    kia_kind = fields.Selection(
        [
            ("complaint", "Complaint"),
            ("technical", "Technical Case"),
            ("enquiry", "Enquiry"),
        ],
        string="Kind",
        help="What the after-sales rules do with tickets of this type: complaints run "
        "through the five steps of the complaint procedure, technical cases go to the "
        "manufacturer's technical hotline.",
    )
