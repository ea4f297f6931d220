from odoo import fields, models


class ResourceResource(models.Model):
    _inherit = "resource.resource"

    kia_is_bay = fields.Boolean(
        string="Workshop Bay",
        help="A lift or bay of the workshop: appointments are limited by the number of bays.",
    )
