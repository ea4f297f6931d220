from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KiaAftersalesCase, make_vin


@tagged("post_install", "-at_install")
class TestIntegrityRoles(KiaAftersalesCase):
    """Least privilege: each role holds what its work needs, whatever the path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_cashier = new_test_user(
            cls.env, "kia_a_cashier", groups="account.group_account_invoice", name="Cashier Sun"
        )

    # ------------------------------------------------------------------ money (item 13)

    def test_advisor_invoices_through_the_work_order_but_cannot_take_the_payment(self):
        order = self._passed()
        self.assertFalse(self.user_advisor.has_group("account.group_account_invoice"))
        order.with_user(self.user_advisor).action_kia_invoice()
        invoice = order.sale_order_id.invoice_ids
        self.assertEqual(invoice.state, "posted")
        # The payment that would unlock his own delivery: refused on every path.
        with self.assertRaises(AccessError):
            self.env["account.payment.register"].with_user(self.user_advisor).with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})
        with self.assertRaises(AccessError):
            self.env["account.payment"].with_user(self.user_advisor).create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": order.partner_id.id,
                    "amount": invoice.amount_total,
                }
            )
        with self.assertRaises(AccessError):
            invoice.with_user(self.user_advisor).write({"ref": "paid cash"})
        with self.assertRaises(AccessError):
            invoice.with_user(self.user_advisor).button_draft()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(order.kia_payment_state, "unpaid")
        # The cashier registers it.
        self.env["account.payment.register"].with_user(self.user_cashier).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        self.assertEqual(order.kia_payment_state, "paid")

    def test_only_an_advisor_invoices_a_work_order(self):
        order = self._passed()
        for user in (self.user_tech, self.user_foreman):
            # AccessError is a UserError: refused either by the rights or by the rule.
            with self.assertRaises(UserError):
                order.with_user(user).action_kia_invoice()
        self.assertFalse(order.sale_order_id.invoice_ids)

    # ------------------------------------------------------------------ customers' data

    def test_technician_reads_no_customer_contact_details(self):
        order = self._worked()
        self.assertIn(self.user_tech.employee_id, order.kia_job_line_ids.technician_ids)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user_tech).read(["phone", "mobile", "street"])
        self.assertNotIn(
            self.customer,
            self.env["res.partner"]
            .with_user(self.user_tech)
            .search([("name", "=", "Customer Li")]),
        )
        # The customer's name still shows on his work order (as the web client reads it).
        [values] = order.with_user(self.user_tech).web_read(
            {"partner_id": {"fields": {"display_name": {}}}}
        )
        self.assertEqual(values["partner_id"]["display_name"], "Customer Li")
        # Colleagues and his own company stay readable.
        self.user_advisor.partner_id.with_user(self.user_tech).read(["name"])
        self.company.partner_id.with_user(self.user_tech).read(["name"])
        # The other roles still read customers.
        for user in (self.user_advisor, self.user_cr, self.user_foreman, self.user_manager):
            self.customer.with_user(user).read(["mobile"])

    # ------------------------------------------------------------------ customers (item 18)

    def test_advisor_and_customer_relations_register_customers(self):
        walk_in = (
            self.env["res.partner"]
            .with_user(self.user_advisor)
            .create({"name": "Walk-in Zhao", "mobile": "+86 13900000002", "city": "上海"})
        )
        self.assertEqual(walk_in.create_uid, self.user_advisor)
        walk_in.with_user(self.user_cr).write({"email": "zhao@example.com"})
        self.assertEqual(walk_in.email, "zhao@example.com")
        # No delete, and nothing but customers: not a colleague's contact, not the dealer's.
        with self.assertRaises(AccessError):
            walk_in.with_user(self.user_advisor).unlink()
        with self.assertRaises(AccessError):
            self.user_tech.partner_id.with_user(self.user_advisor).write({"email": "x@example.com"})
        with self.assertRaises(AccessError):
            self.company.partner_id.with_user(self.user_cr).write({"phone": "110"})
        self.assertTrue(walk_in.exists())
        self.assertNotEqual(self.user_tech.partner_id.email, "x@example.com")
        self.assertNotEqual(self.company.partner_id.phone, "110")
        # Technicians still register nobody.
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.user_tech).create({"name": "Friend"})

    # ------------------------------------------------------------------ reminders (item 14)

    def test_service_reminders_read_only_the_vehicles_due_in_batches(self):
        self.company.write({"kia_service_reminder_days": 30, "kia_followup_user_id": self.user_cr})
        Vehicle = self.env["fleet.vehicle"]
        due = Vehicle.create(
            [
                {
                    "model_id": self.model_k5.id,
                    "vin_sn": make_vin(700 + index),
                    "kia_owner_id": self.customer.id,
                    "kia_last_maintenance_date": self.today - relativedelta(months=6, days=-index),
                }
                for index in range(3)
            ]
        )
        not_due = Vehicle.create(
            [
                {
                    "model_id": self.model_k5.id,
                    "vin_sn": make_vin(800 + index),
                    "kia_owner_id": self.customer.id,
                    "kia_last_maintenance_date": self.today,
                }
                for index in range(20)
            ]
        )
        self.assertTrue(all(due.mapped("kia_service_due_date")))
        Vehicle._cron_kia_service_reminders()  # the fixtures' vehicle and older data
        due.kia_service_reminder_date = False
        first = Vehicle._cron_kia_service_reminders(batch_size=2)
        self.assertEqual(len(first), 2)
        second = Vehicle._cron_kia_service_reminders(batch_size=2)
        self.assertEqual(first | second, due)
        self.assertFalse(Vehicle._cron_kia_service_reminders(batch_size=2))
        self.assertFalse(not_due.activity_ids)
        # The search is bounded: more vehicles that are not due cost no query.
        due.kia_service_reminder_date = False
        queries = self.count_queries(Vehicle._cron_kia_service_reminders)
        Vehicle.create(
            [
                {
                    "model_id": self.model_k5.id,
                    "vin_sn": make_vin(900 + index),
                    "kia_owner_id": self.customer.id,
                    "kia_last_maintenance_date": self.today,
                }
                for index in range(30)
            ]
        )
        due.kia_service_reminder_date = False
        due.activity_ids.unlink()
        self.assertEqual(self.count_queries(Vehicle._cron_kia_service_reminders), queries)
