from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KiaAftersalesCase, make_vin


@tagged("post_install", "-at_install")
class TestCsiSurvey(KiaAftersalesCase):
    """The follow-up's CSI is the score of the customer's answers to the company's CSI
    questionnaire (survey), answered online through the link sent by email and SMS or
    with customer relations during the call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.model_k5.id,
                "license_plate": "沪A T0009",
                "vin_sn": make_vin(9),
                "kia_owner_id": cls.customer.id,
            }
        )

    def _followup(self, vehicle=None):
        order = self._passed(jobs=[(self.op_brakes, "warranty")], vehicle=vehicle)
        self.company.kia_followup_user_id = self.user_cr
        order._kia_deliver()
        return order.kia_followup_ids.with_user(self.user_cr)

    def _answer_online(self, user_input, choice):
        """What the survey pages do for the customer (public user, token link)."""
        user_input = user_input.sudo()
        for question in user_input.survey_id.question_ids:
            user_input._save_lines(
                question, question.suggested_answer_ids.sorted("sequence")[choice].id
            )
        user_input._mark_done()

    def test_survey_sent_by_mail_and_sms_answered_online(self):
        followup = self._followup()
        self.assertEqual(followup.survey_id, self.company.kia_csi_survey_id)
        self.assertFalse(followup.user_input_id)
        followup.action_send_survey()
        user_input = followup.user_input_id.sudo()
        self.assertEqual(user_input.survey_id, followup.survey_id)
        self.assertEqual(user_input.partner_id, self.customer)
        self.assertEqual(user_input.kia_followup_id, followup)
        self.assertTrue(followup.survey_sent_date)
        self.assertIn(user_input.access_token, followup.survey_url)
        self.assertTrue(followup.survey_url.startswith("http"))
        # The email with the link, to the customer.
        message = followup.message_ids.filtered(
            lambda m: "how was the service" in (m.subject or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn(followup.survey_url, message.body)
        self.assertEqual(message.partner_ids, self.customer)
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertTrue(mail, "the email is queued")
        # The SMS with the link, queued for the gateway.
        sms = (
            self.env["sms.sms"]
            .sudo()
            .search([("partner_id", "=", self.customer.id), ("body", "ilike", "/survey/start/")])
        )
        self.assertEqual(len(sms), 1)
        self.assertIn(followup.survey_url, sms.body)
        self.assertEqual(sms.state, "outgoing")
        self.assertEqual(followup.state, "planned")
        # The customer answers online: every question "satisfied" (75) but the yes/no
        # question at its best (Yes: 100).
        self._answer_online(user_input, -2)
        self.assertEqual(followup.state, "done")
        self.assertEqual(followup.survey_state, "done")
        self.assertAlmostEqual(followup.csi_score, round((5 * 75 + 0) / 6, 2))
        self.assertEqual(followup.csi_score, user_input.scoring_percentage)
        self.assertTrue(followup.contact_date)
        self.assertFalse(followup.activity_ids, "the call is no longer needed")

    def _survey_sms_count(self):
        return (
            self.env["sms.sms"]
            .sudo()
            .search_count(
                [("partner_id", "=", self.customer.id), ("body", "ilike", "/survey/start/")]
            )
        )

    def test_cron_sends_the_due_surveys_once(self):
        followup = self._followup()
        cron = self.env["kia.service.followup"]._cron_kia_send_csi_surveys
        self.assertNotIn(followup, cron(), "not before the follow-up date")
        followup.scheduled_date = self.company._kia_today()
        self.company.kia_csi_send_link = False
        self.assertNotIn(followup, cron(), "the company does not send the link")
        self.company.kia_csi_send_link = True
        self.assertIn(followup, cron())
        self.assertTrue(followup.survey_sent_date)
        self.assertEqual(self._survey_sms_count(), 1)
        self.assertNotIn(followup, cron(), "sent once")
        self.assertEqual(self._survey_sms_count(), 1)

    def test_bad_result_opens_complaint(self):
        followup = self._followup()
        followup.action_record_answers(self._csi_answers(followup, 0), "Car returned dirty")
        self.assertEqual(followup.csi_score, 0.0)
        self.assertEqual(followup.satisfaction, "1")
        followup.action_open_complaint()
        self.assertEqual(followup.ticket_id.partner_id, self.customer)

    def test_dealer_chooses_another_questionnaire(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "Short CSI",
                "access_mode": "token",
                "scoring_type": "scoring_without_answers",
                "question_and_page_ids": [
                    (
                        0,
                        0,
                        {
                            "title": "Happy?",
                            "question_type": "simple_choice",
                            "constr_mandatory": True,
                            "suggested_answer_ids": [
                                (0, 0, {"value": "No", "answer_score": 0, "sequence": 1}),
                                (0, 0, {"value": "Yes", "answer_score": 10, "sequence": 2}),
                            ],
                        },
                    )
                ],
            }
        )
        settings = self.env["res.config.settings"].create({"kia_csi_survey_id": survey.id})
        settings.execute()
        self.assertEqual(self.company.kia_csi_survey_id, survey)
        followup = self._followup()
        self.assertEqual(followup.survey_id, survey)
        followup.action_record_answers(self._csi_answers(followup, -1))
        self.assertEqual(followup.csi_score, 100.0)
        self.assertEqual(followup.satisfaction, "5")

    def test_bad_answers_are_refused(self):
        followup = self._followup()
        survey = followup.survey_id.sudo()
        first, second = survey.question_ids[:2]
        answers = self._csi_answers(followup, -1)
        # An answer that is a choice of another question.
        wrong = dict(answers)
        wrong[first.id] = second.suggested_answer_ids[0].id
        with self.assertRaisesRegex(UserError, "not one of its choices"):
            followup.action_record_answers(wrong)
        # A question of another questionnaire.
        other = self.env["survey.survey"].create(
            {"title": "Other", "question_and_page_ids": [(0, 0, {"title": "Q"})]}
        )
        with self.assertRaisesRegex(UserError, "not to questions of the questionnaire"):
            followup.action_record_answers({**answers, other.question_ids.id: "x"})
        self.assertEqual(followup.state, "planned")
        self.assertFalse(followup.user_input_id, "nothing was recorded")
        # Roles without the follow-ups' write right cannot answer for the customer.
        with self.assertRaises(AccessError):
            followup.with_user(self.user_advisor).action_record_answers(answers)
        with self.assertRaises(AccessError):
            followup.with_user(self.user_advisor).write({"remarks": "x"})
        # The CSI is written by the flow only, on every path.
        with self.assertRaisesRegex(UserError, "change through its buttons"):
            followup.write({"csi_score": 100.0})
        with self.assertRaisesRegex(UserError, "change through its buttons"):
            self.env["kia.service.followup"].with_user(self.user_cr).create(
                {
                    "repair_id": followup.repair_id.id,
                    "scheduled_date": fields.Date.today(),
                    "csi_score": 100.0,
                }
            )
        self.assertEqual(followup.csi_score, 0.0)

    def test_answers_of_another_followup_are_refused(self):
        followup = self._followup()
        other = self._followup(vehicle=self.other_vehicle)
        followup.action_send_survey()
        other.action_send_survey()
        # A survey officer cannot tie answers to another follow-up.
        officer = new_test_user(
            self.env, "kia_survey_officer", groups="survey.group_survey_manager"
        )
        with self.assertRaisesRegex(UserError, "the change was refused"):
            followup.user_input_id.with_user(officer).write({"kia_followup_id": other.id})
        with self.assertRaisesRegex(UserError, "the change was refused"):
            self.env["survey.user_input"].with_user(officer).create(
                {"survey_id": followup.survey_id.id, "kia_followup_id": other.id}
            )
        # Answers of one follow-up pointed at another one (by the system) are refused
        # when done: the other follow-up keeps its own survey.
        user_input = followup.user_input_id.sudo()
        user_input.kia_followup_id = other
        with self.assertRaisesRegex(UserError, "belong to another follow-up"):
            self._answer_online(user_input, -1)
        self.assertEqual(other.state, "planned")
        self.assertEqual(other.csi_score, 0.0)

    def test_answered_once(self):
        followup = self._followup()
        followup.action_send_survey()
        self._answer_online(followup.user_input_id, -1)
        self.assertEqual(followup.csi_score, 100.0)
        with self.assertRaisesRegex(UserError, "already made"):
            followup.action_record_answers(self._csi_answers(followup, 0))
        with self.assertRaisesRegex(UserError, "already made"):
            followup.action_send_survey()
        self.assertEqual(followup.csi_score, 100.0)

    def test_unreachable_closes_the_link(self):
        followup = self._followup()
        followup.action_send_survey()
        followup.action_unreachable()
        user_input = followup.user_input_id.sudo()
        self.assertTrue(user_input.deadline, "the link no longer opens the survey")
        with self.assertRaisesRegex(UserError, "already made"):
            self._answer_online(user_input, -1)
        self.assertEqual(followup.state, "unreachable")
        self.assertEqual(followup.csi_score, 0.0)

    def test_answer_wizard_of_customer_relations(self):
        followup = self._followup()
        action = followup.action_answer_survey()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.user_cr)
            .with_context(**action["context"])
            .create({"remarks": "Fine"})
        )
        self.assertEqual(wizard.line_ids.question_id, followup.survey_id.sudo().question_ids)
        for line in wizard.line_ids:
            line.answer_id = line.question_id.suggested_answer_ids.sorted("sequence")[-1]
        wizard.action_confirm()
        self.assertEqual(followup.state, "done")
        self.assertEqual(followup.csi_score, 100.0)
        self.assertEqual(followup.remarks, "Fine")

    def test_information_coordinator_records_answers(self):
        followup = self._followup()
        coordinator = self.user_info
        with self.assertRaises(AccessError):
            self.env["kia.csi.answer.wizard"].with_user(self.user_advisor).create(
                {"followup_id": followup.id}
            )
        wizard = (
            self.env["kia.csi.answer.wizard"]
            .with_user(coordinator)
            .with_context(default_followup_id=followup.id)
            .create({})
        )
        for line in wizard.line_ids:
            line.answer_id = line.question_id.suggested_answer_ids.sorted("sequence")[0]
        wizard.action_confirm()
        self.assertEqual(followup.state, "done")
        self.assertEqual(followup.csi_score, 0.0)
        self.assertEqual(followup.satisfaction, "1")
