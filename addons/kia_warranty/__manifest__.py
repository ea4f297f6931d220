{
    "name": "Kia DMS - Warranty",
    "summary": "Warranty policies, claims to the manufacturer, old parts, and their "
    "reconciliation in accounting",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "website": "https://github.com/kia-dms/kia-dms",
    "author": "Kia DMS founding engineers",
    "license": "LGPL-3",
    "application": True,
    "depends": ["kia_parts", "account"],
    "data": [
        "security/kia_warranty_security.xml",
        "security/ir.model.access.csv",
        "views/kia_warranty_menus.xml",
    ],
    "installable": True,
}
