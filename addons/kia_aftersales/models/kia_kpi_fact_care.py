from odoo import api, fields, models

from .kia_kpi_fact import NO_KEYS, ratio


class KiaKpiFact(models.Model):  # pylint: disable=consider-merging-classes-inherited
    """Customer sources of the KPI fact table: follow-ups (CSI), complaints, retention."""

    _inherit = "kia.kpi.fact"

    csi_total = fields.Float(readonly=True, digits=(16, 2))
    csi_count = fields.Integer(readonly=True)
    csi = fields.Float(digits=(16, 2), **ratio("csi_total", "csi_count", 1.0))
    complaints = fields.Integer(readonly=True)
    complaints_closed = fields.Integer(readonly=True)
    closure_hours = fields.Float(readonly=True, digits=(16, 2))
    closure_time = fields.Float(digits=(16, 2), **ratio("closure_hours", "complaints_closed", 1.0))
    customers_base = fields.Integer(readonly=True)
    customers_returned = fields.Integer(readonly=True)
    customers_lost = fields.Integer(readonly=True)
    retention_rate = fields.Float(
        digits=(16, 2), **ratio("customers_returned", "customers_base", 100.0)
    )
    lost_rate = fields.Float(digits=(16, 2), **ratio("customers_lost", "customers_base", 100.0))

    @api.model
    def _kia_source_followup_keys(self, since):
        return NO_KEYS

    @api.model
    def _kia_source_complaint_keys(self, since):
        return NO_KEYS

    @api.model
    def _kia_source_retention_month_keys(self, since):
        return NO_KEYS
