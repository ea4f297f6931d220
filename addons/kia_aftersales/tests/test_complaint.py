from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import KiaAftersalesCase

# A Monday morning (UTC) for the clock of the tests.
MONDAY = datetime(2026, 3, 2, 9, 0, 0)


@tagged("post_install", "-at_install")
class TestComplaint(KiaAftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.team = ref("kia_aftersales.helpdesk_team_customer_relations")
        cls.type_complaint = ref("kia_aftersales.helpdesk_ticket_type_complaint")
        cls.stages = {
            step: ref(f"kia_aftersales.helpdesk_stage_complaint_{step}")
            for step in (
                "received",
                "analysis",
                "solution",
                "tracking",
                "feedback",
                "closed",
                "cancelled",
            )
        }
        # The team's leader is no service manager: escalations go to all managers.
        cls.team.user_id = cls.user_cr

    @contextmanager
    def _at(self, when):
        """The clock at ``when`` for Python and for the records' create/write dates
        (Odoo's own way, mail's mock_datetime_and_now)."""
        with freeze_time(when), patch.object(self.env.cr, "now", lambda: when):
            yield

    def _complaint(self, user=None, **vals):
        values = {
            "name": "Brakes still squeal after the repair",
            "description": "<p>The customer heard the noise again.</p>",
            "partner_id": self.customer.id,
            "team_id": self.team.id,
            "type_id": self.type_complaint.id,
            "kia_vehicle_id": self.vehicle.id,
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].with_user(user or self.user_cr).create(values)

    def _move(self, ticket, step, **vals):
        ticket.write(dict(vals, stage_id=self.stages[step].id))

    def _rate(self, ticket, rate=5, feedback="Happy now"):
        wizard = (
            self.env["kia.complaint.rating.wizard"]
            .with_user(ticket.env.user)
            .create({"ticket_id": ticket.id, "rating": str(rate), "feedback": feedback})
        )
        wizard.action_confirm()

    def _deadlines(self, ticket):
        return {sla.expected_stage_id: sla.deadline for sla in ticket.sudo().ticket_sla_ids}

    # ------------------------------------------------------------------ steps

    def test_stages_of_the_customer_relations_team(self):
        names = ["Received", "Analysis", "Solution", "Tracking", "Feedback", "Closed", "Cancelled"]
        self.assertEqual(self.team._get_applicable_stages().mapped("name"), names)
        technical = self.env.ref("kia_aftersales.helpdesk_team_technical_support")
        self.assertFalse(technical._get_applicable_stages() & self.stages["received"])
        complaint = self._complaint()
        self.assertEqual(complaint.stage_id, self.stages["received"])
        self.assertEqual(complaint.kia_stage_ids.mapped("name"), names)
        # The kanban of complaints (the action's default team) shows these columns only.
        Ticket = self.env["helpdesk.ticket"].with_context(default_team_id=self.team.id)
        columns = Ticket._read_group_stage_ids(self.env["helpdesk.ticket.stage"], [])
        self.assertEqual(columns.mapped("name"), names)

    def test_follow_up_opens_a_complaint(self):
        order = self._order()
        followup = self.env["kia.service.followup"]._kia_schedule(order)
        followup.with_user(self.user_cr).action_open_complaint()
        complaint = followup.ticket_id
        self.assertEqual(complaint.type_id, self.type_complaint)
        self.assertEqual(complaint.kia_kind, "complaint")
        self.assertEqual(complaint.team_id, self.team)
        self.assertEqual(complaint.stage_id, self.stages["received"])
        self.assertEqual(complaint.kia_vehicle_id, self.vehicle)
        self.assertEqual(complaint.kia_repair_ids, order)
        self.assertEqual(complaint.kia_advisor_id, self.user_advisor)
        self.assertEqual(complaint.kia_followup_ids, followup)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.kia_step_stage_id, self.stages["analysis"])

    def test_step_deadlines_around_the_clock(self):
        """The customer-relations team works 24 × 7: each step's deadline is the hours of
        its SLA after the complaint's creation."""
        with self._at(MONDAY):
            complaint = self._complaint()
        expected = {
            self.stages["analysis"]: datetime(2026, 3, 2, 11, 0),
            self.stages["solution"]: datetime(2026, 3, 3, 9, 0),
            self.stages["tracking"]: datetime(2026, 3, 5, 9, 0),
            self.stages["feedback"]: datetime(2026, 3, 7, 9, 0),
            self.stages["closed"]: datetime(2026, 3, 9, 9, 0),
        }
        self.assertEqual(self._deadlines(complaint), expected)
        self.assertEqual(complaint.kia_step_deadline, datetime(2026, 3, 2, 11, 0))
        with self._at(datetime(2026, 3, 2, 10, 30)):
            self.assertFalse(complaint.kia_step_overdue)
            self._move(complaint, "analysis")
        self.assertEqual(complaint.kia_step_stage_id, self.stages["solution"])
        self.assertEqual(complaint.kia_step_deadline, datetime(2026, 3, 3, 9, 0))
        # Late: the step's deadline counts, not the OCA SLA's stored state.
        with self._at(datetime(2026, 3, 3, 9, 30)):
            complaint.invalidate_recordset(["kia_step_overdue"])
            self.assertTrue(complaint.kia_step_overdue)
            Ticket = self.env["helpdesk.ticket"]
            self.assertIn(complaint, Ticket.search([("kia_step_overdue", "=", True)]))
            self._move(complaint, "solution")
        self.assertEqual(complaint.kia_step_deadline, datetime(2026, 3, 5, 9, 0))
        self.assertEqual(self._deadlines(complaint), expected, "the deadlines do not move")

    def test_step_deadlines_on_working_hours(self):
        """On a team calendar of 8:00-17:00 Monday to Friday (Shanghai), the hours count
        in working time only."""
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Office 8-17",
                "tz": "Asia/Shanghai",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 8.0,
                            "hour_to": 17.0,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        self.team.resource_calendar_id = calendar
        # Friday 6 March, 15:00 in Shanghai (07:00 UTC): two working hours left that day.
        with self._at(datetime(2026, 3, 6, 7, 0)):
            complaint = self._complaint()
        self.assertEqual(
            self._deadlines(complaint),
            {
                # Friday 17:00 Shanghai.
                self.stages["analysis"]: datetime(2026, 3, 6, 9, 0),
                # 2 h Friday + 9 h Monday + 9 h Tuesday + 4 h: Wednesday 12:00.
                self.stages["solution"]: datetime(2026, 3, 11, 4, 0),
                # 2 h + 7 days of 9 h + 7 h: Wednesday 18 March 15:00.
                self.stages["tracking"]: datetime(2026, 3, 18, 7, 0),
                # 2 h + 13 days of 9 h + 1 h: Thursday 26 March 9:00.
                self.stages["feedback"]: datetime(2026, 3, 26, 1, 0),
                # 2 h + 18 days of 9 h + 4 h: Thursday 2 April 12:00.
                self.stages["closed"]: datetime(2026, 4, 2, 4, 0),
            },
        )
        self.assertEqual(complaint.kia_step_deadline, datetime(2026, 3, 6, 9, 0))

    # ------------------------------------------------------------------ escalation

    def test_missed_deadline_escalates_once_per_step(self):
        with self._at(MONDAY):
            complaint = self._complaint()
        Ticket = self.env["helpdesk.ticket"]
        with self._at(datetime(2026, 3, 2, 10, 59)):
            self.assertFalse(Ticket._cron_kia_escalate_complaints())
        self.assertFalse(complaint.kia_escalated)
        with self._at(datetime(2026, 3, 2, 11, 30)):
            self.assertEqual(Ticket._cron_kia_escalate_complaints(), complaint)
            # Once per step: the next runs leave it.
            self.assertFalse(Ticket._cron_kia_escalate_complaints())
        self.assertTrue(complaint.kia_escalated)
        self.assertEqual(complaint.kia_escalation_count, 1)
        self.assertEqual(complaint.kia_escalated_stage_ids, self.stages["analysis"])
        self.assertEqual(complaint.kia_last_escalation_date, datetime(2026, 3, 2, 11, 30))
        # Every service manager of the company (the team leader is none).
        managers = complaint._kia_escalation_users()
        self.assertIn(self.user_manager, managers)
        activities = complaint.activity_ids
        self.assertEqual(activities.user_id, managers)
        self.assertEqual(len(activities), len(managers))
        self.assertEqual(
            activities.activity_type_id,
            self.env.ref("kia_aftersales.mail_activity_type_complaint_escalation"),
        )
        self.assertEqual(
            set(activities.mapped("summary")),
            {f"Complaint {complaint.number}: step Received overdue"},
        )
        message = complaint.message_ids.filtered(
            lambda m: self.user_manager.partner_id in m.partner_ids
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.partner_ids, managers.partner_id)
        # In the dealer's time (Shanghai): due at 11:00 UTC.
        self.assertIn("was due on 3/2/26, 7:00 PM", message.body)
        self.assertNotIn(self.customer, message.notified_partner_ids, "an internal note")
        self.assertIn(complaint, Ticket.search([("kia_escalated", "=", True)]))
        # The next step escalates on its own deadline, once.
        with self._at(datetime(2026, 3, 2, 12, 0)):
            self._move(complaint, "analysis")
        with self._at(datetime(2026, 3, 3, 9, 30)):
            self.assertEqual(Ticket._cron_kia_escalate_complaints(), complaint)
            self.assertFalse(Ticket._cron_kia_escalate_complaints())
        self.assertEqual(complaint.kia_escalation_count, 2)
        self.assertEqual(
            complaint.kia_escalated_stage_ids, self.stages["analysis"] | self.stages["solution"]
        )
        self.assertEqual(len(complaint.activity_ids), 2 * len(managers))
        # A closed complaint is not escalated.
        complaint.kia_resolution = "Pads replaced under goodwill."
        self._rate(complaint)
        self._move(complaint, "closed")
        with self._at(datetime(2026, 3, 20, 9, 0)):
            self.assertFalse(Ticket._cron_kia_escalate_complaints())

    def test_escalation_goes_to_the_company_service_managers(self):
        other_company = self.env["res.company"].create({"name": "Kia Minhang"})
        manager_2 = new_test_user(
            self.env,
            "kia_a_manager2",
            groups="kia_aftersales.group_service_manager",
            name="Manager Sun",
        )
        other_manager = new_test_user(
            self.env,
            "kia_a_manager_other",
            groups="kia_aftersales.group_service_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        complaint = self._complaint()
        users = complaint._kia_escalation_users()
        self.assertIn(self.user_manager, users)
        self.assertIn(manager_2, users)
        self.assertNotIn(other_manager, users)
        self.assertNotIn(self.user_cr, users, "the team leader is no service manager")
        # The team leader when he is a service manager.
        self.team.user_id = manager_2
        self.assertEqual(complaint._kia_escalation_users(), manager_2)

    # ------------------------------------------------------------------ closing

    def test_closing_needs_resolution_and_rating(self):
        complaint = self._complaint()
        for step in ("analysis", "solution", "tracking", "feedback"):
            self._move(complaint, step)
        with self.assertRaisesRegex(UserError, "Write the resolution of the complaint"):
            self._move(complaint, "closed")
        self.assertEqual(complaint.stage_id, self.stages["feedback"])
        self.assertFalse(complaint.closed_date)
        # The resolution alone is not enough, even written in the same call.
        with self.assertRaisesRegex(UserError, "has no rating of the customer's satisfaction"):
            self._move(complaint, "closed", kia_resolution="Pads replaced.")
        self.assertEqual(complaint.stage_id, self.stages["feedback"])
        self.assertFalse(complaint.kia_resolution, "nothing was written")
        complaint.kia_resolution = "Pads replaced under goodwill."
        # Another path: a kanban drag or an RPC writes the stage of several tickets.
        other = self._complaint()
        with self.assertRaisesRegex(UserError, "has no rating"):
            (complaint | other).write({"stage_id": self.stages["closed"].id})
        self.assertEqual(complaint.stage_id, self.stages["feedback"])
        self.assertEqual(other.stage_id, self.stages["received"])
        # Nor created closed.
        with self.assertRaisesRegex(UserError, "closed through its steps"):
            self._complaint(stage_id=self.stages["closed"].id)
        self._rate(complaint, 5, "Quiet now")
        self.assertEqual(complaint.rating_last_value, 5)
        self.assertEqual(complaint.kia_satisfaction, "top")
        rating = complaint.rating_ids
        self.assertEqual(rating.partner_id, self.customer)
        self.assertIn("Recorded by CR Hu on the customer's word.", rating.feedback)
        self._move(complaint, "closed")
        self.assertTrue(complaint.closed)
        self.assertGreaterEqual(complaint.kia_closure_hours, 0.0)
        with self.assertRaisesRegex(UserError, "is closed: reopen it"):
            self._rate(complaint, 1)
        with self.assertRaisesRegex(UserError, "keeps its resolution"):
            complaint.kia_resolution = False
        self.assertEqual(complaint.kia_resolution, "Pads replaced under goodwill.")
        # Nor created cancelled.
        with self.assertRaisesRegex(UserError, "closed through its steps"):
            self._complaint(stage_id=self.stages["cancelled"].id, kia_cancel_reason="Test")

    def test_customer_rating_link_counts_and_closure_time(self):
        with self._at(MONDAY):
            complaint = self._complaint()
        with self._at(datetime(2026, 3, 4, 9, 0)):
            self._move(complaint, "feedback", kia_resolution="Software updated.")
        # The customer's own rating: the link of the rating request mail (the rating
        # controller applies the token's rating as the system).
        token = complaint.sudo()._rating_get_access_token()
        complaint.sudo().rating_apply(1, token=token, feedback="Still noisy")
        self.assertEqual(complaint.kia_satisfaction, "ko")
        with self._at(datetime(2026, 3, 5, 15, 30)):
            self._move(complaint, "closed")
        self.assertEqual(complaint.kia_closure_hours, 78.5)
        self.assertFalse(complaint.kia_step_deadline)

    def test_cancelling_needs_a_reason(self):
        complaint = self._complaint()
        with self.assertRaisesRegex(UserError, "Write why the complaint .* is cancelled"):
            self._move(complaint, "cancelled")
        self.assertEqual(complaint.stage_id, self.stages["received"])
        self._move(complaint, "cancelled", kia_cancel_reason="Withdrawn by the customer.")
        self.assertTrue(complaint.closed)
        self.assertEqual(complaint.kia_closure_hours, 0.0, "a cancelled complaint is not closed")

    def test_reopening_is_counted_and_needs_a_new_rating(self):
        with self._at(MONDAY):
            complaint = self._complaint(kia_resolution="Pads replaced.")
            self._move(complaint, "feedback")
            self._rate(complaint)
            self._move(complaint, "closed")
        with self._at(datetime(2026, 3, 6, 9, 0)):
            self._move(complaint, "solution")
        self.assertEqual(complaint.kia_reopen_count, 1)
        self.assertEqual(complaint.kia_last_reopen_date, datetime(2026, 3, 6, 9, 0))
        self.assertEqual(complaint.kia_closure_hours, 0.0)
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: "Complaint reopened by CR Hu" in m.body)
        )
        with self._at(datetime(2026, 3, 6, 10, 0)):
            with self.assertRaisesRegex(UserError, "has no rating"):
                self._move(complaint, "closed")
            self._rate(complaint, 3, "Better")
            self._move(complaint, "closed")
        self.assertEqual(complaint.kia_closure_hours, 97.0)
        self.assertEqual(complaint.kia_satisfaction, "ok")
        # Moving between the closed stages is no reopening.
        self.assertEqual(complaint.kia_reopen_count, 1)

    def test_workflow_fields_refuse_client_writes(self):
        complaint = self._complaint().with_user(self.user_manager)
        for vals in (
            {"kia_reopen_count": 0},
            {"kia_escalation_count": 5},
            {"kia_closure_hours": 1.0},
            {"kia_escalated_stage_ids": [Command.link(self.stages["analysis"].id)]},
            {"kia_last_escalation_date": MONDAY},
        ):
            with self.assertRaisesRegex(UserError, "change through the workflow"):
                complaint.write(vals)
        self.assertEqual(complaint.kia_reopen_count, 0)
        self.assertEqual(complaint.kia_escalation_count, 0)
        self.assertFalse(complaint.kia_escalated_stage_ids)
        with self.assertRaisesRegex(UserError, "change through the workflow"):
            self._complaint(kia_reopen_count=3)
        # The wizard records ratings of complaints only.
        enquiry = self._complaint(
            type_id=self.env.ref("kia_aftersales.helpdesk_ticket_type_enquiry").id
        )
        with self.assertRaisesRegex(UserError, "Only a complaint is rated"):
            self._rate(enquiry)
        self.assertFalse(enquiry.rating_ids.filtered("consumed"))

    # ------------------------------------------------------------------ roles

    def test_roles(self):
        order = self._order()
        complaint = self._complaint(kia_repair_ids=[Command.link(order.id)])
        other = self._complaint(name="About the waiting room")
        # The information coordinator runs complaints too.
        mine = self._complaint(user=self.user_info, name="Phone never answered")
        mine.with_user(self.user_info).write({"stage_id": self.stages["analysis"].id})
        self.assertEqual(mine.stage_id, self.stages["analysis"])
        # The advisor reads the complaints about his work orders, no other, and changes none.
        Ticket = self.env["helpdesk.ticket"]
        seen = Ticket.with_user(self.user_advisor).search([("kia_kind", "=", "complaint")])
        self.assertEqual(seen, complaint)
        self.assertEqual(complaint.with_user(self.user_advisor).kia_resolution, False)
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_advisor).write({"kia_resolution": "Done"})
        with self.assertRaises(AccessError):
            other.with_user(self.user_advisor).read(["name"])
        with self.assertRaises(AccessError):
            self._complaint(user=self.user_advisor)
        # Technicians see no complaint.
        self.assertFalse(Ticket.with_user(self.user_tech).search([("kia_kind", "=", "complaint")]))
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_tech).read(["name"])

    def test_companies(self):
        other_company = self.env["res.company"].create({"name": "Kia Minhang"})
        other_cr = new_test_user(
            self.env,
            "kia_a_cr_other",
            groups="kia_aftersales.group_customer_relations",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        complaint = self._complaint()
        Ticket = self.env["helpdesk.ticket"]
        self.assertFalse(Ticket.with_user(other_cr).search([("id", "=", complaint.id)]))
        with self.assertRaises(AccessError):
            complaint.with_user(other_cr).write({"kia_resolution": "Not mine"})
        self.assertFalse(complaint.kia_resolution)

    # ------------------------------------------------------------------ KPIs

    def test_kpis_by_month_and_satisfaction(self):
        with self._at(MONDAY):
            happy = self._complaint(kia_resolution="Fixed.")
            angry = self._complaint(kia_resolution="Explained.")
            for complaint, rate in ((happy, 5), (angry, 1)):
                self._move(complaint, "feedback")
                self._rate(complaint, rate)
        with self._at(datetime(2026, 3, 3, 9, 0)):
            self._move(happy, "closed")
        with self._at(datetime(2026, 3, 5, 9, 0)):
            self._move(angry, "closed")
        groups = self.env["helpdesk.ticket"]._read_group(
            [("id", "in", (happy | angry).ids)],
            ["create_date:month", "kia_satisfaction"],
            ["kia_closure_hours:avg", "__count"],
        )
        self.assertEqual(
            sorted((str(month)[:10], text, hours, count) for month, text, hours, count in groups),
            [("2026-03-01", "ko", 72.0, 1), ("2026-03-01", "top", 24.0, 1)],
        )
        self.assertEqual(
            self.env["helpdesk.ticket"]._read_group(
                [("id", "in", (happy | angry).ids)], [], ["kia_closure_hours:avg"]
            ),
            [(48.0,)],
        )
        action = self.env.ref("kia_aftersales.action_kia_complaint")
        self.assertIn("pivot", action.view_mode)
        self.assertIn("graph", action.view_mode)
        views = (
            self.env["helpdesk.ticket"]
            .with_user(self.user_cr)
            .get_views([(False, "pivot"), (False, "graph"), (False, "form"), (False, "kanban")])
        )
        self.assertIn("kia_closure_hours", views["views"]["form"]["arch"])
