from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import KiaAftersalesCase, make_vin


class KiaTechnicalCase(KiaAftersalesCase):
    """Technical support (CC-03): the information coordinator and a work order whose job
    is Chen's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stages = cls.env["helpdesk.ticket"]._kia_technical_stages()
        cls.team = cls.env.ref("kia_aftersales.helpdesk_team_technical_support")

    def _dispatched(self, technician=None, **kwargs):
        """An approved work order with its jobs dispatched to ``technician`` (Chen)."""
        order = self._approved(**kwargs)
        order.kia_job_line_ids.with_user(self.user_foreman).action_dispatch(
            technician or self.emp_tech
        )
        return order

    def _case(self, order=None, job=True, **values):
        """A draft technical case raised by the foreman from the first job of ``order``."""
        order = order or self._dispatched()
        foreman = self.env["helpdesk.ticket"].with_user(self.user_foreman)
        case = foreman._kia_raise_from_jobs(
            order.browse() if job else order,
            order.kia_job_line_ids[:1] if job else order.kia_job_line_ids.browse(),
        )
        if values:
            case.write(values)
        return case.with_env(self.env)

    def _raised(self, order=None, **values):
        case = self._case(order, **values)
        case.with_user(self.user_foreman).action_kia_raise()
        return case

    def _answer(self, case, user=None, **values):
        wizard = (
            self.env["kia.technical.answer.wizard"]
            .with_user(user or self.user_foreman)
            .create(
                dict(
                    {
                        "ticket_id": case.id,
                        "answer": "<p>Replace the ignition coil of cylinder 1 (TSB-0042).</p>",
                        "manufacturer_ref": "KCN-TS-1001",
                        "answered_by": "Engineer Park",
                    },
                    **values,
                )
            )
        )
        wizard.action_confirm()
        return case.kia_answer_ids.sorted("id")[-1:]


class TestTechnicalCase(KiaTechnicalCase):
    def test_raise_from_job_prefills_the_case(self):
        order = self._dispatched()
        job = order.kia_job_line_ids[0]
        job.with_user(self.user_tech).write({"cause": "Misfire on cylinder 1 under load."})
        action = job.with_user(self.user_foreman).action_kia_raise_technical_case()
        case = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(
            case.type_id, self.env.ref("kia_aftersales.helpdesk_ticket_type_technical")
        )
        self.assertEqual(case.kia_kind, "technical")
        self.assertEqual(case.team_id, self.team)
        self.assertEqual(case.stage_id, self.stages["draft"])
        self.assertEqual(case.kia_vehicle_id, self.vehicle)
        self.assertEqual(case.kia_vin, self.vehicle.vin_sn)
        self.assertEqual(case.kia_odometer, 4000)
        self.assertEqual(case.kia_symptoms, "Oil change\nMisfire on cylinder 1 under load.")
        self.assertEqual(case.kia_job_line_id, job)
        self.assertEqual(case.kia_repair_ids, order)
        self.assertFalse(case.kia_raised_date)
        self.assertEqual(job.kia_technical_case_count, 1)
        self.assertEqual(order.kia_technical_case_count, 1)
        self.assertEqual(job.kia_technical_case_ids, case)
        # The work order's own button: a case without a job.
        other = self.env["helpdesk.ticket"].browse(
            order.with_user(self.user_foreman).action_kia_raise_technical_case()["res_id"]
        )
        self.assertFalse(other.kia_job_line_id)
        self.assertEqual(other.kia_repair_ids, order)
        order.invalidate_recordset(["kia_technical_case_count"])
        self.assertEqual(order.kia_technical_case_count, 2)
        self.assertEqual(
            self.env["helpdesk.ticket"].search(order.action_kia_view_technical_cases()["domain"]),
            case | other,
        )

    def test_raise_needs_symptoms_and_vin(self):
        case = self._case(kia_symptoms=False)
        with self.assertRaisesRegex(
            UserError, "cannot be raised to the manufacturer without the symptoms"
        ):
            case.with_user(self.user_foreman).action_kia_raise()
        # The statusbar takes the same check.
        with self.assertRaisesRegex(UserError, "without the symptoms"):
            case.with_user(self.user_foreman).write({"stage_id": self.stages["raised"].id})
        self.assertEqual(case.stage_id, self.stages["draft"])
        self.assertFalse(case.kia_raised_date)
        # A vehicle without VIN: no case is created.
        vehicle = self.env["fleet.vehicle"].create(
            {"model_id": self.model_k5.id, "license_plate": "沪A T0099"}
        )
        order = self._order(vehicle=vehicle, parts=False)
        count = self.env["helpdesk.ticket"].search_count([("kia_kind", "=", "technical")])
        with self.assertRaisesRegex(UserError, "has no vehicle with a VIN"):
            order.with_user(self.user_foreman).action_kia_raise_technical_case()
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("kia_kind", "=", "technical")]), count
        )
        with self.assertRaisesRegex(UserError, "without the vehicle and its VIN"):
            self._case().with_user(self.user_foreman).write(
                {"kia_vehicle_id": vehicle.id, "stage_id": self.stages["raised"].id}
            )

    def test_trouble_codes_are_validated(self):
        case = self._case()
        case.with_user(self.user_foreman).write({"kia_dtc_codes": "p0301; u0100，P0171-1C"})
        self.assertEqual(case.kia_dtc_codes, "P0301, U0100, P0171-1C")
        with self.assertRaisesRegex(ValidationError, r"X0301, P04: not a diagnostic trouble code"):
            case.with_user(self.user_foreman).write({"kia_dtc_codes": "P0301 X0301 P04"})
        self.assertEqual(case.kia_dtc_codes, "P0301, U0100, P0171-1C")

    def test_raise_and_record_answers(self):
        case = self._case(kia_dtc_codes="P0301", kia_tried="Swapped coils 1 and 2.")
        case.with_user(self.user_foreman).action_kia_raise()
        self.assertEqual(case.stage_id, self.stages["raised"])
        self.assertEqual(case.kia_raised_by_id, self.user_foreman)
        self.assertTrue(case.kia_raised_date)
        answer = self._answer(case)
        self.assertEqual(case.stage_id, self.stages["answered"])
        self.assertEqual(answer.manufacturer_ref, "KCN-TS-1001")
        self.assertEqual(answer.answered_by, "Engineer Park")
        self.assertEqual(answer.recorded_by_id, self.user_foreman)
        self.assertEqual(case.kia_manufacturer_ref, "KCN-TS-1001")
        self.assertEqual(case.kia_answer_count, 1)
        self.assertIn("answer recorded (KCN-TS-1001)", case.message_ids[0].body)
        # What was sent to the manufacturer stays as sent.
        with self.assertRaisesRegex(UserError, "was raised to the manufacturer: Symptoms, Trouble"):
            case.with_user(self.user_manager).write(
                {"kia_symptoms": "Rewritten", "kia_dtc_codes": "P0300"}
            )
        self.assertEqual(case.kia_dtc_codes, "P0301")
        # A further answer is a new line; the first one stays as it was.
        second = self._answer(
            case, user=self.user_info, answer="<p>Also update the ECU.</p>", manufacturer_ref=""
        )
        self.assertEqual(case.kia_answer_count, 2)
        self.assertEqual(case.kia_answer_ids, answer | second)
        self.assertEqual(case.kia_manufacturer_ref, "KCN-TS-1001")
        self.assertIn("ignition coil", answer.answer)
        # Closing is the team's last stage.
        case.with_user(self.user_foreman).write({"stage_id": self.stages["closed"].id})
        self.assertTrue(case.closed)

    def test_answers_are_append_only(self):
        case = self._raised()
        answer = self._answer(case)
        for user in (self.user_foreman, self.user_manager, self.user_info):
            with self.assertRaisesRegex(
                UserError, "a record of what happened: it cannot be changed"
            ):
                answer.with_user(user).write({"answer": "<p>Something else</p>"})
            with self.assertRaises(AccessError):
                answer.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.env["kia.technical.answer"].with_user(user).create(
                    {"ticket_id": case.id, "answer": "<p>Forged</p>"}
                )
        self.assertIn("ignition coil", answer.answer)
        self.assertEqual(case.kia_answer_ids, answer)
        # The stamps of the case are the workflow's.
        with self.assertRaisesRegex(UserError, "change through the workflow"):
            case.with_user(self.user_foreman).write({"kia_raised_date": fields.Datetime.now()})
        # The answered case cannot be deleted, even by the helpdesk manager.
        with self.assertRaisesRegex(UserError, "it is kept, close it"):
            case.with_user(self.env.ref("base.user_admin")).unlink()
        self.assertTrue(case.exists())

    def test_answer_refusals(self):
        case = self._case()
        with self.assertRaisesRegex(UserError, "before recording its answer"):
            self._answer(case)
        case.with_user(self.user_foreman).action_kia_raise()
        with self.assertRaisesRegex(UserError, "between the raising of the case"):
            self._answer(case, answer_date=fields.Datetime.now() + timedelta(days=1))
        with self.assertRaisesRegex(UserError, "Write the manufacturer's answer"):
            self._answer(case, answer="<p> </p>")
        # The statusbar cannot skip the answer, nor go back to draft.
        with self.assertRaisesRegex(UserError, "moves to Answered with it"):
            case.with_user(self.user_foreman).write({"stage_id": self.stages["answered"].id})
        with self.assertRaisesRegex(UserError, "cannot go back to draft"):
            case.with_user(self.user_foreman).write({"stage_id": self.stages["draft"].id})
        self.assertEqual(case.stage_id, self.stages["raised"])
        self.assertFalse(case.kia_answer_ids)
        # A technician cannot record an answer.
        with self.assertRaises(AccessError):
            self._answer(case, user=self.user_tech)
        self.assertFalse(case.kia_answer_ids)


class TestTechnicalCaseAccess(KiaTechnicalCase):
    def test_technician_reads_his_jobs_cases_only(self):
        mine = self._raised()
        self._answer(mine)
        theirs = self._raised(self._dispatched(technician=self.emp_tech2))
        complaint = self.env["helpdesk.ticket"].create(
            {
                "name": "Noisy brakes after service",
                "description": "<p>Customer complains.</p>",
                "type_id": self.env.ref("kia_aftersales.helpdesk_ticket_type_complaint").id,
                "team_id": self.env.ref("kia_aftersales.helpdesk_team_customer_relations").id,
                "kia_vehicle_id": self.vehicle.id,
                "kia_repair_ids": [(6, 0, mine.kia_repair_ids.ids)],
            }
        )
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_tech)
        self.assertEqual(Ticket.search([("id", "in", (mine | theirs | complaint).ids)]), mine)
        # His case opens in the form, with its answers, and takes his messages.
        form = Form(mine.with_user(self.user_tech))
        self.assertEqual(form.kia_vin, self.vehicle.vin_sn)
        self.assertEqual(len(form.kia_answer_ids), 1)
        mine.with_user(self.user_tech).message_post(body="Coil replaced, misfire gone.")
        self.assertEqual(mine.message_ids[0].body, "<p>Coil replaced, misfire gone.</p>")
        with self.assertRaises(AccessError):
            mine.with_user(self.user_tech).write({"name": "Edited"})
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_tech).read(["name"])
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_tech).read(["name"])
        self.assertFalse(
            self.env["kia.technical.answer"]
            .with_user(self.user_tech2)
            .search([("ticket_id", "=", mine.id)])
        )

    def test_workshop_sees_all_technical_cases_of_its_company(self):
        mine = self._raised()
        theirs = self._raised(self._dispatched(technician=self.emp_tech2))
        other = self.env["res.company"].create({"name": "Kia Hangzhou"})
        team_b = self.team.copy({"company_id": other.id, "name": "Technical Support B"})
        for stage in self.stages.values():
            stage.team_ids = [(4, team_b.id)]
        vehicle_b = self.env["fleet.vehicle"].create(
            {"model_id": self.model_k5.id, "vin_sn": make_vin(40), "company_id": other.id}
        )
        case_b = self.env["helpdesk.ticket"].create(
            {
                "name": "Case of the other dealer",
                "description": "<p>Stalls.</p>",
                "type_id": self.env.ref("kia_aftersales.helpdesk_ticket_type_technical").id,
                "team_id": self.env["helpdesk.ticket"]._kia_technical_team(other).id,
                "kia_vehicle_id": vehicle_b.id,
                "kia_symptoms": "Stalls at idle.",
            }
        )
        self.assertEqual(case_b.team_id, team_b)
        self.assertEqual(case_b.company_id, other)
        technical = [("id", "in", (mine | theirs | case_b).ids)]
        for user in (self.user_foreman, self.user_info, self.user_manager):
            self.assertEqual(
                self.env["helpdesk.ticket"].with_user(user).search(technical), mine | theirs
            )
        with self.assertRaises(AccessError):
            case_b.with_user(self.user_foreman).read(["name"])
        # The information coordinator records answers too.
        self._answer(theirs, user=self.user_info)
        self.assertEqual(theirs.stage_id, self.stages["answered"])
