from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import KiaAftersalesCase


@tagged("post_install", "-at_install")
class TestCustomerCare(KiaAftersalesCase):
    def _delivered(self):
        order = self._passed(jobs=[(self.op_brakes, "warranty")])
        self.company.kia_followup_user_id = self.user_cr
        order._kia_deliver()
        return order

    def test_follow_up_planned_for_customer_relations(self):
        order = self._delivered()
        followup = order.kia_followup_ids
        self.assertEqual(followup.user_id, self.user_cr)
        self.assertEqual(followup.state, "planned")
        self.assertEqual(followup.activity_ids.user_id, self.user_cr)
        self.assertEqual(followup.activity_ids.date_deadline, self.today + relativedelta(days=3))

    def test_record_satisfaction_feeds_csi(self):
        followup = self._delivered().kia_followup_ids.with_user(self.user_cr)
        with self.assertRaisesRegex(UserError, "satisfaction"):
            followup.action_record(False)
        self.assertEqual(followup.state, "planned")
        followup.action_record("4", "Quick and clean")
        self.assertEqual(followup.state, "done")
        self.assertEqual(followup.csi_score, 75.0)
        self.assertFalse(followup.activity_ids, "the call activity is done")

    def test_bad_result_opens_a_complaint(self):
        followup = self._delivered().kia_followup_ids.with_user(self.user_cr)
        followup.action_record("1", "Car returned dirty")
        action = followup.action_open_complaint()
        ticket = followup.ticket_id
        self.assertEqual(action["res_id"], ticket.id)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertIn("Car returned dirty", ticket.description)
        with self.assertRaisesRegex(UserError, "already open"):
            followup.action_open_complaint()

    def test_unreachable_customer(self):
        followup = self._delivered().kia_followup_ids
        followup.action_unreachable()
        self.assertEqual(followup.state, "unreachable")
        self.assertFalse(followup.activity_ids)
