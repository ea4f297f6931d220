from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common import KiaAftersalesCase


@tagged("post_install", "-at_install")
class TestCustomerCare(KiaAftersalesCase):
    def _delivered(self):
        order = self._passed(jobs=[(self.op_brakes, "warranty")])
        self.company.kia_followup_user_id = self.user_cr
        order._kia_deliver()
        return order

    def _call_due(self, followup):
        """The day of the call: customer relations has its activity."""
        with freeze_time(fields.Datetime.now() + relativedelta(days=3)):
            self.env["kia.service.followup"]._cron_kia_plan_followup_calls()
        self.assertTrue(followup.activity_ids)

    def test_follow_up_planned_for_customer_relations(self):
        order = self._delivered()
        followup = order.kia_followup_ids
        self.assertEqual(followup.user_id, self.user_cr)
        self.assertEqual(followup.state, "planned")
        self.assertEqual(followup.scheduled_date, self.today + relativedelta(days=3))
        # The call activity comes on the day, once.
        self.assertFalse(followup.activity_ids)
        Followup = self.env["kia.service.followup"]
        self.assertNotIn(followup, Followup._cron_kia_plan_followup_calls())
        self.assertFalse(followup.activity_ids)
        with freeze_time(fields.Datetime.now() + relativedelta(days=3)):
            self.assertIn(followup, Followup._cron_kia_plan_followup_calls())
            self.assertNotIn(followup, Followup._cron_kia_plan_followup_calls())
        self.assertEqual(followup.activity_ids.user_id, self.user_cr)
        self.assertEqual(followup.activity_ids.date_deadline, followup.scheduled_date)

    def test_answers_during_the_call_feed_csi(self):
        followup = self._delivered().kia_followup_ids.with_user(self.user_cr)
        self._call_due(followup)
        self.assertEqual(followup.survey_id, self.company.kia_csi_survey_id)
        answers = self._csi_answers(followup, -1)
        overall = followup.survey_id.sudo().question_ids[0]
        answers[overall.id] = overall.suggested_answer_ids.sorted("sequence")[2].id  # neutral
        del answers[followup.survey_id.sudo().question_ids[1].id]
        with self.assertRaisesRegex(UserError, "is required"):
            followup.action_record_answers(answers)
        self.assertEqual(followup.state, "planned")
        self.assertFalse(followup.user_input_id, "nothing was recorded")
        answers[followup.survey_id.sudo().question_ids[1].id] = (
            followup.survey_id.sudo().question_ids[1].suggested_answer_ids.sorted("sequence")[-1].id
        )
        followup.action_record_answers(answers, "Quick and clean")
        self.assertEqual(followup.state, "done")
        self.assertEqual(followup.survey_state, "done")
        # 5 questions at 100, one at 50 (neutral): the survey's score.
        self.assertAlmostEqual(followup.csi_score, round(550 / 6, 2))
        self.assertEqual(followup.csi_score, followup.user_input_id.sudo().scoring_percentage)
        self.assertEqual(followup.satisfaction, "5")
        self.assertEqual(followup.remarks, "Quick and clean")
        self.assertEqual(followup.user_input_id.sudo().partner_id, self.customer)
        self.assertFalse(followup.activity_ids, "the call activity is done")

    def test_unreachable_customer(self):
        followup = self._delivered().kia_followup_ids
        self._call_due(followup)
        followup.action_unreachable()
        self.assertEqual(followup.state, "unreachable")
        self.assertFalse(followup.activity_ids)
