"""View ids in Odoo's pattern (issue 10, item 10): ``<model>_view_<type>``, and
``<model>_view_<type>_inherit_<module>`` for an extension of another module's view."""

from odoo.addons.kia_training.upgrade import rename_xmlids

MODULE = "kia_parts"
RENAMED = {
    "product_template_form_view_kia_parts": "product_template_view_form_inherit_kia_parts",
    "product_template_form_view_kia_cost": "product_template_view_form_inherit_kia_parts_cost",
    "product_template_tree_view_kia_cost": "product_template_view_list_inherit_kia_parts",
    "product_variant_easy_edit_view_kia_cost": "product_product_view_form_easy_inherit_kia_parts",
    "product_product_tree_view_kia_cost": "product_product_view_list_inherit_kia_parts",
    "product_template_list_kia_parts": "product_template_view_list_part",
    "product_template_search_kia_parts": "product_template_view_search_part",
    "purchase_order_form_kia_parts": "purchase_order_view_form_inherit_kia_parts",
    "purchase_order_list_kia_parts": "purchase_order_view_list_inherit_kia_parts",
    "res_partner_form_kia_parts": "res_partner_view_form_inherit_kia_parts",
    "res_config_settings_view_form_kia_parts": "res_config_settings_view_form_inherit_kia_parts",
    "view_sale_order_list_kia_counter": "sale_order_view_list_counter_sale",
    "view_picking_form_kia_parts": "stock_picking_view_form_inherit_kia_parts",
    "view_stock_quant_inventory_kia_parts": "stock_quant_view_list_inventory_inherit_kia_parts",
    "view_stock_move_list_kia_issue": "stock_move_view_list_issue",
    "view_repair_order_form_kia_parts": "repair_order_view_form_inherit_kia_parts",
}


def migrate(cr, version):
    rename_xmlids(cr, MODULE, RENAMED)
