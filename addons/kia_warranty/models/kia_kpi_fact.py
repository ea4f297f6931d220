from odoo import api, fields, models

from odoo.addons.kia_aftersales.models.kia_kpi_fact import NO_KEYS, ratio


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
        return NO_KEYS
