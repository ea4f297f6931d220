from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from .concurrency import KiaWorkOrderConcurrencyCase


@tagged("post_install", "-at_install")
class TestClockOnConcurrency(KiaWorkOrderConcurrencyCase):
    """Clocking on in two real transactions at once. What must hold:

    - a technician has at most one open clocking, whatever the number of his sessions
      (the second one gets the clear message, not a database error);
    - two technicians dispatched to the same job both clock on it: two clockings, one
      each; the job moves to In Progress and the work order starts once."""

    def _kia_build(self, env):
        res = super()._kia_build(env)
        order = self._kia_order(env, ["Race job one", "Race job two"])
        self.order_id, self.job_ids = order.id, order.kia_job_line_ids.ids
        return res

    def _clock_on(self, index, technician, job):
        env = self._kia_env(index, self.user_ids[technician])
        env["kia.job.line"].browse(self.job_ids[job]).action_clock_on()
        env.flush_all()

    def _open_clockings(self):
        with self._kia_fresh() as cr:
            cr.execute(
                SQL(
                    "SELECT employee_id, job_line_id FROM kia_job_time_log "
                    "WHERE employee_id IN %s AND date_stop IS NULL ORDER BY employee_id",
                    tuple(self.employee_ids),
                )
            )
            return cr.fetchall()

    def _states(self):
        with self._kia_fresh() as cr:
            cr.execute(
                SQL(
                    "SELECT id, state FROM kia_job_line WHERE id IN %s ORDER BY id",
                    tuple(self.job_ids),
                )
            )
            jobs = dict(cr.fetchall())
            cr.execute(SQL("SELECT state FROM repair_order WHERE id = %s", self.order_id))
            return jobs, cr.fetchone()[0]

    def test_one_technician_two_sessions(self):
        """The same technician clocks on two jobs from two sessions (a tablet and the
        workshop terminal) at the same moment: one clocking, the other session is told
        he is clocked on already."""
        self.envs[1].execute("SELECT 1")  # the second session's snapshot starts here
        self._clock_on(0, 0, 0)
        self.envs[0].commit()
        # Without the technician's row lock the second session, which does not see the
        # first clocking in its snapshot, hits the unique index: a database error.
        with self.assertRaisesRegex(UserError, "You are clocked on Race job one"):
            self._kia_serialization_then(lambda: self._clock_on(1, 0, 1))
        self.envs[1].rollback()
        self.assertEqual(self._open_clockings(), [(self.employee_ids[0], self.job_ids[0])])
        jobs, order_state = self._states()
        self.assertEqual(jobs, {self.job_ids[0]: "in_progress", self.job_ids[1]: "dispatched"})
        self.assertEqual(order_state, "under_repair")

    def test_two_technicians_same_job(self):
        """Two technicians of the same job clock on it at the same moment: the second
        transaction is retried and both are on the job, once each."""
        self.envs[1].execute("SELECT 1")
        self._clock_on(0, 0, 0)
        self.envs[0].commit()
        self._kia_serialization_then(lambda: self._clock_on(1, 1, 0))
        self.envs[1].commit()
        self.assertEqual(
            self._open_clockings(),
            [(self.employee_ids[0], self.job_ids[0]), (self.employee_ids[1], self.job_ids[0])],
        )
        jobs, order_state = self._states()
        self.assertEqual(jobs, {self.job_ids[0]: "in_progress", self.job_ids[1]: "dispatched"})
        self.assertEqual(order_state, "under_repair")
