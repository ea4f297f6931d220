#!/usr/bin/env python3
"""Write the KPI dashboards (Odoo ``spreadsheet_dashboard`` data files) from one short
description, so that a KPI added to a dashboard is one line here, not hand-edited
spreadsheet JSON:

    .venv/bin/python scripts/gen_kpi_dashboards.py

* addons/kia_aftersales/data/files/kia_service_dashboard.json (service manager)
* addons/kia_parts/data/files/kia_parts_dashboard.json (parts manager)

Each dashboard has a *Month* filter (defaults to the current month) and, for each KPI, the
selected month, the month before and the same month last year: three pivots of
``kia.kpi.fact`` without groups, matched on ``date`` with offsets 0, -1 and -12 months. A
ratio measure (``ratio()`` in kia_kpi_fact.py) aggregates with ``avg``, which the fact
model turns into Σ numerator ÷ Σ denominator of the period. Labels are ``_t("…")``
formulas, translated like Odoo's own dashboards (the i18n export collects them)."""

import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODEL = "kia.kpi.fact"
MONTH_FILTER = "kia-kpi-month"
TREND_FILTER = "kia-kpi-trend"
DEALER_FILTER = "kia-kpi-dealer"
OFFSETS = (0, -1, -12)

# (measure, label, format id) — format ids below in FORMATS
SERVICE_KPIS = [
    ("vehicles_in", "Vehicles in (进厂台次)", 3),
    ("vehicles_out", "Vehicles delivered (出厂台次)", 3),
    ("total_sales", "Sales, labour + parts (产值)", 2),
    ("labour_sales", "Labour sales", 2),
    ("parts_sales", "Parts sales", 2),
    ("total_margin", "Gross profit", 2),
    ("sales_per_order", "Sales per work order (单车产值)", 2),
    ("effective_labour_rate", "Effective labour rate (per hour sold)", 2),
    ("hours_per_order", "Hours sold per work order", 4),
    ("efficiency", "Technician efficiency (%)", 4),
    ("productivity", "Technician productivity (%)", 4),
    ("bay_utilisation", "Bay utilisation (%)", 4),
    ("rework_rate", "Rework rate (返修率, %)", 4),
    ("first_time_fix_rate", "First-time fix (一次修复率, %)", 4),
    ("on_time_rate", "On-time delivery (准时交车率, %)", 4),
    ("same_day_rate", "Same-day delivery (%)", 4),
    ("csi", "CSI (follow-up score)", 4),
    ("complaints", "Complaints", 3),
    ("closure_time", "Complaint closure time (hours)", 4),
    ("retention_rate", "Customer retention (%)", 4),
]
PARTS_KPIS = [
    ("fill_rate", "Fill rate at first issue (%)", 4),
    ("turnover", "Stock turnover (出库成本 ÷ average stock)", 4),
    ("days_on_hand", "Days on hand", 4),
    ("dead_stock_share", "Dead-stock share (%)", 4),
    ("lost_sales", "Lost sales (lines)", 3),
    ("lost_sales_value", "Lost sales value", 2),
    ("issue_cost", "Issue cost (出库成本)", 2),
    ("stock_value_end", "Stock value at month end", 2),
]
FORMATS = {"1": "0.0%", "2": "#,##0.00", "3": "#,##0", "4": "#,##0.0"}
STYLES = {
    "1": {"bold": True, "fontSize": 16, "textColor": "#01666b"},
    "2": {"bold": True, "fontSize": 11, "textColor": "#434343", "verticalAlign": "middle"},
    "3": {"bold": True, "fontSize": 11, "textColor": "#434343", "align": "center"},
    "4": {"textColor": "#434343", "verticalAlign": "middle"},
    "5": {"fillColor": "#f2f2f2"},
    "6": {"textColor": "#434343", "align": "left"},
}
BORDERS = {"1": {"bottom": {"style": "thin", "color": "#CCCCCC"}}}


def t(label):
    return '=_t("%s")' % label.replace('"', '""')


