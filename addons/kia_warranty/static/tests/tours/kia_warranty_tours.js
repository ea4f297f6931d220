/** @odoo-module **/

import { registry } from "@web/core/registry";

/* The warranty clerk completes the claim a work order made and submits it. */
registry.category("web_tour.tours").add("kia_warranty_clerk_tour", {
    url: "/odoo/action-kia_warranty.action_kia_warranty_claim",
    steps: () => [
        {
            content: "Open the draft claim of the brake job",
            trigger: ".o_data_row:contains(LJDKAA24) td[name='name']",
            run: "click",
        },
        {
            content: "Diagnosis tab",
            trigger: ".o_notebook .nav-link[name='diagnosis']",
            run: "click",
        },
        {
            content: "Record the diagnostic trouble code",
            trigger: ".o_field_widget[name='dtc_codes'] input",
            run: "edit C1234",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Submit to the manufacturer",
            trigger: ".o_form_saved button[name='action_submit']",
            run: "click",
        },
        {
            content: "The claim is submitted",
            trigger: ".o_statusbar_status button[data-value='submitted'].o_arrow_button_current",
        },
    ],
});

/* The accountant imports the manufacturer's remittance: the claim invoice is paid. */
registry.category("web_tour.tours").add("kia_warranty_accountant_tour", {
    url: "/odoo/action-kia_warranty.action_kia_warranty_remittance",
    steps: () => [
        {
            content: "Accounting menu of the Warranty app",
            trigger: ".o_menu_sections button:contains(Accounting)",
            run: "click",
        },
        {
            content: "Import Remittance",
            trigger: ".dropdown-item:contains(Import Remittance)",
            run: "click",
        },
        {
            content: "Choose the manufacturer's file",
            trigger: ".modal .o_field_widget[name='file'] input[type='file']:not(:visible)",
            run() {
                // The test names its invoiced claim CLM/TOUR/1.
                const content =
                    "claim_number,approved_amount,paid_amount,rejection_reason\n" +
                    "CLM/TOUR/1,504,504,\n";
                const transfer = new DataTransfer();
                transfer.items.add(new File([content], "remittance.csv", { type: "text/csv" }));
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is loaded",
            trigger: ".modal .o_field_widget[name='file'] .o_clear_file_button",
        },
        {
            content: "Import",
            trigger: ".modal button[name='action_import']",
            run: "click",
        },
        {
            content: "The remittance lists the paid claim",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains(Paid)",
        },
    ],
});
