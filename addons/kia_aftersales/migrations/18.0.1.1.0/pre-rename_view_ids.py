"""View ids in Odoo's pattern (issue 10, item 10): ``<model>_view_<type>`` for a view of
its own, ``<model>_view_<type>_inherit_<module>`` for an extension of another module's view.

The ``ir.model.data`` rows are renamed before the module's data is loaded, so that each view
is updated in place. Without this, the upgrade would create the renamed views beside the old
ones, which stay until the end of the upgrade: the same extension would then apply twice
(a second ``replace`` or ``inside`` on the same node) while the other views are checked."""

MODULE = "kia_aftersales"
RENAMED = {
    "fleet_vehicle_view_form_kia": "fleet_vehicle_view_form_inherit_kia_aftersales",
    "fleet_vehicle_view_list_kia": "fleet_vehicle_view_list",
    "fleet_vehicle_view_search_kia": "fleet_vehicle_view_search_inherit_kia_aftersales",
    "fleet_vehicle_model_view_form_kia": "fleet_vehicle_model_view_form_inherit_kia_aftersales",
    "res_config_settings_view_form_kia_aftersales": (
        "res_config_settings_view_form_inherit_kia_aftersales"
    ),
    "res_partner_view_form_kia": "res_partner_view_form_inherit_kia_aftersales",
    "resource_resource_view_list_kia_bay": "resource_resource_view_list_bay",
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
