/** @odoo-module **/

import { registry } from "@web/core/registry";

/* The parts clerk receives an order with a damaged line and opens the parts claim. */
registry.category("web_tour.tours").add("kia_parts_receive_damaged_tour", {
    url: "/odoo/action-kia_parts.action_kia_parts_receipts",
    steps: () => [
        {
            content: "Open the receipt from the manufacturer",
            trigger: ".o_data_row td:contains(Tour Kia Parts)",
            run: "click",
        },
        {
            content: "Damaged column of the brake pads line",
            trigger: ".o_data_row:contains(Tour pads) td[name='kia_damaged_qty']",
            run: "click",
        },
        {
            content: "One set arrived damaged",
            trigger: ".o_data_row:contains(Tour pads) td[name='kia_damaged_qty'] input",
            run: "edit 1",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Open the parts claim",
            trigger: "button[name='action_kia_open_claim']",
            run: "click",
        },
        {
            content: "The claim lists the damaged set",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains(Tour pads):contains(Damaged)",
        },
        {
            content: "Submit it to the manufacturer",
            trigger: "button[name='action_submit']",
            run: "click",
        },
        {
            content: "Submitted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Submitted)",
        },
    ],
});
