{
    "name": "Kia DMS - After-Sales Service",
    "summary": "Appointments, reception, work orders, dispatch, quality check, delivery "
    "and follow-up for a Kia dealer's service department",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/kia-dms/kia-dms",
    "author": "Kia DMS founding engineers",
    "license": "LGPL-3",
    "application": True,
    "depends": [
        "kia_training",
        "fleet",
        "repair",
        "sale_management",
        "account",
        "maintenance",
        "calendar",
        "survey",
        "helpdesk_mgmt",
        "portal",
        "sms",
    ],
    "data": [
        "security/kia_aftersales_security.xml",
        "security/ir.model.access.csv",
        "views/kia_aftersales_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
    "installable": True,
}
