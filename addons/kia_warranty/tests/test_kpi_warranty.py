from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KiaWarrantyCase
from .test_accounting import csv_file


@tagged("post_install", "-at_install")
class TestKpiWarranty(KiaWarrantyCase):
    """Warranty KPIs from the fact table: rejection rate and claim aging (days from the
    first submission to the manufacturer's payment)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Fact = cls.env["kia.kpi.fact"]
        cls.emp_wclerk = cls.env["hr.employee"].create(
            {"name": "Clerk Sun", "user_id": cls.user_wclerk.id}
        )
        cls.rejection_rate = cls.env.ref("kia_warranty.kpi_rejection_rate")
        cls.claim_aging = cls.env.ref("kia_warranty.kpi_claim_aging")

    def test_rejection_rate_and_claim_aging(self):
        clerk = self.user_wclerk
        paid = self._approved_claim()
        self.company.kia_warranty_duplicate_days = 0
        rejected = self._submitted()
        rejected.with_user(clerk).action_kia_record_decision(
            {line: 0.0 for line in rejected.line_ids}, "Not covered"
        )
        approved = self._approved_claim()
        submitted = self._submitted()
        self.assertEqual(rejected.state, "rejected")
        # The manufacturer pays the first claim 12 days after its submission.
        paid.with_user(self.user_accountant)._kia_invoice()
        self.env["kia.warranty.remittance"].with_user(self.user_accountant)._kia_import(
            csv_file([(paid.name, paid.amount_approved, paid.amount_approved, "")]),
            "remit.csv",
            journal=self.bank_journal,
            date=paid.submitted_date + timedelta(days=12),
        )
        self.assertEqual(paid.state, "paid")
        self.Fact._kia_refresh(["claim"], full=True)
        claims = paid | rejected | approved | submitted
        domain = [("source", "=", "claim"), ("res_id", "in", claims.ids)]
        facts = self.Fact.search(domain)
        # Three answers (one rejection) and one payment; the open claim has none.
        self.assertEqual(len(facts), 4)
        self.assertNotIn(submitted.id, facts.mapped("res_id"))
        self.assertEqual(facts.employee_id, self.emp_wclerk)
        settled = facts.filtered("claims_settled")
        self.assertEqual(settled.date, paid.submitted_date + timedelta(days=12))
        self.assertEqual(settled.settle_days, 12.0)
        kpis = self.rejection_rate | self.claim_aging
        values = kpis._kia_values(domain)[()]
        self.assertAlmostEqual(values[self.rejection_rate], 100 / 3, places=4)
        self.assertEqual(values[self.claim_aging], 12.0)
        # Corrected and approved on resubmission: no longer a rejection.
        self._complete(rejected)
        rejected.with_user(clerk).action_submit()
        rejected.with_user(clerk).action_kia_record_decision()
        self.Fact._kia_refresh(["claim"], full=True)
        self.assertEqual(kpis._kia_values(domain)[()][self.rejection_rate], 0.0)

    def test_warranty_sales_from_claim_invoice(self):
        """A warranty job is sold to the manufacturer: its sales are the posted lines of
        the claim's invoice (labour line as labour, the rest as parts), not the customer's
        sale order; nothing before the invoice is posted."""
        claim = self._approved_claim()
        order = claim.repair_id
        order.with_user(self.user_advisor)._kia_deliver()
        job = claim.job_line_id
        domain = [("source", "=", "job"), ("res_id", "=", job.id)]
        self.Fact._kia_refresh(["job"], full=True)
        fact = self.Fact.search(domain)
        self.assertEqual((fact.pay_type, fact.labour_sales, fact.parts_sales), ("warranty", 0, 0))
        labour = sum(
            claim.line_ids.filtered(lambda line: line.line_type == "labour").mapped(
                "amount_approved"
            )
        )
        parts = claim.amount_approved - labour
        self.assertTrue(labour and parts)
        claim.with_user(self.user_accountant)._kia_invoice()
        # Incremental: the claim's invoice brings the job back.
        self.Fact._kia_refresh(["job"])
        fact = self.Fact.search(domain)
        self.assertAlmostEqual(fact.labour_sales, labour)
        self.assertAlmostEqual(fact.parts_sales, parts)
        self.assertAlmostEqual(fact.total_sales, labour + parts)
        self.assertAlmostEqual(fact.hours_sold, job.flagged_hours)
        rate = self.env.ref("kia_aftersales.kpi_effective_labour_rate")
        values = rate._kia_values(domain, ("pay_type",))
        self.assertAlmostEqual(values[("warranty",)][rate], labour / job.flagged_hours)

    def test_access(self):
        for user in (self.user_wclerk, self.user_tech, self.user_advisor):
            with self.assertRaises(AccessError):
                self.Fact.with_user(user).search([("source", "=", "claim")])
        self.Fact.with_user(self.user_wmanager).search([("source", "=", "claim")])
        # The facts are the flow's: a client cannot write a claim's decision either.
        claim = self._submitted()
        with self.assertRaises(UserError):
            claim.with_user(self.user_wclerk).write({"decision_date": claim.submitted_date})
        self.assertFalse(claim.decision_date)
