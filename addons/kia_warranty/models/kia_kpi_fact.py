from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.kia_aftersales.models.kia_kpi_fact import ratio
from odoo.addons.kia_aftersales.models.kia_kpi_fact_care import local_date


class KiaKpiFact(models.Model):
    """Warranty source of the KPI fact table: claims (rejection rate, aging)."""

    _inherit = "kia.kpi.fact"

    source = fields.Selection(
        selection_add=[("claim", "Warranty Claim")],
        ondelete={"claim": "cascade"},
    )

    claims_decided = fields.Integer(readonly=True)
    claims_rejected = fields.Integer(readonly=True)
    claims_settled = fields.Integer(readonly=True)
    settle_days = fields.Float(readonly=True, digits=(16, 2))
    rejection_rate = fields.Float(
        digits=(16, 2), **ratio("claims_rejected", "claims_decided", 100.0)
    )
    claim_aging = fields.Float(digits=(16, 2), **ratio("settle_days", "claims_settled", 1.0))

    @api.model
    def _kia_fact_sources(self):
        return super()._kia_fact_sources() + ["claim"]

    @api.model
    def _kia_source_claim_keys(self, since):
        return SQL(
            "SELECT c.id AS res_id, NULL::date AS date FROM kia_warranty_claim c WHERE %s",
            self._kia_since_clause("c", since),
        )

    @api.model
    def _kia_source_claim_rows(self, keys):
        """A claim the manufacturer answered counts once as decided on the day of its
        (last) answer, and as rejected when that answer is a rejection (a rejected claim
        cancelled afterwards stays rejected); a claim paid by a remittance counts as
        settled on the remittance's date, after the days from its first submission.
        The employee is the warranty clerk who submitted it last."""
        first_submitted = local_date(SQL("s.first_date"), SQL("c.company_id"))
        return SQL(
            """WITH claims AS (
                   SELECT c.id, c.company_id, c.state, c.decision_date, c.repair_id,
                          c.vehicle_model_id, c.job_line_id, s.first_date, s.last_user_id,
                          %(first_submitted)s AS submitted_day,
                          (SELECT MAX(rem.date)
                             FROM kia_warranty_remittance_line line
                             JOIN kia_warranty_remittance rem ON rem.id = line.remittance_id
                            WHERE line.claim_id = c.id AND line.status = 'paid') AS paid_day
                     FROM %(keys)s k
                     JOIN kia_warranty_claim c ON c.id = k.res_id
                     LEFT JOIN LATERAL (
                         SELECT MIN(sub.date) AS first_date,
                                (ARRAY_AGG(sub.user_id ORDER BY sub.number DESC))[1]
                                    AS last_user_id
                           FROM kia_warranty_claim_submission sub
                          WHERE sub.claim_id = c.id
                     ) s ON TRUE
               ), facts AS (
                   SELECT c.*, c.decision_date AS day, 1 AS claims_decided,
                          CASE WHEN c.state IN ('rejected', 'cancelled') THEN 1 ELSE 0 END
                              AS claims_rejected,
                          0 AS claims_settled, 0.0 AS settle_days
                     FROM claims c
                    WHERE c.decision_date IS NOT NULL
                      AND c.state IN ('approved', 'partially_approved', 'rejected', 'paid',
                                      'cancelled')
                   UNION ALL
                   SELECT c.*, c.paid_day, 0, 0, 1, (c.paid_day - c.submitted_day)::float
                     FROM claims c
                    WHERE c.state = 'paid' AND c.paid_day IS NOT NULL
                      AND c.submitted_day IS NOT NULL
               )
               SELECT 'claim' AS source, f.id AS res_id, f.day AS date, f.company_id,
                      f.repair_id, ro.user_id AS advisor_id,
                      (SELECT MIN(emp.id) FROM hr_employee emp
                        WHERE emp.user_id = f.last_user_id
                          AND emp.company_id = f.company_id) AS employee_id,
                      f.vehicle_model_id, job.pay_type,
                      f.claims_decided, f.claims_rejected, f.claims_settled, f.settle_days
                 FROM facts f
                 LEFT JOIN repair_order ro ON ro.id = f.repair_id
                 LEFT JOIN kia_job_line job ON job.id = f.job_line_id""",
            keys=keys,
            first_submitted=first_submitted,
        )

    # ------------------------------------------------------------ warranty sales
    @api.model
    def _kia_job_sales_sql(self, jobs):
        """Warranty jobs are sold to the manufacturer: their sales are the posted lines of
        the claim invoices (net of credit notes), the labour income account's line as
        labour, the other lines as parts, in the company's currency."""
        return SQL(
            """%(customer)s
               UNION ALL
               SELECT c.job_line_id AS job_id,
                      CASE WHEN aml.account_id = rc.kia_warranty_labour_account_id
                           THEN -aml.balance ELSE 0.0 END AS labour_sales,
                      CASE WHEN aml.account_id = rc.kia_warranty_labour_account_id
                           THEN 0.0 ELSE -aml.balance END AS parts_sales
                 FROM account_move_line aml
                 JOIN kia_warranty_claim c ON c.id = aml.kia_warranty_claim_id
                 JOIN res_company rc ON rc.id = c.company_id
                WHERE c.job_line_id IN (%(jobs)s) AND aml.parent_state = 'posted'
                  AND aml.display_type = 'product'""",
            customer=super()._kia_job_sales_sql(jobs),
            jobs=jobs,
        )

    @api.model
    def _kia_source_job_keys(self, since):
        """And the jobs whose claim invoices changed."""
        keys = super()._kia_source_job_keys(since)
        if since is None:
            return keys
        return SQL(
            """%(keys)s
               UNION
               SELECT c.job_line_id, NULL FROM account_move_line aml
                 JOIN kia_warranty_claim c ON c.id = aml.kia_warranty_claim_id
                WHERE %(aml)s AND c.job_line_id IS NOT NULL
               UNION
               SELECT c.job_line_id, NULL FROM account_move am
                 JOIN account_move_line aml ON aml.move_id = am.id
                 JOIN kia_warranty_claim c ON c.id = aml.kia_warranty_claim_id
                WHERE %(am)s AND c.job_line_id IS NOT NULL""",
            keys=keys,
            aml=self._kia_since_clause("aml", since),
            am=self._kia_since_clause("am", since),
        )
