from odoo.tests import HttpCase, new_test_user, tagged

from .common import make_vin


@tagged("post_install", "-at_install")
class TestRescueTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.user_cr = new_test_user(
            env,
            "kia_tour_cr",
            groups="kia_aftersales.group_customer_relations",
            lang="en_US",
            name="Tour Customer Relations",
        )
        technician = new_test_user(
            env,
            "kia_tour_responder",
            groups="kia_aftersales.group_technician",
            name="Tour Responder",
        )
        new_test_user(
            env,
            "kia_tour_rescue_advisor",
            groups="kia_aftersales.group_advisor",
            lang="en_US",
            name="Tour Rescue Advisor",
        )
        cls.responder = env["hr.employee"].create(
            {"name": "Tour Responder", "user_id": technician.id}
        )
        cls.customer = env["res.partner"].create(
            {"name": "Tour Rescue Customer", "mobile": "+86 13700000009"}
        )
        model = env.ref("kia_aftersales.model_kia_k5")
        cls.vehicle = env["fleet.vehicle"].create(
            {
                "model_id": model.id,
                "license_plate": "沪A TOURR",
                "vin_sn": make_vin(931),
                "kia_owner_id": cls.customer.id,
            }
        )
        cls.van = env["fleet.vehicle"].create(
            {"model_id": model.id, "license_plate": "沪A TOURV", "kia_is_service_vehicle": True}
        )

    def test_hotline_call_to_rescue_to_work_order(self):
        self.start_tour(
            "/odoo/action-kia_aftersales.action_kia_hotline_call",
            "kia_hotline_rescue_tour",
            login="kia_tour_cr",
        )
        call = self.env["kia.hotline.call"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(
            (call.answered_by_id, call.reason, call.outcome), (self.user_cr, "breakdown", "rescue")
        )
        rescue = call.rescue_id
        self.assertEqual((rescue.state, rescue.outcome), ("done", "towed"))
        self.assertEqual(
            (rescue.responder_ids, rescue.service_vehicle_id), (self.responder, self.van)
        )
        self.assertEqual(rescue.repair_id.kia_vehicle_id, self.vehicle)
        self.assertEqual(rescue.repair_id.state, "draft")
        self.assertTrue(rescue.calendar_event_id)
        # The advisor who receives the towed vehicle opens its work order.
        self.start_tour(
            f"/odoo/action-kia_aftersales.action_kia_work_order/{rescue.repair_id.id}",
            "kia_rescue_work_order_tour",
            login="kia_tour_rescue_advisor",
        )
