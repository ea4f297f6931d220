import json
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import file_open

from odoo.addons.kia_aftersales.tests.common import insert_facts

SERVICE_DASHBOARD = "kia_aftersales/data/files/kia_service_dashboard.json"


def check_dashboard(case, path):
    """The dashboard file parses; each pivot and chart reads real measures of the fact
    table; every date filter is matched on the fact's ``date``; the three month pivots
    are the selected month, the month before and the same month last year."""
    with file_open(path) as file:
        data = json.load(file)
    fact = case.env["kia.kpi.fact"]
    date_filters = {f["id"] for f in data["globalFilters"] if f["type"] == "date"}
    case.assertIn("this_month", [f.get("defaultValue") for f in data["globalFilters"]])
    offsets = set()
    for pivot in data["pivots"].values():
        case.assertEqual(pivot["model"], "kia.kpi.fact")
        for measure in pivot["measures"]:
            case.assertIn(measure["fieldName"], fact._fields, pivot["name"])
            case.assertTrue(fact._fields[measure["fieldName"]].store, measure["fieldName"])
        for dimension in pivot["rows"] + pivot["columns"]:
            case.assertIn(dimension["fieldName"], fact._fields)
        for filter_id, matching in pivot["fieldMatching"].items():
            if filter_id in date_filters and matching:
                case.assertEqual(matching["chain"], "date", pivot["name"])
                offsets.add(matching.get("offset", 0))
    case.assertTrue({0, -1, -12} <= offsets)
    for sheet in data["sheets"]:
        for figure in sheet["figures"]:
            chart = figure["data"]
            if chart["type"].startswith("odoo_"):
                case.assertEqual(chart["metaData"]["resModel"], "kia.kpi.fact")
                case.assertIn(chart["metaData"]["measure"], fact._fields)
                for filter_id, matching in chart["fieldMatching"].items():
                    if filter_id in date_filters and matching:
                        case.assertEqual(matching["chain"], "date")
        pivot_ids = set(data["pivots"])
        for cell in sheet["cells"].values():
            content = cell.get("content", "")
            for formula in ("PIVOT.VALUE(", "PIVOT.HEADER("):
                for part in content.split(formula)[1:]:
                    case.assertIn(part.split(",")[0], pivot_ids, content)
    return data


@tagged("post_install", "-at_install")
class TestKpiDashboardFiles(TransactionCase):
    def test_service_dashboard_file(self):
        data = check_dashboard(self, SERVICE_DASHBOARD)
        measures = {m["fieldName"] for m in data["pivots"]["1"]["measures"]}
        self.assertTrue({"vehicles_in", "total_margin", "efficiency", "csi"} <= measures)

    def test_dashboards_per_role(self):
        manager = new_test_user(
            self.env, "kia_dash_manager", groups="kia_aftersales.group_service_manager"
        )
        technician = new_test_user(
            self.env, "kia_dash_technician", groups="kia_aftersales.group_technician"
        )
        service = self.env.ref("kia_aftersales.spreadsheet_dashboard_kia_service")
        Dashboard = self.env["spreadsheet.dashboard"]
        self.assertIn(service, Dashboard.with_user(manager).search([]))
        self.assertNotIn(service, Dashboard.with_user(technician).search([]))
        data = service.with_user(manager).get_readonly_dashboard()
        self.assertEqual(data["snapshot"]["pivots"]["1"]["model"], "kia.kpi.fact")


@tagged("post_install", "-at_install")
class TestKpiTour(HttpCase):
    """The service manager's dashboard in the browser, and the scorecards menu."""

    def _insert_facts(self, rows):
        company = self.env.company
        self.env.cr.execute("DELETE FROM kia_kpi_fact")
        insert_facts(
            self.env,
            [{"res_id": 990000 + i, "company_id": company.id} | row for i, row in enumerate(rows)],
        )

    def test_service_dashboard_tour(self):
        new_test_user(
            self.env,
            "kia_tour_service_manager",
            groups="base.group_user,kia_aftersales.group_service_manager",
            lang="en_US",
            tz="Asia/Shanghai",
            name="Tour Service Manager",
        )
        # mid-month: the same month whatever the browser's time zone
        this_month = date.today().replace(day=15)
        last_month = this_month - relativedelta(months=1)
        last_year = this_month - relativedelta(years=1)
        self._insert_facts(
            [
                {"source": "work_order_in", "date": this_month, "vehicles_in": 7},
                {"source": "work_order_out", "date": this_month, "vehicles_out": 4},
                {"source": "job", "date": this_month, "total_sales": 1200},
                {
                    "source": "time_log",
                    "date": this_month,
                    "flagged_hours": 6,
                    "clocked_hours": 8,
                },
                {"source": "work_order_in", "date": last_month, "vehicles_in": 5},
                {"source": "work_order_in", "date": last_year, "vehicles_in": 3},
                # another month: in none of the three columns
                {
                    "source": "work_order_in",
                    "date": this_month - relativedelta(months=2),
                    "vehicles_in": 100,
                },
            ]
        )
        self.start_tour(
            "/odoo/dashboards", "kia_kpi_dashboard_tour", login="kia_tour_service_manager"
        )

    def test_scorecard_menu_tour(self):
        if not self.env.ref("kia_aftersales.menu_kia_scorecard", raise_if_not_found=False):
            self.skipTest("the scorecards menu is not installed yet")
        new_test_user(
            self.env,
            "kia_tour_scorecard_manager",
            groups="base.group_user,kia_aftersales.group_service_manager",
            lang="en_US",
        )
        self.start_tour("/odoo", "kia_kpi_scorecard_tour", login="kia_tour_scorecard_manager")
