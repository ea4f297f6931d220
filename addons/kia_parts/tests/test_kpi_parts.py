from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KiaPartsCase

# The stock test's months, before any demo data: their stock is the test's only.
MARCH = datetime(2016, 3, 1).date()


@tagged("post_install", "-at_install")
class TestKpiParts(KiaPartsCase):
    """Parts KPIs from the fact table: fill rate measured at the first check, stock
    turnover, days on hand and dead stock from the valuation, lost sales."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Fact = cls.env["kia.kpi.fact"]
        cls.company_b = cls.env["res.company"].create({"name": "Kia Dealer B (parts)"})
        cls.emp_clerk = cls.env["hr.employee"].create(
            {"name": "Parts Clerk Xu", "user_id": cls.user_clerk.id}
        )
        cls.user_parts_manager.company_ids = cls.company
        cls.kpi = {
            code: cls.env.ref(f"kia_parts.kpi_{code}")
            for code in (
                "fill_rate",
                "turnover",
                "days_on_hand",
                "dead_stock_share",
                "lost_sales",
                "lost_sales_value",
            )
        }

    def _values(self, domain):
        kpis = self.env["kia.kpi"].browse([kpi.id for kpi in self.kpi.values()])
        values = kpis._kia_values(domain)[()]
        return {code: values[kpi] for code, kpi in self.kpi.items()}

    def _moves(self, order):
        return {move.product_id: move for move in order.move_ids}

    # ------------------------------------------------------------------ fill rate
    def test_fill_rate_measured_at_first_check(self):
        # Order 1: 1 filter of 10 (full), 10 pads of 4 (partial).
        first = self._order()
        self._moves(first)[self.part_pads].product_uom_qty = 10
        first.action_kia_send_estimate()
        first._kia_record_approval("Customer Li", "phone")
        # Order 2: 1 filter (full), 1 pad: the 4 are held by order 1 (none).
        second = self._approved(odometer=4600)
        moves_1, moves_2 = self._moves(first), self._moves(second)
        self.assertEqual(moves_1[self.part_filter].kia_first_availability, "full")
        self.assertEqual(moves_1[self.part_pads].kia_first_availability, "partial")
        self.assertEqual(moves_2[self.part_filter].kia_first_availability, "full")
        self.assertEqual(moves_2[self.part_pads].kia_first_availability, "none")
        # Stock arrives and is reserved later: the first check stays as it was.
        stamp = moves_2[self.part_pads].kia_first_check_date
        self.env["stock.quant"]._update_available_quantity(self.part_pads, self.stock_location, 20)
        second.action_assign()
        self.assertEqual(moves_2[self.part_pads].state, "assigned")
        self.assertEqual(moves_2[self.part_pads].kia_first_availability, "none")
        self.assertEqual(moves_2[self.part_pads].kia_first_check_date, stamp)
        # Nobody writes the stamp, whatever the role.
        for user in (self.user_clerk, self.user_parts_manager):
            with self.assertRaises(UserError):
                moves_2[self.part_pads].with_user(user).write({"kia_first_availability": "full"})
        self.assertEqual(moves_2[self.part_pads].kia_first_availability, "none")
        # The clerk issues order 1's filter: he is the line's employee.
        moves_1[self.part_filter].with_user(self.user_clerk).action_kia_issue()
        self.Fact._kia_refresh(["parts_line"], full=True)
        orders = first | second
        facts = self.Fact.search([("source", "=", "parts_line"), ("repair_id", "in", orders.ids)])
        self.assertEqual(len(facts), 4)
        self.assertEqual(set(facts.mapped("date")), {self.company._kia_today(stamp)})
        self.assertEqual(facts.advisor_id, self.user_advisor)
        issued = facts.filtered(lambda f: f.res_id == moves_1[self.part_filter].id)
        self.assertEqual(issued.employee_id, self.emp_clerk)
        self.assertEqual((facts - issued).employee_id, self.env["hr.employee"])
        domain = [("source", "=", "parts_line"), ("repair_id", "in", orders.ids)]
        self.assertEqual(self._values(domain)["fill_rate"], 50.0)
        # Incremental: a declined part (cancelled) leaves the count on the next run.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_move SET write_date = write_date - interval '3 hours' "
            "WHERE write_date > now() - interval '3 hours'"
        )
        moves_2[self.part_pads]._action_cancel()
        self.assertEqual(self.Fact._kia_refresh(["parts_line"]), {"parts_line": 1})
        self.assertAlmostEqual(self._values(domain)["fill_rate"], 2 / 3 * 100, places=2)

    def test_issue_without_reservation_is_the_first_check(self):
        order = self._approved()
        move = self._moves(order)[self.part_filter]
        move.sudo().write({"kia_first_availability": False, "kia_first_check_date": False})
        move._do_unreserve()
        move.product_uom_qty = 12
        move.with_user(self.user_clerk).action_kia_issue(10)
        self.assertEqual(move.kia_first_availability, "partial")
        self.assertTrue(move.kia_first_check_date)

    # ------------------------------------------------------------------ stock (month)
    def _stock_move(self, product, quantity, source, destination, when):
        move = self.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom_qty": quantity,
                "location_id": source.id,
                "location_dest_id": destination.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE stock_valuation_layer SET create_date = %s WHERE stock_move_id = %s",
            [when, move.id],
        )
        return move

    def test_turnover_days_on_hand_dead_stock(self):
        supplier = self.env.ref("stock.stock_location_suppliers")
        customer = self.env.ref("stock.stock_location_customers")
        Product = self.env["product.product"]
        moving = Product.create(
            {"name": "KPI moving part", "is_storable": True, "standard_price": 20.0}
        )
        sleeping = Product.create(
            {"name": "KPI sleeping part", "is_storable": True, "standard_price": 10.0}
        )
        (moving | sleeping).product_tmpl_id.write({"kia_is_part": True})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE product_template SET create_date = '2014-01-01' WHERE id IN %s",
            [tuple((moving | sleeping).product_tmpl_id.ids)],
        )
        # Received in January 2016 (10 × 20) and January 2015 (5 × 10); 4 issued to a
        # customer on 15 March 2016 (80 at cost).
        self._stock_move(moving, 10, supplier, self.stock_location, datetime(2016, 1, 10, 4))
        self._stock_move(sleeping, 5, supplier, self.stock_location, datetime(2015, 1, 10, 4))
        self._stock_move(moving, 4, self.stock_location, customer, datetime(2016, 3, 15, 4))
        self.Fact._kia_refresh(["parts_month"], full=True)
        domain = [
            ("source", "=", "parts_month"),
            ("company_id", "=", self.company.id),
            ("date", "=", MARCH),
        ]
        fact = self.Fact.search(domain)
        self.assertEqual(len(fact), 1)
        self.assertEqual(fact.issue_cost, 80.0)
        self.assertEqual(fact.stock_value_end, 170.0)  # 250 - 80
        self.assertEqual(fact.stock_value_avg, 210.0)  # (250 + 170) / 2
        self.assertEqual(fact.stock_value_days, 210.0 * 31)
        self.assertEqual(fact.dead_stock_value, 50.0, "the sleeping part, not the issued one")
        values = self._values(domain)
        self.assertAlmostEqual(values["turnover"], 80 / 210, places=4)
        self.assertAlmostEqual(values["days_on_hand"], 210 * 31 / 80, places=4)
        self.assertAlmostEqual(values["dead_stock_share"], 50 / 170 * 100, places=4)
        # February: nothing issued yet, and neither part had an issue in the 12 months
        # up to its end (both are older than that): all the stock is dead.
        february = self.Fact.search(
            [
                ("source", "=", "parts_month"),
                ("company_id", "=", self.company.id),
                ("date", "=", datetime(2016, 2, 1).date()),
            ]
        )
        self.assertEqual(
            (february.issue_cost, february.stock_value_end, february.dead_stock_value),
            (0.0, 250.0, 250.0),
        )

    # ------------------------------------------------------------------ lost sales
    def test_lost_sales_company_isolation_and_access(self):
        Lost = self.env["kia.parts.lost.sale"]
        ours = Lost.create({"product_id": self.part_filter.id, "quantity": 2})
        ours |= Lost.create(
            {"product_id": self.part_pads.id, "quantity": 1, "repair_id": self._order().id}
        )
        theirs = Lost.create(
            {"product_id": self.part_filter.id, "quantity": 5, "company_id": self.company_b.id}
        )
        self.Fact._kia_refresh(["lost_sale"], full=True)
        domain = [("source", "=", "lost_sale"), ("res_id", "in", (ours | theirs).ids)]
        values = self._values(domain + [("company_id", "=", self.company.id)])
        self.assertEqual(values["lost_sales"], 2)
        self.assertEqual(values["lost_sales_value"], 2 * 80.0 + 480.0)
        # The parts manager reads his dealer's figures only; the clerk reads none.
        facts = self.Fact.with_user(self.user_parts_manager).search(domain)
        self.assertEqual(facts.company_id, self.company)
        self.assertEqual(len(facts), 2)
        with self.assertRaises(AccessError):
            self.Fact.with_user(self.user_clerk).search(domain)
        with self.assertRaises(AccessError):
            facts.with_user(self.user_parts_manager).write({"lost_sales": 3})
