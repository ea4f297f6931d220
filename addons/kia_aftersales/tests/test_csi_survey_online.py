from odoo.tests import HttpCase, tagged

from .common import KiaAftersalesCase


@tagged("post_install", "-at_install")
class TestCsiSurveyOnline(KiaAftersalesCase, HttpCase):
    """The customer opens the link of the email or SMS (not logged in) and answers the CSI
    questionnaire on Odoo's survey pages: the follow-up gets its CSI."""

    def test_customer_answers_through_the_link(self):
        order = self._passed(jobs=[(self.op_brakes, "warranty")])
        order._kia_deliver()
        followup = order.kia_followup_ids
        followup.action_send_survey()
        user_input = followup.user_input_id.sudo()
        survey = user_input.survey_id
        response = self.url_open(followup.survey_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(survey.title, response.text)
        base = f"{survey.get_base_url()}/survey/%s/{survey.access_token}/{user_input.access_token}"
        self.opener.post(url=base % "begin", json={})
        answers = {
            str(question.id): str(question.suggested_answer_ids.sorted("sequence")[-1].id)
            for question in survey.question_ids
        }
        overall = survey.question_ids[0]
        answers[str(overall.id)] = str(overall.suggested_answer_ids.sorted("sequence")[0].id)
        response = self.opener.post(url=base % "submit", json={"params": answers})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("error", response.text)
        self.assertEqual(user_input.state, "done")
        self.assertEqual(followup.state, "done")
        self.assertAlmostEqual(followup.csi_score, round(500 / 6, 2))
        # The link answers once.
        response = self.opener.post(url=base % "submit", json={"params": answers})
        self.assertIn("unauthorized", response.text)
        self.assertAlmostEqual(followup.csi_score, round(500 / 6, 2))
