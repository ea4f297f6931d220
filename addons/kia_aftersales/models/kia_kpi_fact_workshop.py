from odoo import api, fields, models

from .kia_job_time_log import COST_GROUPS
from .kia_kpi_fact import NO_KEYS, SALES_GROUPS, ratio


class KiaKpiFact(models.Model):
    """Workshop sources of the KPI fact table: work orders in and out, jobs (sales,
    costs, hours sold), clockings, attendances, bays."""

    _inherit = "kia.kpi.fact"  # pylint: disable=consider-merging-classes-inherited

    vehicles_in = fields.Integer(readonly=True)
    vehicles_out = fields.Integer(readonly=True)
    labour_sales = fields.Monetary(readonly=True, groups=SALES_GROUPS)
    parts_sales = fields.Monetary(readonly=True, groups=SALES_GROUPS)
    total_sales = fields.Monetary(readonly=True, groups=SALES_GROUPS)
    labour_cost = fields.Monetary(readonly=True, groups=COST_GROUPS)
    parts_cost = fields.Monetary(readonly=True, groups=COST_GROUPS)
    labour_margin = fields.Monetary(readonly=True, groups=COST_GROUPS)
    parts_margin = fields.Monetary(readonly=True, groups=COST_GROUPS)
    total_margin = fields.Monetary(readonly=True, groups=COST_GROUPS)
    hours_sold = fields.Float(readonly=True, digits=(16, 2))
    flagged_hours = fields.Float(readonly=True, digits=(16, 2))
    clocked_hours = fields.Float(readonly=True, digits=(16, 2))
    attended_hours = fields.Float(readonly=True, digits=(16, 2))
    bay_hours_used = fields.Float(readonly=True, digits=(16, 2))
    bay_hours_available = fields.Float(readonly=True, digits=(16, 2))
    comebacks = fields.Integer(readonly=True)
    first_time_fixes = fields.Integer(readonly=True)
    promised_orders = fields.Integer(readonly=True)
    on_time_orders = fields.Integer(readonly=True)
    same_day_orders = fields.Integer(readonly=True)
    sales_per_order = fields.Float(
        digits=(16, 2), groups=SALES_GROUPS, **ratio("total_sales", "vehicles_out", 1.0)
    )
    margin_per_order = fields.Float(
        digits=(16, 2), groups=COST_GROUPS, **ratio("total_margin", "vehicles_out", 1.0)
    )
    effective_labour_rate = fields.Float(
        digits=(16, 2), groups=SALES_GROUPS, **ratio("labour_sales", "hours_sold", 1.0)
    )
    hours_per_order = fields.Float(digits=(16, 2), **ratio("hours_sold", "vehicles_out", 1.0))
    efficiency = fields.Float(digits=(16, 2), **ratio("flagged_hours", "clocked_hours", 100.0))
    productivity = fields.Float(digits=(16, 2), **ratio("clocked_hours", "attended_hours", 100.0))
    bay_utilisation = fields.Float(
        digits=(16, 2), **ratio("bay_hours_used", "bay_hours_available", 100.0)
    )
    rework_rate = fields.Float(digits=(16, 2), **ratio("comebacks", "vehicles_out", 100.0))
    first_time_fix_rate = fields.Float(
        digits=(16, 2), **ratio("first_time_fixes", "vehicles_out", 100.0)
    )
    on_time_rate = fields.Float(digits=(16, 2), **ratio("on_time_orders", "promised_orders", 100.0))
    same_day_rate = fields.Float(digits=(16, 2), **ratio("same_day_orders", "vehicles_out", 100.0))

    @api.model
    def _kia_source_work_order_sources(self):
        return ["work_order_in", "work_order_out"]

    @api.model
    def _kia_source_work_order_keys(self, since):
        return NO_KEYS

    @api.model
    def _kia_source_job_keys(self, since):
        return NO_KEYS

    @api.model
    def _kia_source_time_log_keys(self, since):
        return NO_KEYS

    @api.model
    def _kia_source_attendance_keys(self, since):
        return NO_KEYS

    @api.model
    def _kia_source_bay_month_keys(self, since):
        return NO_KEYS
