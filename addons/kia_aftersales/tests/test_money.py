from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import KiaAftersalesCase, make_vin


@tagged("post_install", "-at_install")
class TestMoney(KiaAftersalesCase):
    """One source for the money (issue 8, item 6): every amount shown, approved, checked
    at delivery or reported comes from the work order's sale order and its invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # China VAT, a pricelist 10 % off, a part sold by the dozen.
        cls.vat = cls.env["account.tax"].create(
            {
                "name": "Test VAT 13%",
                "amount": 13.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.labour = cls.env["product.product"].create(
            {
                "name": "Test labour",
                "type": "service",
                "invoice_policy": "order",
                "list_price": 300.0,
                "taxes_id": [Command.set(cls.vat.ids)],
            }
        )
        (cls.op_oil | cls.op_brakes).write({"product_id": cls.labour.id})
        (cls.part_filter | cls.part_pads).write({"taxes_id": [Command.set(cls.vat.ids)]})
        cls.part_wipers = cls._part("Test wiper blade", 50.0, 24)
        cls.part_wipers.taxes_id = cls.vat
        cls.dozen = cls.env.ref("uom.product_uom_dozen")
        cls.pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Test members 10% off",
                "company_id": cls.company.id,
                "currency_id": cls.company.currency_id.id,
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 10.0,
                        }
                    )
                ],
            }
        )
        cls.customer.property_product_pricelist = cls.pricelist
        # Discounts shown on the lines: the pricelist's 10 % is a discount on the labour
        # rate too (Odoo applies it to a line whose price was set, as the labour's is).
        cls.env.ref("base.user_root").groups_id |= cls.env.ref("sale.group_discount_per_so_line")

    def _quoted_order(self):
        """Oil change (customer: 0.8 h, a filter, a dozen wiper blades) and brake pads
        (warranty), estimate sent: the quotation exists."""
        order = self._order()
        oil = order.kia_job_line_ids.filtered(lambda j: j.labour_operation_id == self.op_oil)
        self.env["stock.move"].create(
            {
                "repair_id": order.id,
                "product_id": self.part_wipers.id,
                "product_uom": self.dozen.id,
                "product_uom_qty": 1,
                "repair_line_type": "add",
                "kia_job_line_id": oil.id,
            }
        )
        order.action_kia_send_estimate()
        return order

    def test_amounts_approval_invoice_and_payment_agree_with_the_sale_order(self):
        order = self._quoted_order()
        quotation = order.sale_order_id
        oil, brakes = order.kia_job_line_ids
        wipers = quotation.order_line.filtered(lambda line: line.product_id == self.part_wipers)
        # The quotation prices a dozen at the pricelist: 12 x 50, 10 % off.
        self.assertEqual(wipers.product_uom, self.dozen)
        self.assertEqual((wipers.price_unit, wipers.discount), (600.0, 10.0))
        self.assertAlmostEqual(wipers.price_subtotal, 12 * 50 * 0.9)
        # The jobs are worth their quotation lines (not the list price, not by the unit).
        self.assertAlmostEqual(oil.labour_amount, oil.sale_line_id.price_subtotal)
        self.assertAlmostEqual(oil.labour_amount, 0.8 * 300 * 0.9)
        self.assertEqual(oil.sale_line_id.discount, 10.0)
        self.assertAlmostEqual(
            oil.parts_amount, sum(oil.move_ids.sale_line_id.mapped("price_subtotal"))
        )
        self.assertAlmostEqual(oil.parts_amount, 80 * 0.9 + 12 * 50 * 0.9)
        # The warranty job is not on the quotation: valued as the quotation would price it.
        self.assertFalse(
            quotation.order_line.filtered(lambda line: line.product_id == self.part_pads)
        )
        self.assertAlmostEqual(brakes.labour_amount, 1.2 * 300 * 0.9)
        self.assertAlmostEqual(brakes.parts_amount, 480 * 0.9)
        # The customer's amounts are the quotation's, before and after taxes.
        self.assertAlmostEqual(quotation.amount_untaxed, 216 + 72 + 540)
        self.assertAlmostEqual(order.kia_amount_customer, quotation.amount_untaxed)
        self.assertAlmostEqual(order.kia_amount_customer_total, quotation.amount_total)
        self.assertAlmostEqual(order.kia_amount_customer_total, 828 * 1.13)
        self.assertAlmostEqual(order.kia_amount_labour, 216 + 324)
        self.assertAlmostEqual(order.kia_amount_parts, 72 + 540 + 432)
        # What the customer approves is what his quotation says.
        approval = order._kia_record_approval("Customer Li", "phone")
        self.assertAlmostEqual(approval.sudo().amount, quotation.amount_untaxed)
        self.assertEqual(quotation.state, "sale")
        # Invoiced: the invoice is the quotation; delivery waits for its payment.
        order = self._finish(order)
        self.assertEqual(order.kia_payment_state, "to_invoice")
        order.with_user(self.user_advisor).action_kia_invoice()
        invoice = quotation.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertAlmostEqual(invoice.amount_total, quotation.amount_total)
        self.assertAlmostEqual(order.kia_amount_customer, invoice.amount_untaxed)
        self.assertAlmostEqual(order.kia_amount_customer_total, invoice.amount_total)
        self.assertAlmostEqual(oil.labour_amount + oil.parts_amount, invoice.amount_untaxed)
        self.assertEqual(order.kia_payment_state, "unpaid")
        # Paying less than the invoice's total (taxes included) leaves it unpaid.
        self._register_payment(invoice, 828.0)
        self.assertAlmostEqual(invoice.amount_residual, 828 * 0.13)
        self.assertEqual(order.kia_payment_state, "unpaid")
        with self.assertRaisesRegex(UserError, "is not paid"):
            order.with_user(self.user_advisor)._kia_deliver()
        self.assertFalse(order.kia_delivered_date)
        self._register_payment(invoice, invoice.amount_residual)
        self.assertEqual(order.kia_payment_state, "paid")
        order.with_user(self.user_advisor)._kia_deliver()
        self.assertTrue(order.kia_delivered_date)
        self.assertTrue(order.kia_invoice_paid_at_delivery)

    def test_estimate_report_shows_the_quotation(self):
        order = self._quoted_order()
        quotation = order.sale_order_id
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("kia_aftersales.report_estimate", order.ids)[0]
            .decode()
        )
        self.assertIn(quotation.name, html)
        self.assertIn(self.dozen.name, html, "the line's unit of measure")
        self.assertIn(self.vat.name, html)
        self.assertIn(f"{quotation.amount_total:,.2f}", html, "the total, taxes included")

    def test_delivery_reads_the_invoice_not_a_stored_amount(self):
        """Zeroing the stored customer amount (a client's write is refused; whatever
        path would do it) does not make an unpaid invoice paid."""
        order = self._finish(self._quoted_order_approved())
        order.with_user(self.user_advisor).action_kia_invoice()
        with self.assertRaises(UserError):
            order.with_user(self.user_advisor).write({"kia_amount_customer": 0.0})
        order.sudo().write({"kia_amount_customer": 0.0, "kia_amount_customer_total": 0.0})
        self.assertEqual(order.kia_payment_state, "unpaid")
        with self.assertRaisesRegex(UserError, "is not paid"):
            order.with_user(self.user_advisor)._kia_deliver()
        self.assertFalse(order.kia_delivered_date)
        self.assertFalse(order.kia_invoice_paid_at_delivery)

    def test_the_posted_invoice_is_what_the_customer_pays(self):
        """Invoiced by the accountant from the sale order (the other path), the labour
        price changed before posting: the amounts follow the posted invoice, payment is
        checked against it, and a credit note reopens the customer's part."""
        order = self._finish(self._quoted_order_approved())
        quotation = order.sale_order_id
        oil = order.kia_job_line_ids.filtered(lambda j: j.labour_operation_id == self.op_oil)
        invoice = quotation._create_invoices()
        invoice.invoice_line_ids.filtered(
            lambda aml: aml.product_id == self.labour
        ).price_unit = 250
        invoice.action_post()
        self.assertAlmostEqual(oil.labour_amount, 0.8 * 250 * 0.9)
        self.assertAlmostEqual(order.kia_amount_customer, invoice.amount_untaxed)
        self.assertAlmostEqual(order.kia_amount_customer, 180 + 72 + 540)
        self.assertAlmostEqual(order.kia_amount_customer_total, invoice.amount_total)
        self.assertEqual(order.kia_payment_state, "unpaid")
        self._register_payment(invoice, invoice.amount_total)
        self.assertEqual(order.kia_payment_state, "paid")
        refund = invoice._reverse_moves()
        refund.action_post()
        self.assertEqual(order.kia_payment_state, "to_invoice", "billable, not invoiced any more")
        self.assertAlmostEqual(order.kia_amount_customer, quotation.amount_untaxed)
        with self.assertRaisesRegex(UserError, "is not paid"):
            order.with_user(self.user_advisor)._kia_deliver()
        self.assertFalse(order.kia_delivered_date)

    def test_customer_part_without_a_job_refused_on_a_vehicle_work_order(self):
        order = self._order(jobs=[(self.op_oil, "customer")])
        order.action_kia_send_estimate()
        moves = order.move_ids
        lines = order.sale_order_id.order_line
        Move = self.env["stock.move"].with_user(self.user_advisor)
        for line_type in ("add", "remove"):
            with self.assertRaisesRegex(ValidationError, "belongs to no job"):
                Move.create(
                    {
                        "repair_id": order.id,
                        "product_id": self.part_wipers.id,
                        "product_uom_qty": 1,
                        "repair_line_type": line_type,
                    }
                )
        with self.assertRaisesRegex(ValidationError, "belongs to no job"):
            moves.with_user(self.user_advisor).write({"kia_job_line_id": False})
        self.assertEqual(order.move_ids, moves)
        self.assertEqual(moves.kia_job_line_id, order.kia_job_line_ids)
        self.assertEqual(order.sale_order_id.order_line, lines)
        self.assertAlmostEqual(order.kia_amount_customer, 216 + 72)

    def test_plain_repair_is_quoted_the_odoo_way(self):
        """No vehicle: parts without a job, repair's own quotation at the pricelist, no
        Kia amount or payment rule."""
        repair = self.env["repair.order"].create({"partner_id": self.customer.id})
        move = self.env["stock.move"].create(
            {
                "repair_id": repair.id,
                "product_id": self.part_wipers.id,
                "product_uom_qty": 2,
                "repair_line_type": "add",
            }
        )
        repair.action_create_sale_order()
        line = repair.sale_order_id.order_line
        self.assertEqual(line.move_ids, move)
        self.assertEqual(line.product_uom_qty, 2)
        self.assertAlmostEqual(line.price_subtotal, 2 * 50 * 0.9)
        self.assertFalse(repair.kia_amount_customer)
        self.assertEqual(repair.kia_payment_state, "no_charge")

    def test_warranty_order_has_a_quotation_for_work_turned_customer_pay(self):
        """No customer-pay job at the estimate: the quotation exists (empty, nothing to
        pay); a job the customer pays later is billed there and must be paid."""
        order = self._order(jobs=[(self.op_brakes, "warranty")])
        order.action_kia_send_estimate()
        quotation = order.sale_order_id
        self.assertTrue(quotation)
        self.assertFalse(quotation.order_line.filtered("product_uom_qty"))
        self.assertEqual(order.kia_payment_state, "no_charge")
        approval = order._kia_record_approval("Customer Li", "phone")
        self.assertEqual(approval.sudo().amount, 0)
        brakes = order.kia_job_line_ids
        brakes.with_user(self.user_advisor).pay_type = "customer"
        self.assertAlmostEqual(quotation.amount_untaxed, 324 + 432)
        self.assertAlmostEqual(order.kia_amount_customer, quotation.amount_untaxed)
        if order._kia_jobs_awaiting_approval():
            approval = order._kia_record_approval("Customer Li", "phone")
            self.assertAlmostEqual(approval.sudo().amount, quotation.amount_untaxed)
        order = self._finish(order)
        self.assertEqual(order.kia_payment_state, "to_invoice")
        with self.assertRaisesRegex(UserError, "is not paid"):
            order._kia_deliver()
        order.with_user(self.user_advisor).action_kia_invoice()
        self.assertAlmostEqual(quotation.invoice_ids.amount_total, quotation.amount_total)
        self.assertAlmostEqual(quotation.amount_total, (324 + 432) * 1.13)
        self.assertEqual(order.kia_payment_state, "unpaid")

    # ------------------------------------------------------------------ helpers

    def _quoted_order_approved(self):
        order = self._quoted_order()
        order._kia_record_approval("Customer Li", "phone")
        return order

    def _finish(self, order):
        """The approved ``order`` worked on by Chen (parts issued) and passed."""
        self._pass_quality_check(self._work(order))
        self.assertEqual(order.state, "done")
        return order

    def _register_payment(self, invoice, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount})._create_payments()