def month_filters(with_trend):
    filters = [
        {
            "id": MONTH_FILTER,
            "type": "date",
            "label": "Month",
            "rangeType": "fixedPeriod",
            "defaultValue": "this_month",
            "disabledPeriods": ["quarter"],
        },
        {
            "id": DEALER_FILTER,
            "type": "relation",
            "label": "Dealer",
            "modelName": "res.company",
            "defaultValue": [],
            "defaultValueDisplayNames": [],
        },
    ]
    if with_trend:
        filters.append(
            {
                "id": TREND_FILTER,
                "type": "date",
                "label": "Trend period",
                "rangeType": "relative",
                "defaultValue": "last_year",
            }
        )
    return filters


def matching(offset=0, trend=False, with_trend=False):
    result = {
        MONTH_FILTER: {} if trend else {"chain": "date", "type": "date", "offset": offset},
        DEALER_FILTER: {"chain": "company_id", "type": "many2one"},
    }
    if with_trend:
        result[TREND_FILTER] = {"chain": "date", "type": "date", "offset": 0} if trend else {}
    return result


def pivot(pid, name, measures, offset=0, rows=(), trend=False, with_trend=False):
    return {
        "type": "ODOO",
        "id": pid,
        "formulaId": pid,
        "name": name,
        "model": MODEL,
        "domain": [],
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "columns": [],
        "rows": list(rows),
        "sortedColumn": None,
        "fieldMatching": matching(offset, trend, with_trend),
    }


def kpi_block(cells, styles, formats, borders, first_row, title, kpis):
    """Rows of KPIs: label, selected month, month before, same month last year, change."""
    row = first_row
    cells[f"A{row}"] = {"content": t(title)}
    styles[f"A{row}"] = "1"
    row += 1
    headers = ["KPI", "Selected month", "Previous month", "Same month last year", "vs. previous"]
    for col, header in zip("ABCDE", headers):
        cells[f"{col}{row}"] = {"content": t(header)}
    styles[f"A{row}"] = "2"
    styles[f"B{row}:E{row}"] = "3"
    borders[f"A{row}:E{row}"] = "1"
    for measure, label, fmt in kpis:
        row += 1
        cells[f"A{row}"] = {"content": t(label)}
        for col, pid in zip("BCD", ("1", "2", "3")):
            cells[f"{col}{row}"] = {"content": f'=PIVOT.VALUE({pid},"{measure}")'}
            formats[f"{col}{row}"] = str(fmt)
        cells[f"E{row}"] = {"content": f'=IFERROR(B{row}/C{row}-1,"")'}
        formats[f"E{row}"] = "1"
        styles[f"A{row}"] = "4"
    return row


def sheet(name, cells, styles, formats, borders, figures, col_sizes, rows=100):
    return {
        "id": name.lower(),
        "name": name,
        "colNumber": 10,
        "rowNumber": rows,
        "rows": {},
        "cols": {str(i): {"size": s} for i, s in enumerate(col_sizes)},
        "merges": [],
        "cells": cells,
        "styles": styles,
        "formats": formats,
        "borders": borders,
        "conditionalFormats": [],
        "figures": figures,
        "tables": [],
        "areGridLinesVisible": False,
        "isVisible": True,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }


def document(sheets, pivots, filters, figures_menus=None):
    return {
        "version": 21,
        "sheets": sheets,
        "styles": STYLES,
        "formats": FORMATS,
        "borders": BORDERS,
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": pivots,
        "pivotNextId": len(pivots) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": filters,
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": figures_menus or {},
    }


def three_month_pivots(measures, with_trend):
    names = ("KPIs - selected month", "KPIs - previous month", "KPIs - same month last year")
    return {
        str(i): pivot(str(i), name, measures, offset, with_trend=with_trend)
        for i, (offset, name) in enumerate(zip(OFFSETS, names), start=1)
    }


