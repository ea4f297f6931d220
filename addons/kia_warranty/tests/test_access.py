from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user

from .common import KiaWarrantyCase
from .test_accounting import csv_file


class TestWarrantyAccess(KiaWarrantyCase):
    def test_clerk_cannot_import_or_invoice_bypass(self):
        claim = self._approved_claim()
        remittances = self.env["kia.warranty.remittance"].search_count([])
        with self.assertRaises(UserError):
            self.env["kia.warranty.remittance"].with_user(self.user_wclerk)._kia_import(
                csv_file([(claim.name, 504, 504, "")]), "r.csv"
            )
        with self.assertRaises(AccessError):
            self.env["kia.warranty.remittance"].with_user(self.user_wclerk).create(
                {"name": "forged"}
            )
        self.assertEqual(self.env["kia.warranty.remittance"].search_count([]), remittances)
        # An advisor (who invoices customers) does not invoice the manufacturer.
        with self.assertRaises(UserError):
            claim.with_user(self.user_advisor)._kia_invoice()
        self.assertFalse(claim.invoice_id)

    def test_accountant_reads_but_does_not_edit_claims(self):
        draft = self._claim()
        with self.assertRaises(AccessError):
            draft.with_user(self.user_accountant).write({"dtc_codes": "P0001"})
        self.assertFalse(draft.dtc_codes)
        self.company.kia_warranty_duplicate_days = 0
        claim = self._approved_claim()
        claim.with_user(self.user_accountant).read(["amount_approved"])
        with self.assertRaises(UserError):
            claim.with_user(self.user_accountant).action_kia_record_decision()
        self.assertFalse(claim.dtc_codes)

    def test_clerk_cannot_record_decision_by_write(self):
        claim = self._submitted()
        with self.assertRaises(UserError):
            claim.with_user(self.user_wclerk).write({"state": "paid", "amount_paid": 504.0})
        self.assertEqual(claim.state, "submitted")
        self.assertFalse(claim.amount_paid)
        submission = claim.submission_ids
        with self.assertRaises(AccessError):
            submission.with_user(self.user_wmanager).write({"result": "approved"})
        self.assertFalse(submission.result)

    def test_other_company_sees_nothing(self):
        claim = self._claim()
        other = self.env["res.company"].create({"name": "Other Kia dealer"})
        outsider = new_test_user(
            self.env,
            "kia_w_other",
            groups="kia_warranty.group_warranty_manager,account.group_account_user",
            company_id=other.id,
            company_ids=[other.id],
        )
        Claim = self.env["kia.warranty.claim"].with_user(outsider)
        self.assertFalse(Claim.search([("id", "=", claim.id)]))
        with self.assertRaises(AccessError):
            claim.with_user(outsider).read(["name"])
        with self.assertRaises(AccessError):
            claim.with_user(outsider).write({"dtc_codes": "X"})
        self.assertFalse(
            self.env["kia.warranty.claim.line"]
            .with_user(outsider)
            .search([("claim_id", "=", claim.id)])
        )
        self.assertFalse(claim.dtc_codes)

    def test_clerk_and_accountant_read_what_a_claim_shows(self):
        """The claim form shows the work order, job, vehicle, QC and old parts: the
        warranty roles read them (but change nothing there)."""
        claim = self._complete(self._claim())
        for user in (self.user_wclerk, self.user_accountant):
            mine = claim.with_user(user)
            mine.invalidate_recordset()
            self.assertTrue(mine.repair_id.display_name)
            self.assertTrue(mine.job_line_id.display_name)
            self.assertTrue(mine.vehicle_id.display_name)
            self.assertTrue(mine.quality_check_id.display_name)
            self.assertTrue(mine.technician_id.name)
            self.assertTrue(mine.old_part_ids.move_id.display_name)
            with self.assertRaises(AccessError):
                mine.repair_id.write({"kia_customer_concerns": "changed"})

    def test_views_load_for_each_role(self):
        """Every view of the addon opens for the roles that use it (no field a role
        cannot read), and the work order and job forms still open for the workshop."""
        views = {
            "kia.warranty.claim": ["form", "list", "search", "pivot", "graph"],
            "kia.warranty.old.part": ["form", "list", "search"],
            "kia.warranty.remittance": ["form", "list"],
            "kia.warranty.claim.aging": ["list", "pivot", "search"],
        }
        for user in (self.user_wclerk, self.user_wmanager, self.user_accountant):
            for model, types in views.items():
                self.env[model].with_user(user).get_views([(False, kind) for kind in types])
        self.env["kia.warranty.policy"].with_user(self.user_wmanager).get_views(
            [(False, "form"), (False, "list")]
        )
        kia_form = self.env.ref("kia_aftersales.repair_order_view_form").id
        for user in (self.user_advisor, self.user_tech, self.user_manager):
            arch = (
                self.env["repair.order"]
                .with_user(user)
                .get_views([(kia_form, "form")])["views"]["form"]["arch"]
            )
            self.assertIn("kia_warranty_entitlement", arch)
            self.assertNotIn("kia_warranty_claim_count", arch)
            self.env["kia.job.line"].with_user(user).get_views([(False, "form")])
