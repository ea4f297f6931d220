from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_datetime

from odoo.addons.rating.models import rating_data

# The complaint procedure (seed 第七条): the stages of the customer-relations team, in order.
COMPLAINT_STEPS = ("received", "analysis", "solution", "tracking", "feedback")


class HelpdeskTicket(models.Model):
    """Complaints (客户投诉, CC-01): tickets of the complaint type on the customer-relations
    team, run through the five steps receive → analyse → solve → track → feedback.

    Each step has a deadline: the OCA SLA of the step (``helpdesk.sla``, type complaint,
    hours counted from the creation on the team's calendar, ended by the stage that follows
    the step). The OCA SLA changes its stored state only when the stage changes, so
    lateness here is the current step's deadline against the clock, never that state.
    A missed deadline escalates once per step (cron). Closing needs the resolution and
    the customer's rating; cancelling needs a reason; a reopened complaint is counted.

    The counters, stamps and escalations are owned by the workflow (``kia.workflow.mixin``):
    a client cannot write them.
    """

    _inherit = "helpdesk.ticket"

    kia_resolution = fields.Text(
        string="Resolution",
        tracking=True,
        help="What was done for the customer; required to close the complaint.",
    )
    kia_cancel_reason = fields.Text(
        string="Cancellation Reason",
        tracking=True,
        help="Why the complaint is cancelled (withdrawn, not a complaint, duplicate...); "
        "required to cancel it.",
    )
    kia_stage_ids = fields.Many2many(
        "helpdesk.ticket.stage",
        string="Stages of the Team",
        compute="_compute_kia_stage_ids",
        help="The stages the ticket's team works with (a team with stages of its own "
        "sees only those).",
    )
    kia_step_stage_id = fields.Many2one(
        "helpdesk.ticket.stage",
        string="Step Ends At",
        compute="_compute_kia_step",
        store=True,
        help="The stage that ends the complaint's current step (its SLA's stage).",
    )
    kia_step_deadline = fields.Datetime(
        string="Step Deadline",
        compute="_compute_kia_step",
        store=True,
        index="btree_not_null",
        help="Deadline of the current step on the team's working calendar (its SLA).",
    )
    kia_step_overdue = fields.Boolean(
        string="Step Overdue",
        compute="_compute_kia_step_overdue",
        search="_search_kia_step_overdue",
    )
    kia_escalated_stage_ids = fields.Many2many(
        "helpdesk.ticket.stage",
        "helpdesk_ticket_kia_escalated_stage_rel",
        "ticket_id",
        "stage_id",
        string="Escalated Steps",
        readonly=True,
        copy=False,
        kia_workflow=True,
        help="The steps whose deadline was missed and escalated to the service manager "
        "(each step once), by the stage that ends them.",
    )
    kia_escalation_count = fields.Integer(
        string="Escalations", readonly=True, copy=False, aggregator="sum", kia_workflow=True
    )
    kia_escalated = fields.Boolean(
        string="Escalated", compute="_compute_kia_escalated", store=True, aggregator="bool_or"
    )
    kia_last_escalation_date = fields.Datetime(
        string="Last Escalation", readonly=True, copy=False, kia_workflow=True
    )
    kia_reopen_count = fields.Integer(
        string="Reopened", readonly=True, copy=False, aggregator="sum", kia_workflow=True
    )
    kia_last_reopen_date = fields.Datetime(
        string="Last Reopened", readonly=True, copy=False, kia_workflow=True
    )
    kia_closure_hours = fields.Float(
        string="Closure Time (h)",
        readonly=True,
        copy=False,
        aggregator="avg",
        kia_workflow=True,
        help="Hours from the complaint's creation to its closure (KPI).",
    )
    kia_advisor_id = fields.Many2one(
        "res.users",
        string="Advisor",
        compute="_compute_kia_advisor_id",
        store=True,
        index="btree_not_null",
        help="The service advisor of the complaint's (first) work order.",
    )
    kia_satisfaction = fields.Selection(
        rating_data.RATING_TEXT,
        string="Satisfaction",
        compute="_compute_kia_satisfaction",
        store=True,
        help="The customer's last rating of the resolution.",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("team_id")
    def _compute_kia_stage_ids(self):
        stages = {}
        for ticket in self:
            if ticket.team_id not in stages:
                stages[ticket.team_id] = ticket.team_id._get_applicable_stages()
            ticket.kia_stage_ids = stages[ticket.team_id]

    @api.depends(
        "kia_kind",
        "stage_id",
        "ticket_sla_ids.deadline",
        "ticket_sla_ids.expected_stage_id",
    )
    def _compute_kia_step(self):
        for ticket in self:
            sla = ticket._kia_current_sla()
            ticket.kia_step_stage_id = sla.expected_stage_id
            ticket.kia_step_deadline = sla.deadline

    @api.depends("kia_step_deadline")
    def _compute_kia_step_overdue(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.kia_step_overdue = bool(
                ticket.kia_step_deadline and ticket.kia_step_deadline < now
            )

    def _search_kia_step_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue complaints with = or != and a boolean."))
        overdue = (operator == "=") == value
        if overdue:
            return [("kia_step_deadline", "<", fields.Datetime.now())]
        return [
            "|",
            ("kia_step_deadline", "=", False),
            ("kia_step_deadline", ">=", fields.Datetime.now()),
        ]

    @api.depends("kia_escalation_count")
    def _compute_kia_escalated(self):
        for ticket in self:
            ticket.kia_escalated = bool(ticket.kia_escalation_count)

    @api.depends("kia_repair_ids.user_id")
    def _compute_kia_advisor_id(self):
        for ticket in self:
            ticket.kia_advisor_id = ticket.kia_repair_ids.sorted("id")[:1].user_id

    @api.depends("rating_last_value")
    def _compute_kia_satisfaction(self):
        for ticket in self:
            ticket.kia_satisfaction = (
                rating_data._rating_to_text(ticket.rating_last_value)
                if ticket.rating_last_value
                else False
            )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        complaints = tickets.filtered(lambda ticket: ticket.kia_kind == "complaint")
        if complaints.filtered("stage_id.closed"):
            raise UserError(
                self.env._(
                    "A complaint is created in its first step and closed through its "
                    "steps, with the resolution and the customer's rating."
                )
            )
        return tickets

    def write(self, vals):
        if "kia_resolution" in vals and not (vals["kia_resolution"] or "").strip():
            closed = self._kia_complaint_stage("closed", raise_if_not_found=False)
            if closed and self.filtered(lambda ticket: ticket.stage_id == closed):
                raise UserError(
                    self.env._(
                        "A closed complaint keeps its resolution: reopen it to change "
                        "what was done."
                    )
                )
        if not vals.get("stage_id"):
            return super().write(vals)
        stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"])
        complaints = self.filtered(
            lambda ticket: ticket.kia_kind == "complaint" and ticket.stage_id != stage
        )
        complaints._kia_check_stage_change(stage, vals)
        reopened = complaints.filtered(lambda ticket: ticket.stage_id.closed)
        reopened = reopened if not stage.closed else self.browse()
        result = super().write(vals)
        if stage == self._kia_complaint_stage("closed", raise_if_not_found=False):
            complaints._kia_record_closure()
        if reopened:
            reopened._kia_record_reopening()
        return result

    # ------------------------------------------------------------------ actions

    def action_kia_record_rating(self):
        """Customer relations records the customer's satisfaction given by phone or in
        person (a wizard that applies a rating to the complaint)."""
        self.ensure_one()
        self._kia_check_can_rate()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer's Satisfaction"),
            "res_model": "kia.complaint.rating.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def _kia_record_rating(self, rate, feedback):
        """Apply the customer's rating told to customer relations: the rating mixin's own
        rating (the one the customer's link would have applied), posted in the chatter."""
        self.ensure_one()
        self._kia_check_can_rate()
        if rate not in (1, 3, 5):
            raise UserError(self.env._("Choose the customer's satisfaction."))
        self.check_access("write")
        ticket = self.sudo()
        token = ticket._rating_get_access_token()
        recorded = self.env._(
            "Recorded by %(user)s on the customer's word.", user=self.env.user.name
        )
        feedback = f"{feedback}\n{recorded}" if feedback else recorded
        return ticket.rating_apply(rate, token=token, feedback=feedback)

    # ------------------------------------------------------------------ rules

    def _kia_check_can_rate(self):
        for ticket in self:
            if ticket.kia_kind != "complaint":
                raise UserError(self.env._("Only a complaint is rated here."))
            if ticket.stage_id.closed:
                raise UserError(
                    self.env._(
                        "The complaint %(number)s is closed: reopen it to record a new rating.",
                        number=ticket.number,
                    )
                )
            if not ticket.partner_id:
                raise UserError(
                    self.env._(
                        "The complaint %(number)s has no customer to rate it.",
                        number=ticket.number,
                    )
                )

    def _kia_check_stage_change(self, stage, vals):
        """Closing needs the resolution and the customer's rating (given since the last
        reopening); cancelling needs the reason. Checked whatever moves the stage."""
        closed = self._kia_complaint_stage("closed", raise_if_not_found=False)
        cancelled = self._kia_complaint_stage("cancelled", raise_if_not_found=False)
        if stage == closed:
            rated = self._kia_rated()
            for ticket in self:
                resolution = vals.get("kia_resolution", ticket.kia_resolution)
                if not (resolution or "").strip():
                    raise UserError(
                        self.env._(
                            "Write the resolution of the complaint %(number)s (what was "
                            "done for the customer) before closing it.",
                            number=ticket.number,
                        )
                    )
                if ticket not in rated:
                    raise UserError(
                        self.env._(
                            "The complaint %(number)s has no rating of the customer's "
                            "satisfaction with the resolution: ask the customer to rate it "
                            "(rating link or portal) or record the rating given by phone "
                            "(Record Rating) before closing it.",
                            number=ticket.number,
                        )
                    )
        elif stage == cancelled:
            for ticket in self:
                reason = vals.get("kia_cancel_reason", ticket.kia_cancel_reason)
                if not (reason or "").strip():
                    raise UserError(
                        self.env._(
                            "Write why the complaint %(number)s is cancelled before cancelling it.",
                            number=ticket.number,
                        )
                    )

    def _kia_rated(self):
        """The complaints of ``self`` the customer rated (since they were last
        reopened), in one query."""
        ratings = (
            self.env["rating.rating"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("consumed", "=", True),
                    ("rating", ">", 0),
                ]
            )
        )
        return self.filtered(
            lambda ticket: any(
                rating.res_id == ticket.id
                and (
                    not ticket.kia_last_reopen_date
                    or rating.write_date > ticket.kia_last_reopen_date
                )
                for rating in ratings
            )
        )

    def _kia_record_closure(self):
        for ticket in self:
            hours = (
                (ticket.closed_date - ticket.create_date).total_seconds() / 3600.0
                if ticket.closed_date and ticket.create_date
                else 0.0
            )
            ticket.sudo().write({"kia_closure_hours": round(hours, 2)})

    def _kia_record_reopening(self):
        now = fields.Datetime.now()
        for ticket in self:
            count = ticket.kia_reopen_count + 1
            ticket.sudo().write(
                {"kia_reopen_count": count, "kia_last_reopen_date": now, "kia_closure_hours": 0.0}
            )
            ticket.message_post(
                body=self.env._(
                    "Complaint reopened by %(user)s (%(count)s. time): it needs the "
                    "customer's rating again to be closed.",
                    user=self.env.user.name,
                    count=count,
                ),
                subtype_xmlid="mail.mt_note",
            )

    # ------------------------------------------------------------------ escalation

    @api.model
    def _cron_kia_escalate_complaints(self):
        """Every 30 minutes: the complaints whose current step is past its deadline and
        not escalated for that step yet go to the service manager (activity and mail),
        once per step."""
        now = fields.Datetime.now()
        candidates = self.search(
            [
                ("kia_kind", "=", "complaint"),
                ("stage_id.closed", "=", False),
                ("kia_step_deadline", "<", now),
            ]
        )
        due = candidates.filtered(
            lambda ticket: ticket.kia_step_stage_id not in ticket.kia_escalated_stage_ids
        )
        due._kia_escalate()
        return due

    def _kia_escalation_users(self):
        """Who a complaint is escalated to: the team leader when he is a service manager
        of the complaint's company, else every service manager of that company."""
        self.ensure_one()
        managers = self.env.ref("kia_aftersales.group_service_manager").users.filtered(
            lambda user: not user.share and self.company_id in user.company_ids
        )
        leader = self.team_id.user_id
        if leader in managers:
            return leader
        return managers

    def _kia_escalate(self):
        now = fields.Datetime.now()
        activity_type = self.env.ref("kia_aftersales.mail_activity_type_complaint_escalation")
        for ticket in self:
            users = ticket._kia_escalation_users()
            step = ticket.stage_id.name
            summary = self.env._(
                "Complaint %(number)s: step %(step)s overdue", number=ticket.number, step=step
            )
            note = self.env._(
                "The step %(step)s of the complaint %(number)s (%(customer)s) was due on "
                "%(deadline)s and is not done: please follow it up with customer relations.",
                step=step,
                number=ticket.number,
                customer=ticket.partner_id.name or "",
                deadline=format_datetime(
                    self.env,
                    ticket.kia_step_deadline,
                    tz=ticket.company_id.sudo()._kia_tz(),
                    dt_format="short",
                ),
            )
            for user in users:
                ticket.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=ticket.company_id._kia_today(),
                    summary=summary,
                    note=note,
                    user_id=user.id,
                )
            ticket.sudo().write(
                {
                    "kia_escalated_stage_ids": [Command.link(ticket.kia_step_stage_id.id)],
                    "kia_escalation_count": ticket.kia_escalation_count + 1,
                    "kia_last_escalation_date": now,
                }
            )
            ticket.message_post(
                body=Markup("<p>%s</p>") % note,
                subject=summary,
                partner_ids=users.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------ helpers

    def _kia_current_sla(self):
        """The SLA of the complaint's current step: the one ended by the first stage after
        the current one (the OCA SLA's stored state is not used: it changes only when the
        stage changes). Nothing for a closed complaint or another ticket."""
        self.ensure_one()
        if self.kia_kind != "complaint" or self.stage_id.closed:
            return self.env["helpdesk.ticket.sla"]
        sequence = self.stage_id.sequence
        slas = self.ticket_sla_ids.filtered(lambda sla: sla.expected_stage_id.sequence > sequence)
        return slas.sorted(lambda sla: (sla.expected_stage_id.sequence, sla.deadline))[:1]

    @api.model
    def _kia_complaint_stage(self, step, raise_if_not_found=True):
        return (
            self.env.ref(
                f"kia_aftersales.helpdesk_stage_complaint_{step}",
                raise_if_not_found=raise_if_not_found,
            )
            or self.env["helpdesk.ticket.stage"]
        )

    @api.model
    def _kia_complaint_team(self, company):
        """The customer-relations team of ``company`` that handles its complaints: the
        suite's team when it is the company's, else the company's first team taking
        complaints outside the mailbox."""
        team = self.env.ref(
            "kia_aftersales.helpdesk_team_customer_relations", raise_if_not_found=False
        )
        if team and team.company_id in (company, self.env["res.company"]):
            return team
        return self.env["helpdesk.ticket.team"].search(
            [
                ("company_id", "in", (company.id, False)),
                ("type_ids", "=", self.env.ref("kia_aftersales.helpdesk_ticket_type_complaint").id),
                ("kia_mailbox", "=", False),
            ],
            order="sequence, id",
            limit=1,
        )
