from datetime import datetime, time

import pytz

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_certification_warning_days = fields.Integer(
        string="Certification Expiry Warning (days)",
        default=60,
        help="A certification is 'expiring' this many days before its expiry date; "
        "reminders go to HR and the employee's manager from then on.",
    )
    kia_retraining_days = fields.Integer(
        string="Internal Re-training Within (days)",
        default=30,
        help="After a manufacturer training, the internal re-training of the "
        "dealer's staff is due within this many days.",
    )
    kia_training_responsible_id = fields.Many2one(
        "res.users",
        string="HR Responsible for Certifications",
        help="Receives the expiry reminders of this company's certifications, "
        "in addition to each employee's manager.",
    )

    _sql_constraints = [
        (
            "kia_certification_warning_days_positive",
            "CHECK (kia_certification_warning_days >= 0)",
            "The certification expiry warning cannot be a negative number of days.",
        ),
        (
            "kia_retraining_days_positive",
            "CHECK (kia_retraining_days >= 0)",
            "The internal re-training delay cannot be a negative number of days.",
        ),
    ]

    def _kia_tz(self):
        """The company's time zone: its address's, else its working hours', else the
        user's. Rules decide on the dealer's local date, not on the server's (UTC)."""
        self.ensure_one()
        return (
            self.partner_id.tz
            or self.resource_calendar_id.tz
            or self.env.context.get("tz")
            or self.env.user.tz
            or "UTC"
        )

    def _kia_today(self, timestamp=None):
        """Today's date where the company is (default: the current company), or the local
        date of ``timestamp`` (a UTC datetime) there."""
        company = self[:1] or self.env.company
        return fields.Date.context_today(
            company.with_context(tz=company.sudo()._kia_tz()), timestamp
        )

    def _kia_day_start(self, date):
        """The moment (UTC, as Odoo stores datetimes) the company's local ``date`` begins."""
        company = self[:1] or self.env.company
        local = pytz.timezone(company.sudo()._kia_tz() or "UTC")
        start = local.localize(datetime.combine(date, time.min))
        return start.astimezone(pytz.UTC).replace(tzinfo=None)
