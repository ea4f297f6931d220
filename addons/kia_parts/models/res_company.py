from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_parts_supplier_id = fields.Many2one(
        "res.partner",
        string="Manufacturer (Parts Supplier)",
        help="The manufacturer's parts company the dealer orders from.",
    )
    kia_stock_order_lead_days = fields.Integer(string="Stock Order Lead Time (days)", default=7)
    kia_emergency_order_lead_days = fields.Integer(
        string="Emergency Order Lead Time (days)", default=2
    )
    kia_vor_order_lead_days = fields.Integer(string="VOR Order Lead Time (days)", default=1)
    kia_fast_moving_issues = fields.Integer(
        string="Fast Moving From (issues / 12 months)",
        default=12,
        help="A part issued at least this many times in 12 months is fast moving; less is "
        "slow moving; never is dead stock.",
    )
    kia_stock_cover_months = fields.Float(
        string="Stock Cover (months)",
        default=1.5,
        help="The order cycle: the max of a part's replenishment rule set from its demand is "
        "its min plus this many months of demand.",
    )
    kia_stocktake_approval_value = fields.Monetary(
        string="Stocktake Approval Above",
        currency_field="currency_id",
        default=2000.0,
        help="An inventory adjustment whose value exceeds this amount needs the parts "
        "manager's approval.",
    )

    # Progress of the movement-class cron (written by the cron as the system).
    kia_movement_class_date = fields.Datetime(
        string="Movement Classes Up To",
        readonly=True,
        copy=False,
        help="The movement classes of this company's parts include every stock move up to "
        "this time; the next run only revisits the parts that moved since.",
    )
    kia_movement_class_threshold = fields.Integer(
        readonly=True,
        copy=False,
        help="The fast-moving threshold the classes were computed with: changing it "
        "reclassifies every part.",
    )
    kia_replenishment_params = fields.Char(
        readonly=True,
        copy=False,
        help="Stock-order lead time and stock cover the min/max were computed with: changing "
        "them recomputes every part's min/max.",
    )
    kia_movement_class_run_date = fields.Datetime(
        readonly=True, copy=False, help="Cut-off of the run in progress, if any."
    )
    kia_movement_class_run_full = fields.Boolean(readonly=True, copy=False)
    kia_movement_class_run_cursor = fields.Integer(
        readonly=True, copy=False, help="Last part (template id) done by the run in progress."
    )

    _sql_constraints = [
        (
            "kia_parts_positive_settings",
            "CHECK (kia_stock_order_lead_days >= 0 AND kia_emergency_order_lead_days >= 0 "
            "AND kia_vor_order_lead_days >= 0 AND kia_fast_moving_issues > 0 "
            "AND kia_stock_cover_months >= 0 AND kia_stocktake_approval_value >= 0)",
            "Lead times, stock cover and the approval threshold cannot be negative.",
        ),
    ]

    def _kia_replenishment_params(self):
        self.ensure_one()
        return f"{self.kia_stock_order_lead_days}/{self.kia_stock_cover_months}"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._kia_parts_create_sequences()
        return companies

    def _kia_parts_create_sequences(self):
        """Each dealer numbers its own parts claims (PC/2026/00001 in each company)."""
        Sequence = self.env["ir.sequence"].sudo()
        template = self.env.ref("kia_parts.seq_kia_parts_claim", raise_if_not_found=False)
        have = set(
            Sequence.search(
                [("code", "=", "kia.parts.claim"), ("company_id", "in", self.ids)]
            ).company_id.ids
        )
        Sequence.create(
            [
                {
                    "name": "Parts Claim",
                    "code": "kia.parts.claim",
                    "prefix": template.prefix if template else "PC/%(year)s/",
                    "padding": template.padding if template else 5,
                    "company_id": company.id,
                }
                for company in self
                if company.id not in have
            ]
        )

    @api.model
    def _kia_parts_create_sequences_all(self):
        """Data hook (install and upgrade): the companies that exist get their sequences."""
        self.sudo().search([])._kia_parts_create_sequences()
