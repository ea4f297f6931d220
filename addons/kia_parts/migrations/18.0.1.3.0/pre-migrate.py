"""Replenishment on Odoo's replenishment rules (issue: Replenishment): the Suggest Stock
Order action and menu become the parts' Replenishment (Odoo's screen), updated in place."""

from odoo.addons.kia_training.upgrade import rename_xmlids

MODULE = "kia_parts"
RENAMED = {
    "action_kia_suggest_stock_order": "action_kia_parts_replenishment",
    "menu_kia_suggest_stock_order": "menu_kia_parts_replenishment",
}


def migrate(cr, version):
    rename_xmlids(cr, MODULE, RENAMED)
