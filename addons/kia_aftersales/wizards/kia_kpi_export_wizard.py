from odoo import api, fields, models

from ..models.kia_scorecard import month_start


class KiaKpiExportWizard(models.TransientModel):
    """Export KPIs: the month's KPIs of one or more dealers side by side, with the month
    before and the same month last year, as an XLSX workbook (OCA report_xlsx)."""

    _name = "kia.kpi.export.wizard"
    _description = "Export KPIs"

    @api.model
    def _default_month(self):
        return month_start(self.env.company._kia_today())

    month = fields.Date(required=True, default=_default_month, help="Any day of the month.")
    company_ids = fields.Many2many(
        "res.company",
        string="Dealers",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )

    def action_export(self):
        self.ensure_one()
        return self.env.ref("kia_aftersales.action_report_kia_kpi_xlsx").report_action(self)
