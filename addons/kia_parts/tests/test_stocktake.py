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
        self.assertTrue(quant.kia_above_threshold)
        with self.assertRaisesRegex(UserError, "parts manager approves"):
            quant.with_user(self.user_clerk).action_apply_inventory()
        self.assertEqual(quant.quantity, 4)
        with self.assertRaisesRegex(UserError, "is not a reviewer"):
            quant.with_user(self.user_clerk).action_kia_tier_validate()
        # The quant's tier validation: requested by the clerk, validated by the manager.
        quant.with_user(self.user_clerk).request_validation()
        self.assertEqual(quant.validation_status, "pending")
        with self.assertRaisesRegex(UserError, "is not a reviewer"):
            quant.with_user(self.user_clerk).validate_tier()
        quant.with_user(self.user_parts_manager).validate_tier()
        self.assertEqual(quant.validation_status, "validated")
        self.assertEqual(quant.review_ids.done_by, self.user_parts_manager)
        self.assertEqual(quant.review_ids.requested_by, self.user_clerk)
        # A new count needs a new approval.
        quant.with_user(self.user_clerk).inventory_quantity = 0
        with self.assertRaisesRegex(UserError, "parts manager approves"):
            quant.with_user(self.user_clerk).action_apply_inventory()
        self.assertEqual(quant.quantity, 4)
        self.assertTrue(quant.with_user(self.user_clerk).need_validation)
        quant.with_user(self.user_parts_manager).action_kia_tier_validate()
        quant.with_user(self.user_clerk).action_apply_inventory()
        self.assertEqual(quant.quantity, 0)
        self.assertFalse(quant.exists().review_ids)
        adjustment = self.env["stock.move"].search(
            [("product_id", "=", self.part_pads.id), ("is_inventory", "=", True)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(adjustment.kia_adjustment_approved_by_id, self.user_parts_manager)

    def test_manager_applying_signs_off(self):
        quant = self._count(self.part_pads, 3)  # 240, below the threshold
        self.assertFalse(quant.need_validation)
        quant.with_user(self.user_parts_manager).inventory_quantity = 1
        quant.with_user(self.user_parts_manager).action_apply_inventory()
        self.assertEqual(quant.quantity, 1)
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
        # The clerk cannot approve his own count: reviews are written by the flow only...
        quant = self._count(self.part_pads, 1)
        quant.with_user(self.user_clerk).request_validation()
        review = quant.review_ids
        clerk = self.user_clerk
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            review.with_user(clerk).write({"status": "approved", "done_by": clerk.id})
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            review.with_user(clerk).unlink()
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.env["tier.review"].with_user(clerk).create(
                {
                    "model": "stock.quant",
                    "res_id": quant.id,
                    "definition_id": review.definition_id.id,
                    "status": "approved",
                    "done_by": clerk.id,
                }
            )
        wizard = (
            self.env["comment.wizard"]
            .with_user(clerk)
            .create(
                {
                    "res_model": "stock.quant",
                    "res_id": quant.id,
                    "review_ids": [(6, 0, review.ids)],
                    "validate_reject": "validate",
                    "comment": "forged",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "is not a reviewer"):
            wizard.add_comment()
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.env["stock.move"].with_user(clerk).search([], limit=1).write(
                {"kia_adjustment_approved_by_id": clerk.id}
            )
        self.assertEqual(review.status, "pending")
        self.assertFalse(review.comment)
        self.assertEqual(quant.validation_status, "pending")
        with self.assertRaisesRegex(UserError, "parts manager approves"):
            quant.with_user(clerk).action_apply_inventory()
        self.assertEqual(quant.quantity, 4)
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
