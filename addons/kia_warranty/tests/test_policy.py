from odoo import Command
from odoo.exceptions import UserError, ValidationError

from .common import KiaWarrantyCase


class TestWarrantyPolicy(KiaWarrantyCase):
    def test_entitlement_shown_on_work_order(self):
        order = self._order(jobs=[(self.op_brakes, "warranty")])
        text = order.kia_warranty_entitlement
        self.assertIn("Test policy", text)
        self.assertIn("✓ Basic (whole vehicle)", text)
        self.assertIn("✓ First Free Maintenance", text)

    def test_warranty_job_outside_coverage_refused(self):
        """Basic warranty 36 months: a 37-month-old vehicle's warranty job is refused with
        the group, the limit, the age and the odometer; nothing is written."""
        self.vehicle.kia_warranty_start = self._months_ago(37)
        jobs_before = self.env["kia.job.line"].search_count([])
        with self.assertRaises(ValidationError) as error:
            self._order(jobs=[(self.op_brakes, "warranty")], parts=False)
        message = str(error.exception)
        self.assertIn("Basic (whole vehicle)", message)
        self.assertIn("36 months / 100000 km", message)
        self.assertIn("37 months old with 4000 km", message)
        self.assertEqual(self.env["kia.job.line"].search_count([]), jobs_before)

    def test_km_limit_and_switch_to_warranty_refused(self):
        """Over the km limit: making a customer job warranty (a plain write by the
        advisor) is refused and the pay type stays."""
        order = self._order(jobs=[(self.op_brakes, "customer")], odometer=120000, parts=False)
        job = order.kia_job_line_ids
        with self.assertRaises(ValidationError) as error:
            job.with_user(self.user_advisor).write({"pay_type": "warranty"})
        self.assertIn("120000 km", str(error.exception))
        self.assertEqual(job.pay_type, "customer")

    def test_part_of_uncovered_group_refused(self):
        """A part whose group the policy does not cover cannot go on a warranty job."""
        corrosion = self.env.ref("kia_warranty.component_group_corrosion")
        self.part_filter.product_tmpl_id.kia_warranty_group_id = corrosion
        order = self._order(jobs=[(self.op_brakes, "warranty")], parts=False)
        job = order.kia_job_line_ids
        with self.assertRaises(ValidationError) as error:
            self.env["stock.move"].create(
                {
                    "repair_id": order.id,
                    "product_id": self.part_filter.id,
                    "product_uom_qty": 1,
                    "repair_line_type": "add",
                    "kia_job_line_id": job.id,
                }
            )
        self.assertIn("Corrosion", str(error.exception))
        self.assertFalse(job.move_ids)

    def test_category_gives_part_group(self):
        category = self.env["product.category"].create(
            {"name": "Engine parts", "kia_warranty_group_id": self.group_powertrain.id}
        )
        self.part_pads.categ_id = category
        self.assertEqual(
            self.part_pads.product_tmpl_id._kia_warranty_group(), self.group_powertrain
        )
        self.part_pads.product_tmpl_id.kia_warranty_group_id = self.group_basic
        self.assertEqual(self.part_pads.product_tmpl_id._kia_warranty_group(), self.group_basic)

    def test_model_policy_wins(self):
        specific = self.env["kia.warranty.policy"].create(
            {
                "name": "K5 policy",
                "model_ids": [Command.set(self.model_k5.ids)],
                "line_ids": [
                    Command.create(
                        {"component_group_id": self.group_basic.id, "months": 12, "km": 20000}
                    )
                ],
            }
        )
        policies = self.env["kia.warranty.policy"]._kia_policies_for(self.vehicle)
        self.assertEqual(policies[self.vehicle], specific)

    def test_goodwill_by_service_manager_only(self):
        order = self._order(jobs=[(self.op_brakes, "warranty")], parts=False)
        job = order.kia_job_line_ids
        with self.assertRaises(UserError):
            job.with_user(self.user_advisor).action_kia_make_goodwill("Loyal customer")
        with self.assertRaises(UserError):
            job.with_user(self.user_advisor).write({"kia_goodwill_reason": "forged"})
        self.assertEqual(job.pay_type, "warranty")
        self.assertFalse(job.kia_goodwill_reason)
        job.with_user(self.user_manager).action_kia_make_goodwill("Loyal customer")
        self.assertEqual(job.pay_type, "goodwill")
        self.assertEqual(job.kia_goodwill_reason, "Loyal customer")
        self.assertEqual(job.kia_goodwill_by_id, self.user_manager)
