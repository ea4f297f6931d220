from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestIntegrityStock(KiaPartsCase):
    """Issue 8, items 7, 8, 13 (parts issue) and 16: the stock rules hold on every path,
    and Odoo's own flows keep working outside vehicle work orders."""

    def _filter_move(self, order):
        return order.move_ids.filtered(lambda m: m.product_id == self.part_filter)

    def _finish_jobs(self, order):
        """The technician's work, without the parts department's issue step."""
        order.kia_job_line_ids.with_user(self.user_foreman).action_dispatch(self.emp_tech)
        for job in order.kia_job_line_ids:
            job.with_user(self.user_tech).action_clock_on()
            job.with_user(self.user_tech).write({"correction": "Done"})
            job.with_user(self.user_tech).action_finish()

    def _quality_pass(self, order):
        return self.env["kia.quality.check"].create(
            {"repair_id": order.id, "inspector_id": self.emp_foreman.id, "result": "pass"}
        )

    # ------------------------------------------------------------------ item 7: cost

    def test_accountant_posts_anglo_saxon_repair_invoice(self):
        """An accountant who may not see costs in the views still posts the invoice of a
        work order valued in real time: anglo-saxon posts the cost of the parts sold,
        reading ``standard_price`` as the accountant."""
        accountant = new_test_user(
            self.env, "kia_p_accountant", groups="account.group_account_invoice"
        )
        self.company.anglo_saxon_accounting = True
        Account = self.env["account.account"]
        valuation, stock_in, stock_out = (
            Account.create(
                {"name": name, "code": code, "account_type": kind, "reconcile": reconcile}
            )
            for name, code, kind, reconcile in (
                ("Test parts valuation", "KIA1403", "asset_current", False),
                ("Test parts received", "KIA2203", "liability_current", True),
                ("Test parts delivered", "KIA1407", "asset_current", True),
            )
        )
        category = self.env["product.category"].create(
            {
                "name": "Test parts in real time",
                "property_cost_method": "fifo",
                "property_valuation": "real_time",
                "property_stock_valuation_account_id": valuation.id,
                "property_stock_account_input_categ_id": stock_in.id,
                "property_stock_account_output_categ_id": stock_out.id,
                "property_stock_journal": self.env["account.journal"]
                .create({"name": "Test parts stock", "type": "general", "code": "KSTK"})
                .id,
            }
        )
        part = self._part("Test fifo filter", 80.0, 0)
        part.write({"categ_id": category.id, "taxes_id": [Command.clear()]})
        receipt = self.env["stock.move"].create(
            {
                "name": "receipt",
                "product_id": part.id,
                "product_uom_qty": 2,
                "price_unit": 25.0,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.stock_location.id,
            }
        )
        receipt._action_confirm()
        receipt.quantity = 2
        receipt.picked = True
        receipt._action_done()
        order = self._order(jobs=[(self.op_oil, "customer")], parts=False)
        self.env["stock.move"].create(
            {
                "repair_id": order.id,
                "product_id": part.id,
                "product_uom_qty": 1,
                "repair_line_type": "add",
                "kia_job_line_id": order.kia_job_line_ids.id,
            }
        )
        order.action_kia_send_estimate()
        order._kia_record_approval("Customer Li", "phone")
        order.move_ids.with_user(self.user_clerk).action_kia_issue()
        self._finish_jobs(order)
        self._quality_pass(order)
        self.assertEqual(order.state, "done")
        invoice = order.sale_order_id._create_invoices()
        self.env.invalidate_all()
        invoice.with_user(accountant).action_post()
        self.assertEqual(invoice.state, "posted")
        cogs = invoice.line_ids.filtered(lambda line: line.account_id == stock_out)
        self.assertEqual(cogs.credit, 25.0, "the cost of the part sold, at its FIFO cost")

    # ------------------------------------------------------------------ item 8: plain repairs

    def test_plain_repair_keeps_odoos_flow(self):
        """A roof box repaired the plain way: repair's zero-quantity lines are accepted and
        its parts are consumed without the parts department's issue step."""
        box = self.env["product.product"].create({"name": "Roof box"})
        order = self.env["repair.order"].create(
            {
                "product_id": box.id,
                "partner_id": self.customer.id,
                "move_ids": [
                    Command.create(
                        {
                            "repair_line_type": "add",
                            "product_id": self.part_filter.id,
                            "product_uom_qty": 0,
                        }
                    ),
                    Command.create(
                        {
                            "repair_line_type": "add",
                            "product_id": self.part_pads.id,
                            "product_uom_qty": 1,
                        }
                    ),
                ],
            }
        )
        order.action_validate()
        order.action_repair_start()
        order.action_repair_end()
        self.assertEqual(order.state, "done")
        pads = order.move_ids.filtered(lambda m: m.product_id == self.part_pads)
        self.assertEqual((pads.state, pads.quantity), ("done", 1))
        self.assertEqual(self.part_pads.qty_available, 3)

    # ------------------------------------------------------------------ item 16 / 13: issue

    def test_reserved_parts_are_not_issued(self):
        """Stock reserved for an approved order is not handed over: the issue step still
        issues it (it used to find nothing left to issue)."""
        order = self._approved()
        move = self._filter_move(order)
        self.assertEqual((move.quantity, move.kia_issued_qty), (1, 0), "reserved, not issued")
        self.assertFalse(move.picked)
        wizard = (
            self.env["kia.parts.issue.wizard"]
            .with_user(self.user_clerk)
            .with_context(active_id=move.id)
            .create({})
        )
        self.assertEqual((wizard.issued_qty, wizard.quantity), (0, 1))
        wizard.action_confirm()
        self.assertEqual((move.quantity, move.kia_issued_qty), (1, 1))
        self.assertTrue(move.picked)

    def test_quality_pass_does_not_consume_unissued_parts(self):
        """The quality check completes the order as the system: repair would then mark
        every reserved part as used. Completion is refused until the parts are issued."""
        order = self._approved()
        self._finish_jobs(order)
        with self.assertRaisesRegex(UserError, "0.0 of 1.0 Units of .*Test oil filter.*issued"):
            self._quality_pass(order)
        self.assertEqual(order.state, "under_repair")
        self.assertFalse(order.kia_quality_check_ids)
        self.assertFalse(order.move_ids.filtered("picked"))
        self.assertEqual(set(order.move_ids.mapped("state")), {"assigned"})
        self.assertEqual(self.part_filter.qty_available, 10)
        # Issued in part: still refused; issued in full: completed with what was issued.
        moves = order.move_ids
        self._filter_move(order).with_user(self.user_clerk).action_kia_issue()
        with self.assertRaisesRegex(UserError, "0.0 of 1.0 Units of .*Test brake pads"):
            self._quality_pass(order)
        (moves - self._filter_move(order)).with_user(self.user_clerk).action_kia_issue()
        self._quality_pass(order)
        self.assertEqual(order.state, "done")
        self.assertEqual(set(moves.mapped("state")), {"done"})
        self.assertEqual(self.part_filter.qty_available, 9)

    def test_clients_cannot_mark_parts_picked(self):
        """Picked is what repair consumes: only the Issue action sets it on a work order's
        parts, whoever the client and whatever the record (move or move line)."""
        order = self._approved()
        move = self._filter_move(order)
        line = move.move_line_ids
        for user in (self.user_clerk, self.user_advisor):
            with self.assertRaisesRegex(UserError, "Issue / Return action"):
                line.with_user(user).write({"picked": True})
            with self.assertRaises(UserError):
                move.with_user(user).write({"picked": True})
            with self.assertRaisesRegex(UserError, "change through the workflow"):
                move.with_user(user).write({"kia_issued_qty": 1})
        with self.assertRaisesRegex(UserError, "Issue / Return action"):
            self.env["stock.move.line"].with_user(self.user_clerk).create(
                {
                    "move_id": move.id,
                    "product_id": self.part_filter.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "quantity": 1,
                    "picked": True,
                }
            )
        self.assertFalse(move.picked or line.picked)
        self.assertEqual((move.quantity, move.kia_issued_qty), (1, 0))

    def test_issued_parts_are_returned_before_cancelling(self):
        order = self._approved()
        move = self._filter_move(order)
        move.with_user(self.user_clerk).action_kia_issue()
        oil = order.kia_job_line_ids.filtered(lambda job: job.labour_operation_id == self.op_oil)
        with self.assertRaisesRegex(UserError, "takes them back"):
            oil.with_user(self.user_advisor).action_cancel()
        with self.assertRaisesRegex(UserError, "takes them back"):
            order.with_user(self.user_advisor).action_repair_cancel()
        self.assertEqual((move.state, move.kia_issued_qty), ("assigned", 1))
        self.assertNotEqual(oil.state, "cancelled")
        move.with_user(self.user_clerk).action_kia_return(1)
        oil.with_user(self.user_advisor).action_cancel()
        self.assertEqual((oil.state, move.state), ("cancelled", "cancel"))

    # ------------------------------------------------------------------ item 16: done moves

    def test_done_part_moves_cannot_be_rewritten(self):
        """On a completed (and delivered) order, the consumed part's move and its lines
        keep what was consumed: the stock on hand agrees with the order."""
        order = self._passed()
        self._pay(order)
        order._kia_deliver()
        move = self._filter_move(order)
        line = move.move_line_ids
        self.assertEqual(move.state, "done")
        on_hand = self.part_filter.qty_available
        for user in (self.user_clerk, self.user_parts_manager, self.user_advisor):
            for values in (
                {"quantity": 5},
                {"product_uom_qty": 5},
                {"product_id": self.part_pads.id},
            ):
                with self.assertRaises(UserError):
                    move.with_user(user).write(values)
            with self.assertRaisesRegex(UserError, "consumed when it was completed"):
                line.with_user(user).write({"quantity": 5})
        self.assertEqual(
            (move.quantity, move.product_uom_qty, move.product_id), (1, 1, self.part_filter)
        )
        self.assertEqual(line.quantity, 1)
        self.part_filter.invalidate_recordset()
        self.assertEqual(self.part_filter.qty_available, on_hand)

    # ------------------------------------------------------------------ item 16: quants

    def test_stock_quantity_changes_through_moves_only(self):
        """A parts clerk cannot write the stock on hand: a count goes through the
        stocktake (approval above the threshold, inventory move, valuation)."""
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        quant = Quant.search(
            [("product_id", "=", self.part_pads.id), ("location_id", "=", self.stock_location.id)]
        )
        moves_before = self.env["stock.move"].search_count([("product_id", "=", self.part_pads.id)])
        for user in (self.user_clerk, self.user_parts_manager):
            for values in ({"quantity": 40}, {"reserved_quantity": 0}):
                with self.assertRaisesRegex(UserError, "cannot be edited directly"):
                    quant.with_user(user).write(values)
            with self.assertRaisesRegex(UserError, "cannot be edited directly"):
                self.env["stock.quant"].with_user(user).create(
                    {
                        "product_id": self.part_pads.id,
                        "location_id": self.stock_location.id,
                        "quantity": 40,
                    }
                )
        self.part_pads.invalidate_recordset()
        self.assertEqual(self.part_pads.qty_available, 4)
        self.assertEqual(quant.quantity, 4)
        self.assertEqual(
            self.env["stock.move"].search_count([("product_id", "=", self.part_pads.id)]),
            moves_before,
        )
        # The stocktake is the way: above the threshold it waits for the parts manager.
        quant.with_user(self.user_clerk).inventory_quantity = 40
        with self.assertRaisesRegex(UserError, "approves such adjustments"):
            quant.with_user(self.user_clerk).action_apply_inventory()
        self.assertEqual(quant.quantity, 4)
        # Odoo's own rules stay for other users and products (an inventory user corrects
        # a plain product's quant, as stock's tests expect).
        stock_user = new_test_user(self.env, "kia_p_stock_user", groups="stock.group_stock_user")
        box = self.env["product.product"].create({"name": "Roof box", "is_storable": True})
        plain = (
            self.env["stock.quant"]
            .with_user(stock_user)
            .create({"product_id": box.id, "location_id": self.stock_location.id, "quantity": 1})
        )
        plain.with_user(stock_user).with_context(inventory_mode=True).write({"quantity": 3})
        self.assertEqual(plain.quantity, 3)
