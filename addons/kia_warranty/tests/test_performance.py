from odoo import Command

from .common import KiaWarrantyCase
from .test_accounting import csv_file


class TestWarrantyBatch(KiaWarrantyCase):
    """Claims are created, invoiced and paid in batches: the queries per claim do not
    grow with the batch (a small-scale version of tests/bench)."""

    def _jobs(self, count):
        self.company.kia_warranty_duplicate_days = 0
        self.policy.photos_required = 0
        self.env["stock.quant"]._update_available_quantity(
            self.part_pads, self.stock_location, count
        )
        orders = self.env["repair.order"]
        for _i in range(count):
            orders |= self._worked(jobs=[(self.op_brakes, "warranty")])
        return orders

    def _queries(self, function):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = function()
        self.env.flush_all()
        return result, self.env.cr.sql_log_count - before

    def _run(self, count):
        orders = self._jobs(count)
        Check = self.env["kia.quality.check"].with_context(kia_warranty_no_claims=True)
        Check.create(
            [
                {"repair_id": order.id, "inspector_id": self.emp_foreman.id, "result": "pass"}
                for order in orders
            ]
        )
        jobs = orders.kia_job_line_ids
        claims, create_q = self._queries(jobs._kia_create_warranty_claims)
        self.assertEqual(len(claims), count)
        for claim in claims:
            claim.write({"defect_code_ids": [Command.set(self.defect.ids)], "cause": "Worn"})
        claims.action_kia_receive_old_part()
        claims.action_submit()
        claims.action_kia_record_decision()
        invoice, invoice_q = self._queries(
            lambda: claims.with_user(self.user_accountant)._kia_invoice()
        )
        content = csv_file([(claim.name, 504.0, 504.0, "") for claim in claims])
        __, import_q = self._queries(
            lambda: (
                self.env["kia.warranty.remittance"]
                .with_user(self.user_accountant)
                ._kia_import(content, f"r{count}.csv", journal=self.bank_journal)
            )
        )
        self.assertEqual(invoice.payment_state, "paid")
        return create_q / count, invoice_q / count, import_q / count

    def test_queries_per_claim_do_not_grow(self):
        small = self._run(2)
        large = self._run(6)
        for name, at_small, at_large in zip(
            ("create", "invoice", "import"), small, large, strict=True
        ):
            self.assertLessEqual(
                at_large,
                at_small * 1.2,
                f"{name}: {at_large:.0f} queries per claim at 6 against {at_small:.0f} at 2",
            )
