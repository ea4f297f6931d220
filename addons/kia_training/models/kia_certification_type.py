from odoo import api, fields, models


class KiaCertificationType(models.Model):
    _name = "kia.certification.type"
    _description = "Certification Type"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code used on certificates and reports, e.g. KT2.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category = fields.Selection(
        [
            ("technician", "Technician"),
            ("ev", "EV / High Voltage"),
            ("advisor", "Service Advisor"),
            ("warranty", "Warranty"),
            ("parts", "Parts"),
            ("management", "Management"),
            ("other", "Other"),
        ],
        required=True,
        default="technician",
    )
    level_ids = fields.One2many(
        "kia.certification.level",
        "certification_type_id",
        string="Levels",
        copy=True,
        help="Ordered from the lowest to the highest level. "
        "A requirement of a level is met by that level or any higher one.",
    )
    validity_months = fields.Integer(
        string="Validity (months)",
        default=24,
        help="Default validity of a certificate of this type; 0 means it never expires.",
    )
    issuer_id = fields.Many2one(
        "res.partner",
        string="Default Issuer",
        help="Who usually issues this certificate (e.g. the manufacturer's training centre).",
    )
    description = fields.Html(translate=True)
    holder_count = fields.Integer(compute="_compute_holder_count", string="Valid Holders")

    _sql_constraints = [
        ("code_uniq", "unique (code)", "The code of a certification type must be unique."),
        (
            "validity_months_positive",
            "CHECK (validity_months >= 0)",
            "The validity of a certification type cannot be negative.",
        ),
    ]

    @api.depends("level_ids")
    def _compute_holder_count(self):
        groups = self.env["hr.resume.line"]._read_group(
            [
                ("kia_certification_type_id", "in", self.ids),
                ("kia_is_current", "=", True),
                ("expiration_status", "in", ("valid", "expiring")),
            ],
            ["kia_certification_type_id"],
            ["__count"],
        )
        counts = {cert_type.id: count for cert_type, count in groups}
        for cert_type in self:
            cert_type.holder_count = counts.get(cert_type.id, 0)

    def action_view_holders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_training.action_kia_certification"
        )
        action["domain"] = [("kia_certification_type_id", "=", self.id)]
        action["context"] = {"search_default_current": 1}
        return action
