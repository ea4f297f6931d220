from odoo import fields, models


class KiaRescueZone(models.Model):
    """An area the dealer's roadside rescue (外出救援) covers, with the time the dealer
    promises to be on site there (e.g. city centre 30 minutes, suburbs 60, highway 90).
    A rescue's response time is measured against its zone's target."""

    _name = "kia.rescue.zone"
    _description = "Rescue Zone"
    _order = "company_id, target_minutes, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    target_minutes = fields.Integer(
        string="Response Target (minutes)",
        required=True,
        default=60,
        help="Time from the customer's call to the responders' arrival on site.",
    )
    description = fields.Text(help="The roads, districts or distance this zone covers.")

    _sql_constraints = [
        (
            "target_positive",
            "CHECK (target_minutes > 0)",
            "The response target of a rescue zone is a number of minutes above zero.",
        ),
    ]
