/** @odoo-module **/

import { registry } from "@web/core/registry";

/* The service manager opens the month's scorecards, reads a technician's and approves it. */
registry.category("web_tour.tours").add("kia_scorecard_approve_tour", {
    url: "/odoo/action-kia_aftersales.action_kia_scorecard",
    steps: () => [
        {
            content: "Open the technician's scorecard",
            trigger: ".o_data_row td:contains(Tour Tech)",
            run: "click",
        },
        {
            content: "Its KPI, actual against target",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row td:contains(Tour Efficiency)",
        },
        {
            content: "The weighted score",
            trigger: ".o_field_widget[name='weighted_score']:contains(75.00)",
        },
        {
            content: "Approve",
            trigger: ".o_form_statusbar button[name='action_kia_approve']",
            run: "click",
        },
        {
            content: "Confirm: it is locked once approved",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Approved: nothing left to approve",
            trigger: ".o_form_statusbar:not(:has(button[name='action_kia_approve']))",
        },
        {
            content: "Approver stamped",
            trigger: ".o_field_widget[name='approved_by_id']:contains(Tour Manager)",
        },
    ],
});

/* The technician reads his own scorecard. */
registry.category("web_tour.tours").add("kia_scorecard_own_tour", {
    url: "/odoo/action-kia_aftersales.action_kia_my_scorecards",
    steps: () => [
        {
            content: "His scorecard, and his only",
            trigger: ".o_list_view:not(:has(.o_data_row:nth-child(2))) .o_data_row td:contains(Tour Tech)",
            run: "click",
        },
        {
            content: "His KPIs",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row td:contains(Tour Efficiency)",
        },
        {
            content: "Nothing to approve for him",
            trigger: ".o_form_view:not(:has(button[name='action_kia_approve']))",
        },
    ],
});
