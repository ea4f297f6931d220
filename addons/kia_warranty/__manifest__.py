{
    "name": "Kia DMS - Warranty",
    "summary": "Warranty policies, claims to the manufacturer, old parts, and their "
    "reconciliation in accounting",
    "version": "18.0.1.2.0",
    "category": "Services/After-Sales",
    "author": "Kia DMS founding engineers",
    "license": "LGPL-3",
    "application": True,
    "depends": ["kia_parts", "account", "report_xlsx"],
    "external_dependencies": {"python": ["openpyxl"]},
    "data": [
        "security/kia_warranty_security.xml",
        "security/ir.model.access.csv",
        "data/kia_warranty_data.xml",
        "data/tier_definition_data.xml",
        "views/kia_warranty_claim_views.xml",
        "views/kia_warranty_config_views.xml",
        "views/inherited_views.xml",
        "wizards/kia_warranty_wizard_views.xml",
        "report/kia_warranty_reports.xml",
        "views/kia_warranty_menus.xml",
    ],
    "demo": [
        "demo/kia_warranty_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "kia_warranty/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
