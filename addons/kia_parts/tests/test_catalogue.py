from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestCatalogue(KiaPartsCase):
    def test_supersession_chain_and_proposal(self):
        old = self._part("Test filter old", 80, 0)
        older = self._part("Test filter older", 80, 0)
        (old | older).product_tmpl_id.kia_is_part = True
        old.product_tmpl_id.kia_superseded_by_id = self.part_filter.product_tmpl_id
        older.product_tmpl_id.kia_superseded_by_id = old.product_tmpl_id
        self.assertEqual(older._kia_latest(), self.part_filter)
        with self.assertRaisesRegex(ValidationError, "loop back"):
            self.part_filter.product_tmpl_id.kia_superseded_by_id = older.product_tmpl_id
        self.assertFalse(self.part_filter.product_tmpl_id.kia_superseded_by_id)
        order = Form(self.env["purchase.order"].with_user(self.user_clerk))
        order.partner_id = self.kia
        with order.order_line.new() as line:
            line.product_id = older
            self.assertEqual(line.product_id, self.part_filter, "the new number is proposed")

    def test_part_number_is_searchable(self):
        found = self.env["product.product"].name_search("26300-T0001")
        self.assertEqual(found[0][0], self.part_filter.id)

    def test_advisor_sees_price_not_cost(self):
        """Cost is hidden in the views, not by groups on the field (Odoo's own flows read
        it as whoever runs them: see test_integrity_stock)."""
        part = self.part_filter.with_user(self.user_advisor)
        self.assertEqual(part.read(["lst_price", "qty_available"])[0]["lst_price"], 80.0)
        views = [(False, "form"), (False, "list")]
        for model in ("product.template", "product.product"):
            for user, shown in ((self.user_advisor, False), (self.user_clerk, True)):
                arch = self.env[model].with_user(user).get_views(views)["views"]
                for view_type in ("form", "list"):
                    fields = arch[view_type]["arch"]
                    self.assertEqual(
                        'name="standard_price"' in fields,
                        shown,
                        f"{model} {view_type} view of {user.login}",
                    )

    def test_movement_classes_from_12_months_of_demand(self):
        slow = self._part("Test slow part", 100, 5)
        dead = self._part("Test dead part", 100, 5)
        (slow | dead).product_tmpl_id.kia_is_part = True
        self.env.cr.execute(
            "UPDATE product_template SET create_date = now() - interval '2 years' WHERE id IN %s",
            (tuple((slow | dead | self.part_filter | self.part_pads).product_tmpl_id.ids),),
        )
        self.env.invalidate_all()
        customers = self.env.ref("stock.stock_location_customers")
        for product, count in ((self.part_filter, 3), (slow, 1)):
            for _i in range(count):
                move = self.env["stock.move"].create(
                    {
                        "name": "issue",
                        "product_id": product.id,
                        "product_uom_qty": 1,
                        "location_id": self.stock_location.id,
                        "location_dest_id": customers.id,
                    }
                )
                move._action_confirm()
                move._action_assign()
                move.picked = True
                move._action_done()
        self.env["product.template"]._cron_kia_movement_class()
        self.assertEqual(self.part_filter.kia_movement_class, "fast")
        self.assertEqual(self.part_filter.kia_issues_12m, 3)
        self.assertEqual(slow.kia_movement_class, "slow")
        self.assertEqual(dead.kia_movement_class, "dead")
        self.assertEqual(self.part_pads.kia_movement_class, "dead")
