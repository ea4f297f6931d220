import re

from odoo.tests import TransactionCase, tagged

KIA_MODULES = ("kia_training", "kia_aftersales", "kia_parts", "kia_warranty")
VIEW_TYPES = "form|list|kanban|search|pivot|graph|calendar|activity|gantt"
# `<model>_view_<type>`, a purpose after it when a module has two views of one type
# (`resource_resource_view_list_bay`), `_inherit_<module>` for an extension.
VIEW_ID = re.compile(rf"^[a-z0-9_]+_view_({VIEW_TYPES})(_[a-z0-9_]+)?$")


@tagged("post_install", "-at_install")
class TestViews(TransactionCase):
    """The screens read like Odoo's: ids in Odoo's pattern, a search view on every list
    a menu opens (issue 10, item 10)."""

    def _kia_views(self):
        data = self.env["ir.model.data"].search(
            [("module", "in", KIA_MODULES), ("model", "=", "ir.ui.view")]
        )
        views = self.env["ir.ui.view"].browse(data.mapped("res_id"))
        types = dict(zip(views.ids, views.mapped("type"), strict=True))
        return [(f"{d.module}.{d.name}", d) for d in data if types.get(d.res_id) != "qweb"]

    def test_view_ids_follow_odoo_pattern(self):
        bad = [
            xmlid for xmlid, _data in self._kia_views() if not VIEW_ID.match(xmlid.split(".", 1)[1])
        ]
        self.assertFalse(bad, "View ids not in Odoo's `<model>_view_<type>` pattern")

    def test_extensions_say_which_module_extends(self):
        """An extension of another module's view ends with `_inherit_<module>`, as in
        Odoo's coding guidelines; a view of our own models or a primary view does not."""
        bad = []
        for xmlid, data in self._kia_views():
            view = self.env["ir.ui.view"].browse(data.res_id)
            extends_other = view.inherit_id and view.mode == "extension"
            if not extends_other:
                continue
            if f"_inherit_{data.module}" not in data.name:
                bad.append(xmlid)
        self.assertFalse(bad, "Extensions without `_inherit_<module>` in their id")

    def test_search_view_for_every_listed_model(self):
        """Every `kia.*` model a window action shows as a list has a search view of its own
        (filters and group-bys), not Odoo's default one built from the name."""
        actions = self.env["ir.actions.act_window"].search([("res_model", "=like", "kia.%")])
        listed = {a.res_model for a in actions if "list" in a.view_mode.split(",")}
        with_search = set(
            self.env["ir.ui.view"]
            .search([("type", "=", "search"), ("model", "in", list(listed))])
            .mapped("model")
        )
        self.assertFalse(
            sorted(listed - with_search), "Models listed by a menu without a search view"
        )
