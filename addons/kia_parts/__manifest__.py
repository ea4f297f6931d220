{
    "name": "Kia DMS - Parts",
    "summary": "Parts catalogue, manufacturer orders, receiving with inspection, issue to "
    "work orders, stocktaking and the monthly parts report",
    "version": "18.0.1.3.0",
    "category": "Inventory/Inventory",
    "author": "Kia DMS founding engineers",
    "license": "LGPL-3",
    "application": True,
    "depends": [
        "kia_aftersales",
        "purchase_stock",
        "sale_stock",
        "stock_account",
        "stock_sms",
        "report_xlsx",
    ],
    "data": [
        "security/kia_parts_security.xml",
        "security/ir.model.access.csv",
        "data/kia_parts_data.xml",
        "report/monthly_parts_report.xml",
        "wizards/kia_parts_wizard_views.xml",
        "views/product_views.xml",
        "views/purchase_order_views.xml",
        "views/stock_views.xml",
        "views/stock_warehouse_orderpoint_views.xml",
        "views/kia_parts_claim_views.xml",
        "views/kia_parts_lost_sale_views.xml",
        "views/sale_order_views.xml",
        "views/kia_parts_movement_report_views.xml",
        "views/res_config_settings_views.xml",
        "views/kia_parts_menus.xml",
    ],
    "demo": [
        "demo/kia_parts_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "kia_parts/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
