from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KiaWarrantyCase

# The five steps a manager signs off, their model and the tier definition shipped.
SIGN_OFFS = {
    "purchase.order": ("kia_parts.tier_definition_parts_order", "kia_parts.group_parts_manager"),
    "stock.picking": ("kia_parts.tier_definition_over_receipt", "kia_parts.group_parts_manager"),
    "stock.quant": ("kia_parts.tier_definition_stocktake", "kia_parts.group_parts_manager"),
    "repair.order": (
        "kia_aftersales.tier_definition_unpaid_delivery",
        "kia_aftersales.group_service_manager",
    ),
    "kia.warranty.claim.waiver": (
        "kia_warranty.tier_definition_waiver",
        "kia_warranty.group_warranty_manager",
    ),
}


@tagged("post_install", "-at_install")
class TestSignOffs(KiaWarrantyCase):
    def test_one_mechanism_for_the_five_sign_offs(self):
        """Parts orders, over-receipts, stocktake counts, unpaid deliveries and waivers
        are signed off the same way: OCA's tier validation, a definition shipped for
        every company, reviewed by the manager's group, gated by the suite's one check."""
        children = self.env.registry["tier.validation"]._inherit_children
        for model, (xmlid, group) in SIGN_OFFS.items():
            definition = self.env.ref(xmlid)
            self.assertIn(model, children, model)
            self.assertEqual(definition.model, model)
            self.assertFalse(definition.company_id, "shipped for every company")
            self.assertEqual(definition.review_type, "group")
            self.assertEqual(definition.reviewer_group_id, self.env.ref(group))
            Model = type(self.env[model])
            for method in ("_kia_tier_check", "_validate_tier", "request_validation"):
                self.assertEqual(
                    getattr(Model, method).__module__,
                    "odoo.addons.kia_aftersales.models.tier_validation",
                    f"{model}.{method}",
                )
            self.assertIn(model, self.env["tier.definition"]._get_tier_validation_model_names())

    def test_pending_sign_offs_reach_each_manager(self):
        """One request of each kind: each manager sees his own in the reviews to do
        (the systray's count), nobody else's."""

        def todo(user):
            return {
                row["model"]: row["pending_count"]
                for row in self.env["res.users"].with_user(user).review_user_count()
            }

        # The reviews already waiting (the demo database has some) are not this test's.
        before = {
            user: todo(user)
            for user in (self.user_parts_manager, self.user_manager, self.user_wmanager)
        }

        def new(user, model):
            return todo(user).get(model, 0) - before[user].get(model, 0)

        order = self._purchase([(self.part_filter, 5, 30)])
        order.with_user(self.user_clerk).request_validation()
        received = self._purchase([(self.part_pads, 2, 200)])
        self.kia.kia_parts_credit_limit = 100000
        received.with_user(self.user_parts_manager).button_confirm()
        receipt = received.picking_ids
        receipt.move_ids.write({"quantity": 3, "picked": True})
        receipt.with_user(self.user_clerk).request_validation()
        quant = (
            self.env["stock.quant"]
            .with_context(inventory_mode=True)
            .search(
                [
                    ("product_id", "=", self.part_pads.id),
                    ("location_id", "=", self.stock_location.id),
                ]
            )
        )
        quant.with_user(self.user_clerk).inventory_quantity = 0
        quant.with_user(self.user_clerk).request_validation()
        repair = self._passed()
        repair.action_kia_invoice()
        repair.with_user(self.user_advisor).request_validation()
        claim = self._complete(self._claim())
        claim.with_user(self.user_wclerk).write({"repair_date": self.today - timedelta(days=40)})
        waiver = claim.with_user(self.user_wclerk).action_kia_request_waiver(
            "deadline", "Customer abroad"
        )
        for record in (order, receipt, quant, repair, waiver):
            self.assertEqual(record.validation_status, "pending", record._name)

        self.assertEqual(
            {
                model: new(self.user_parts_manager, model)
                for model in ("purchase.order", "stock.picking", "stock.quant")
            },
            {"purchase.order": 1, "stock.picking": 1, "stock.quant": 1},
        )
        self.assertEqual(new(self.user_manager, "repair.order"), 1)
        self.assertEqual(new(self.user_wmanager, "kia.warranty.claim.waiver"), 1)
        self.assertFalse(todo(self.user_clerk))
        # Nobody validates another manager's sign-off.
        for record, user in (
            (order, self.user_manager),
            (repair, self.user_parts_manager),
            (quant, self.user_manager),
            (waiver, self.user_wclerk),
        ):
            with self.assertRaisesRegex(UserError, "is not a reviewer"):
                record.with_user(user).validate_tier()
            self.assertEqual(record.validation_status, "pending")
        # A manager of another department cannot even open the waiver.
        with self.assertRaises(AccessError):
            waiver.with_user(self.user_parts_manager).validate_tier()
