"""View ids in Odoo's pattern (issue 10, item 10), the work order and equipment views
renamed after the files' other edits: ``<model>_view_<type>``, and
``<model>_view_<type>_inherit_<module>`` for an extension of another module's view."""

from odoo.addons.kia_training.upgrade import rename_xmlids

MODULE = "kia_aftersales"
RENAMED = {
    "view_repair_order_form_kia": "repair_order_view_form",
    "view_repair_order_kanban_kia": "repair_order_view_kanban",
    "view_repair_order_list_kia": "repair_order_view_list",
    "view_repair_order_search_kia": "repair_order_view_search_inherit_kia_aftersales",
    "view_repair_order_pivot_kia": "repair_order_view_pivot",
    "view_repair_order_graph_kia": "repair_order_view_graph",
    "maintenance_equipment_view_form_kia": "maintenance_equipment_view_form_inherit_kia_aftersales",
    "maintenance_equipment_view_list_kia": "maintenance_equipment_view_list_ledger",
    "maintenance_equipment_view_search_kia": (
        "maintenance_equipment_view_search_inherit_kia_aftersales"
    ),
}


def migrate(cr, version):
    rename_xmlids(cr, MODULE, RENAMED)