@tagged("post_install", "-at_install")
class TestMoneyPortal(HttpCase):
    """The customer's portal shows what his sale order charges, taxes included."""

    def test_portal_shows_the_sale_orders_amounts(self):
        user = new_test_user(self.env, "kia_money_portal", groups="base.group_portal", lang="en_US")
        vehicle = self.env["fleet.vehicle"].create(
            {
                "model_id": self.env.ref("kia_aftersales.model_kia_k3").id,
                "vin_sn": make_vin(901),
                "kia_owner_id": user.partner_id.id,
            }
        )
        order = self.env["repair.order"].create(
            {
                "kia_vehicle_id": vehicle.id,
                "kia_job_line_ids": [
                    Command.create(
                        {"concern": "Paid concern", "flagged_hours": 1.0, "labour_rate": 345.0}
                    ),
                    Command.create(
                        {
                            "concern": "Warranty concern",
                            "flagged_hours": 2.0,
                            "pay_type": "warranty",
                        }
                    ),
                ],
            }
        )
        order.action_kia_send_estimate()
        quotation = order.sale_order_id
        self.assertAlmostEqual(order.kia_amount_customer_total, quotation.amount_total)
        self.authenticate("kia_money_portal", "kia_money_portal")
        page = self.url_open(f"/my/work-orders/{order.id}").text
        self.assertIn("345.00", page, "the paid job at its quotation line")
        self.assertIn(f"{quotation.amount_total:,.2f}", page, "the total, taxes included")
        self.assertIn(quotation.get_portal_url().split("?")[0], page)
