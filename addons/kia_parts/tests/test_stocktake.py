from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestStocktake(KiaPartsCase):
    def _count(self, product, counted, user=None):
        quant = (
            self.env["stock.quant"]
            .with_context(inventory_mode=True)
            .search([("product_id", "=", product.id), ("location_id", "=", self.stock_location.id)])
        )
        quant.with_user(user or self.user_clerk).inventory_quantity = counted
        return quant

    def test_small_difference_applied_by_the_clerk(self):
        quant = self._count(self.part_filter, 8)
        self.assertEqual(quant.sudo().kia_difference_value, -80.0)
        quant.with_user(self.user_clerk).action_apply_inventory()
        self.assertEqual(quant.quantity, 8)

    def test_large_difference_needs_approval(self):
        quant = self._count(self.part_pads, 1)  # 3 sets x 240 = 720 > 500
        with self.assertRaisesRegex(UserError, "parts manager approves"):
            quant.with_user(self.user_clerk).action_apply_inventory()
        self.assertEqual(quant.quantity, 4)
        with self.assertRaisesRegex(UserError, "Only the parts manager approves"):
            quant.with_user(self.user_clerk).action_kia_approve_adjustment()
        quant.with_user(self.user_parts_manager).action_kia_approve_adjustment()
        self.assertEqual(quant.kia_adjustment_approved_by_id, self.user_parts_manager)
        # A new count needs a new approval.
        quant.with_user(self.user_clerk).inventory_quantity = 0
        self.assertFalse(quant.kia_adjustment_approved_by_id)
        quant.with_user(self.user_parts_manager).action_kia_approve_adjustment()
        quant.with_user(self.user_clerk).action_apply_inventory()
        self.assertEqual(quant.quantity, 0)
        self.assertFalse(quant.kia_adjustment_approved_by_id)
        adjustment = self.env["stock.move"].search(
            [("product_id", "=", self.part_pads.id), ("is_inventory", "=", True)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(adjustment.kia_adjustment_approved_by_id, self.user_parts_manager)

    def test_negative_count_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self._count(self.part_filter, -2)
        quant = self.env["stock.quant"].search(
            [("product_id", "=", self.part_filter.id), ("location_id", "=", self.stock_location.id)]
        )
        self.assertFalse(quant.inventory_quantity_set)
        self.assertEqual(quant.quantity, 10)

    def test_approval_cannot_be_skipped(self):
        # The clerk cannot approve his own count...
        quant = self._count(self.part_pads, 1)
        with self.assertRaisesRegex(UserError, "parts manager's Approve button"):
            quant.with_user(self.user_clerk).write(
                {"inventory_quantity": 1, "kia_adjustment_approved_by_id": self.user_clerk.id}
            )
        self.assertFalse(quant.kia_adjustment_approved_by_id)
        # ... nor go round the count with the product's "Update Quantity".
        wizard = (
            self.env["stock.change.product.qty"]
            .with_user(self.user_clerk)
            .create(
                {
                    "product_id": self.part_pads.id,
                    "product_tmpl_id": self.part_pads.product_tmpl_id.id,
                    "new_quantity": 0,
                }
            )
        )
        with self.assertRaisesRegex(UserError, "parts manager approves"):
            wizard.change_product_qty()
        self.assertEqual(self.part_pads.qty_available, 4)
