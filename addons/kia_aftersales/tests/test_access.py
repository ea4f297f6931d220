from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KiaAftersalesCase, make_vin


@tagged("post_install", "-at_install")
class TestAccess(KiaAftersalesCase):
    def test_technician_sees_his_jobs_without_prices(self):
        order = self._approved()
        other = self._approved(odometer=4200)
        order.kia_job_line_ids.with_user(self.user_foreman).action_dispatch(self.emp_tech)
        other.kia_job_line_ids.with_user(self.user_foreman).action_dispatch(self.emp_tech2)
        Job = self.env["kia.job.line"].with_user(self.user_tech)
        self.assertEqual(Job.search([]), order.kia_job_line_ids)
        self.assertEqual(self.env["repair.order"].with_user(self.user_tech).search([]), order)
        job = order.kia_job_line_ids[0].with_user(self.user_tech)
        job.read(["concern", "flagged_hours", "parts_summary", "vehicle_id"])
        self.assertIn("Test oil filter", job.parts_summary)
        with self.assertRaises(AccessError):
            job.read(["labour_amount"])
        with self.assertRaises(AccessError):
            order.with_user(self.user_tech).read(["kia_amount_customer"])
        with self.assertRaises(AccessError):
            other.kia_job_line_ids[0].with_user(self.user_tech).read(["concern"])

    def test_technician_cannot_read_customer_contact(self):
        with self.assertRaises(AccessError):
            self.vehicle.with_user(self.user_tech).read(["kia_owner_phone"])
        self.assertEqual(
            self.vehicle.with_user(self.user_advisor).kia_owner_mobile, "+86 13800000001"
        )

    def test_technician_cannot_create_or_delete_work(self):
        with self.assertRaises(AccessError):
            self.env["repair.order"].with_user(self.user_tech).create(
                {"kia_vehicle_id": self.vehicle.id}
            )
        order = self._approved()
        with self.assertRaises(AccessError):
            self.env["kia.job.line"].with_user(self.user_tech).create(
                {"repair_id": order.id, "concern": "Self-assigned work"}
            )
        with self.assertRaises(AccessError):
            self.env["kia.quality.check"].with_user(self.user_tech).create(
                {"repair_id": order.id, "inspector_id": self.emp_tech2.id, "result": "pass"}
            )

    def test_advisor_cannot_dispatch_or_check_quality(self):
        approved = self._approved()
        with self.assertRaisesRegex(UserError, "Only the workshop foreman dispatches"):
            approved.kia_job_line_ids.with_user(self.user_advisor).action_dispatch(self.emp_tech)
        self.assertFalse(approved.kia_job_line_ids.technician_ids)
        self.assertEqual(set(approved.kia_job_line_ids.mapped("state")), {"todo"})
        order = self._worked(vehicle=self.vehicle, odometer=4500)
        with self.assertRaises(AccessError):
            self.env["kia.quality.check"].with_user(self.user_advisor).create(
                {"repair_id": order.id, "inspector_id": self.emp_advisor.id, "result": "pass"}
            )
        self.assertEqual(order.state, "under_repair")

    def test_customer_relations_reads_but_does_not_change_work_orders(self):
        order = self._approved()
        order.with_user(self.user_cr).read(["name", "kia_stage"])
        with self.assertRaises(AccessError):
            order.with_user(self.user_cr).write({"kia_customer_concerns": "x"})
        with self.assertRaises(AccessError):
            self.env["kia.labour.operation"].with_user(self.user_cr).create(
                {"code": "X", "name": "X"}
            )

    def test_configuration_is_the_managers(self):
        self.env["kia.labour.operation"].with_user(self.user_manager).create(
            {"code": "M-1", "name": "Test"}
        )
        with self.assertRaises(AccessError):
            self.env["kia.labour.operation"].with_user(self.user_advisor).create(
                {"code": "A-1", "name": "Test"}
            )

    def test_dealers_do_not_see_each_other(self):
        other = self.env["res.company"].create({"name": "Kia Hangzhou"})
        advisor_b = new_test_user(
            self.env,
            "kia_a_advisor_b",
            groups="kia_aftersales.group_advisor",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        vehicle_b = self.env["fleet.vehicle"].create(
            {"model_id": self.model_k5.id, "vin_sn": make_vin(30), "company_id": other.id}
        )
        order_a = self._approved()
        visible = (
            self.env["repair.order"].with_user(advisor_b).search([("kia_vehicle_id", "!=", False)])
        )
        self.assertNotIn(order_a, visible)
        self.assertNotIn(
            order_a.kia_job_line_ids[0], self.env["kia.job.line"].with_user(advisor_b).search([])
        )
        self.assertEqual(
            self.env["fleet.vehicle"].with_user(advisor_b).search([("vin_sn", "!=", False)]),
            vehicle_b,
        )
        with self.assertRaises(AccessError):
            order_a.with_user(advisor_b).read(["name"])
