from odoo import api, fields, models


class RepairOrder(models.Model):
    """Technical support on the work order: the technical cases raised from it and the
    technical bulletins that apply to its vehicle at check-in."""

    _inherit = "repair.order"

    kia_technical_case_count = fields.Integer(
        string="Technical Case Count", compute="_compute_kia_technical_case_count"
    )
    kia_bulletin_ids = fields.Many2many(
        "kia.technical.bulletin",
        string="Technical Bulletins",
        compute="_compute_kia_bulletin_ids",
        help="The technical bulletins that apply to the vehicle on the check-in date "
        "(today before check-in).",
    )

    def _kia_technical_case_domain(self):
        return [("kia_kind", "=", "technical"), ("kia_repair_ids", "in", self.ids)]

    def _compute_kia_technical_case_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                self._kia_technical_case_domain(), ["kia_repair_ids"], ["__count"]
            )
        )
        for order in self:
            order.kia_technical_case_count = counts.get(order._origin, 0)

    @api.depends("kia_vehicle_id", "kia_checkin_date")
    def _compute_kia_bulletin_ids(self):
        Bulletin = self.env["kia.technical.bulletin"]
        orders = self.filtered("kia_vehicle_id")
        days = {
            order: fields.Date.context_today(order, order.kia_checkin_date)
            if order.kia_checkin_date
            else fields.Date.context_today(order)
            for order in orders
        }
        candidates = (
            Bulletin._kia_candidates(orders.kia_vehicle_id, min(days.values()), max(days.values()))
            if orders
            else Bulletin
        )
        for order in self:
            order.kia_bulletin_ids = (
                candidates.filtered(lambda b, o=order: b._kia_applies_to(o.kia_vehicle_id, days[o]))
                if order in days
                else Bulletin
            )

    def action_kia_raise_technical_case(self):
        """Raise a technical case (draft) for the work order, prefilled, and open it."""
        self.ensure_one()
        case = self.env["helpdesk.ticket"]._kia_raise_from_jobs(self, self.env["kia.job.line"])
        return case._kia_open_action()

    def action_kia_view_technical_cases(self):
        self.ensure_one()
        return self.env["helpdesk.ticket"]._kia_cases_action(self._kia_technical_case_domain())


class KiaJobLine(models.Model):
    _inherit = "kia.job.line"

    kia_technical_case_ids = fields.One2many(
        "helpdesk.ticket", "kia_job_line_id", string="Technical Cases", readonly=True
    )
    kia_technical_case_count = fields.Integer(
        string="Technical Case Count", compute="_compute_kia_technical_case_count"
    )

    def _compute_kia_technical_case_count(self):
        counts = dict(
            self.env["helpdesk.ticket"]._read_group(
                [("kia_kind", "=", "technical"), ("kia_job_line_id", "in", self.ids)],
                ["kia_job_line_id"],
                ["__count"],
            )
        )
        for job in self:
            job.kia_technical_case_count = counts.get(job._origin, 0)

    def action_kia_raise_technical_case(self):
        """Raise a technical case (draft) for the job, prefilled, and open it."""
        self.ensure_one()
        case = self.env["helpdesk.ticket"]._kia_raise_from_jobs(self.env["repair.order"], self)
        return case._kia_open_action()

    def action_kia_view_technical_cases(self):
        self.ensure_one()
        return self.env["helpdesk.ticket"]._kia_cases_action(
            [("kia_kind", "=", "technical"), ("kia_job_line_id", "=", self.id)]
        )
