/** @odoo-module **/

import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/* An HR officer records a technician's certification and finds it in the matrix. */
registry.category("web_tour.tours").add("kia_training_certification_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Training app",
            trigger: ".o_app[data-menu-xmlid='kia_training.menu_kia_training_root']",
            run: "click",
        },
        {
            content: "Record a new certification",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Pick the technician",
            trigger: ".o_field_widget[name='employee_id'] input",
            run: "edit Tour Technician",
        },
        {
            trigger: '.ui-autocomplete .ui-menu-item a:contains("Tour Technician")',
            run: "click",
        },
        {
            content: "Pick the certification type",
            trigger: ".o_field_widget[name='kia_certification_type_id'] input",
            run: "edit Tour HV",
        },
        {
            trigger: '.ui-autocomplete .ui-menu-item a:contains("Tour HV Safety")',
            run: "click",
        },
        {
            content: "The certificate is named after its type",
            trigger: ".o_field_widget[name='name'] input:value(Tour HV Safety)",
        },
        {
            content: "Certificate number",
            trigger: ".o_field_widget[name='kia_certificate_number'] input",
            run: "edit TOUR-0001",
        },
        {
            content: "Issue date",
            trigger: ".o_field_widget[name='date_start'] input",
            run: "edit 01/15/2026",
        },
        {
            content: "Expiry date",
            trigger: ".o_field_widget[name='date_end'] input",
            run: "edit 01/15/2036",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_breadcrumb .active:contains(Tour HV Safety)",
        },
        {
            content: "Open the Certifications menu",
            trigger: ".o_main_navbar button:contains(Certifications)",
            run: "click",
        },
        {
            content: "Open the certification matrix",
            trigger: ".dropdown-item:contains(Certification Matrix)",
            run: "click",
        },
        {
            content: "The technician is a row of the matrix",
            trigger: ".o_pivot tbody th:contains(Tour Technician)",
        },
        {
            content: "Under the new certification type",
            trigger: ".o_pivot thead th:contains(Tour HV Safety)",
        },
    ],
});
