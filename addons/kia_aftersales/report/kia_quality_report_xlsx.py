from odoo import models


class KiaQualityReportXlsx(models.AbstractModel):
    """质量信息反馈 in XLSX: one row per report, in the columns the manufacturer's
    quality department imports."""

    _name = "report.kia_aftersales.quality_report_xlsx"
    _description = "Quality Feedback Report (XLSX)"
    _inherit = "report.report_xlsx.abstract"

    def _columns(self):
        """(header, value of a report) of each column."""
        states = dict(
            self.env["kia.quality.report"]._fields["state"]._description_selection(self.env)
        )
        return [
            (self.env._("Number"), lambda r: r.name),
            (self.env._("Dealer"), lambda r: r.company_id.name),
            (self.env._("VIN"), lambda r: r.vin or ""),
            (self.env._("Model"), lambda r: r.model_id.display_name or ""),
            (self.env._("Sale Date"), lambda r: str(r.sale_date or "")),
            (self.env._("Odometer (km)"), lambda r: r.odometer),
            (self.env._("Failure Date"), lambda r: str(r.failure_date or "")),
            (self.env._("Trouble Codes"), lambda r: r.dtc_codes or ""),
            (self.env._("Symptoms"), lambda r: r.symptoms or ""),
            (self.env._("Cause Analysis"), lambda r: r.cause_analysis or ""),
            (self.env._("Measures Taken"), lambda r: r.measures or ""),
            (self.env._("Parts Involved"), lambda r: r.parts or ""),
            (self.env._("Manufacturer Case"), lambda r: r.manufacturer_ref or ""),
            (self.env._("Technical Case"), lambda r: r.ticket_id.number or ""),
            (self.env._("Reporter"), lambda r: r.reporter_id.name or ""),
            (self.env._("Status"), lambda r: states[r.state]),
        ]

    def generate_xlsx_report(self, workbook, data, reports):
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        sheet = workbook.add_worksheet(self.env._("Quality Feedback"))
        sheet.write(0, 0, self.env._("Quality Information Feedback"), title)
        sheet.write(1, 0, ", ".join(reports.company_id.mapped("name")))
        columns = self._columns()
        for col, (header, _value) in enumerate(columns):
            sheet.write(3, col, header, bold)
        sheet.set_column(0, 0, 18)
        sheet.set_column(2, 2, 20)
        sheet.set_column(8, 11, 40)
        for row, report in enumerate(reports.sorted("name"), start=4):
            for col, (_header, value) in enumerate(columns):
                sheet.write(row, col, value(report), wrap)
