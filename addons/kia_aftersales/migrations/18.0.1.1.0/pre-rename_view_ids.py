"""View ids in Odoo's pattern (issue 10, item 10): ``<model>_view_<type>``, and
``<model>_view_<type>_inherit_<module>`` for an extension of another module's view."""

from odoo.addons.kia_training.upgrade import rename_xmlids

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
    rename_xmlids(cr, MODULE, RENAMED)
