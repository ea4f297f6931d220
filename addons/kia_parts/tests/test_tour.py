from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPartsTour(HttpCase):
    def test_clerk_receives_damaged_line_and_claims(self):
        new_test_user(
            self.env,
            "kia_tour_clerk",
            groups="kia_parts.group_parts_clerk",
            lang="en_US",
            name="Tour Clerk",
        )
        manager = new_test_user(
            self.env,
            "kia_tour_pmgr",
            groups="kia_parts.group_parts_manager",
            name="Tour Parts Manager",
        )
        supplier = self.env["res.partner"].create({"name": "Tour Kia Parts", "is_company": True})
        pads = self.env["product.product"].create(
            {"name": "Tour pads", "is_storable": True, "kia_is_part": True, "standard_price": 200}
        )
        order = self.env["purchase.order"].create(
            {
                "partner_id": supplier.id,
                "kia_order_type": "stock",
                "order_line": [
                    Command.create({"product_id": pads.id, "product_qty": 4, "price_unit": 200})
                ],
            }
        )
        order.with_user(manager).button_confirm()
        receipt = order.picking_ids
        receipt.move_ids.write({"kia_note_qty": 4, "quantity": 3})
        self.start_tour("/odoo", "kia_parts_receive_damaged_tour", login="kia_tour_clerk")
        claim = receipt.kia_claim_ids
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.line_ids.discrepancy, "damaged")
        self.assertEqual(claim.line_ids.quantity, 1)
        self.assertEqual(claim.partner_id, supplier)
