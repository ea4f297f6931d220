{
    "name": "Kia DMS - Parts",
    "summary": "Parts catalogue, manufacturer orders, receiving with inspection, issue to "
    "work orders, stocktaking and the monthly parts report",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "website": "https://github.com/kia-dms/kia-dms",
    "author": "Kia DMS founding engineers",
    "license": "LGPL-3",
    "application": True,
    "depends": ["kia_aftersales", "purchase_stock", "stock_account", "report_xlsx"],
    "data": [
        "security/kia_parts_security.xml",
        "security/ir.model.access.csv",
        "views/kia_parts_menus.xml",
    ],
    "installable": True,
}
