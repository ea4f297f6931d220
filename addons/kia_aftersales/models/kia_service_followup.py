from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class KiaServiceFollowup(models.Model):
    """The follow-up call (回访) after a delivery: satisfaction (CSI) and remarks; a bad
    result can open a complaint.

    Its status, contact time and complaint are written by its buttons only; once the
    answer is recorded (or the customer was unreachable) the follow-up is the record of
    the call that the CSI reports count (``kia.workflow.mixin``, append-only)."""

    _name = "kia.service.followup"
    _description = "Service Follow-up"
    _inherit = [
        "kia.work.order.document",
        "mail.thread",
        "mail.activity.mixin",
        "kia.workflow.mixin",
        "kia.notify.mixin",
    ]
    _order = "scheduled_date desc, id desc"
    _kia_append_only = True

    partner_id = fields.Many2one(
        related="repair_id.partner_id", store=True, precompute=True, string="Customer"
    )
    vehicle_id = fields.Many2one(
        related="repair_id.kia_vehicle_id", store=True, precompute=True, string="Vehicle"
    )
    advisor_id = fields.Many2one(
        related="repair_id.user_id", store=True, precompute=True, string="Advisor"
    )
    user_id = fields.Many2one("res.users", string="Caller", check_company=True)
    scheduled_date = fields.Date(required=True)
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("done", "Done"),
            ("unreachable", "Unreachable"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        tracking=True,
        kia_workflow=True,
    )
    contact_date = fields.Datetime(readonly=True, kia_workflow=True)
    satisfaction = fields.Selection(
        [
            ("1", "Very Dissatisfied"),
            ("2", "Dissatisfied"),
            ("3", "Neutral"),
            ("4", "Satisfied"),
            ("5", "Very Satisfied"),
        ],
        compute="_compute_satisfaction",
        store=True,
        help="The CSI in five steps (0-12: very dissatisfied ... 88-100: very satisfied).",
    )
    csi_score = fields.Float(
        string="CSI",
        readonly=True,
        aggregator="avg",
        tracking=True,
        kia_workflow=True,
        help="Score of the customer's answers to the CSI questionnaire, 0 to 100.",
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="CSI Questionnaire",
        readonly=True,
        kia_workflow=True,
        help="The company's CSI questionnaire when the follow-up was planned.",
    )
    user_input_id = fields.Many2one(
        "survey.user_input",
        string="CSI Answers",
        readonly=True,
        copy=False,
        index="btree_not_null",
        kia_workflow=True,
    )
    survey_state = fields.Selection(related="user_input_id.state", string="Survey Status")
    survey_sent_date = fields.Datetime(
        string="Survey Sent", readonly=True, copy=False, kia_workflow=True
    )
    survey_url = fields.Char(string="Survey Link", compute="_compute_survey_url", compute_sudo=True)
    remarks = fields.Text()
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", readonly=True, kia_workflow=True
    )

    @api.depends("csi_score", "state")
    def _compute_satisfaction(self):
        for followup in self:
            followup.satisfaction = (
                str(min(4, int(followup.csi_score / 25.0 + 0.5)) + 1)
                if followup.state == "done"
                else False
            )

    @api.depends("user_input_id.access_token")
    def _compute_survey_url(self):
        for followup in self:
            user_input = followup.user_input_id
            followup.survey_url = (
                user_input.get_base_url() + user_input.get_start_url() if user_input else False
            )

    def _kia_evidence(self):
        return self.filtered(lambda followup: followup.state != "planned")

    def _kia_workflow_error(self, names):
        return self.env._(
            "The status and CSI of a follow-up change through its buttons (Send Survey, "
            "Answer Survey, Unreachable, Open Complaint) and the customer's survey answers."
        )

    def _kia_check_planned(self):
        called = self.filtered(lambda followup: followup.state != "planned")
        if called:
            raise UserError(
                self.env._(
                    "The follow-up of %s was already made: its result is kept.",
                    called[0].repair_id.name,
                )
            )

    @api.model
    def _kia_schedule(self, repairs):
        """Plan the follow-up of delivered ``repairs`` N days later (company setting). The
        caller's activity is given on the day (``_cron_kia_plan_followup_calls``): the
        delivery only records what is planned."""
        return self.create(
            [
                {
                    "repair_id": repair.id,
                    "scheduled_date": repair.company_id._kia_today()
                    + relativedelta(days=repair.company_id.kia_followup_days),
                    "user_id": (repair.company_id.kia_followup_user_id or repair.user_id).id,
                    "survey_id": repair.company_id.kia_csi_survey_id.id,
                }
                for repair in repairs
            ]
        )

    @api.model
    def _cron_kia_plan_followup_calls(self):
        """Daily: the follow-ups due (the company's date) and not made yet get a call
        activity for their caller, once (a caller who closes the activity without
        recording the call gets it again the next day)."""
        followups = self.search(
            [
                ("state", "=", "planned"),
                # The companies' dates differ by a day at most.
                ("scheduled_date", "<=", fields.Date.today() + relativedelta(days=1)),
                ("user_id", "!=", False),
                ("activity_ids", "=", False),
            ]
        )
        today = {company: company._kia_today() for company in followups.company_id}
        followups = followups.filtered(lambda f: f.scheduled_date <= today[f.company_id])
        activity_type = self.env.ref("kia_aftersales.mail_activity_type_followup_call")
        for followup in followups:
            followup.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=followup.scheduled_date,
                user_id=followup.user_id.id,
                summary=self.env._("Follow-up call: %s", followup.repair_id.display_name),
            )
        return followups

    # ------------------------------------------------------------------ CSI survey

    def _kia_check_survey(self):
        for followup in self:
            if not followup.survey_id:
                raise UserError(
                    self.env._(
                        "The follow-up of %(order)s has no CSI questionnaire: choose one in "
                        "the After-Sales settings.",
                        order=followup.repair_id.name,
                    )
                )
            if not followup.partner_id:
                raise UserError(
                    self.env._(
                        "The work order %(order)s has no customer to survey.",
                        order=followup.repair_id.name,
                    )
                )

    def _kia_ensure_user_input(self):
        """The customer's answer (``survey.user_input``, with its token link) of each
        follow-up, created once for all follow-ups that have none."""
        self._kia_check_planned()
        self._kia_check_survey()
        todo = self.filtered(lambda followup: not followup.user_input_id)
        closed = todo.survey_id.sudo().filtered(lambda survey: not survey.active)
        if closed:
            raise UserError(
                self.env._(
                    "The CSI questionnaire %(survey)s is archived: choose an open one in the "
                    "After-Sales settings.",
                    survey=closed[0].title,
                )
            )
        # What survey.survey._create_answer does for one participant, in one create.
        user_inputs = (
            self.env["survey.user_input"]
            .sudo()
            .create(
                [
                    {
                        "survey_id": followup.survey_id.id,
                        "partner_id": followup.partner_id.id,
                        "email": followup.partner_id.email,
                        "nickname": followup.partner_id.name,
                        "kia_followup_id": followup.id,
                    }
                    for followup in todo
                ]
            )
        )
        for followup, user_input in zip(todo, user_inputs, strict=True):
            followup.sudo().user_input_id = user_input
        return self.user_input_id

    def action_send_survey(self):
        """Send the CSI questionnaire's link to the customer, by email and SMS (the
        company's follow-up survey templates)."""
        self.check_access("write")
        no_contact = self.filtered(
            lambda followup: (
                followup.partner_id
                and not (
                    followup.partner_id.email
                    or followup.partner_id.mobile
                    or followup.partner_id.phone
                )
            )
        )
        if no_contact:
            raise UserError(
                self.env._(
                    "%(customer)s has no email nor mobile number: answer the survey with "
                    "the customer during the call.",
                    customer=no_contact[0].partner_id.name,
                )
            )
        self._kia_ensure_user_input()
        self._kia_notify("followup_survey")
        self._kia_flow_write({"survey_sent_date": fields.Datetime.now()})
        return True

    def action_answer_survey(self):
        """Customer relations answers the questionnaire with the customer on the phone."""
        self.ensure_one()
        self._kia_check_planned()
        self._kia_check_survey()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("CSI Survey"),
            "res_model": "kia.csi.answer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_followup_id": self.id},
        }

    def action_record_answers(self, answers, remarks=False):
        """Record the customer's answers given during the call: ``answers`` maps the
        ids of the questionnaire's questions to the id of the chosen answer (choice
        questions) or to a text. The score of the answers is the follow-up's CSI."""
        self.ensure_one()
        self.check_access("write")
        self._kia_check_planned()
        self._kia_check_survey()
        survey = self.survey_id.sudo()
        questions = survey.question_ids
        answers = {int(question_id): value for question_id, value in (answers or {}).items()}
        unknown = set(answers) - set(questions.ids)
        if unknown:
            raise UserError(
                self.env._(
                    "These answers are not to questions of the questionnaire %(survey)s of "
                    "this follow-up.",
                    survey=survey.title,
                )
            )
        values = {}
        for question in questions:
            value = answers.get(question.id)
            if question.question_type in ("simple_choice", "multiple_choice") and value:
                value = [value] if isinstance(value, int) else list(value)
                if not set(value) <= set(question.suggested_answer_ids.ids):
                    raise UserError(
                        self.env._(
                            "The answer given to %(question)s is not one of its choices.",
                            question=question.title,
                        )
                    )
                if question.question_type == "simple_choice" and len(value) > 1:
                    raise UserError(
                        self.env._("Choose one answer to %(question)s.", question=question.title)
                    )
            if question.constr_mandatory and not value:
                raise UserError(
                    self.env._(
                        "Answer %(question)s: the customer's answer is required.",
                        question=question.title,
                    )
                )
            values[question] = value
        user_input = self._kia_ensure_user_input().sudo()
        if user_input.state == "done":
            raise UserError(self.env._("The customer already answered the survey online."))
        if remarks:
            self.remarks = remarks
        for question, value in values.items():
            if question.question_type in ("simple_choice", "multiple_choice", "matrix"):
                user_input._save_lines(question, value or False)
            else:
                user_input._save_lines(question, value or "")
        user_input._mark_done()
        return True

    @api.model
    def _kia_record_survey(self, user_inputs):
        """The customer's answers are done (online or during the call): their score is
        the CSI of their follow-up, which is made."""
        for user_input in user_inputs:
            followup = user_input.kia_followup_id
            if followup.user_input_id != user_input or followup.survey_id != user_input.survey_id:
                raise UserError(self.env._("These survey answers belong to another follow-up."))
            followup._kia_check_planned()
            followup.sudo().write(
                {
                    "state": "done",
                    "csi_score": user_input.scoring_percentage,
                    "contact_date": user_input.end_datetime or fields.Datetime.now(),
                }
            )
            followup.sudo().activity_feedback(
                ["kia_aftersales.mail_activity_type_followup_call"],
                feedback=self.env._("CSI survey answered: %(score)s", score=followup.csi_score),
            )
        return True

    @api.model
    def _cron_kia_send_csi_surveys(self):
        """Daily: on their date, send the CSI survey of the follow-ups of the companies
        that send it (setting), once."""
        followups = self.search(
            [
                ("state", "=", "planned"),
                # The companies' dates differ by a day at most.
                ("scheduled_date", "<=", fields.Date.today() + relativedelta(days=1)),
                ("survey_sent_date", "=", False),
                ("survey_id.active", "=", True),
                ("partner_id", "!=", False),
                ("company_id.kia_csi_send_link", "=", True),
            ]
        )
        today = {company: company._kia_today() for company in followups.company_id}
        followups = followups.filtered(lambda f: f.scheduled_date <= today[f.company_id])
        followups._kia_ensure_user_input()
        followups._kia_notify("followup_survey")
        followups.sudo().write({"survey_sent_date": fields.Datetime.now()})
        return followups

    def action_unreachable(self):
        self._kia_check_planned()
        self._kia_flow_write({"state": "unreachable", "contact_date": fields.Datetime.now()})
        # The survey link sent stops working: the result of the follow-up is kept.
        self.user_input_id.sudo().filtered(lambda answer: answer.state != "done").write(
            {"deadline": fields.Datetime.now()}
        )
        self.activity_feedback(
            ["kia_aftersales.mail_activity_type_followup_call"],
            feedback=self.env._("Customer unreachable."),
        )
        return True

    def action_open_complaint(self):
        """Open a complaint (客户投诉) from a bad follow-up result."""
        self.ensure_one()
        if self.ticket_id:
            raise UserError(self.env._("A complaint is already open for this follow-up."))
        ticket = self.env["helpdesk.ticket"].create(self._kia_complaint_values())
        self._kia_flow_write({"ticket_id": ticket.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.ticket_id.id,
            "view_mode": "form",
        }

    def _kia_complaint_values(self):
        """Values of the complaint ticket; the complaint modules extend them."""
        self.ensure_one()
        return {
            "name": self.env._(
                "Complaint after %(order)s (%(plate)s)",
                order=self.repair_id.name,
                plate=self.vehicle_id.license_plate or "",
            ),
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "description": self.remarks or self.env._("Dissatisfied at the follow-up call."),
            "type_id": self.env.ref("kia_aftersales.helpdesk_ticket_type_complaint").id,
            "team_id": self.env["helpdesk.ticket"]._kia_complaint_team(self.company_id).id,
            "kia_vehicle_id": self.vehicle_id.id,
            "kia_repair_ids": [Command.link(self.repair_id.id)],
        }
