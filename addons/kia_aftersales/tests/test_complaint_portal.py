from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("post_install", "-at_install")
class TestComplaintPortal(HttpCase):
    """The customer follows, comments and rates his complaints on /my/tickets
    (helpdesk_mgmt's portal), never another customer's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_a = new_test_user(
            cls.env, "kia_cp_a", groups="base.group_portal", name="Customer A", lang="en_US"
        )
        cls.user_b = new_test_user(
            cls.env, "kia_cp_b", groups="base.group_portal", name="Customer B", lang="en_US"
        )
        ref = cls.env.ref
        feedback = ref("kia_aftersales.helpdesk_stage_complaint_feedback")
        cls.complaints = {}
        for user, title in ((cls.user_a, "Noisy brakes"), (cls.user_b, "Secret complaint")):
            complaint = cls.env["helpdesk.ticket"].create(
                {
                    "name": title,
                    "description": f"<p>{title} details</p>",
                    "partner_id": user.partner_id.id,
                    "team_id": ref("kia_aftersales.helpdesk_team_customer_relations").id,
                    "type_id": ref("kia_aftersales.helpdesk_ticket_type_complaint").id,
                    "kia_resolution": f"Resolution of {title}",
                }
            )
            complaint.stage_id = feedback
            cls.complaints[user] = complaint
        cls.mine = cls.complaints[cls.user_a]
        cls.theirs = cls.complaints[cls.user_b]

    def _post(self, ticket, body):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": ticket.id,
                "post_data": {"body": body, "message_type": "comment"},
            },
        )

    def test_customer_sees_and_comments_own_complaints_only(self):
        self.authenticate("kia_cp_a", "kia_cp_a")
        page = self.url_open("/my/tickets").text
        self.assertIn("Noisy brakes", page)
        self.assertNotIn("Secret complaint", page)
        page = self.url_open(f"/my/ticket/{self.mine.id}").text
        self.assertIn("Noisy brakes details", page)
        self.assertIn("Resolution of Noisy brakes", page)
        response = self.url_open(f"/my/ticket/{self.theirs.id}")
        self.assertNotIn("Secret complaint", response.text)
        self.assertTrue(response.url.endswith("/my"))
        # Comments: on his own complaint, not on B's.
        self._post(self.mine, "Thank you, it is quiet now.")
        self.assertTrue(
            self.mine.message_ids.filtered(
                lambda m: m.author_id == self.user_a.partner_id and "quiet now" in m.body
            )
        )
        before = len(self.theirs.message_ids)
        with self.assertRaises(JsonRpcException), self.assertLogs("odoo.http", "WARNING"):
            self._post(self.theirs, "Let me in")
        self.theirs.invalidate_recordset(["message_ids"])
        self.assertEqual(len(self.theirs.message_ids), before)

    def test_customer_rates_the_resolution_of_his_complaint(self):
        self.authenticate("kia_cp_a", "kia_cp_a")
        page = self.url_open(f"/my/ticket/{self.mine.id}").text
        token_a = self.mine.sudo().rating_ids.filtered(lambda r: not r.consumed).access_token
        token_b = self.theirs.sudo()._rating_get_access_token()
        self.assertIn(f"/rate/{token_a}/5", page)
        self.assertNotIn(token_b, page)
        # B's rating link refuses A.
        page = self.url_open(f"/rate/{token_b}/1").text
        self.assertNotIn("submit_feedback", page)
        # A rates his own resolution.
        response = self.url_open(
            f"/rate/{token_a}/submit_feedback",
            data={"rate": 5, "feedback": "Quiet", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.mine.sudo().rating_last_value, 5)
        self.assertEqual(self.mine.sudo().kia_satisfaction, "top")
        self.assertFalse(self.theirs.sudo().rating_last_value)
        self.assertFalse(self.theirs.sudo().rating_ids.filtered("consumed"))
        # Closing is now allowed with the customer's own rating.
        self.mine.stage_id = self.env.ref("kia_aftersales.helpdesk_stage_complaint_closed")
        self.assertTrue(self.mine.closed)
