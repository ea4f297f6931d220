import io

from dateutil.relativedelta import relativedelta
from openpyxl import load_workbook

from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestReports(KiaPartsCase):
    def test_monthly_report_and_kpis(self):
        today = self.today
        period = (self.company, today - relativedelta(days=1), today)
        Planner = self.env["kia.parts.planner"]
        before = Planner._kpis(*period)
        order = self._passed()
        self._pay(order)
        self.env["kia.parts.lost.sale"].create(
            {"product_id": self.part_pads.id, "quantity": 2, "reason": "no_stock"}
        )
        kpis = Planner._kpis(*period)
        # The work order issued one oil filter (cost 40) and one set of pads (cost 240).
        self.assertEqual(kpis["issue_lines"] - before["issue_lines"], 2)
        self.assertEqual(kpis["issue_quantity"] - before["issue_quantity"], 2)
        self.assertAlmostEqual(kpis["issue_cost"] - before["issue_cost"], 40 + 240)
        self.assertEqual(kpis["lost_sale_lines"] - before["lost_sale_lines"], 1)
        self.assertAlmostEqual(kpis["lost_sale_value"] - before["lost_sale_value"], 2 * 480)
        self.assertLess(kpis["fill_rate"], 100.0)
        wizard = (
            self.env["kia.parts.report.wizard"]
            .with_user(self.user_clerk)
            .create({"date_from": today - relativedelta(days=1), "date_to": today})
        )
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.user_clerk)
            ._render("kia_parts.monthly_parts_report", wizard.ids)
        )
        self.assertEqual(kind, "xlsx")
        book = load_workbook(io.BytesIO(content))
        self.assertIn("Summary", book.sheetnames)
        self.assertIn("Dead Stock", book.sheetnames)
        summary = {
            row[0]: row[1]
            for row in book["Summary"].iter_rows(min_row=5, values_only=True)
            if row[0]
        }
        for label, key in (
            ("Issue lines (work orders and counter sales)", "issue_lines"),
            ("Quantity issued", "issue_quantity"),
            ("Cost of parts issued", "issue_cost"),
            ("Lost sales (lines)", "lost_sale_lines"),
            ("Lost sales (value)", "lost_sale_value"),
            ("Dead stock value", "dead_stock_value"),
        ):
            self.assertAlmostEqual(summary[label], kpis[key], msg=label)

    def test_movement_analysis_view(self):
        self.env.flush_all()
        before_pads = sum(
            self.env["kia.parts.movement.report"]
            .search([("product_id", "=", self.part_pads.id), ("kind", "=", "issue")])
            .mapped("quantity")
        )
        self._passed()
        self.env.flush_all()
        rows = self.env["kia.parts.movement.report"].search(
            [("product_id", "in", (self.part_filter | self.part_pads).ids), ("kind", "=", "issue")]
        )
        self.assertEqual(set(rows.product_id.ids), {self.part_filter.id, self.part_pads.id})
        pads = rows.filtered(lambda r: r.product_id == self.part_pads)
        self.assertEqual(sum(pads.mapped("quantity")), 1 + before_pads, "the order's set of pads")
