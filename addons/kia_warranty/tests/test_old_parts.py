from datetime import timedelta

from odoo.exceptions import UserError

from .common import KiaWarrantyCase


class TestOldParts(KiaWarrantyCase):
    def _qty(self, location):
        return self.env["stock.quant"]._get_available_quantity(self.part_pads, location)

    def test_quarantine_return_and_scrap(self):
        claim = self._claim()
        location = self.env["stock.location"]._kia_old_parts_location(self.company)
        self.assertTrue(location.kia_is_old_parts)
        stock_before = self._qty(self.stock_location)
        part = claim.with_user(self.user_wclerk).action_kia_receive_old_part()
        self.assertEqual(part.state, "quarantined")
        self.assertEqual(part.move_id.kia_warranty_claim_id, claim)
        self.assertEqual(part.move_id.state, "done")
        self.assertEqual(self._qty(location), 1.0)
        # The old part never enters the sellable stock.
        self.assertEqual(self._qty(self.stock_location), stock_before)
        self.assertEqual(part.received_by_id, self.user_wclerk)
        self.assertEqual(part.return_deadline, self.today + timedelta(days=60))
        # Tag
        content, kind = self.env["ir.actions.report"]._render_qweb_html(
            "kia_warranty.report_old_part_tag", part.ids
        )
        self.assertIn(claim.name, content.decode())
        # Workflow fields refuse a plain write.
        with self.assertRaises(UserError):
            part.with_user(self.user_wclerk).write({"state": "returned"})
        part.with_user(self.user_wclerk).action_return()
        self.assertEqual(part.state, "returned")
        self.assertEqual(part.returned_by_id, self.user_wclerk)
        self.assertEqual(part.return_picking_id.state, "done")
        self.assertEqual(part.return_picking_id.partner_id, self.kia)
        self.assertEqual(self._qty(location), 0.0)
        with self.assertRaises(UserError):
            part.with_user(self.user_wclerk).action_scrap()

    def test_scrap_and_overdue(self):
        claim = self._claim()
        location = self.env["stock.location"]._kia_old_parts_location(self.company)
        part = claim.with_user(self.user_wclerk).action_kia_receive_old_part()
        self.assertFalse(part.is_overdue)
        part.sudo().return_deadline = self.today - timedelta(days=1)
        self.assertTrue(part.is_overdue)
        self.assertIn(part, self.env["kia.warranty.old.part"].search([("is_overdue", "=", True)]))
        with self.assertRaises(UserError):
            part.with_user(self.user_advisor).action_scrap()
        self.assertEqual(part.state, "quarantined")
        part.with_user(self.user_wclerk).action_scrap()
        self.assertEqual(part.state, "scrapped")
        self.assertEqual(part.scrap_id.state, "done")
        self.assertEqual(part.scrapped_by_id, self.user_wclerk)
        self.assertEqual(self._qty(location), 0.0)
        self.assertFalse(part.is_overdue)
