from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestComplaintTour(HttpCase):
    def test_complaint_through_its_five_steps(self):
        env = self.env
        user = new_test_user(
            env,
            "kia_tour_cr",
            groups="kia_aftersales.group_customer_relations",
            lang="en_US",
            tz="Asia/Shanghai",
            name="Tour CR",
        )
        customer = env["res.partner"].create({"name": "Tour Customer", "email": "t@example.com"})
        complaint = (
            env["helpdesk.ticket"]
            .with_user(user)
            .create(
                {
                    "name": "Tour complaint",
                    "description": "<p>Brakes squeal again.</p>",
                    "partner_id": customer.id,
                    "team_id": env.ref("kia_aftersales.helpdesk_team_customer_relations").id,
                    "type_id": env.ref("kia_aftersales.helpdesk_ticket_type_complaint").id,
                }
            )
        )
        self.start_tour("/odoo", "kia_complaint_tour", login="kia_tour_cr")
        self.assertEqual(
            complaint.stage_id, env.ref("kia_aftersales.helpdesk_stage_complaint_closed")
        )
        self.assertEqual(complaint.kia_resolution, "Brake pads replaced under goodwill.")
        self.assertEqual(complaint.rating_last_value, 5)
        self.assertIn("Quiet now, thanks.", complaint.rating_ids.feedback)
        self.assertEqual(complaint.kia_reopen_count, 0)
