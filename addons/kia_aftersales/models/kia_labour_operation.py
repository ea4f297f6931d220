from odoo import api, fields, models

# Labour categories (also the work-order types of the KPIs).
CATEGORIES = [
    ("maintenance", "Periodic Maintenance"),
    ("mechanical", "Mechanical"),
    ("electrical", "Electrical"),
    ("ev", "EV / High Voltage"),
    ("body", "Body and Paint"),
    ("diagnosis", "Diagnosis"),
    ("other", "Other"),
]


class KiaLabourOperation(models.Model):
    _name = "kia.labour.operation"
    _description = "Labour Operation"
    _order = "code"
    _check_company_auto = True
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True, help="Manufacturer's operation code.")
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the operation between the dealers of the group.",
    )
    category = fields.Selection(
        CATEGORIES,
        required=True,
        default="mechanical",
    )
    flagged_hours = fields.Float(
        string="Flat-rate Hours",
        required=True,
        default=1.0,
        digits=(16, 2),
        help="Standard time paid for the operation, whatever the time it takes.",
    )
    labour_rate = fields.Monetary(
        help="Per hour; leave at 0 to use the company's labour rate.",
        groups="kia_aftersales.group_advisor,kia_aftersales.group_foreman",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Labour Product",
        domain=[("type", "=", "service")],
        check_company=True,
        help="Service product that carries this labour on quotations and invoices; the "
        "company's labour product when empty.",
    )
    requirement_ids = fields.One2many(
        "kia.certification.requirement",
        "labour_operation_id",
        string="Required Certifications",
        help="A technician may be dispatched this operation only with these valid certifications.",
    )
    model_ids = fields.Many2many(
        "fleet.vehicle.model",
        string="Vehicle Models",
        help="Models the operation applies to; empty for all.",
    )
    is_first_free_service = fields.Boolean(
        string="First Free Maintenance",
        help="This is the first free mandatory maintenance, billed to the manufacturer.",
    )
    description = fields.Html(translate=True)

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique (code, company_id)",
            "A labour operation code must be unique per company.",
        ),
        (
            "flagged_hours_positive",
            "CHECK (flagged_hours > 0)",
            "The flat-rate hours of a labour operation must be positive.",
        ),
        ("labour_rate_positive", "CHECK (labour_rate >= 0)", "A labour rate cannot be negative."),
    ]

    @api.depends_context("company")
    def _compute_currency_id(self):
        for operation in self:
            operation.currency_id = (operation.company_id or self.env.company).currency_id

    @api.depends("code", "name")
    def _compute_display_name(self):
        for operation in self:
            operation.display_name = f"[{operation.code}] {operation.name}"

    def _kia_rate(self, company):
        """Labour rate of the operation for ``company`` (its own, else the company's)."""
        self.ensure_one()
        return self.sudo().labour_rate or company.kia_labour_rate

    def _kia_product(self, company):
        self.ensure_one()
        return self.product_id or company._kia_labour_product()
