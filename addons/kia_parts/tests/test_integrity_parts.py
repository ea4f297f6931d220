"""Issue 8 (integrity) for the parts department: each rule over the path that bypassed it."""

from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.kia_parts.models.product_template import ProductTemplate

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestIntegrityParts(KiaPartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kia.kia_parts_credit_limit = 100000
        cls.customers = cls.env.ref("stock.stock_location_customers")

    def _issue(self, product, count, company=None, location=None):
        """``count`` done issues of one unit each (counter sales) in ``company``."""
        company = company or self.company
        location = location or self.stock_location
        self.env["stock.quant"].with_company(company)._update_available_quantity(
            product, location, count
        )
        moves = (
            self.env["stock.move"]
            .with_company(company)
            .create(
                [
                    {
                        "name": "issue",
                        "company_id": company.id,
                        "product_id": product.id,
                        "product_uom_qty": 1,
                        "product_uom": product.uom_id.id,
                        "location_id": location.id,
                        "location_dest_id": self.customers.id,
                    }
                    for _i in range(count)
                ]
            )
        )
        moves._action_confirm()
        moves._action_assign()
        moves.picked = True
        moves._action_done()
        return moves

    # ------------------------------------------------------------------ item 3: approval

    def test_clerk_cannot_write_parts_order_state(self):
        """RPC: a parts clerk writes the state of a parts order straight to purchase."""
        order = self._purchase([(self.part_filter, 5, 30)])
        for state in ("purchase", "done"):
            with self.assertRaisesRegex(UserError, "approved with Confirm Order"):
                order.with_user(self.user_clerk).write({"state": state})
            order.invalidate_recordset()
            self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        self.assertFalse(order.date_approve)

    def test_manager_cannot_write_the_state_either(self):
        """The manager approves through the button that checks the credit, not by a write."""
        self.kia.kia_parts_credit_limit = 10
        order = self._purchase([(self.part_filter, 5, 30)])
        with self.assertRaisesRegex(UserError, "approved with Confirm Order"):
            order.with_user(self.user_parts_manager).write({"state": "purchase"})
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")

    def test_button_approve_is_guarded(self):
        """``button_approve`` is public: a purchase user (the clerk) calls it directly."""
        order = self._purchase([(self.part_filter, 5, 30)])
        with self.assertRaisesRegex(UserError, "Only the parts manager confirms"):
            order.with_user(self.user_clerk).button_approve()
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        # The manager too, over the credit.
        self.kia.write({"kia_parts_deposit": 0, "kia_parts_credit_limit": 10})
        with self.assertRaisesRegex(UserError, "would exceed the credit"):
            order.with_user(self.user_parts_manager).button_approve()
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        # Within the credit, the manager's approval goes through, with its receipt.
        self.kia.kia_parts_credit_limit = 100000
        order.with_user(self.user_parts_manager).button_approve()
        self.assertEqual(order.state, "purchase")
        self.assertTrue(order.picking_ids)

    def test_parts_order_cannot_be_created_approved(self):
        """Not even by the parts manager: no credit check, no receipt."""
        with self.assertRaisesRegex(UserError, "approved with Confirm Order"):
            self.env["purchase.order"].with_user(self.user_parts_manager).create(
                {
                    "partner_id": self.kia.id,
                    "state": "purchase",
                    "order_line": [
                        Command.create({"product_id": self.part_filter.id, "product_qty": 1})
                    ],
                }
            )
        self.assertFalse(
            self.env["purchase.order"].search(
                [("partner_id", "=", self.kia.id), ("state", "=", "purchase")]
            )
        )

    def test_signed_order_type_cannot_change(self):
        order = self._purchase([(self.part_filter, 5, 30)], order_type="stock")
        order.with_user(self.user_parts_manager).button_confirm()
        with self.assertRaisesRegex(UserError, "type of a signed parts order"):
            order.with_user(self.user_parts_manager).kia_order_type = "emergency"
        order.invalidate_recordset()
        self.assertEqual(order.kia_order_type, "stock")

    def test_plain_purchase_keeps_odoo_behaviour(self):
        """A purchase user buying office supplies: Odoo's flow, no parts manager."""
        buyer = new_test_user(self.env, "kia_p_buyer", groups="purchase.group_purchase_user")
        paper = self.env["product.product"].create({"name": "Test printer paper"})
        order = (
            self.env["purchase.order"]
            .with_user(buyer)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"product_id": paper.id, "product_qty": 3})],
                }
            )
        )
        order.button_confirm()
        self.assertEqual(order.state, "purchase")
        order.button_done()
        self.assertEqual(order.state, "done")
        order.button_unlock()
        self.assertEqual(order.state, "purchase")

    # ------------------------------------------------------------------ item 9: companies

    def test_two_companies_keep_their_classes_and_credit(self):
        company_b = self.env["res.company"].create({"name": "Test Dealer B (Suzhou)"})
        company_b.kia_fast_moving_issues = 2
        stock_b = (
            self.env["stock.warehouse"].search([("company_id", "=", company_b.id)]).lot_stock_id
        )
        self.env.cr.execute(
            "UPDATE product_template SET create_date = now() - interval '2 years' WHERE id IN %s",
            [tuple((self.part_filter | self.part_pads).product_tmpl_id.ids)],
        )
        self.env.invalidate_all()
        self._issue(self.part_filter, 3)  # dealer A: 3 issues, fast from 3
        self._issue(self.part_pads, 2, company=company_b, location=stock_b)  # B: fast from 2
        Template = self.env["product.template"]
        Template._cron_kia_movement_class()
        filter_tmpl, pads_tmpl = (self.part_filter | self.part_pads).product_tmpl_id
        self.assertEqual(filter_tmpl.with_company(self.company).kia_movement_class, "fast")
        self.assertEqual(filter_tmpl.with_company(self.company).kia_issues_12m, 3)
        self.assertEqual(filter_tmpl.with_company(company_b).kia_movement_class, "dead")
        self.assertEqual(pads_tmpl.with_company(company_b).kia_movement_class, "fast")
        self.assertEqual(pads_tmpl.with_company(company_b).kia_demand_12m, 2)
        self.assertEqual(pads_tmpl.with_company(self.company).kia_movement_class, "dead")
        # Another run, after more issues in B only: A keeps its own classes.
        self._issue(self.part_filter, 1, company=company_b, location=stock_b)
        Template._cron_kia_movement_class()
        self.assertEqual(filter_tmpl.with_company(self.company).kia_movement_class, "fast")
        self.assertEqual(filter_tmpl.with_company(company_b).kia_movement_class, "slow")
        self.assertEqual(pads_tmpl.with_company(company_b).kia_movement_class, "fast")
        # Bin locations per company.
        filter_tmpl.with_company(self.company).kia_bin_location = "A-01-2"
        filter_tmpl.with_company(company_b).kia_bin_location = "K-09-9"
        self.assertEqual(filter_tmpl.with_company(self.company).kia_bin_location, "A-01-2")
        # Deposit and credit limit per company: B's small credit does not block A.
        self.kia.with_company(company_b).write(
            {"kia_parts_deposit": 0.0, "kia_parts_credit_limit": 10.0}
        )
        self.assertEqual(self.kia.with_company(self.company).kia_parts_credit_limit, 100000)
        self.user_parts_manager.write({"company_ids": [Command.link(company_b.id)]})
        order_b = (
            self.env["purchase.order"]
            .with_company(company_b)
            .create(
                {
                    "partner_id": self.kia.id,
                    "company_id": company_b.id,
                    "kia_order_type": "stock",
                    "order_line": [
                        Command.create(
                            {"product_id": self.part_filter.id, "product_qty": 5, "price_unit": 30}
                        )
                    ],
                }
            )
        )
        with self.assertRaisesRegex(UserError, "would exceed the credit"):
            order_b.with_user(self.user_parts_manager).with_company(company_b).button_confirm()
        self.assertEqual(order_b.state, "draft")
        order_a = self._purchase([(self.part_filter, 5, 30)])
        order_a.with_user(self.user_parts_manager).button_confirm()
        self.assertEqual(order_a.state, "purchase")
        with self.assertRaises(ValidationError):
            self.kia.with_company(company_b).kia_parts_deposit = -5
        # Each company numbers its own claims.
        sequences = self.env["ir.sequence"].search([("code", "=", "kia.parts.claim")])
        self.assertIn(company_b, sequences.company_id)
        self.assertIn(self.company, sequences.company_id)

    # ------------------------------------------------------------------ item 14: the cron

    def _written(self):
        """Patch the cron's writer to record the parts it revisits, by company."""
        written = {}
        original = ProductTemplate._kia_write_movement_classes

        def record(template_self, company, template_ids, since, today):
            written.setdefault(company.id, []).extend(template_ids)
            return original(template_self, company, template_ids, since, today)

        return written, patch.object(ProductTemplate, "_kia_write_movement_classes", record)

    def test_cron_revisits_only_the_parts_that_moved(self):
        untouched = self._part("Test untouched part", 10, 0)
        untouched.product_tmpl_id.kia_is_part = True
        Template = self.env["product.template"]
        Template._cron_kia_movement_class()  # a complete run
        self.assertTrue(self.company.kia_movement_class_date)
        self.assertEqual(self.part_filter.kia_movement_class, "new")
        self._issue(self.part_filter, 3)
        added = self._part("Test part added since", 10, 0)
        added.product_tmpl_id.kia_is_part = True
        written, patcher = self._written()
        with patcher:
            Template._cron_kia_movement_class()
        revisited = set(written.get(self.company.id, []))
        self.assertIn(self.part_filter.product_tmpl_id.id, revisited)
        self.assertNotIn(untouched.product_tmpl_id.id, revisited, "no move: not revisited")
        parts = Template.search_count([("kia_is_part", "=", True)])
        self.assertLess(len(revisited), parts, "not the whole catalogue")
        self.assertEqual(self.part_filter.kia_movement_class, "fast")
        self.assertEqual(self.part_filter.kia_issues_12m, 3)
        self.assertEqual(added.kia_movement_class, "new", "a part never classified is")

    def test_cron_resumes_where_it_stopped(self):
        Template = self.env["product.template"]
        # A first batch of a full run is done (and committed), then the worker stops.
        self.company.sudo().kia_movement_class_date = False
        count, more = Template._kia_movement_class_batch(self.company, 2)
        self.assertEqual(count, 2)
        self.assertTrue(more)
        cursor = self.company.kia_movement_class_run_cursor
        self.assertTrue(cursor)
        written, patcher = self._written()
        with patcher:
            Template._cron_kia_movement_class(batch_size=50)
        redone = [tid for tid in written.get(self.company.id, []) if tid <= cursor]
        self.assertFalse(redone, "the parts of the committed batch are not redone")
        self.assertFalse(self.company.kia_movement_class_run_date, "the run is complete")
        # Under the scheduler, one batch per call, with its progress.
        self.company.sudo().kia_movement_class_date = False
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": self.env.ref("kia_parts.ir_cron_kia_movement_class").id}
        )
        Template.with_context(ir_cron_progress_id=progress.id)._cron_kia_movement_class(
            batch_size=2
        )
        self.assertEqual(progress.done, 2)
        self.assertEqual(progress.remaining, 1)

    def test_movement_class_is_not_written_by_clients(self):
        template = self.part_filter.product_tmpl_id
        before = template.kia_movement_class
        with self.assertRaisesRegex(UserError, "change through the workflow"):
            template.with_user(self.user_parts_manager).write({"kia_movement_class": "fast"})
        template.invalidate_recordset()
        self.assertEqual(template.kia_movement_class, before)

    # ------------------------------------------------------------------ item 11: claims

    def _received_with_shortage(self, billed_qty=None):
        """10 filters ordered and on the delivery note, 8 received; billed ``billed_qty``."""
        order = self._purchase([(self.part_filter, 10, 30)])
        order.order_line.taxes_id = False
        order.with_user(self.user_parts_manager).button_confirm()
        receipt = order.picking_ids
        receipt.move_ids.write({"kia_note_qty": 10, "quantity": 8, "picked": True})
        receipt.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=receipt.ids
        ).button_validate()
        bill = self.env["account.move"]
        if billed_qty is not None:
            bill = bill.browse(order.action_create_invoice()["res_id"])
            bill.invoice_line_ids.quantity = billed_qty
            bill.invoice_date = self.today
            bill.action_post()
        return order, receipt, bill

    def _accepted_claim(self, receipt):
        claim = self.env["kia.parts.claim"].browse(
            receipt.with_user(self.user_clerk).action_kia_open_claim()["res_id"]
        )
        claim.with_user(self.user_clerk).action_submit()
        claim.with_user(self.user_parts_manager).action_accept()
        return claim

    def test_open_claim_twice_makes_one_claim(self):
        _order, receipt, _bill = self._received_with_shortage()
        first = receipt.with_user(self.user_clerk).action_kia_open_claim()
        second = receipt.with_user(self.user_clerk).action_kia_open_claim()
        self.assertEqual(first["res_id"], second["res_id"])
        self.assertEqual(len(receipt.kia_claim_ids), 1)
        self.assertEqual(receipt.kia_claim_ids.line_ids.quantity, 2)

    def test_discrepancy_claimed_once_whatever_the_path(self):
        _order, receipt, _bill = self._received_with_shortage()
        claim = self._accepted_claim(receipt)
        move = receipt.move_ids
        # RPC: a second claim on the same received line.
        with self.assertRaisesRegex(UserError, "change through the workflow"):
            self.env["kia.parts.claim"].with_user(self.user_clerk).create(
                {
                    "partner_id": self.kia.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.part_filter.id,
                                "move_id": move.id,
                                "discrepancy": "short",
                                "quantity": 2,
                                "price_unit": 30,
                            }
                        )
                    ],
                }
            )
        # Even as the flow: no more than the shortage found.
        with self.assertRaisesRegex(ValidationError, "claimed once"):
            self.env["kia.parts.claim"].sudo().create(
                {
                    "partner_id": self.kia.id,
                    "picking_id": receipt.id,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.part_filter.id,
                                "move_id": move.id,
                                "discrepancy": "short",
                                "quantity": 1,
                            }
                        )
                    ],
                }
            )
        self.assertEqual(receipt.kia_claim_ids, claim)
        # Nor is the claim moved to another supplier once submitted.
        other = self.env["res.partner"].create({"name": "Test other supplier"})
        with self.assertRaisesRegex(UserError, "can no longer change"):
            claim.with_user(self.user_clerk).write({"partner_id": other.id})
        claim.invalidate_recordset()
        self.assertEqual(claim.partner_id, self.kia)

    def test_credit_note_once_on_the_bill(self):
        order, receipt, bill = self._received_with_shortage(billed_qty=10)
        claim = self._accepted_claim(receipt)
        claim.with_user(self.user_clerk).action_create_refund()
        claim.with_user(self.user_clerk).action_create_refund()  # a second click
        refunds = self.env["account.move"].search(
            [("move_type", "=", "in_refund"), ("partner_id", "=", self.kia.id)]
        )
        self.assertEqual(refunds, claim.refund_id, "one credit note")
        self.assertEqual(claim.state, "credited")
        self.assertEqual(refunds.reversed_entry_id, bill)
        self.assertEqual(refunds.invoice_line_ids.purchase_line_id, order.order_line)
        self.assertEqual(refunds.amount_untaxed, 60)
        self.assertEqual(claim.line_ids.credited_qty, 2)
        self.assertEqual(order.order_line.qty_invoiced, 8, "billed = received")
        with self.assertRaisesRegex(UserError, "change through the workflow|can no longer change"):
            claim.line_ids.with_user(self.user_parts_manager).write({"credited_qty": 5})
        self.assertEqual(claim.line_ids.credited_qty, 2)

    def test_unbilled_shortage_is_not_credited(self):
        """Billed on the received quantities (8): the 2 short were never billed."""
        order, receipt, _bill = self._received_with_shortage(billed_qty=8)
        claim = self._accepted_claim(receipt)
        claim.with_user(self.user_clerk).action_create_refund()
        self.assertEqual(claim.state, "settled")
        self.assertFalse(claim.refund_id)
        self.assertFalse(
            self.env["account.move"].search(
                [("move_type", "=", "in_refund"), ("partner_id", "=", self.kia.id)]
            )
        )
        self.assertEqual(order.order_line.qty_invoiced, 8)

    def test_replacement_once_on_the_order_line(self):
        order, receipt, _bill = self._received_with_shortage()
        claim = self._accepted_claim(receipt)
        claim.with_user(self.user_clerk).action_create_replacement()
        claim.with_user(self.user_clerk).action_create_replacement()
        replacements = self.env["stock.picking"].search([("origin", "=", claim.name)])
        self.assertEqual(replacements, claim.replacement_picking_id)
        replacements.move_ids.write({"quantity": 2, "picked": True})
        replacements.button_validate()
        self.assertEqual(order.order_line.qty_received, 10)

    # ------------------------------------------------------------------ item 12: supersession

    def _supersede(self, old, new):
        (old | new).product_tmpl_id.write({"kia_is_part": True})
        old.product_tmpl_id.kia_superseded_by_id = new.product_tmpl_id

    def test_work_order_waiting_for_old_number_served_by_new(self):
        self.env["stock.quant"]._update_available_quantity(
            self.part_filter, self.stock_location, -10
        )
        order = self._approved(jobs=[(self.op_oil, "customer")])
        waiting = order.move_ids.filtered(lambda m: m.product_id == self.part_filter)
        self.assertEqual(waiting.state, "confirmed")
        new = self._part("Test oil filter new number", 85, 0)
        self._supersede(self.part_filter, new)
        purchase = self._purchase([(new, 1, 40)], order_type="emergency")
        purchase.with_user(self.user_parts_manager).button_confirm()
        receipt = purchase.picking_ids
        receipt.move_ids.write({"quantity": 1, "picked": True})
        receipt.with_user(self.user_clerk).button_validate()
        self.assertEqual(waiting.product_id, new, "the work order takes the new number")
        self.assertEqual(waiting.state, "assigned", "and no longer waits")
        self.assertNotIn(order.kia_stage, ("waiting_parts", "waiting_approval"))

    # ------------------------------------------------------------------ item 15: fields

    def test_lost_sale_value_is_not_typed_in(self):
        lost = self.env["kia.parts.lost.sale"].create(
            {"product_id": self.part_filter.id, "quantity": 2}
        )
        with self.assertRaisesRegex(UserError, "change through the workflow"):
            lost.with_user(self.user_clerk).write({"value": 1})
        lost.invalidate_recordset()
        self.assertEqual(lost.value, 160)
