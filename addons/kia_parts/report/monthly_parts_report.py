from odoo import models


class MonthlyPartsReport(models.AbstractModel):
    """配件月度报表: the parts figures of a period for the manufacturer, in XLSX."""

    _name = "report.kia_parts.monthly_parts_report"
    _description = "Monthly Parts Report (XLSX)"
    _inherit = "report.report_xlsx.abstract"

    def generate_xlsx_report(self, workbook, data, wizards):
        planner = self.env["kia.parts.planner"]
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        money = workbook.add_format({"num_format": "#,##0.00"})
        percent = workbook.add_format({"num_format": "0.0"})
        for wizard in wizards:
            company = wizard.company_id
            kpis = planner.with_company(company)._kpis(company, wizard.date_from, wizard.date_to)
            sheet = workbook.add_worksheet(self.env._("Summary"))
            sheet.set_column(0, 0, 44)
            sheet.set_column(1, 1, 18)
            sheet.write(0, 0, self.env._("Monthly Parts Report"), title)
            sheet.write(1, 0, company.name)
            sheet.write(2, 0, self.env._("Period"))
            sheet.write(2, 1, f"{wizard.date_from} - {wizard.date_to}")
            rows = [
                (
                    self.env._("Issue lines (work orders and counter sales)"),
                    kpis["issue_lines"],
                    None,
                ),
                (self.env._("Quantity issued"), kpis["issue_quantity"], None),
                (self.env._("Cost of parts issued"), kpis["issue_cost"], money),
                (self.env._("Stock value at start"), kpis["stock_value_start"], money),
                (self.env._("Stock value at end"), kpis["stock_value_end"], money),
                (self.env._("Stock turnover (12 months, times)"), kpis["turnover"], percent),
                (self.env._("Fill rate (%)"), kpis["fill_rate"], percent),
                (self.env._("Emergency and VOR order lines"), kpis["emergency_lines"], None),
                (self.env._("Lost sales (lines)"), kpis["lost_sale_lines"], None),
                (self.env._("Lost sales (value)"), kpis["lost_sale_value"], money),
                (self.env._("Dead stock value"), kpis["dead_stock_value"], money),
            ]
            for index, (label, value, style) in enumerate(rows, start=4):
                sheet.write(index, 0, label, bold)
                sheet.write(index, 1, value, style)

            class_labels = dict(
                self.env["product.template"]
                ._fields["kia_movement_class"]
                ._description_selection(self.env)
            )
            self._write_totals(
                workbook.add_worksheet(self.env._("Stock by Movement Class")),
                [self.env._("Movement Class"), self.env._("Value at Cost")],
                kpis["stock_by_class"],
                class_labels,
                bold,
                money,
            )
            type_labels = dict(
                self.env["purchase.order"]
                ._fields["kia_order_type"]
                ._description_selection(self.env)
            )
            self._write_totals(
                workbook.add_worksheet(self.env._("Orders to the Manufacturer")),
                [self.env._("Order Type"), self.env._("Amount (untaxed)")],
                kpis["purchases_by_type"],
                type_labels,
                bold,
                money,
            )

            dead = workbook.add_worksheet(self.env._("Dead Stock"))
            dead.set_column(0, 1, 20)
            dead.set_column(2, 2, 40)
            dead.write_row(
                0,
                0,
                [
                    self.env._("Part Number"),
                    self.env._("Bin"),
                    self.env._("Part"),
                    self.env._("On Hand"),
                    self.env._("Value at Cost"),
                ],
                bold,
            )
            # The company's own classes and bins (company-dependent fields).
            quants = (
                self.env["stock.quant"]
                .with_company(company)
                .sudo()
                ._read_group(
                    [
                        ("company_id", "=", company.id),
                        ("location_id.usage", "=", "internal"),
                        ("product_id.product_tmpl_id.kia_movement_class", "=", "dead"),
                    ],
                    ["product_id"],
                    ["quantity:sum"],
                )
            )
            product_ids = [product.id for product, _quantity in quants]
            info = planner.with_company(company)._part_info(
                product_ids, ["name", "kia_bin_location"]
            )
            values = planner._value_by_product(company, product_ids)
            for index, (product, quantity) in enumerate(quants, start=1):
                part = info[product.id]
                dead.write_row(
                    index,
                    0,
                    [
                        part["default_code"] or "",
                        part["kia_bin_location"] or "",
                        part["name"],
                        quantity,
                    ],
                )
                dead.write(index, 4, values.get(product.id, 0.0), money)

            lost = workbook.add_worksheet(self.env._("Lost Sales"))
            lost.set_column(0, 2, 20)
            lost.write_row(
                0,
                0,
                [
                    self.env._("Date"),
                    self.env._("Part Number"),
                    self.env._("Part"),
                    self.env._("Quantity"),
                    self.env._("Reason"),
                    self.env._("Value"),
                ],
                bold,
            )
            reasons = dict(
                self.env["kia.parts.lost.sale"]._fields["reason"]._description_selection(self.env)
            )
            lost_sales = self.env["kia.parts.lost.sale"].search(
                [
                    ("company_id", "=", company.id),
                    ("date", ">=", wizard.date_from),
                    ("date", "<=", wizard.date_to),
                ]
            )
            for index, sale in enumerate(lost_sales, start=1):
                lost.write_row(
                    index,
                    0,
                    [
                        str(sale.date),
                        sale.product_id.default_code or "",
                        sale.product_id.name,
                        sale.quantity,
                        reasons[sale.reason],
                    ],
                )
                lost.write(index, 5, sale.value, money)

    def _write_totals(self, sheet, headers, totals, labels, bold, money):
        """A two-column sheet: a label per key of ``totals`` and its amount."""
        sheet.set_column(0, 1, 22)
        sheet.write_row(0, 0, headers, bold)
        for index, (key, amount) in enumerate(sorted(totals.items()), start=1):
            sheet.write(index, 0, labels.get(key, key))
            sheet.write(index, 1, amount, money)
