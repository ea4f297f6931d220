import io

from dateutil.relativedelta import relativedelta
from openpyxl import load_workbook

from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestReports(KiaPartsCase):
    def test_monthly_report_and_kpis(self):
        order = self._passed()
        self._pay(order)
        self.env["kia.parts.lost.sale"].create(
            {"product_id": self.part_pads.id, "quantity": 2, "reason": "no_stock"}
        )
        today = self.today
        kpis = self.env["kia.parts.planner"]._kpis(
            self.company, today - relativedelta(days=1), today
        )
        self.assertGreaterEqual(kpis["issue_lines"], 2)
        self.assertGreaterEqual(kpis["lost_sale_lines"], 1)
        self.assertLess(kpis["fill_rate"], 100.0)
        self.assertGreater(kpis["issue_cost"], 0)
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
        self.assertEqual(summary["Lost sales (lines)"], kpis["lost_sale_lines"])

    def test_movement_analysis_view(self):
        order = self._passed()
        self.env.flush_all()
        rows = self.env["kia.parts.movement.report"].search(
            [("product_id", "in", (self.part_filter | self.part_pads).ids), ("kind", "=", "issue")]
        )
        self.assertEqual(set(rows.product_id.ids), {self.part_filter.id, self.part_pads.id})
        self.assertTrue(order.move_ids)
