from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.kia_aftersales.tests.common import KiaAftersalesCase


class KiaPartsCase(KiaAftersalesCase):
    """The after-sales dealer, with a parts department and the manufacturer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_clerk = new_test_user(
            cls.env, "kia_p_clerk", groups="kia_parts.group_parts_clerk", name="Parts Clerk Xu"
        )
        cls.user_parts_manager = new_test_user(
            cls.env,
            "kia_p_manager",
            groups="kia_parts.group_parts_manager",
            name="Parts Manager Huang",
        )
        cls.kia = cls.env["res.partner"].create(
            {
                "name": "Kia Parts Center (test)",
                "is_company": True,
                "kia_parts_deposit": 1000.0,
                "kia_parts_credit_limit": 2000.0,
            }
        )
        cls.company.write(
            {
                "kia_parts_supplier_id": cls.kia.id,
                "kia_stocktake_approval_value": 500.0,
                "kia_stock_cover_months": 1.0,
                "kia_fast_moving_issues": 3,
            }
        )
        (cls.part_filter | cls.part_pads).product_tmpl_id.write({"kia_is_part": True})
        cls.part_filter.write({"default_code": "26300-T0001", "standard_price": 40.0})
        cls.part_pads.write({"default_code": "58101-T0001", "standard_price": 240.0})

    def _purchase(self, lines, order_type="stock", partner=None):
        return self.env["purchase.order"].create(
            {
                "partner_id": (partner or self.kia).id,
                "kia_order_type": order_type,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_qty": qty, "price_unit": price}
                    )
                    for product, qty, price in lines
                ],
            }
        )
