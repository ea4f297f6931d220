"""Replenishment on Odoo's replenishment rules: the nightly job sets each part's min/max in
each warehouse from its demand; the parts department orders from Odoo's Replenishment
screen, the order type travels to the requests for quotation."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestReplenishment(KiaPartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"kia_stock_order_lead_days": 7, "kia_stock_cover_months": 1.0})
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.warehouse2 = cls.env["stock.warehouse"].create(
            {"name": "Test Branch Workshop", "code": "TBW", "company_id": cls.company.id}
        )
        cls.Orderpoint = cls.env["stock.warehouse.orderpoint"]

    def _new_part(self, name, stock=0):
        part = self._part(name, 100.0, stock)
        part.product_tmpl_id.write(
            {
                "kia_is_part": True,
                "seller_ids": [(0, 0, {"partner_id": self.kia.id, "price": 50.0})],
            }
        )
        return part

    def _demand(self, product, count, quantity, location=None):
        """``count`` done counter sales of ``quantity`` each from ``location``."""
        location = location or self.stock_location
        self.env["stock.quant"]._update_available_quantity(product, location, count * quantity)
        moves = self.env["stock.move"].create(
            [
                {
                    "name": "Counter sale",
                    "product_id": product.id,
                    "product_uom_qty": quantity,
                    "product_uom": product.uom_id.id,
                    "location_id": location.id,
                    "location_dest_id": self.customers.id,
                }
                for _i in range(count)
            ]
        )
        moves._action_confirm()
        moves._action_assign()
        moves.picked = True
        moves._action_done()
        return moves

    def _rule(self, product, warehouse=None):
        return self.Orderpoint.with_context(active_test=False).search(
            [
                ("product_id", "=", product.id),
                ("location_id", "=", (warehouse or self.warehouse).lot_stock_id.id),
            ]
        )

    def _job(self, *products):
        self.Orderpoint._kia_update_orderpoints(
            self.company, [product.product_tmpl_id.id for product in products]
        )

    # ------------------------------------------------------------------ min/max

    def test_min_max_per_warehouse_from_its_demand(self):
        part = self._new_part("Test wiper blade")
        self._demand(part, 12, 30)  # 360 a year in the main warehouse
        self._demand(part, 4, 5, self.warehouse2.lot_stock_id)  # 20 a year at the branch
        quiet = self._new_part("Test part nobody asks for")
        self.env["product.template"]._cron_kia_movement_class()
        self.assertEqual(part.kia_movement_class, "fast", "16 issues, fast from 3")
        main, branch = self._rule(part), self._rule(part, self.warehouse2)
        # min: 7 days of lead time + 14 of safety (fast); max: min + a month of demand.
        self.assertRecordValues(
            main | branch,
            [
                {
                    "product_min_qty": 21,  # 360 * 21 / 365 = 20.7
                    "product_max_qty": 21 + 30,
                    "kia_managed": True,
                    "kia_manual": False,
                    "trigger": "manual",
                    "kia_order_type": "stock",
                    "active": True,
                },
                {
                    "product_min_qty": 2,  # 20 * 21 / 365 = 1.2
                    "product_max_qty": 4,  # 2 + 1.7
                    "kia_managed": True,
                    "kia_manual": False,
                    "trigger": "manual",
                    "kia_order_type": "stock",
                    "active": True,
                },
            ],
        )
        self.assertFalse(self._rule(quiet), "no demand, no min/max")
        # The Replenishment screen proposes the main warehouse's order up to its max.
        self.assertEqual(main.qty_to_order, 51)
        self.assertEqual(branch.qty_to_order, 4)
        # Demand grows at the branch: the next night's run follows it, there only.
        self._demand(part, 8, 5, self.warehouse2.lot_stock_id)
        self.env["product.template"]._cron_kia_movement_class()
        self.assertEqual((branch.product_min_qty, branch.product_max_qty), (4, 9))  # 60 a year
        self.assertEqual((main.product_min_qty, main.product_max_qty), (21, 51))

    def test_pack_quantity_respected_in_the_order(self):
        part = self._new_part("Test spark plug")
        self.env["product.packaging"].create({"name": "Box of 6", "product_id": part.id, "qty": 6})
        self._demand(part, 12, 30)
        self._job(part)
        rule = self._rule(part)
        self.assertEqual(rule.qty_multiple, 6)
        self.assertEqual(rule.product_max_qty, 51)
        self.assertEqual(rule.qty_to_order, 48, "whole boxes, not over the max")
        rule.with_user(self.user_clerk).action_replenish()
        line = self.env["purchase.order.line"].search([("orderpoint_id", "=", rule.id)])
        self.assertEqual(line.product_qty, 48)
        self.assertEqual(line.product_qty % 6, 0)
        self.assertEqual(line.order_id.state, "draft", "an RFQ the parts manager confirms")

    def test_supersession_netted_on_the_current_number(self):
        old = self._new_part("Test filter old number")
        new = self._new_part("Test filter new number")
        self._demand(old, 12, 10)  # 120 a year under the old number
        self.env["product.template"]._cron_kia_movement_class()
        self.assertTrue(self._rule(old).kia_managed)
        old.product_tmpl_id.kia_superseded_by_id = new.product_tmpl_id
        self.env["stock.quant"]._update_available_quantity(old, self.stock_location, 5)
        # The next nightly run: the old number's demand counts on the new one.
        self.env["product.template"]._cron_kia_movement_class()
        old_rule, new_rule = self._rule(old), self._rule(new)
        self.assertFalse(old_rule.active, "a superseded number has no min/max")
        self.assertEqual((old_rule.product_min_qty, old_rule.product_max_qty), (0, 0))
        self.assertEqual(new_rule.product_min_qty, 7)  # 120 * 21 / 365 = 6.9
        self.assertEqual(new_rule.product_max_qty, 17)  # 7 + 10
        # The old number's 5 in stock count on the new number: 17 - 5 to order.
        self.assertEqual(new_rule.qty_forecast, 5)
        self.assertEqual(new_rule.qty_to_order, 12)
        # An RFQ for the old number counts too, nothing is ordered twice.
        rfq = self._purchase([(old, 1, 30)])
        new_rule.invalidate_recordset()
        self.assertEqual(new_rule.qty_forecast, 6)
        self.assertEqual(new_rule.qty_to_order, 11)
        rfq.order_line.product_qty = 2  # forecast 7: not below the min any more
        new_rule.invalidate_recordset()
        self.assertEqual(new_rule.qty_to_order, 0)
        # Odoo's screen does not propose the old number on its own.
        self.assertNotIn(old, self.Orderpoint._get_orderpoint_products())

    def test_min_max_set_by_hand_are_kept(self):
        part = self._new_part("Test brake disc")
        self._demand(part, 12, 30)
        self._job(part)
        rule = self._rule(part)
        rule.with_user(self.user_parts_manager).write({"product_min_qty": 3, "product_max_qty": 8})
        self.assertTrue(rule.kia_manual)
        self._demand(part, 12, 30)
        self._job(part)
        self.env["product.template"]._cron_kia_movement_class()
        self.assertEqual((rule.product_min_qty, rule.product_max_qty), (3, 8))
        # A rule a person made is never taken over either.
        other = self._new_part("Test cabin filter")
        own = self.Orderpoint.with_user(self.user_parts_manager).create(
            {
                "product_id": other.id,
                "location_id": self.stock_location.id,
                "product_min_qty": 1,
                "product_max_qty": 2,
                "trigger": "manual",
            }
        )
        self._demand(other, 12, 30)
        self._job(other)
        self.assertRecordValues(
            own, [{"product_min_qty": 1, "product_max_qty": 2, "kia_manual": True}]
        )
        # Handed back to the job: computed from the demand again (720 a year now).
        rule.with_user(self.user_parts_manager).action_kia_compute_min_max()
        self.assertFalse(rule.kia_manual)
        self.assertEqual(rule.product_min_qty, 42)  # 720 * 21 / 365 = 41.4
        self.assertEqual(rule.product_max_qty, 42 + 60)

    # ------------------------------------------------------------------ ordering

    def test_order_type_on_the_rfq_and_no_merge(self):
        self.kia.kia_parts_credit_limit = 100000
        wiper = self._new_part("Test wiper")
        pads = self._new_part("Test pads")
        iccu = self._new_part("Test ICCU")
        for part in (wiper, pads, iccu):
            self._demand(part, 12, 3)
        self._job(wiper, pads, iccu)
        rules = self._rule(wiper) | self._rule(pads) | self._rule(iccu)
        self.assertEqual(len(rules), 3)
        self._rule(iccu).with_user(self.user_clerk).kia_order_type = "vor"
        # The clerk opens Odoo's Replenishment screen and orders the suggestions.
        clerk_rules = rules.with_user(self.user_clerk)
        action = self.Orderpoint.with_user(self.user_clerk).action_open_orderpoints()
        self.assertEqual(action["res_model"], "stock.warehouse.orderpoint")
        for rule in clerk_rules:
            rule.action_replenish()
        lines = self.env["purchase.order.line"].search([("orderpoint_id", "in", rules.ids)])
        stock_order = lines.filtered(lambda line: line.product_id in wiper | pads).order_id
        vor_order = lines.filtered(lambda line: line.product_id == iccu).order_id
        self.assertEqual(len(stock_order), 1, "the stock parts on one stock order")
        self.assertNotEqual(stock_order, vor_order, "a VOR order is not merged into it")
        self.assertRecordValues(
            stock_order | vor_order,
            [
                {"kia_order_type": "stock", "state": "draft", "partner_id": self.kia.id},
                {"kia_order_type": "vor", "state": "draft", "partner_id": self.kia.id},
            ],
        )
        self.assertEqual(vor_order.order_line.product_id, iccu)
        # The rules stay on the screen after ordering (Odoo removes only its own), and the
        # scheduler neither orders manual rules nor removes them.
        self.Orderpoint.with_user(self.user_clerk).action_open_orderpoints()
        self.env["procurement.group"].run_scheduler(company_id=self.company.id)
        self.assertEqual(rules.exists(), rules)
        self.assertTrue(all(rules.mapped("kia_managed")))
        self.assertEqual(
            self.env["purchase.order.line"].search_count([("orderpoint_id", "in", rules.ids)]),
            3,
            "nothing ordered twice",
        )
        # The parts manager signs the orders, the clerk cannot.
        with self.assertRaisesRegex(UserError, "Only the parts manager confirms"):
            stock_order.with_user(self.user_clerk).button_confirm()
        stock_order.with_user(self.user_parts_manager).button_confirm()
        self.assertEqual(stock_order.state, "purchase")

    def test_emergency_not_merged_into_a_draft_stock_order(self):
        first, urgent, second = (self._new_part(f"Test part {n}") for n in ("A", "B", "C"))
        for part in (first, urgent, second):
            self._demand(part, 12, 3)
        self._job(first, urgent, second)
        self._rule(first).with_user(self.user_clerk).action_replenish()
        stock_order = (
            self.env["purchase.order.line"]
            .search([("orderpoint_id", "=", self._rule(first).id)])
            .order_id
        )
        self.assertEqual(stock_order.kia_order_type, "stock")
        rule = self._rule(urgent).with_user(self.user_parts_manager)
        rule.kia_order_type = "emergency"
        rule.action_replenish()
        self._rule(second).with_user(self.user_clerk).action_replenish()
        emergency = (
            self.env["purchase.order.line"].search([("orderpoint_id", "=", rule.id)]).order_id
        )
        self.assertEqual(emergency.kia_order_type, "emergency")
        self.assertNotEqual(emergency, stock_order)
        self.assertEqual(emergency.order_line.product_id, urgent)
        self.assertEqual(stock_order.order_line.product_id, first | second, "stock ones merge")
        # An emergency order has the emergency lead time.
        self.assertLess(emergency.order_line.date_planned, stock_order.order_line[:1].date_planned)

    # ------------------------------------------------------------------ scale and input

    def test_job_queries_do_not_grow_with_the_parts(self):
        def measure(count, tag):
            parts = self.env["product.product"]
            for index in range(count):
                part = self._new_part(f"Test bulk part {tag}{index}")
                parts |= part
            moves = self.env["stock.move"].create(
                [
                    {
                        "name": "Counter sale",
                        "product_id": part.id,
                        "product_uom_qty": 2,
                        "product_uom": part.uom_id.id,
                        "location_id": self.stock_location.id,
                        "location_dest_id": self.customers.id,
                    }
                    for part in parts
                ]
            )
            moves._action_confirm()
            for move in moves:
                move.quantity = 2
            moves.picked = True
            moves._action_done()
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.env["product.template"]._kia_write_movement_classes(
                self.company,
                parts.product_tmpl_id.ids,
                self.today.replace(year=self.today.year - 1),
                self.today,
            )
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - before
            self.assertEqual(len(self.Orderpoint.search([("product_id", "in", parts.ids)])), count)
            return queries

        measure(5, "W")  # warm the caches
        small, large = measure(10, "S"), measure(100, "L")
        # 26 queries for both; a cache another process invalidates may cost one more (a
        # query per part would add 90).
        self.assertLessEqual(
            abs(large - small), 1, f"{small} queries for 10 parts, {large} for 100"
        )

    def test_bad_input_refused(self):
        part = self._new_part("Test headlamp")
        self._demand(part, 12, 30)
        self._job(part)
        rule = self._rule(part).with_user(self.user_parts_manager)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            rule.write({"product_min_qty": -1, "product_max_qty": 5})
        rule.invalidate_recordset()
        self.assertRecordValues(
            rule, [{"product_min_qty": 21, "product_max_qty": 51, "kia_manual": False}]
        )
        grille = self._new_part("Test grille")
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.Orderpoint.with_user(self.user_parts_manager).create(
                {
                    "product_id": grille.id,
                    "location_id": self.warehouse2.lot_stock_id.id,
                    "product_min_qty": -2,
                    "product_max_qty": 0,
                }
            )
        self.assertFalse(
            self.Orderpoint.with_context(active_test=False).search([("product_id", "=", grille.id)])
        )
        # Who computes the min/max is the job's: a client cannot claim a rule for it.
        with self.assertRaisesRegex(UserError, "not by editing"):
            rule.write({"kia_managed": False})
        self.assertTrue(rule.kia_managed)
