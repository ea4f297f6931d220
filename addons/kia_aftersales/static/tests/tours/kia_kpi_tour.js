/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/* The spreadsheet draws its cells on a canvas: the figures are read from the dashboard's
   spreadsheet model (the dashboard action component holds it). */
function* components(node) {
    yield node;
    for (const child of Object.values(node.children || {})) {
        yield* components(child);
    }
}

function dashboardModel() {
    for (const node of components(odoo.__WOWL_DEBUG__.root.__owl__)) {
        const model = node.component?.state?.activeDashboard?.model;
        if (model) {
            return model;
        }
    }
    return undefined;
}

/** Wait (bounded) until the cell shows the expected value, data being loaded by RPC. */
async function expectCell(xc, expected) {
    let value;
    for (let attempt = 0; attempt < 50; attempt++) {
        const model = dashboardModel();
        if (model) {
            const sheetId = model.getters.getActiveSheetId();
            const { col, row } = toCartesian(xc);
            value = model.getters.getEvaluatedCell({ sheetId, col, row }).value;
            if (value === expected) {
                return;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`Cell ${xc} shows ${JSON.stringify(value)}, expected ${expected}`);
}

function toCartesian(xc) {
    const [, letters, digits] = xc.match(/^([A-Z]+)(\d+)$/);
    let col = 0;
    for (const letter of letters) {
        col = col * 26 + (letter.charCodeAt(0) - 64);
    }
    return { col: col - 1, row: Number(digits) - 1 };
}

/* The service manager opens his dashboard: the KPI labels and the figures of the current
   month, the month before and the same month last year (the test writes the facts). */
registry.category("web_tour.tours").add("kia_kpi_dashboard_tour", {
    url: "/odoo/dashboards",
    steps: () => [
        {
            content: "Open the service dashboard",
            trigger: ".o_search_panel_section li:contains(Service)",
            run: "click",
        },
        {
            content: "The dashboard is drawn",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
        },
        {
            content: "The month filter is shown",
            trigger: ".o_spreadsheet_dashboard_action .o_filter_value_container",
        },
        {
            content: "KPI labels and this month's, last month's and last year's figures",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
            run: async () => {
                await expectCell("A1", "Service KPIs (售后服务)");
                await expectCell("A3", "Vehicles in (进厂台次)");
                await expectCell("B3", 7); // vehicles in, this month
                await expectCell("C3", 5); // the month before
                await expectCell("D3", 3); // the same month last year
                await expectCell("A5", "Sales, labour + parts (产值)");
                await expectCell("B5", 1200); // total sales, this month
                await expectCell("B9", 300); // sales per work order: 1200 / 4 delivered
                await expectCell("B12", 75); // efficiency: 100 × 6 flagged / 8 clocked
            },
        },
    ],
});

/* After the merge of the scorecards: After-Sales > Reporting > Scorecards opens. */
registry.category("web_tour.tours").add("kia_kpi_scorecard_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open After-Sales",
            trigger: ".o_app[data-menu-xmlid='kia_aftersales.menu_kia_aftersales_root']",
            run: "click",
        },
        {
            content: "Open Reporting",
            trigger: ".o_main_navbar [data-menu-xmlid='kia_aftersales.menu_kia_aftersales_reporting']",
            run: "click",
        },
        {
            content: "Open Scorecards",
            trigger: ".o_popover [data-menu-xmlid='kia_aftersales.menu_kia_scorecard'], .dropdown-menu [data-menu-xmlid='kia_aftersales.menu_kia_scorecard']",
            run: "click",
        },
        {
            content: "The scorecards are shown",
            trigger: ".o_action_manager .o_view_controller:is(.o_list_view, .o_kanban_view, .o_pivot_view, .o_form_view)",
        },
    ],
});
