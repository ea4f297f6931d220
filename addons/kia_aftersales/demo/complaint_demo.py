from datetime import timedelta

from odoo import Command, api, fields, models

# (customer, vehicle, title, hours ago, last step, resolution, rating, how rated, reopened to,
#  hours to close)
COMPLAINTS = [
    (
        "customer_02",
        "vehicle_02_0",
        "刹车异响未修好 (brakes still squeal after the repair)",
        290,
        "closed",
        "Brake pads and discs replaced under goodwill; road-tested with the customer.",
        5,
        "phone",
        False,
        50,
    ),
    (
        "customer_03",
        "vehicle_03_0",
        "交车延误两小时 (car delivered two hours late)",
        220,
        "closed",
        "Apologised; free car wash and a voucher for the next maintenance.",
        3,
        "link",
        False,
        30,
    ),
    (
        "customer_08",
        "vehicle_08_0",
        "故障灯又亮了 (engine warning light came back)",
        60,
        "closed",
        "MAF sensor cleaned, codes cleared.",
        3,
        "phone",
        "solution",
        20,
    ),
    (
        "customer_01",
        "vehicle_01_0",
        "账单高于报价 (invoice higher than the estimate)",
        140,
        "feedback",
        "The extra wiper blades were not approved: refunded.",
        False,
        False,
        False,
        False,
    ),
    (
        "customer_04",
        "vehicle_04_0",
        "空调仍不凉 (A/C still not cold)",
        96,
        "tracking",
        False,
        False,
        False,
        False,
        False,
    ),
    (
        "customer_05",
        "vehicle_05_0",
        "座椅上有油污 (grease on the driver's seat)",
        40,
        "solution",
        False,
        False,
        False,
        False,
        False,
    ),
    (
        "customer_06",
        "vehicle_06_0",
        "服务顾问态度不好 (the advisor was rude)",
        20,
        "analysis",
        False,
        False,
        False,
        False,
        False,
    ),
    (
        "customer_07",
        "vehicle_07_0",
        "热线无人接听 (nobody answered the hotline)",
        5,
        "received",
        False,
        False,
        False,
        False,
        False,
    ),
]
STEPS = ("received", "analysis", "solution", "tracking", "feedback", "closed")


class KiaComplaintDemo(models.AbstractModel):
    """Demo data only: complaints in each of the five steps, run through the real flow by
    the demo customer-relations officer (胡蓉), then dated back so that their deadlines,
    closure times and one escalation look like a working dealer's."""

    _name = "kia.complaint.demo"
    _description = "Complaint Demo Data"

    @api.model
    def _generate(self):
        env = self.env
        cr_user = env.ref("kia_aftersales.user_customer_relations", raise_if_not_found=False)
        Ticket = env["helpdesk.ticket"]
        if not cr_user or Ticket.search_count(
            [("kia_kind", "=", "complaint"), ("create_uid", "=", cr_user.id)]
        ):
            return False
        ref = lambda xmlid: env.ref(f"kia_aftersales.{xmlid}")  # noqa: E731
        stages = {step: ref(f"helpdesk_stage_complaint_{step}") for step in STEPS}
        team = ref("helpdesk_team_customer_relations")
        complaint_type = ref("helpdesk_ticket_type_complaint")
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        dates = {}
        for spec in COMPLAINTS:
            (
                customer,
                vehicle,
                title,
                hours_ago,
                last,
                resolution,
                rate,
                rated_by,
                reopen,
                close_h,
            ) = spec
            vehicle = ref(vehicle)
            order = env["repair.order"].search(
                [("kia_vehicle_id", "=", vehicle.id)], order="id desc", limit=1
            )
            ticket = (
                Ticket.with_user(cr_user)
                .with_context(mail_create_nosubscribe=False)
                .create(
                    {
                        "name": title,
                        "description": f"<p>{title}</p>",
                        "partner_id": ref(customer).id,
                        "team_id": team.id,
                        "type_id": complaint_type.id,
                        "kia_vehicle_id": vehicle.id,
                        "kia_repair_ids": [Command.link(order.id)] if order else [],
                        # The demo sends no rating request mail: the customers rate by
                        # phone or by their link below.
                        "rating_status": "no_rate",
                        "user_id": cr_user.id,
                    }
                )
            )
            for step in STEPS[1 : STEPS.index(last) + 1]:
                if step == "feedback" and resolution:
                    ticket.kia_resolution = resolution
                if step == "closed":
                    if rated_by == "phone":
                        ticket._kia_record_rating(rate, "电话回访 (said on the phone)")
                    else:
                        # The customer's own rating link (rating controller, as the system).
                        token = ticket.sudo()._rating_get_access_token()
                        ticket.sudo().rating_apply(rate, token=token, feedback="OK")
                ticket.stage_id = stages[step]
            if reopen:
                ticket.stage_id = stages[reopen]
            ticket.sudo().rating_status = "stage_change"
            created = now - timedelta(hours=hours_ago)
            dates[ticket] = (created, created + timedelta(hours=close_h) if close_h else None)
        self._backdate(dates)
        # The cron's run: the complaint whose receipt is overdue goes to the service manager.
        Ticket._cron_kia_escalate_complaints()
        return True

    @api.model
    def _backdate(self, dates):
        """Date the complaints back to when they were received (and closed), then set
        their SLAs again from those dates, as they would have been."""
        self.env.flush_all()
        for ticket, (created, closed) in dates.items():
            self.env.cr.execute(
                "UPDATE helpdesk_ticket SET create_date = %s, last_stage_update = %s,"
                " closed_date = COALESCE(%s, closed_date) WHERE id = %s",
                (created, closed or created, closed, ticket.id),
            )
        tickets = self.env["helpdesk.ticket"].concat(*dates)
        tickets.invalidate_recordset()
        tickets.sudo().set_sla()
        for ticket, (created, closed) in dates.items():
            if closed and ticket.closed:
                ticket.sudo().kia_closure_hours = (closed - created).total_seconds() / 3600.0
