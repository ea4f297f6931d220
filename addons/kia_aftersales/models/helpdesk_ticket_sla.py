from datetime import timedelta

from odoo import api, models


class HelpdeskTicketSla(models.Model):
    _inherit = "helpdesk.ticket.sla"

    @api.depends("hours", "consumed_time", "ticket_id", "last_state_date", "state")
    def _compute_deadline(self):
        """Deadlines to the second: a calendar that works around the clock ends each day
        at 23:59:59.999999, so the OCA computation drifts by a microsecond per midnight
        (a step due at 9:00 would show 9:00:00.000007)."""
        res = super()._compute_deadline()
        for record in self.filtered("deadline"):
            record.deadline = (record.deadline + timedelta(microseconds=500000)).replace(
                microsecond=0
            )
        return res
