"""View ids in Odoo's pattern (issue 10, item 10): ``<model>_view_<type>`` for a view of
its own, ``<model>_view_<type>_inherit_<module>`` for an extension of another module's view.

The ``ir.model.data`` rows are renamed before the module's data is loaded, so that each view
is updated in place. Without this, the upgrade would create the renamed views beside the old
ones, which stay until the end of the upgrade: the same extension would then apply twice
(a second ``replace`` or ``inside`` on the same node) while the other views are checked."""

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
    for old, new in RENAMED.items():
        cr.execute(
            """
            UPDATE ir_model_data
               SET name = %s
             WHERE module = %s AND name = %s
               AND NOT EXISTS (
                   SELECT 1 FROM ir_model_data WHERE module = %s AND name = %s
               )
            """,
            [new, MODULE, old, MODULE, new],
        )
