from odoo import Command
from odoo.tests import tagged

from .common import KiaAftersalesCase, make_vin


@tagged("post_install", "-at_install")
class TestPerformance(KiaAftersalesCase):
    """Batch operations cost a bounded number of queries, whatever the batch size."""

    def _orders(self, count, offset):
        vehicles = self.env["fleet.vehicle"].create(
            [
                {
                    "model_id": self.model_k5.id,
                    "vin_sn": make_vin(1000 + offset + i),
                    "kia_owner_id": self.customer.id,
                }
                for i in range(count)
            ]
        )
        return self.env["repair.order"].create(
            [
                {
                    "kia_vehicle_id": vehicle.id,
                    "kia_checkin_odometer": 100,
                    "kia_job_line_ids": [
                        Command.create({"concern": "Oil", "labour_operation_id": self.op_oil.id}),
                        Command.create({"concern": "EV", "labour_operation_id": self.op_ev.id}),
                    ],
                }
                for vehicle in vehicles
            ]
        )

    def test_dispatch_batch(self):
        small = self._orders(3, 0)
        large = self._orders(15, 100)
        for orders in (small, large):
            for order in orders:
                order._kia_record_approval("Customer Li", "phone")

        def dispatch(orders):
            return orders.kia_job_line_ids.with_user(self.user_foreman).action_dispatch(
                self.emp_tech
            )  # noqa: E731

        few = self.count_queries(dispatch, small)
        many = self.count_queries(dispatch, large)
        self.assertEqual(set(large.kia_job_line_ids.mapped("state")), {"dispatched"})
        self.assertLessEqual(many, few + 10, f"dispatch: {few} queries for 6 jobs, {many} for 30")

    def test_check_in_batch(self):
        small = self._orders(3, 200)
        large = self._orders(15, 300)
        few = self.count_queries(small.action_kia_check_in)
        many = self.count_queries(large.action_kia_check_in)
        self.assertTrue(all(large.mapped("kia_checkin_date")))
        self.assertLessEqual(many, few + 3, f"check-in: {few} queries for 3 orders, {many} for 15")
