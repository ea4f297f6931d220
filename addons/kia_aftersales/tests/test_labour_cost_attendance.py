from datetime import datetime, time, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import KiaAftersalesCase


@tagged("post_install", "-at_install")
class TestLabourCostAttendance(KiaAftersalesCase):
    """Attended hours (Odoo Attendances) and productivity, clocking only while checked in,
    labour cost at the technicians' hourly cost (Odoo's hr_hourly_cost) and the labour
    gross profit of a work order."""

    def _dispatched(self, jobs=None, technician=None):
        order = self._approved(jobs=jobs or [(self.op_brakes, "customer")], parts=False)
        order.kia_job_line_ids.with_user(self.user_foreman).action_dispatch(
            technician or self.emp_tech
        )
        return order

    def _attendance(self, employee):
        return self.env["hr.attendance"].search(
            [("employee_id", "=", employee.id), ("check_out", "=", False)]
        )

    def _log(self, job, employee, start, hours):
        """Clocked time recorded by the system (the flow's path), with explicit times."""
        return self.env["kia.job.time.log"].create(
            {
                "job_line_id": job.id,
                "employee_id": employee.id,
                "date_start": start,
                "date_stop": start + timedelta(hours=hours),
            }
        )

    # ------------------------------------------------------------------ attended hours

    def test_attended_hours_and_productivity_from_attendances(self):
        user = new_test_user(
            self.env, "kia_a_tech_ma", groups="kia_aftersales.group_technician", tz="UTC"
        )
        ma = self.env["hr.employee"].create(
            {"name": "Tech Ma", "user_id": user.id, "tz": "Asia/Shanghai"}
        )
        day1 = fields.Date.context_today(ma) - timedelta(days=3)
        day2 = day1 + timedelta(days=1)

        def utc(day, hour, minute=0):
            return datetime.combine(day, time(hour, minute))

        # 08:30-11:30 and 13:00-17:30 in Shanghai (UTC+8): no lunch break to deduct.
        Attendance = self.env["hr.attendance"]
        attendances = Attendance.create(
            [
                {"employee_id": ma.id, "check_in": utc(day1, 0, 30), "check_out": utc(day1, 3, 30)},
                {"employee_id": ma.id, "check_in": utc(day2, 5), "check_out": utc(day2, 9, 30)},
            ]
        )
        self.assertEqual(attendances.mapped("worked_hours"), [3.0, 4.5])
        order = self._approved(
            jobs=[(self.op_brakes, "customer"), (self.op_oil, "customer")], parts=False
        )
        brakes, oil = order.kia_job_line_ids
        self._log(brakes, ma, utc(day1, 1), 2.0)
        self._log(oil, ma, utc(day2, 5, 30), 3.5)
        brakes.sudo().write({"state": "done"})  # 1.2 flagged hours earned; oil not finished

        Report = self.env["kia.technician.performance"].with_user(self.user_foreman)
        rows = Report.search([("employee_id", "=", ma.id)], order="date")
        self.assertEqual(rows.mapped("date"), [day1, day2])
        self.assertEqual(rows.mapped("attended_hours"), [3.0, 4.5])
        self.assertEqual(rows.mapped("clocked_hours"), [2.0, 3.5])
        self.assertAlmostEqual(rows[0].flagged_hours, 1.2)
        self.assertEqual(rows[1].flagged_hours, 0.0)
        self.assertAlmostEqual(rows[0].productivity, 100 * 2.0 / 3.0, places=2)
        self.assertAlmostEqual(rows[0].efficiency, 60.0, places=2)
        # Grouped: ratios of the totals, not averages of the days.
        [(employee, attended, clocked, productivity, efficiency)] = Report._read_group(
            [("employee_id", "=", ma.id)],
            ["employee_id"],
            ["attended_hours:sum", "clocked_hours:sum", "productivity:avg", "efficiency:avg"],
        )
        self.assertEqual((employee, attended, clocked), (ma, 7.5, 5.5))
        self.assertAlmostEqual(productivity, 100 * 5.5 / 7.5, places=2)
        self.assertAlmostEqual(efficiency, 100 * 1.2 / 5.5, places=2)
        # The employee form's figures (last 30 days, whole percents) are the same.
        ma.invalidate_recordset()
        self.assertEqual((ma.kia_productivity, ma.kia_efficiency), (73.0, 22.0))
        self.assertEqual((ma.kia_attended_hours, ma.kia_clocked_hours), (7.5, 5.5))
        # Technicians do not read the report.
        with self.assertRaises(AccessError):
            Report.with_user(self.user_tech).search([])

    # ------------------------------------------------------------------ clocking

    def test_clock_on_refused_when_not_checked_in(self):
        order = self._dispatched()
        job = order.kia_job_line_ids
        self._attendance(self.emp_tech).write({"check_out": fields.Datetime.now()})
        Log = self.env["kia.job.time.log"]
        with self.assertRaisesRegex(UserError, "not checked in at the workshop"):
            job.with_user(self.user_tech).action_clock_on()
        # Every path: the technician's own create (RPC) and the system's.
        with self.assertRaises(UserError):  # refused: workflow field, no create right
            Log.with_user(self.user_tech).create(
                {
                    "job_line_id": job.id,
                    "employee_id": self.emp_tech.id,
                    "date_start": fields.Datetime.now(),
                }
            )
        with self.assertRaisesRegex(UserError, "not checked in at the workshop"):
            Log.create(
                {
                    "job_line_id": job.id,
                    "employee_id": self.emp_tech.id,
                    "date_start": fields.Datetime.now(),
                }
            )
        self.assertFalse(Log.search([("job_line_id", "=", job.id)]))
        self.assertEqual(job.state, "dispatched")
        self.assertEqual(order.state, "confirmed")
        # Checked in again (Odoo's own check-in), he clocks on.
        self.emp_tech.sudo()._attendance_action_change()
        job.with_user(self.user_tech).action_clock_on()
        self.assertEqual(job.state, "in_progress")
        self.assertEqual(len(job.time_log_ids), 1)

    def test_clock_on_without_attendance_when_relaxed(self):
        self.company.kia_clock_requires_attendance = False
        order = self._dispatched()
        job = order.kia_job_line_ids
        self._attendance(self.emp_tech).write({"check_out": fields.Datetime.now()})
        job.with_user(self.user_tech).action_clock_on()
        self.assertEqual(job.state, "in_progress")
        self.assertTrue(job.time_log_ids)
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.kia_clock_requires_attendance)
        settings.kia_clock_requires_attendance = True
        settings.execute()
        self.assertTrue(self.company.kia_clock_requires_attendance)

    def test_check_out_clocks_the_technician_off(self):
        order = self._dispatched()
        job = order.kia_job_line_ids
        job.with_user(self.user_tech).action_clock_on()
        log = job.time_log_ids
        self.assertFalse(log.date_stop)
        # Odoo's check-out (systray or kiosk).
        attendance = self.emp_tech.sudo()._attendance_action_change()
        self.assertTrue(attendance.check_out)
        self.assertEqual(log.date_stop, attendance.check_out)
        self.assertEqual(job.state, "paused")
        with self.assertRaisesRegex(UserError, "not checked in at the workshop"):
            job.with_user(self.user_tech).action_clock_on()
        self.assertEqual(len(job.time_log_ids), 1)

    # ------------------------------------------------------------------ labour cost

    def test_labour_cost_and_gross_profit(self):
        self.emp_tech.sudo().hourly_cost = 60.0
        self.emp_tech2.sudo().hourly_cost = 40.0
        order = self._dispatched()
        job = order.kia_job_line_ids
        job.with_user(self.user_foreman).action_dispatch(self.emp_tech | self.emp_tech2)
        start = fields.Datetime.now() - timedelta(hours=4)
        chen = self._log(job, self.emp_tech, start, 1.5)
        zhou = self._log(job, self.emp_tech2, start, 0.75)
        self.assertEqual((chen.hourly_cost, chen.cost), (60.0, 90.0))
        self.assertEqual((zhou.hourly_cost, zhou.cost), (40.0, 30.0))
        self.assertEqual(job.labour_cost, 120.0)
        # Labour revenue is the sale order's labour line: 1.2 h at 300.
        self.assertEqual(order.sale_order_id.order_line.price_subtotal, 360.0)
        self.assertEqual(order.kia_amount_labour, 360.0)
        self.assertEqual(order.kia_labour_cost, 120.0)
        self.assertEqual(order.kia_labour_margin, 240.0)
        # A live clocking is costed at the rate when it closes; later raises do not
        # change the record.
        job.with_user(self.user_tech).action_clock_on()
        live = job.time_log_ids.filtered(lambda log: not log.date_stop)
        self.assertEqual(live.hourly_cost, 0.0)
        job.with_user(self.user_tech).action_clock_off()
        self.assertEqual(live.hourly_cost, 60.0)
        self.assertEqual(live.cost, round(live.duration * 60.0, 2))
        self.emp_tech.sudo().hourly_cost = 90.0
        self.env.invalidate_all()
        self.assertEqual((chen.hourly_cost, chen.cost), (60.0, 90.0))
        self.assertEqual(live.hourly_cost, 60.0)
        self.assertEqual(order.kia_labour_cost, 120.0 + live.cost)
        self.assertEqual(order.kia_labour_margin, 360.0 - 120.0 - live.cost)
        # Finishing closes the clocking at the rate of the moment (now 90).
        job.with_user(self.user_tech).action_clock_on()
        job.with_user(self.user_tech).write({"correction": "Done"})
        job.with_user(self.user_tech).action_finish()
        last = job.time_log_ids.sorted("id")[-1]
        self.assertEqual(last.hourly_cost, 90.0)

    def test_cost_fields_are_the_managers(self):
        self.emp_tech.sudo().hourly_cost = 60.0
        order = self._dispatched()
        job = order.kia_job_line_ids
        log = self._log(job, self.emp_tech, fields.Datetime.now() - timedelta(hours=3), 1.0)
        # The service manager reads the costs.
        self.assertEqual(job.with_user(self.user_manager).labour_cost, 60.0)
        self.assertEqual(order.with_user(self.user_manager).kia_labour_margin, 300.0)
        self.assertEqual(log.with_user(self.user_manager).cost, 60.0)
        # Technicians, advisors and the foreman do not (wages).
        for user in (self.user_tech, self.user_advisor, self.user_foreman):
            with self.assertRaises(AccessError):
                job.with_user(user).read(["labour_cost"])
            with self.assertRaises(AccessError):
                log.with_user(user).read(["cost"])
            with self.assertRaises(AccessError):
                log.with_user(user).read(["hourly_cost"])
        for user in (self.user_advisor, self.user_foreman):
            with self.assertRaises(AccessError):
                order.with_user(user).read(["kia_labour_cost"])
            with self.assertRaises(AccessError):
                order.with_user(user).read(["kia_labour_margin"])
        # Nobody writes them, not even the manager (clients cannot forge a cost).
        with self.assertRaises(UserError):
            log.with_user(self.user_manager).write({"hourly_cost": 1.0})
        with self.assertRaises(UserError):
            job.with_user(self.user_manager).write({"labour_cost": 1.0})
        with self.assertRaises(UserError):
            order.with_user(self.user_manager).write({"kia_labour_cost": 1.0})
        with self.assertRaises(UserError):
            self.env["kia.job.time.log"].with_user(self.user_manager).create(
                {
                    "job_line_id": job.id,
                    "employee_id": self.emp_tech.id,
                    "date_start": fields.Datetime.now() - timedelta(hours=2),
                    "date_stop": fields.Datetime.now() - timedelta(hours=1),
                    "hourly_cost": 1.0,
                }
            )
        self.env.invalidate_all()
        self.assertEqual((log.hourly_cost, log.cost), (60.0, 60.0))
        self.assertEqual(job.labour_cost, 60.0)
        self.assertEqual(order.kia_labour_cost, 60.0)
        self.assertEqual(len(job.time_log_ids), 1)

    def test_new_users_do_not_manage_attendances(self):
        """Odoo's Attendances makes its administrator a default right of new users; the
        suite takes it off the template: a new technician cannot edit the attendances that
        measure him."""
        manager = self.env.ref("hr_attendance.group_hr_attendance_manager")
        user = self.env["res.users"].create({"name": "New technician", "login": "new_tech_att"})
        self.assertTrue(user._is_internal())
        self.assertNotIn(manager, user.groups_id)
        self.assertFalse(user.has_group("hr_attendance.group_hr_attendance_officer"))
