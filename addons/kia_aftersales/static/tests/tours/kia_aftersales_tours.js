/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/* The service advisor: appointment -> work order -> check-in -> estimate -> approval. */
registry.category("web_tour.tours").add("kia_advisor_reception_tour", {
    url: "/odoo/action-kia_aftersales.action_kia_appointment",
    steps: () => [
        {
            content: "Switch to the list of appointments",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the customer's appointment",
            trigger: ".o_data_row td:contains(沪A TOUR1)",
            run: "click",
        },
        {
            content: "One click: open the work order",
            trigger: ".o_form_view button[name='action_create_work_order']",
            run: "click",
        },
        {
            content: "The work order carries the appointment's vehicle",
            trigger: ".o_field_widget[name='kia_vehicle_id'] input:value(沪A TOUR1)",
        },
        {
            content: "Reception tab",
            trigger: ".o_notebook_headers a:contains(Reception)",
            run: "click",
        },
        {
            content: "Odometer reading",
            trigger: ".o_field_widget[name='kia_checkin_odometer'] input",
            run: "edit 12345",
        },
        {
            content: "Check the vehicle in",
            trigger: "button[name='action_kia_check_in']",
            run: "click",
        },
        {
            content: "Send the estimate",
            trigger: "button[name='action_kia_send_estimate']",
            run: "click",
        },
        {
            content: "Waiting for the customer's approval",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Waiting Approval)",
        },
        {
            content: "Record the approval",
            trigger: ".o_form_statusbar button:contains(Record Approval)",
            run: "click",
        },
        {
            content: "How the customer approved",
            trigger: ".modal .o_field_widget[name='method'] select",
            run: "select \"phone\"",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The work order is in progress",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(In Progress)",
        },
    ],
});

/* The foreman dispatches a job from the dispatch board. */
registry.category("web_tour.tours").add("kia_foreman_dispatch_tour", {
    url: "/odoo/action-kia_aftersales.action_kia_dispatch_board",
    steps: () => [
        {
            content: "Dispatch the tour job",
            trigger: ".o_data_row:contains(Tour brake squeal) button:contains(Dispatch)",
            run: "click",
        },
        {
            content: "Choose the technician",
            trigger: ".modal .o_field_widget[name='technician_ids'] input",
            run: "edit Tour Tech",
        },
        {
            trigger: '.ui-autocomplete .ui-menu-item a:contains("Tour Tech")',
            run: "click",
        },
        {
            content: "Dispatch",
            trigger: ".modal button[name='action_dispatch']",
            run: "click",
        },
        {
            content: "Dispatched",
            trigger: ".o_data_row:contains(Tour brake squeal) .badge:contains(Dispatched)",
        },
    ],
});

/* The technician clocks on, records the correction and finishes the job. */
registry.category("web_tour.tours").add("kia_technician_job_tour", {
    url: "/odoo/action-kia_aftersales.action_kia_my_jobs",
    steps: () => [
        {
            content: "Open the job",
            trigger: ".o_kanban_record:contains(Tour brake squeal)",
            run: "click",
        },
        {
            content: "Clock on",
            trigger: "button[name='action_clock_on']",
            run: "click",
        },
        {
            content: "Correction",
            trigger: ".o_field_widget[name='correction'] textarea",
            run: "edit Replaced front pads, cleaned calipers",
        },
        {
            content: "Finish the job",
            trigger: "button[name='action_finish']",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Done)",
        },
    ],
});

/* The foreman checks the quality: the work order is ready. */
registry.category("web_tour.tours").add("kia_foreman_quality_tour", {
    url: "/odoo/action-kia_aftersales.action_kia_work_order",
    steps: () => [
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the work order",
            trigger: ".o_data_row td:contains(沪A TOUR2)",
            run: "click",
        },
        {
            content: "Quality check",
            trigger: "button[name='action_kia_quality_check']",
            run: "click",
        },
        {
            content: "Passed",
            trigger: ".modal .o_field_widget[name='result'] input[data-value='pass']",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The work order is ready",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Ready)",
        },
    ],
});
