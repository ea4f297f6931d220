import json

from odoo.tests import HttpCase, new_test_user, tagged

from .common import make_vin


@tagged("post_install", "-at_install")
class TestRescuePortal(HttpCase):
    """Two portal customers with a rescue each: each sees and comments his own only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        model = cls.env.ref("kia_aftersales.model_kia_sportage")
        cls.rescues = cls.env["kia.rescue"]
        for login, plate, serial, failure in (
            ("kia_rescue_a", "沪A PRA01", 811, "Flat tyre on the G15, alpha"),
            ("kia_rescue_b", "沪A PRB01", 812, "Battery dead in Minhang, bravo"),
        ):
            user = new_test_user(
                cls.env, login, groups="base.group_portal", name=login, lang="en_US"
            )
            vehicle = cls.env["fleet.vehicle"].create(
                {
                    "model_id": model.id,
                    "license_plate": plate,
                    "vin_sn": make_vin(serial),
                    "kia_owner_id": user.partner_id.id,
                }
            )
            cls.rescues |= cls.env["kia.rescue"].create(
                {
                    "partner_id": user.partner_id.id,
                    "vehicle_id": vehicle.id,
                    "failure_description": failure,
                    "address": f"Address of {login}",
                }
            )
        cls.rescue_a, cls.rescue_b = cls.rescues

    def _post(self, rescue, body, **kwargs):
        """Post on the rescue's chatter as the portal does; the JSON-RPC response."""
        payload = {
            "id": 0,
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "thread_model": "kia.rescue",
                "thread_id": rescue.id,
                "post_data": {"body": body, "message_type": "comment"},
                **kwargs,
            },
        }
        response = self.url_open(
            "/mail/message/post",
            json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_customer_sees_and_comments_only_his_rescue(self):
        self.authenticate("kia_rescue_a", "kia_rescue_a")
        page = self.url_open("/my/rescues").text
        self.assertIn(self.rescue_a.name, page)
        self.assertNotIn(self.rescue_b.name, page)
        page = self.url_open(f"/my/rescues/{self.rescue_a.id}").text
        self.assertIn("Flat tyre on the G15, alpha", page)
        self.assertIn("Address of kia_rescue_a", page)
        self.assertIn(f'data-token="{self.rescue_a.access_token}"', page)
        self.assertIn('href="/my/rescues"', self.url_open("/my").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["kia_rescue_count"]})
        self.assertEqual(counters["kia_rescue_count"], 1)
        # Another customer's rescue does not exist for him.
        response = self.url_open(f"/my/rescues/{self.rescue_b.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("bravo", response.text)
        self.assertNotIn("Traceback", response.text)
        # His comment reaches his rescue's chatter, with its token.
        answer = self._post(
            self.rescue_a, "Thank you, the team was fast.", token=self.rescue_a.access_token
        )
        self.assertNotIn("error", answer)
        self.assertIn("Thank you, the team was fast.", self.rescue_a.message_ids[0].body)
        self.assertEqual(self.rescue_a.message_ids[0].author_id.name, "kia_rescue_a")
        # Not another's: without its token, or with his own token.
        before = len(self.rescue_b.message_ids)
        for kwargs in ({}, {"token": self.rescue_a.access_token}):
            answer = self._post(self.rescue_b, "Intruding", **kwargs)
            self.assertEqual(answer["error"]["data"]["name"], "werkzeug.exceptions.NotFound")
        self.rescue_b.invalidate_recordset()
        self.assertEqual(len(self.rescue_b.message_ids), before)