def service_dashboard():
    measures = [m for m, __, __ in SERVICE_KPIS]
    pivots = three_month_pivots(measures, with_trend=True)
    pivots["4"] = pivot(
        "4",
        "Vehicles in by work order type",
        ["vehicles_in"],
        rows=[{"fieldName": "order_type"}],
        with_trend=True,
    )
    pivots["5"] = pivot(
        "5",
        "Sales by month",
        ["total_sales", "vehicles_out"],
        rows=[{"fieldName": "date", "granularity": "month"}],
        trend=True,
        with_trend=True,
    )
    cells, styles, formats, borders = {}, {}, {}, {}
    row = kpi_block(cells, styles, formats, borders, 1, "Service KPIs (售后服务)", SERVICE_KPIS)
    # vehicles in by work order type (selected month)
    row += 2
    chart_y = (row - 1) * 23  # the chart sits right of the two tables below
    cells[f"A{row}"] = {"content": t("Vehicles in by work order type")}
    styles[f"A{row}"] = "1"
    row += 1
    cells[f"A{row}"] = {"content": t("Work order type")}
    cells[f"B{row}"] = {"content": t("Vehicles in")}
    styles[f"A{row}"] = "2"
    styles[f"B{row}"] = "3"
    borders[f"A{row}:B{row}"] = "1"
    for i in range(1, 8):
        row += 1
        cells[f"A{row}"] = {"content": f'=IFERROR(PIVOT.HEADER(4,"#order_type",{i}),"")'}
        cells[f"B{row}"] = {
            "content": f'=IFERROR(PIVOT.VALUE(4,"vehicles_in","#order_type",{i}),"")'
        }
        formats[f"B{row}"] = "3"
    # sales by month (trend period, 12 months)
    row += 2
    cells[f"A{row}"] = {"content": t("Sales by month (trend period)")}
    styles[f"A{row}"] = "1"
    row += 1
    cells[f"A{row}"] = {"content": t("Month")}
    cells[f"B{row}"] = {"content": t("Sales")}
    cells[f"C{row}"] = {"content": t("Vehicles delivered")}
    styles[f"A{row}"] = "2"
    styles[f"B{row}:C{row}"] = "3"
    borders[f"A{row}:C{row}"] = "1"
    for i in range(1, 14):
        row += 1
        # IFERROR: fewer months than rows (a young dealer) leaves the rest blank
        cells[f"A{row}"] = {"content": f'=IFERROR(PIVOT.HEADER(5,"#date:month",{i}),"")'}
        styles[f"A{row}"] = "6"
        for col, measure, fmt in (("B", "total_sales", "2"), ("C", "vehicles_out", "3")):
            cells[f"{col}{row}"] = {
                "content": f'=IFERROR(PIVOT.VALUE(5,"{measure}","#date:month",{i}),"")'
            }
            formats[f"{col}{row}"] = fmt
    chart = {
        "id": "kia-kpi-sales-chart",
        "x": 620,
        "y": chart_y,
        "width": 560,
        "height": 320,
        "tag": "chart",
        "data": {
            "title": {"text": "Sales by month"},
            "background": "#FFFFFF",
            "legendPosition": "none",
            "metaData": {
                "groupBy": ["date:month"],
                "measure": "total_sales",
                "order": None,
                "resModel": MODEL,
                "mode": "bar",
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": [],
                "groupBy": ["date:month"],
                "orderBy": [],
            },
            "type": "odoo_bar",
            "verticalAxisPosition": "left",
            "stacked": False,
            "fieldMatching": matching(trend=True, with_trend=True),
        },
    }
    dashboard = sheet(
        "Dashboard", cells, styles, formats, borders, [chart], [320, 140, 160, 190, 120]
    )
    return document([dashboard], pivots, month_filters(with_trend=True))


def parts_dashboard():
    measures = [m for m, __, __ in PARTS_KPIS]
    pivots = three_month_pivots(measures, with_trend=False)
    cells, styles, formats, borders = {}, {}, {}, {}
    kpi_block(cells, styles, formats, borders, 1, "Parts KPIs (配件)", PARTS_KPIS)
    dashboard = sheet("Dashboard", cells, styles, formats, borders, [], [320, 140, 160, 190, 120])
    return document([dashboard], pivots, month_filters(with_trend=False))


def write(path, data):
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(path.relative_to(ROOT))


if __name__ == "__main__":
    write(ROOT / "addons/kia_aftersales/data/files/kia_service_dashboard.json", service_dashboard())
    write(ROOT / "addons/kia_parts/data/files/kia_parts_dashboard.json", parts_dashboard())
