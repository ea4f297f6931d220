from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import KiaAftersalesCase


@tagged("post_install", "-at_install")
class TestEquipmentInspection(KiaAftersalesCase):
    """The equipment ledger (设施设备台账, AS-12) reads its inspections from Odoo's recurring
    preventive maintenance requests: no cron of ours, no date of its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.local_today = cls.company._kia_today()
        cls.done_stage = cls.env["maintenance.stage"].search(
            [("done", "=", True)], order="sequence, id", limit=1
        )
        cls.equipment = cls.env["maintenance.equipment"].create(
            {"name": "Test lift", "kia_ledger_type": "lift", "company_id": cls.company.id}
        )

    def _at(self, date, hour=9):
        """The UTC datetime of ``hour`` o'clock on ``date`` in Shanghai (as Odoo stores
        a request's scheduled date)."""
        local = pytz.timezone("Asia/Shanghai").localize(datetime.combine(date, time(hour)))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _inspection(self, date, **vals):
        return (
            self.env["maintenance.request"]
            .with_user(self.user_foreman)
            .create(
                {
                    "name": "Periodic inspection: Test lift",
                    "equipment_id": self.equipment.id,
                    "maintenance_type": "preventive",
                    "recurring_maintenance": True,
                    "repeat_interval": 12,
                    "repeat_unit": "month",
                    "repeat_type": "forever",
                    "schedule_date": self._at(date),
                    **vals,
                }
            )
        )

    def test_no_inspection_cron(self):
        """Odoo plans the next inspection when one is done: our cron is gone."""
        self.assertFalse(self.env.ref("kia_aftersales.ir_cron_kia_equipment_inspections", False))
        self.assertFalse(
            hasattr(self.env["maintenance.equipment"], "_cron_kia_inspection_requests")
        )

    def test_next_inspection_from_open_preventive_request(self):
        self.assertFalse(self.equipment.kia_next_inspection_date)
        due = self.local_today + relativedelta(days=10)
        request = self._inspection(due)
        # A corrective request (a breakdown) is no inspection.
        self.env["maintenance.request"].create(
            {
                "name": "Lift leaks oil",
                "equipment_id": self.equipment.id,
                "maintenance_type": "corrective",
                "schedule_date": self._at(self.local_today - relativedelta(days=3)),
            }
        )
        self.assertEqual(self.equipment.kia_next_inspection_date, due)
        self.assertEqual(self.equipment.kia_inspection_request_id, request)
        self.assertEqual(self.equipment.kia_inspection_repeat_interval, 12)
        self.assertEqual(self.equipment.kia_inspection_repeat_unit, "month")
        self.assertFalse(self.equipment.kia_inspection_overdue)

    def test_next_inspection_is_the_local_date(self):
        """Scheduled at 07:00 in Shanghai, i.e. 23:00 UTC the day before: the ledger shows
        the dealer's date."""
        due = self.local_today + relativedelta(days=20)
        self._inspection(due).schedule_date = self._at(due, hour=7)
        self.assertEqual(self.equipment.kia_next_inspection_date, due)

    def test_overdue_flag_and_filter(self):
        request = self._inspection(self.local_today - relativedelta(days=1))
        self.assertEqual(
            self.equipment.kia_next_inspection_date, self.local_today - relativedelta(days=1)
        )
        self.assertTrue(self.equipment.kia_inspection_overdue)
        Equipment = self.env["maintenance.equipment"]
        self.assertIn(self.equipment, Equipment.search([("kia_inspection_overdue", "=", True)]))
        self.assertNotIn(self.equipment, Equipment.search([("kia_inspection_overdue", "=", False)]))
        # Rescheduled to today: due, not overdue.
        request.schedule_date = self._at(self.local_today)
        self.assertFalse(self.equipment.kia_inspection_overdue)
        self.assertNotIn(self.equipment, Equipment.search([("kia_inspection_overdue", "=", True)]))
        self.assertIn(self.equipment, Equipment.search([("kia_inspection_overdue", "!=", True)]))

    def test_done_recurring_inspection_plans_the_next_one(self):
        """Completing a recurring inspection: Odoo creates the next request one interval
        after the planned date, and the ledger's last and next inspection follow."""
        due = self.local_today - relativedelta(days=5)
        request = self._inspection(due)
        self.assertTrue(self.equipment.kia_inspection_overdue)
        request.with_user(self.user_foreman).stage_id = self.done_stage
        following = self.env["maintenance.request"].search(
            [("equipment_id", "=", self.equipment.id), ("id", "!=", request.id)]
        )
        self.assertEqual(len(following), 1)
        self.assertEqual(following.schedule_date, self._at(due) + relativedelta(months=12))
        self.assertTrue(following.recurring_maintenance)
        self.assertEqual(following.maintenance_type, "preventive")
        self.assertFalse(following.stage_id.done)
        # Odoo stamps the close date (its own date, UTC).
        self.assertEqual(request.close_date, fields.Date.today())
        self.assertEqual(self.equipment.kia_last_inspection_date, request.close_date)
        self.assertEqual(self.equipment.kia_next_inspection_date, due + relativedelta(months=12))
        self.assertEqual(self.equipment.kia_inspection_request_id, following)
        self.assertFalse(self.equipment.kia_inspection_overdue)

    def test_last_inspection_not_planned_again(self):
        """A one-off (not recurring) inspection leaves nothing planned: the ledger says so."""
        request = self._inspection(self.local_today, recurring_maintenance=False)
        request.stage_id = self.done_stage
        self.assertEqual(self.equipment.kia_last_inspection_date, fields.Date.today())
        self.assertFalse(self.equipment.kia_next_inspection_date)
        self.assertFalse(self.equipment.kia_inspection_request_id)
        self.assertIn(
            self.equipment,
            self.env["maintenance.equipment"].search([("kia_next_inspection_date", "=", False)]),
        )

    def test_inspection_dates_are_not_edited(self):
        """Bypass: the foreman (equipment manager) writes the ledger's dates over the ORM
        instead of closing the request; refused, nothing changed."""
        due = self.local_today + relativedelta(days=10)
        self._inspection(due)
        equipment = self.equipment.with_user(self.user_foreman)
        for vals in (
            {"kia_next_inspection_date": due + relativedelta(years=1)},
            {"kia_last_inspection_date": self.local_today},
        ):
            with self.assertRaisesRegex(UserError, "workflow"):
                equipment.write(vals)
        self.equipment.invalidate_recordset()
        self.assertEqual(self.equipment.kia_next_inspection_date, due)
        self.assertFalse(self.equipment.kia_last_inspection_date)
        # Odoo's own fields stay editable.
        equipment.location = "Bay 3"
        self.assertEqual(self.equipment.location, "Bay 3")
