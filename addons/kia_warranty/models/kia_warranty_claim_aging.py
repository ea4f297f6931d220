from odoo import fields, models, tools


class KiaWarrantyClaimAging(models.Model):
    """Open claims and what the manufacturer still owes on them, by age since the
    submission: 0-30, 31-60, 61-90 and over 90 days (computed on the reading day)."""

    _name = "kia.warranty.claim.aging"
    _description = "Warranty Claim Aging"
    _auto = False
    _order = "age_days desc"
    _depends = {
        "kia.warranty.claim": [
            "company_id",
            "state",
            "claim_type",
            "vehicle_model_id",
            "submitted_date",
            "amount_requested",
            "amount_approved",
            "amount_paid",
            "invoice_id",
        ],
    }

    claim_id = fields.Many2one("kia.warranty.claim", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    state = fields.Selection(
        selection=lambda self: self.env["kia.warranty.claim"]._fields["state"].selection,
        readonly=True,
    )
    claim_type = fields.Selection(
        selection=lambda self: self.env["kia.warranty.claim"]._fields["claim_type"].selection,
        readonly=True,
    )
    vehicle_model_id = fields.Many2one("fleet.vehicle.model", readonly=True)
    submitted_date = fields.Date(readonly=True)
    age_days = fields.Integer(string="Age (days)", readonly=True, aggregator="max")
    bucket = fields.Selection(
        [("0_30", "0-30"), ("31_60", "31-60"), ("61_90", "61-90"), ("90_plus", "Over 90")],
        string="Age",
        readonly=True,
    )
    amount_open = fields.Monetary(string="Open Amount", readonly=True)
    is_invoiced = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT c.id, c.id AS claim_id, c.company_id, rc.currency_id, c.state,
                       c.claim_type, c.vehicle_model_id, c.submitted_date,
                       (CURRENT_DATE - c.submitted_date) AS age_days,
                       CASE WHEN CURRENT_DATE - c.submitted_date <= 30 THEN '0_30'
                            WHEN CURRENT_DATE - c.submitted_date <= 60 THEN '31_60'
                            WHEN CURRENT_DATE - c.submitted_date <= 90 THEN '61_90'
                            ELSE '90_plus' END AS bucket,
                       CASE WHEN c.state = 'submitted' THEN c.amount_requested
                            ELSE c.amount_approved - COALESCE(c.amount_paid, 0) END
                           AS amount_open,
                       c.invoice_id IS NOT NULL AS is_invoiced
                  FROM kia_warranty_claim c
                  JOIN res_company rc ON rc.id = c.company_id
                 WHERE c.state IN ('submitted', 'approved', 'partially_approved')
                   AND c.submitted_date IS NOT NULL
            )
            """
        )
