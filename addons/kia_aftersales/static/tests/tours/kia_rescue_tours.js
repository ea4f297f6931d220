/** @odoo-module **/

import { registry } from "@web/core/registry";

/* Customer relations: a hotline call becomes a roadside rescue, which is dispatched,
   departs, arrives and ends with a tow: the work order opens. */
registry.category("web_tour.tours").add("kia_hotline_rescue_tour", {
    url: "/odoo/action-kia_aftersales.action_kia_hotline_call",
    steps: () => [
        {
            content: "Log a new call",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Who is calling",
            trigger: ".o_field_widget[name='caller_name'] input",
            run: "edit Tour Rescue Customer",
        },
        {
            content: "The customer",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Rescue Customer",
        },
        {
            content: "Pick the customer",
            trigger: '.ui-autocomplete .ui-menu-item a:contains("Tour Rescue Customer")',
            run: "click",
        },
        {
            content: "His vehicle is filled in",
            trigger: ".o_field_widget[name='vehicle_id'] input:value(/TOURR/)",
        },
        {
            content: "Why he calls",
            trigger: ".o_field_widget[name='reason'] select",
            run: 'select "breakdown"',
        },
        {
            content: "What he says",
            trigger: ".o_field_widget[name='notes'] textarea",
            run: "edit Engine stopped on the Inner Ring Road",
        },
        {
            content: "Save the call",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Send a roadside rescue",
            trigger: ".o_form_view button[name='action_create_rescue']",
            run: "click",
        },
        {
            content: "The rescue carries what the caller said",
            trigger: ".o_field_widget[name='failure_description'] textarea:value(Engine stopped on the Inner Ring Road)",
        },
        {
            content: "Responders",
            trigger: ".o_field_widget[name='responder_ids'] input",
            run: "edit Tour Responder",
        },
        {
            content: "Pick the responder",
            trigger: '.ui-autocomplete .ui-menu-item a:contains("Tour Responder")',
            run: "click",
        },
        {
            content: "Service vehicle",
            trigger: ".o_field_widget[name='service_vehicle_id'] input",
            run: "edit TOURV",
        },
        {
            content: "Pick the service vehicle",
            trigger: '.ui-autocomplete .ui-menu-item a:contains("TOURV")',
            run: "click",
        },
        {
            content: "Dispatch",
            trigger: ".o_form_view button[name='action_dispatch']",
            run: "click",
        },
        {
            content: "Depart",
            trigger: ".o_form_view button[name='action_depart']",
            run: "click",
        },
        {
            content: "Arrived on site",
            trigger: ".o_form_view button[name='action_arrive']",
            run: "click",
        },
        {
            content: "Towed to the workshop",
            trigger: ".o_form_view button[name='action_finish_towed']",
            run: "click",
        },
        {
            content: "The rescue is finished, towed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Finished)",
        },
        {
            content: "and its work order is opened",
            trigger: ".o_field_widget[name='repair_id']:contains(/\\w/)",
        },
    ],
});

/* The advisor opens the work order the rescue created, with what the rescue knew. */
registry.category("web_tour.tours").add("kia_rescue_work_order_tour", {
    steps: () => [
        {
            content: "The work order carries the vehicle",
            trigger: ".o_form_view .o_field_widget[name='kia_vehicle_id'] input:value(/TOURR/)",
        },
        {
            content: "Reception tab",
            trigger: ".o_notebook_headers a:contains(Reception)",
            run: "click",
        },
        {
            content: "and the customer's concern",
            trigger: ".o_form_view .o_field_widget[name='kia_customer_concerns'] textarea:value(Engine stopped on the Inner Ring Road)",
        },
    ],
});
