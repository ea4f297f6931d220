from odoo.tests import HttpCase, tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestWarrantyTour(HttpCase, KiaWarrantyCase):
    def test_clerk_submits_claim_from_work_order(self):
        claim = self._complete(self._claim())
        self.user_wclerk.lang = "en_US"
        self.start_tour("/odoo", "kia_warranty_clerk_tour", login="kia_w_clerk")
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.dtc_codes, "C1234")
        self.assertEqual(claim.submission_count, 1)

    def test_accountant_imports_remittance(self):
        claim = self._approved_claim()
        claim.sudo().name = "CLM/TOUR/1"
        invoice = claim.with_user(self.user_accountant)._kia_invoice()
        self.user_accountant.lang = "en_US"
        self.start_tour("/odoo", "kia_warranty_accountant_tour", login="kia_w_accountant")
        self.assertEqual(claim.state, "paid")
        self.assertEqual(invoice.payment_state, "paid")
