import io

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import KiaAftersalesCase, insert_facts


@tagged("post_install", "-at_install")
class TestKpiExport(KiaAftersalesCase):
    """Export KPIs: the month's KPIs of the dealers side by side with the month before and
    the same month last year, in an XLSX workbook, exact figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Kpi = cls.env["kia.kpi"]
        common = {"category": "workshop", "formula": "x"}
        cls.efficiency = Kpi.create(
            common
            | {
                "name": "Test Efficiency",
                "code": "test_x_efficiency",
                "measure": "efficiency",
                "unit": "percent",
            }
        )
        cls.clocked = Kpi.create(
            common
            | {
                "name": "Test Clocked",
                "code": "test_x_clocked",
                "measure": "clocked_hours",
                "unit": "hours",
            }
        )
        cls.margin = Kpi.create(
            common
            | {
                "name": "Test Labour Margin",
                "code": "test_x_margin",
                "measure": "labour_margin",
                "unit": "money",
            }
        )
        cls.company_a = cls.env["res.company"].create({"name": "Export Dealer A"})
        cls.company_b = cls.env["res.company"].create({"name": "Export Dealer B"})
        cls.company_c = cls.env["res.company"].create({"name": "Export Dealer C"})
        both = cls.company_a | cls.company_b
        common_user = {
            "company_id": cls.company_a.id,
            "company_ids": [Command.set(both.ids)],
        }
        cls.manager = new_test_user(
            cls.env,
            "kia_x_manager",
            groups="kia_aftersales.group_service_manager",
            **common_user,
        )
        cls.supervisor = new_test_user(
            cls.env, "kia_x_supervisor", groups="kia_aftersales.group_supervisor", **common_user
        )
        a, b = cls.company_a.id, cls.company_b.id
        insert_facts(
            cls.env,
            [
                # March 2026: A 9 flagged in 12 clocked, margin 500; B 3 in 2.
                {"date": "2026-03-01", "company_id": a, "flagged_hours": 8.0,
                 "clocked_hours": 10.0, "labour_margin": 200.0},
                {"date": "2026-03-31", "company_id": a, "flagged_hours": 1.0,
                 "clocked_hours": 2.0, "labour_margin": 300.0},
                {"date": "2026-03-15", "company_id": b, "flagged_hours": 3.0,
                 "clocked_hours": 2.0},
                # February 2026: A 5 in 5; March 2025: A 4 in 8, margin 100.
                {"date": "2026-02-28", "company_id": a, "flagged_hours": 5.0,
                 "clocked_hours": 5.0},
                {"date": "2025-03-10", "company_id": a, "flagged_hours": 4.0,
                 "clocked_hours": 8.0, "labour_margin": 100.0},
                # Not in the export: April, January, March 2024, and dealer C.
                {"date": "2026-04-01", "company_id": a, "flagged_hours": 50.0,
                 "clocked_hours": 1.0},
                {"date": "2026-01-31", "company_id": a, "flagged_hours": 50.0,
                 "clocked_hours": 1.0},
                {"date": "2025-02-28", "company_id": a, "flagged_hours": 50.0,
                 "clocked_hours": 1.0},
                {"date": "2026-03-05", "company_id": cls.company_c.id, "flagged_hours": 50.0,
                 "clocked_hours": 1.0},
            ],
        )  # fmt: skip

    def _export(self, user, companies, month="2026-03-20"):
        wizard = (
            self.env["kia.kpi.export.wizard"]
            .with_user(user)
            .with_context(allowed_company_ids=companies.ids)
            .create({"month": month, "company_ids": [Command.set(companies.ids)]})
        )
        action = wizard.action_export()
        self.assertEqual(action["report_name"], "kia_aftersales.kpi_xlsx")
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(allowed_company_ids=companies.ids)
            ._render_xlsx("kia_aftersales.action_report_kia_kpi_xlsx", wizard.ids, {})
        )
        self.assertEqual(kind, "xlsx")
        return openpyxl.load_workbook(io.BytesIO(content)).active

    def _table(self, sheet):
        """{(kpi name, dealer, period): value} and {kpi name: (unit, number format)}."""
        dealers = {}
        for col in range(3, sheet.max_column + 1):
            dealers[col] = sheet.cell(4, col).value or dealers[col - 1]
        values, units = {}, {}
        for row in range(6, sheet.max_row + 1):
            name = sheet.cell(row, 1).value
            units[name] = (sheet.cell(row, 2).value, sheet.cell(row, 3).number_format)
            for col in range(3, sheet.max_column + 1):
                values[name, dealers[col], sheet.cell(5, col).value] = sheet.cell(row, col).value
        return values, units

    def test_export_exact(self):
        sheet = self._export(self.manager, self.company_a | self.company_b)
        self.assertEqual(sheet.cell(1, 1).value, "Service KPIs 2026-03")
        self.assertEqual(
            [sheet.cell(5, col).value for col in range(3, 9)],
            ["2026-03", "2026-02", "2025-03"] * 2,
        )
        values, units = self._table(sheet)
        expected = {
            # Efficiency: A 9 / 12, 5 / 5, 4 / 8; B 3 / 2 (no figures the other months).
            ("Test Efficiency", "Export Dealer A"): [75.0, 100.0, 50.0],
            ("Test Efficiency", "Export Dealer B"): [150.0, 0.0, 0.0],
            ("Test Clocked", "Export Dealer A"): [12.0, 5.0, 8.0],
            ("Test Clocked", "Export Dealer B"): [2.0, 0.0, 0.0],
            ("Test Labour Margin", "Export Dealer A"): [500.0, 0.0, 100.0],
            ("Test Labour Margin", "Export Dealer B"): [0.0, 0.0, 0.0],
        }
        for (kpi, dealer), figures in expected.items():
            self.assertEqual(
                [values[kpi, dealer, period] for period in ("2026-03", "2026-02", "2025-03")],
                figures,
                (kpi, dealer),
            )
        self.assertFalse([key for key in values if key[1] == "Export Dealer C"])
        self.assertEqual(units["Test Efficiency"], ("%", '0.00"%"'))
        self.assertEqual(units["Test Clocked"], ("Hours", "#,##0.00"))
        self.assertEqual(units["Test Labour Margin"][0], "Money")

    def test_export_rights(self):
        """The supervisor's export has no gross profit (the manager's figure); nobody
        exports a dealer he is not in; a technician exports nothing."""
        values, __ = self._table(self._export(self.supervisor, self.company_a))
        kpis = {key[0] for key in values}
        self.assertIn("Test Efficiency", kpis)
        self.assertNotIn("Test Labour Margin", kpis)
        self.assertEqual(values["Test Efficiency", "Export Dealer A", "2026-03"], 75.0)
        with self.assertRaises(AccessError):
            self._export(self.manager, self.company_c)
        tech = new_test_user(
            self.env,
            "kia_x_tech",
            groups="kia_aftersales.group_technician",
            company_id=self.company_a.id,
            company_ids=[Command.set(self.company_a.ids)],
        )
        with self.assertRaises(AccessError):
            self._export(tech, self.company_a)
