from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.kia_aftersales.tests.test_kpi_tour import check_dashboard


@tagged("post_install", "-at_install")
class TestKpiPartsDashboard(TransactionCase):
    def test_parts_dashboard_file(self):
        data = check_dashboard(self, "kia_parts/data/files/kia_parts_dashboard.json")
        measures = {m["fieldName"] for m in data["pivots"]["1"]["measures"]}
        self.assertTrue({"fill_rate", "turnover", "days_on_hand", "lost_sales"} <= measures)

    def test_parts_dashboard_for_the_parts_manager(self):
        manager = new_test_user(self.env, "kia_dash_parts", groups="kia_parts.group_parts_manager")
        clerk = new_test_user(self.env, "kia_dash_clerk", groups="kia_parts.group_parts_clerk")
        parts = self.env.ref("kia_parts.spreadsheet_dashboard_kia_parts")
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(parts, Dashboard.with_user(manager).search([]))
        self.assertNotIn(parts, Dashboard.with_user(clerk).search([]))
        # the manager reads the dashboard's figures (read access to the fact table)
        self.env["kia.kpi.fact"].with_user(manager).read_group(
            [], ["fill_rate:avg", "issue_cost:sum"], []
        )
