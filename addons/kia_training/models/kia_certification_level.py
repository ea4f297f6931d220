from odoo import fields, models


class KiaCertificationLevel(models.Model):
    _name = "kia.certification.level"
    _description = "Certification Level"
    _order = "certification_type_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Levels are ranked by this number: a higher one is more senior."
    )
    certification_type_id = fields.Many2one(
        "kia.certification.type",
        required=True,
        ondelete="cascade",
        index=True,
    )
