/** @odoo-module **/

import { registry } from "@web/core/registry";

function step(name) {
    return [
        {
            content: `Move the complaint to ${name}`,
            trigger: `.o_form_view .o_statusbar_status button:contains(${name})`,
            run: "click",
        },
        {
            content: `The complaint is in ${name}`,
            trigger: `.o_statusbar_status button.o_arrow_button_current:contains(${name})`,
        },
    ];
}

/* Customer relations runs a complaint through its five steps, records the customer's
   rating of the resolution and closes it. */
registry.category("web_tour.tours").add("kia_complaint_tour", {
    url: "/odoo/action-kia_aftersales.action_kia_complaint",
    steps: () => [
        {
            content: "Open the received complaint",
            trigger: ".o_kanban_record:contains(Tour complaint)",
            run: "click",
        },
        {
            content: "It was received",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Received)",
        },
        ...step("Analysis"),
        ...step("Solution"),
        ...step("Tracking"),
        ...step("Feedback"),
        {
            content: "Write the resolution",
            trigger: ".o_field_widget[name='kia_resolution'] textarea",
            run: "edit Brake pads replaced under goodwill.",
        },
        {
            content: "Record the customer's rating",
            trigger: ".o_form_view button[name='action_kia_record_rating']",
            run: "click",
        },
        {
            content: "The customer is satisfied",
            trigger: ".modal .o_field_widget[name='rating'] input[data-value='5']",
            run: "click",
        },
        {
            content: "What the customer said",
            trigger: ".modal .o_field_widget[name='feedback'] textarea",
            run: "edit Quiet now, thanks.",
        },
        {
            content: "Record",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The satisfaction shows on the complaint",
            trigger: ".o_field_widget[name='kia_satisfaction']:contains(Satisfied)",
        },
        {
            content: "Open the closed stages",
            trigger: ".o_statusbar_status button.dropdown-toggle.o_first",
            run: "click",
        },
        {
            content: "Close the complaint",
            trigger: ".o-dropdown--menu .dropdown-item:contains(Closed)",
            run: "click",
        },
        {
            content: "The complaint is closed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Closed)",
        },
        {
            content: "Back to the complaints",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The kanban of the complaints",
            trigger: ".o_kanban_view .o_kanban_group",
        },
    ],
});
