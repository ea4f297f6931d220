"""View ids in Odoo's pattern (issue 10, item 10): ``<model>_view_<type>``, and
``<model>_view_<type>_inherit_<module>`` for an extension of another module's view."""

from odoo.addons.kia_training.upgrade import rename_xmlids

MODULE = "kia_warranty"
RENAMED = {
    "view_repair_order_form_kia_warranty": "repair_order_view_form_inherit_kia_warranty",
    "kia_job_line_view_form_kia_warranty": "kia_job_line_view_form_inherit_kia_warranty",
    "kia_labour_operation_view_form_kia_warranty": (
        "kia_labour_operation_view_form_inherit_kia_warranty"
    ),
    "product_template_form_view_kia_warranty": "product_template_view_form_inherit_kia_warranty",
    "product_category_form_view_kia_warranty": "product_category_view_form_inherit_kia_warranty",
    "res_config_settings_view_form_kia_warranty": (
        "res_config_settings_view_form_inherit_kia_warranty"
    ),
}


def migrate(cr, version):
    rename_xmlids(cr, MODULE, RENAMED)
