from dateutil.relativedelta import relativedelta

from odoo import models
from odoo.exceptions import AccessError
from odoo.osv import expression

from ..models.kia_scorecard import month_start

# Number format of each KPI unit (percentages are stored ×100 already).
UNIT_FORMATS = {
    "count": "#,##0",
    "hours": "#,##0.00",
    "money": "#,##0.00",
    "percent": '0.00"%"',
    "days": "#,##0.0",
    "score": "0.00",
    "ratio": "0.00",
}


class KiaKpiXlsx(models.AbstractModel):
    """The month's KPIs in XLSX: one row per active KPI, and for each dealer three
    columns, the month, the month before and the same month last year. Figures the user
    may not read (costs and gross profit for a supervisor) are left out."""

    _name = "report.kia_aftersales.kpi_xlsx"
    _description = "KPIs of the Month (XLSX)"
    _inherit = "report.report_xlsx.abstract"

    def _kia_periods(self, month):
        month = month_start(month)
        return [month, month - relativedelta(months=1), month - relativedelta(years=1)]

    def _kia_table(self, month, companies):
        """``(kpis, periods, {(company, period): {kpi: value}})`` in one query."""
        if companies - self.env.user.company_ids:
            raise AccessError(self.env._("You can only export the KPIs of your dealers."))
        Fact = self.env["kia.kpi.fact"].with_context(allowed_company_ids=companies.ids)
        kpis = (
            self.env["kia.kpi"]
            .search([])
            .filtered(lambda kpi: Fact._fields[kpi.measure].is_accessible(Fact.env))
            .with_env(Fact.env)
        )
        periods = self._kia_periods(month)
        domain = expression.AND(
            [
                [("company_id", "in", companies.ids)],
                expression.OR(
                    [
                        [("date", ">=", period), ("date", "<", period + relativedelta(months=1))]
                        for period in periods
                    ]
                ),
            ]
        )
        values = kpis._kia_values(domain, ("company_id", "date:month"))
        table = {(company.id, fields_date): row for (company, fields_date), row in values.items()}
        return kpis, periods, table

    def generate_xlsx_report(self, workbook, data, wizards):
        wizard = wizards[:1]
        companies = wizard.company_ids.sorted("name")
        kpis, periods, table = self._kia_table(wizard.month, companies)
        units = dict(self.env["kia.kpi"]._fields["unit"]._description_selection(self.env))
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        head = workbook.add_format({"bold": True, "align": "center", "border": 1})
        formats = {
            unit: workbook.add_format({"num_format": number_format})
            for unit, number_format in UNIT_FORMATS.items()
        }
        sheet = workbook.add_worksheet(self.env._("KPIs"))
        sheet.write(
            0,
            0,
            self.env._("Service KPIs %(month)s", month=periods[0].strftime("%Y-%m")),
            title,
        )
        sheet.write(3, 0, self.env._("KPI"), bold)
        sheet.write(3, 1, self.env._("Unit"), bold)
        sheet.set_column(0, 0, 32)
        sheet.set_column(1, 1, 8)
        sheet.set_column(2, 1 + 3 * len(companies), 13)
        for index, company in enumerate(companies):
            col = 2 + 3 * index
            sheet.merge_range(3, col, 3, col + 2, company.name, head)
            for offset, period in enumerate(periods):
                sheet.write(4, col + offset, period.strftime("%Y-%m"), bold)
        for row, kpi in enumerate(kpis, start=5):
            sheet.write(row, 0, kpi.name)
            sheet.write(row, 1, units.get(kpi.unit, ""))
            for index, company in enumerate(companies):
                for offset, period in enumerate(periods):
                    value = table.get((company.id, period), {}).get(kpi, 0.0)
                    sheet.write_number(
                        row, 2 + 3 * index + offset, round(value, 2), formats[kpi.unit]
                    )
