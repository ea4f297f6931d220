from odoo import api, fields, models


class KiaWarrantyComponentGroup(models.Model):
    """A component group of the manufacturer's warranty (basic, powertrain, high-voltage
    battery, corrosion, first free maintenance): each has its own limit in months and km."""

    _name = "kia.warranty.component.group"
    _description = "Warranty Component Group"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique (code)", "A component group code must be unique."),
    ]

    @api.model
    def _kia_basic(self):
        """The group of what names no group: the basic (whole-vehicle) warranty."""
        return self.env.ref("kia_warranty.component_group_basic", raise_if_not_found=False)

    @api.model
    def _kia_first_free(self):
        return self.env.ref("kia_warranty.component_group_first_free", raise_if_not_found=False)
