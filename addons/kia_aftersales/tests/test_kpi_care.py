from contextlib import contextmanager
from datetime import datetime
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import KiaAftersalesCase, make_vin

# A Monday morning (UTC).
MONDAY = datetime(2026, 3, 2, 9, 0, 0)
# The retention test's month, far before any demo data: its windows hold the test's
# work orders only.
MONTH = datetime(2016, 6, 1).date()


@tagged("post_install", "-at_install")
class TestKpiCare(KiaAftersalesCase):
    """Customer KPIs from the fact table: CSI, complaints and closure time, retention and
    lost customers, with exact figures on hand-built data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Fact = cls.env["kia.kpi.fact"]
        cls.user_supervisor = new_test_user(
            cls.env, "kia_kpi_care_sup", groups="kia_aftersales.group_supervisor"
        )
        cls.kpi = {
            code: cls.env.ref(f"kia_aftersales.kpi_{code}")
            for code in ("csi", "complaints", "closure_time", "retention_rate", "lost_rate")
        }

    def _facts(self, source, records):
        return self.Fact.search([("source", "=", source), ("res_id", "in", records.ids)])

    def _value(self, code, domain):
        kpi = self.kpi[code]
        return kpi._kia_values(domain)[()][kpi]

    def _age_write_dates(self, table):
        """What exists was written before the last refresh (an incremental run must not
        read it again)."""
        self.env.flush_all()
        self.env.cr.execute(
            f"UPDATE {table} SET write_date = write_date - interval '3 hours'"  # noqa: S608
        )

    # ------------------------------------------------------------------ CSI
    def _followup(self, odometer):
        order = self._passed(jobs=[(self.op_brakes, "warranty")], odometer=odometer)
        order._kia_deliver()
        return order.kia_followup_ids.with_user(self.user_cr)

    def test_csi_from_answered_followups_and_incremental(self):
        best = self._followup(4100)
        worst = self._followup(4200)
        later = self._followup(4300)
        best.action_record_answers(self._csi_answers(best, -1))
        worst.action_record_answers(self._csi_answers(worst, 0))
        self.assertEqual((best.csi_score, worst.csi_score), (100.0, 0.0))
        self.Fact._kia_refresh(["followup"], full=True)
        followups = best | worst | later
        facts = self._facts("followup", followups)
        self.assertEqual(len(facts), 2, "a follow-up without answers has no CSI")
        self.assertEqual(facts.advisor_id, self.user_advisor)
        self.assertEqual(facts.vehicle_model_id, self.model_k5)
        self.assertEqual(set(facts.mapped("date")), {self.company._kia_today(best.contact_date)})
        domain = [("source", "=", "followup"), ("res_id", "in", followups.ids)]
        self.assertEqual(self._value("csi", domain), 50.0)
        # Incremental: only the follow-up answered since is read; the others' rows stay
        # as they are (tampered here to prove they are not recomputed).
        self._age_write_dates("kia_service_followup")
        self.env.cr.execute(
            "UPDATE kia_kpi_fact SET csi_total = 999 WHERE source = 'followup' AND res_id = %s",
            [worst.id],
        )
        later.action_record_answers(self._csi_answers(later, -1))
        done = self.Fact._kia_refresh(["followup"])
        self.assertEqual(done, {"followup": 1})
        self.assertEqual(len(self._facts("followup", followups)), 3)
        self.assertAlmostEqual(self._value("csi", domain), (100 + 999 + 100) / 3, places=2)
        self.Fact._kia_refresh(["followup"], full=True)
        self.assertAlmostEqual(self._value("csi", domain), 200 / 3, places=2)

    # ------------------------------------------------------------------ complaints
    @contextmanager
    def _at(self, when):
        """The clock at ``when`` for Python and the records' create/write dates."""
        with freeze_time(when), patch.object(self.env.cr, "now", lambda: when):
            yield

    def test_complaints_and_closure_time(self):
        stages = {
            step: self.env.ref(f"kia_aftersales.helpdesk_stage_complaint_{step}")
            for step in ("feedback", "closed", "cancelled")
        }
        team = self.env.ref("kia_aftersales.helpdesk_team_customer_relations")
        order = self._order()
        values = {
            "name": "Noise after the repair",
            "description": "<p>Noise again.</p>",
            "partner_id": self.customer.id,
            "team_id": team.id,
            "type_id": self.env.ref("kia_aftersales.helpdesk_ticket_type_complaint").id,
            "kia_vehicle_id": self.vehicle.id,
            "kia_repair_ids": [Command.set(order.ids)],
        }
        Ticket = self.env["helpdesk.ticket"].with_user(self.user_cr)
        with self._at(MONDAY):
            closed = Ticket.create(values)
        with self._at(datetime(2026, 3, 3, 2, 0)):
            still_open = Ticket.create(values)
            cancelled = Ticket.create(values)
            cancelled.write(
                {"stage_id": stages["cancelled"].id, "kia_cancel_reason": "Duplicate call."}
            )
        with self._at(datetime(2026, 3, 4, 9, 0)):
            closed.write({"stage_id": stages["feedback"].id, "kia_resolution": "Pads fixed."})
            self.env["kia.complaint.rating.wizard"].with_user(self.user_cr).create(
                {"ticket_id": closed.id, "rating": "5", "feedback": "Happy now"}
            ).action_confirm()
        with self._at(datetime(2026, 3, 5, 15, 30)):
            closed.write({"stage_id": stages["closed"].id})
        self.assertEqual(closed.kia_closure_hours, 78.5)
        self.Fact._kia_refresh(["complaint"], full=True)
        tickets = closed | still_open | cancelled
        facts = self._facts("complaint", tickets)
        self.assertEqual(len(facts), 3, "received twice, closed once, the cancelled not")
        self.assertEqual(facts.repair_id, order)
        self.assertEqual(facts.advisor_id, self.user_advisor)
        received = facts.filtered("complaints")
        self.assertEqual(
            sorted(received.mapped("date")),
            sorted(
                [
                    self.company._kia_today(closed.create_date),
                    self.company._kia_today(still_open.create_date),
                ]
            ),
        )
        closing = facts.filtered("complaints_closed")
        self.assertEqual(closing.date, self.company._kia_today(closed.closed_date))
        domain = [("source", "=", "complaint"), ("res_id", "in", tickets.ids)]
        self.assertEqual(self._value("complaints", domain), 2)
        self.assertEqual(self._value("closure_time", domain), 78.5)
        # The pivot's read_group gives the same figures.
        [group] = self.Fact.read_group(
            domain, ["complaints:sum", "complaints_closed:sum", "closure_time:avg"], []
        )
        self.assertEqual((group["complaints"], group["complaints_closed"]), (2, 1))
        self.assertEqual(group["closure_time"], 78.5)

    # ------------------------------------------------------------------ retention
    def _customer(self, serial):
        partner = self.env["res.partner"].create({"name": f"Retention customer {serial}"})
        vehicle = self.env["fleet.vehicle"].create(
            {
                "model_id": self.model_k5.id,
                "license_plate": f"沪A R{serial:04d}",
                "vin_sn": make_vin(500 + serial),
                "kia_owner_id": partner.id,
            }
        )
        return partner, vehicle

    def _delivered(self, vehicle, on, paid, odometer=4000):
        jobs = [(self.op_oil, "customer")] if paid else [(self.op_brakes, "warranty")]
        order = self._passed(jobs=jobs, vehicle=vehicle, odometer=odometer)
        if paid:
            self._pay(order)
        order._kia_deliver()
        self._move_delivery(order, on)
        self.assertEqual(bool(order.sudo().kia_amount_customer), paid)
        return order

    def _move_delivery(self, order, on):
        """The delivery happened ``on`` (midday there): the test's calendar."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE repair_order SET kia_delivered_date = %s, write_date = now() WHERE id = %s",
            [datetime.combine(on, datetime.min.time()).replace(hour=4), order.id],
        )
        order.invalidate_recordset()

    def _retention(self, month):
        facts = self.Fact.search(
            [
                ("source", "=", "retention_month"),
                ("company_id", "=", self.company.id),
                ("date", "=", month),
            ]
        )
        return facts.customers_base, facts.customers_returned, facts.customers_lost

    def test_retention_and_lost_customers(self):
        day = relativedelta(days=10)
        months = lambda n: MONTH - relativedelta(months=n) + day  # noqa: E731
        __, vehicle_b = self._customer(2)
        __, vehicle_c = self._customer(3)
        # A: paid visit 18 months before, any visit 3 months before: came back.
        self._delivered(self.vehicle, months(18), paid=True, odometer=4100)
        self._delivered(self.vehicle, months(3), paid=False, odometer=4200)
        # B: paid visit 14 months before, nothing since: lost.
        order_b = self._delivered(vehicle_b, months(14), paid=True)
        # C: an unpaid (warranty) visit only: not in the base.
        self._delivered(vehicle_c, months(15), paid=False)
        self.Fact._kia_refresh(["retention_month"], full=True)
        self.assertEqual(self._retention(MONTH), (2, 1, 1))
        domain = [
            ("source", "=", "retention_month"),
            ("company_id", "=", self.company.id),
            ("date", "=", MONTH),
        ]
        self.assertEqual(self._value("retention_rate", domain), 50.0)
        self.assertEqual(self._value("lost_rate", domain), 50.0)
        # Window edges: 2 months before, B's paid visit (month M-14) is no longer in
        # [M-26, M-14); A came back. 4 months before, A's return is not yet in the year.
        self.assertEqual(self._retention(MONTH - relativedelta(months=2)), (1, 1, 0))
        self.assertEqual(self._retention(MONTH - relativedelta(months=4)), (1, 0, 1))
        # Incremental: B's visit was 10 months before: the 24 months after it (and the
        # current month) are refreshed, B is no base customer of month M any more.
        self._age_write_dates("repair_order")
        self._move_delivery(order_b, months(10))
        done = self.Fact._kia_refresh(["retention_month"])
        self.assertEqual(done, {"retention_month": 25})
        self.assertEqual(self._retention(MONTH), (1, 1, 0))
        self.assertEqual(self._value("retention_rate", domain), 100.0)
        self.assertEqual(self._value("lost_rate", domain), 0.0)

    def test_access(self):
        for user in (self.user_cr, self.user_advisor, self.user_tech):
            with self.assertRaises(AccessError):
                self.Fact.with_user(user).search([("source", "=", "followup")])
        self.Fact.with_user(self.user_supervisor).search([("source", "=", "complaint")])
