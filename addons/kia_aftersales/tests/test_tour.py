from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common import make_vin


@tagged("post_install", "-at_install")
class TestAftersalesTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        group = "kia_aftersales.group_"
        cls.advisor = new_test_user(
            env, "kia_tour_advisor", groups=group + "advisor", lang="en_US", name="Tour Advisor"
        )
        cls.foreman = new_test_user(
            env, "kia_tour_foreman", groups=group + "foreman", lang="en_US", name="Tour Foreman"
        )
        cls.technician = new_test_user(
            env, "kia_tour_tech", groups=group + "technician", lang="en_US", name="Tour Tech"
        )
        Employee = env["hr.employee"]
        cls.emp_foreman = Employee.create({"name": "Tour Foreman", "user_id": cls.foreman.id})
        cls.emp_tech = Employee.create({"name": "Tour Tech", "user_id": cls.technician.id})
        # The technician checked in at the workshop this morning (Attendances).
        cls.env["hr.attendance"].create(
            {"employee_id": cls.emp_tech.id, "check_in": fields.Datetime.now() - timedelta(hours=3)}
        )
        cls.customer = env["res.partner"].create(
            {"name": "Tour Customer", "mobile": "+86 13700000000"}
        )
        model = env.ref("kia_aftersales.model_kia_sportage")
        cls.vehicle1 = env["fleet.vehicle"].create(
            {
                "model_id": model.id,
                "license_plate": "沪A TOUR1",
                "vin_sn": make_vin(501),
                "kia_owner_id": cls.customer.id,
            }
        )
        cls.vehicle2 = env["fleet.vehicle"].create(
            {
                "model_id": model.id,
                "license_plate": "沪A TOUR2",
                "vin_sn": make_vin(502),
                "kia_owner_id": cls.customer.id,
            }
        )
        cls.operation = env["kia.labour.operation"].create(
            {"code": "TOUR-PADS", "name": "Tour brake pads", "flagged_hours": 1.0}
        )

    def test_advisor_from_appointment_to_approval(self):
        appointment = self.env["kia.appointment"].create(
            {
                "partner_id": self.customer.id,
                "vehicle_id": self.vehicle1.id,
                "start": fields.Datetime.now() + timedelta(hours=1),
                "labour_operation_ids": [Command.set(self.operation.ids)],
            }
        )
        appointment.action_confirm()
        self.start_tour("/odoo", "kia_advisor_reception_tour", login="kia_tour_advisor")
        order = appointment.repair_id
        self.assertEqual(order.kia_vehicle_id, self.vehicle1)
        self.assertEqual(order.kia_checkin_odometer, 12345)
        self.assertTrue(order.kia_checkin_date, "the Check In button was pressed")
        self.assertEqual(order.kia_checkin_odometer_id.value, 12345)
        self.assertEqual(self.vehicle1.odometer, 12345, "the reading is in the vehicle's history")
        self.assertEqual(order.state, "confirmed")
        self.assertEqual(order.kia_approval_ids.method, "phone")
        self.assertEqual(order.kia_approval_ids.recorded_by_id, self.advisor)

    def test_foreman_dispatch_technician_work_and_quality_check(self):
        order = self.env["repair.order"].create(
            {
                "kia_vehicle_id": self.vehicle2.id,
                "kia_checkin_odometer": 800,
                "kia_job_line_ids": [
                    Command.create(
                        {
                            "concern": "Tour brake squeal",
                            "labour_operation_id": self.operation.id,
                            "pay_type": "warranty",
                        }
                    )
                ],
            }
        )
        order.action_kia_check_in()
        order._kia_record_approval("Tour Customer", "in_person")
        job = order.kia_job_line_ids
        self.start_tour("/odoo", "kia_foreman_dispatch_tour", login="kia_tour_foreman")
        self.assertEqual(job.technician_ids, self.emp_tech)
        self.start_tour("/odoo", "kia_technician_job_tour", login="kia_tour_tech")
        self.assertEqual(job.state, "done")
        self.assertEqual(job.correction, "Replaced front pads, cleaned calipers")
        self.assertEqual(job.time_log_ids.employee_id, self.emp_tech)
        self.start_tour("/odoo", "kia_foreman_quality_tour", login="kia_tour_foreman")
        self.assertEqual(order.kia_quality_check_ids.inspector_id, self.emp_foreman)
        self.assertEqual(order.state, "done")
        self.assertEqual(order.kia_stage, "ready")
