from odoo import models


class WarrantyClaimXlsx(models.AbstractModel):
    """索赔报表: the claims of a period for the manufacturer, one row per claim, totals."""

    _name = "report.kia_warranty.claim_report_xlsx"
    _description = "Warranty Claim Report (XLSX)"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, claims):
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        money = workbook.add_format({"num_format": "#,##0.00"})
        sheet = workbook.add_worksheet(self.env._("Claims"))
        sheet.write(0, 0, self.env._("Warranty Claim Report"), title)
        months = sorted({m for m in claims.mapped("repair_month") if m})
        sheet.write(1, 0, ", ".join(claims.company_id.mapped("name")))
        sheet.write(1, 2, " - ".join(months[:1] + months[-1:]) if months else "")
        headers = [
            self.env._("Claim Number"),
            self.env._("Type"),
            self.env._("VIN"),
            self.env._("Model"),
            self.env._("Odometer"),
            self.env._("In Service"),
            self.env._("Repair Date"),
            self.env._("Labour Operation"),
            self.env._("Flagged Hours"),
            self.env._("Causal Part"),
            self.env._("Defect Codes"),
            self.env._("Technician"),
            self.env._("Status"),
            self.env._("Requested"),
            self.env._("Approved"),
            self.env._("Paid"),
            self.env._("Rejection Reason"),
        ]
        row = 3
        for col, header in enumerate(headers):
            sheet.write(row, col, header, bold)
        sheet.set_column(0, 0, 18)
        sheet.set_column(2, 2, 20)
        types = dict(claims._fields["claim_type"]._description_selection(self.env))
        states = dict(claims._fields["state"]._description_selection(self.env))
        for claim in claims.sorted(lambda c: (c.repair_date or c.create_date.date(), c.name)):
            row += 1
            values = [
                claim.name,
                types[claim.claim_type],
                claim.vin,
                claim.vehicle_model_id.display_name or "",
                claim.odometer,
                str(claim.in_service_date or ""),
                str(claim.repair_date or ""),
                claim.labour_operation_id.display_name or "",
                claim.flagged_hours,
                claim.causal_part_id.display_name or "",
                ", ".join(claim.defect_code_ids.mapped("code")),
                claim.technician_id.name or "",
                states[claim.state],
            ]
            for col, value in enumerate(values):
                sheet.write(row, col, value)
            sheet.write_number(row, 13, claim.amount_requested, money)
            sheet.write_number(row, 14, claim.amount_approved, money)
            sheet.write_number(row, 15, claim.amount_paid, money)
            sheet.write(row, 16, claim.rejection_reason or "")
        row += 1
        sheet.write(row, 0, self.env._("Total"), bold)
        sheet.write_number(row, 13, sum(claims.mapped("amount_requested")), money)
        sheet.write_number(row, 14, sum(claims.mapped("amount_approved")), money)
        sheet.write_number(row, 15, sum(claims.mapped("amount_paid")), money)
