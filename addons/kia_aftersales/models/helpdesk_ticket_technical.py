import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext, plaintext2html

# A diagnostic trouble code (SAE J2012 / ISO 15031-6): system letter (Powertrain, Chassis,
# Body, network U), a digit 0-3, three hexadecimal digits, e.g. P0301; optionally the
# failure type byte of UDS scan tools (P0301-1C).
DTC_PATTERN = re.compile(r"^[PCBU][0-3][0-9A-F]{3}(-[0-9A-F]{2})?$")
DTC_SEPARATORS = re.compile(r"[\s,;，；、]+")

# The steps of a technical case, in their order (stages: data/helpdesk_technical_data.xml).
TECHNICAL_STEPS = ("draft", "raised", "answered", "closed")
# What the workshop sent to the manufacturer: kept as sent once the case is raised (more
# findings go to the chatter).
RAISED_FIELDS = {
    "kia_vehicle_id",
    "kia_odometer",
    "kia_symptoms",
    "kia_dtc_codes",
    "kia_tried",
    "kia_job_line_id",
}


def split_dtc_codes(text):
    """The codes of ``text`` (comma, semicolon or space separated), upper case."""
    return [code for code in DTC_SEPARATORS.split((text or "").strip().upper()) if code]


def check_dtc_codes(env, text):
    """``text`` normalised (``P0301, U0100``); a ``ValidationError`` naming each code that
    is not a trouble code."""
    codes = split_dtc_codes(text)
    wrong = [code for code in codes if not DTC_PATTERN.match(code)]
    if wrong:
        raise ValidationError(
            env._(
                "%(codes)s: not a diagnostic trouble code. A code is a letter P, C, B or "
                "U, a digit 0 to 3 and three hexadecimal digits, e.g. P0301 (optionally "
                "the failure type, P0301-1C); separate several codes with commas.",
                codes=", ".join(wrong),
            )
        )
    return ", ".join(codes)


class HelpdeskTicket(models.Model):
    """A technical case (技术支持 HotLine): the workshop asks the manufacturer's technical
    hotline about a fault it cannot solve on its own.

    The foreman (or the service manager) raises it from a work order or one of its jobs:
    the vehicle, its VIN and the odometer at check-in come from the work order, the
    symptoms, trouble codes and what was tried from the workshop, the attachments are the
    ticket's. The manufacturer's answers are ``kia.technical.answer`` records, appended
    by *Record Answer* and never edited: a further answer is a new line.

    The stages (Draft, Raised to Manufacturer, Answered, Closed) are the technical
    support team's; moving a case into *Raised* or *Answered* is checked in ``write``, so
    that the statusbar and the buttons obey the same rules."""

    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    kia_job_line_id = fields.Many2one(
        "kia.job.line",
        string="Job",
        index="btree_not_null",
        check_company=True,
        help="The job of the work order the case was raised for.",
    )
    kia_vin = fields.Char(related="kia_vehicle_id.vin_sn", string="VIN")
    kia_vehicle_model_id = fields.Many2one(related="kia_vehicle_id.model_id", string="Model")
    kia_odometer = fields.Float(
        string="Odometer (km)", help="The vehicle's odometer reading at check-in."
    )
    kia_symptoms = fields.Text(
        string="Symptoms", help="What the workshop found: when, how often, in which conditions."
    )
    kia_dtc_codes = fields.Char(
        string="Trouble Codes",
        help="The diagnostic trouble codes read with the scan tool, e.g. P0301, U0100.",
    )
    kia_tried = fields.Text(
        string="What Was Tried", help="Tests and repairs done before raising the case."
    )
    kia_raised_date = fields.Datetime(
        string="Raised On", readonly=True, copy=False, kia_workflow=True
    )
    kia_raised_by_id = fields.Many2one(
        "res.users", string="Raised By", readonly=True, copy=False, kia_workflow=True
    )
    kia_answer_ids = fields.One2many(
        "kia.technical.answer", "ticket_id", string="Manufacturer's Answers", readonly=True
    )
    kia_answer_count = fields.Integer(
        string="Answers", compute="_compute_kia_answer", store=True, kia_workflow=True
    )
    kia_answer_date = fields.Datetime(
        string="Last Answer On", compute="_compute_kia_answer", store=True, kia_workflow=True
    )
    kia_manufacturer_ref = fields.Char(
        string="Manufacturer Case",
        compute="_compute_kia_answer",
        store=True,
        index="btree_not_null",
        kia_workflow=True,
        help="The manufacturer's reference of the case, from its latest answer that gave one.",
    )
    kia_quality_report_ids = fields.One2many(
        "kia.quality.report", "ticket_id", string="Quality Feedback Reports", readonly=True
    )
    kia_quality_report_count = fields.Integer(compute="_compute_kia_quality_report_count")

    @api.depends("kia_answer_ids.answer_date", "kia_answer_ids.manufacturer_ref")
    def _compute_kia_answer(self):
        for ticket in self:
            answers = ticket.kia_answer_ids.sorted(lambda a: (a.answer_date, a.id))
            ticket.kia_answer_count = len(answers)
            ticket.kia_answer_date = answers[-1:].answer_date
            refs = answers.filtered("manufacturer_ref")
            ticket.kia_manufacturer_ref = refs[-1:].manufacturer_ref

    def _compute_kia_quality_report_count(self):
        Report = self.env["kia.quality.report"]
        counts = (
            dict(Report._read_group([("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]))
            if Report.has_access("read")
            else {}
        )
        for ticket in self:
            ticket.kia_quality_report_count = counts.get(ticket, 0)

    @api.constrains("kia_dtc_codes")
    def _check_kia_dtc_codes(self):
        for ticket in self.filtered("kia_dtc_codes"):
            check_dtc_codes(self.env, ticket.kia_dtc_codes)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("kia_dtc_codes"):
                vals["kia_dtc_codes"] = check_dtc_codes(self.env, vals["kia_dtc_codes"])
        tickets = super().create(vals_list)
        tickets._kia_check_technical_steps(
            {ticket: ("draft", ticket._kia_technical_step()) for ticket in tickets}
        )
        return tickets

    def write(self, vals):
        sent = RAISED_FIELDS & set(vals)
        if sent and not self.env.su:
            raised = self.filtered("kia_raised_date")
            if raised:
                raise UserError(
                    self.env._(
                        "Technical case %(case)s was raised to the manufacturer: %(fields)s "
                        "stay as sent. Add what you found since in a message.",
                        case=raised[0].display_name,
                        fields=", ".join(
                            sorted(
                                self._fields[name]._description_string(self.env) for name in sent
                            )
                        ),
                    )
                )
        if vals.get("kia_dtc_codes"):
            vals["kia_dtc_codes"] = check_dtc_codes(self.env, vals["kia_dtc_codes"])
        if "stage_id" not in vals:
            return super().write(vals)
        before = {ticket: ticket._kia_technical_step() for ticket in self}
        result = super().write(vals)
        self._kia_check_technical_steps(
            {ticket: (step, ticket._kia_technical_step()) for ticket, step in before.items()}
        )
        return result

    @api.ondelete(at_uninstall=False)
    def _kia_unlink_except_answered(self):
        if self.kia_answer_ids and not self.env.su:
            raise UserError(
                self.env._(
                    "The manufacturer answered technical case %(case)s: it is kept, close it "
                    "instead of deleting it.",
                    case=self.filtered("kia_answer_ids")[:1].display_name,
                )
            )

    # ------------------------------------------------------------------ steps

    @api.model
    def _kia_technical_stages(self):
        """{step: stage} of the technical cases."""
        return {
            step: self.env.ref(f"kia_aftersales.helpdesk_stage_technical_{step}")
            for step in TECHNICAL_STEPS
        }

    def _kia_technical_step(self):
        self.ensure_one()
        if self.kia_kind != "technical":
            return False
        for step, stage in self._kia_technical_stages().items():
            if self.stage_id == stage:
                return step
        return False

    def _kia_check_raise(self):
        """What raising a case to the manufacturer needs: the vehicle's VIN and the
        symptoms."""
        for ticket in self:
            missing = []
            if not ticket.kia_vin:
                missing.append(self.env._("the vehicle and its VIN"))
            if not (ticket.kia_symptoms or "").strip():
                missing.append(self.env._("the symptoms"))
            if missing:
                raise UserError(
                    self.env._(
                        "Technical case %(case)s cannot be raised to the manufacturer "
                        "without %(missing)s.",
                        case=ticket.display_name,
                        missing=self.env._(" and ").join(missing),
                    )
                )

    def _kia_check_technical_steps(self, steps):
        """Check the moves of ``steps`` ({ticket: (step before, step after)}) and stamp the
        raising. Called after the write, in the same transaction: a refusal rolls it back."""
        raised = self.browse()
        for ticket, (before, after) in steps.items():
            if before == after or not after:
                continue
            if after in ("raised", "answered"):
                ticket._kia_check_raise()
            if after == "draft" and ticket.kia_raised_date:
                raise UserError(
                    self.env._(
                        "Technical case %(case)s was raised to the manufacturer on "
                        "%(date)s: it cannot go back to draft.",
                        case=ticket.display_name,
                        date=fields.Datetime.context_timestamp(self, ticket.kia_raised_date),
                    )
                )
            if after == "answered" and not ticket.kia_answer_ids:
                raise UserError(
                    self.env._(
                        "Record the manufacturer's answer to technical case %(case)s: it "
                        "moves to Answered with it.",
                        case=ticket.display_name,
                    )
                )
            if before in (False, "draft") and after in ("raised", "answered"):
                raised |= ticket
        if raised:
            raised.filtered(lambda t: not t.kia_raised_date).sudo().write(
                {"kia_raised_date": fields.Datetime.now(), "kia_raised_by_id": self.env.uid}
            )

    # ------------------------------------------------------------------ actions

    def action_kia_raise(self):
        """Send the case to the manufacturer's technical hotline."""
        self._kia_check_raise()
        self.check_access("write")
        stage = self._kia_technical_stages()["raised"]
        self.filtered(lambda t: t._kia_technical_step() in (False, "draft")).write(
            {"stage_id": stage.id}
        )
        return True

    def action_kia_record_answer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Manufacturer's Answer"),
            "res_model": "kia.technical.answer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    def _kia_record_answer(self, values):
        """Append the manufacturer's answer (``values``: answer, manufacturer_ref,
        answered_by, answer_date) to the case and move it to Answered."""
        self.ensure_one()
        if self.kia_kind != "technical":
            raise UserError(
                self.env._("%(ticket)s is not a technical case.", ticket=self.display_name)
            )
        if not self.kia_raised_date:
            raise UserError(
                self.env._(
                    "Raise technical case %(case)s to the manufacturer before recording "
                    "its answer.",
                    case=self.display_name,
                )
            )
        if not html2plaintext(values.get("answer") or "").strip():
            raise UserError(self.env._("Write the manufacturer's answer."))
        answer_date = fields.Datetime.to_datetime(values.get("answer_date")) or (
            fields.Datetime.now()
        )
        if answer_date > fields.Datetime.now() or answer_date < self.kia_raised_date:
            raise UserError(
                self.env._(
                    "The answer date must lie between the raising of the case (%(raised)s) "
                    "and now.",
                    raised=fields.Datetime.context_timestamp(self, self.kia_raised_date),
                )
            )
        self.check_access("write")
        answer = (
            self.env["kia.technical.answer"]
            .sudo()
            .create(
                {
                    "ticket_id": self.id,
                    "answer": values["answer"],
                    "manufacturer_ref": (values.get("manufacturer_ref") or "").strip(),
                    "answered_by": (values.get("answered_by") or "").strip(),
                    "answer_date": answer_date,
                    "recorded_by_id": self.env.uid,
                }
            )
        )
        stages = self._kia_technical_stages()
        if self.stage_id != stages["answered"]:
            self.write({"stage_id": stages["answered"].id})
        self.message_post(
            body=self.env._(
                "Manufacturer's answer recorded (%(ref)s): %(answer)s",
                ref=answer.manufacturer_ref or self.env._("no reference"),
                answer=html2plaintext(answer.answer),
            )
        )
        return answer.with_env(self.env)

    def action_kia_quality_report(self):
        """Write the quality information feedback (信息反馈) of the case."""
        self.ensure_one()
        report = self.env["kia.quality.report"].create(
            self.env["kia.quality.report"]._kia_values_from_case(self)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "kia.quality.report",
            "res_id": report.id,
            "view_mode": "form",
        }

    def action_kia_view_quality_reports(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_aftersales.action_kia_quality_report"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------ helpers

    def _kia_open_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    @api.model
    def _kia_cases_action(self, domain):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Technical Cases"),
            "res_model": "helpdesk.ticket",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False},
        }

    @api.model
    def _kia_technical_team(self, company):
        team = self.env["helpdesk.ticket.team"].search(
            [
                ("type_ids", "=", self.env.ref("kia_aftersales.helpdesk_ticket_type_technical").id),
                ("company_id", "in", [company.id, False]),
            ],
            order="company_id, sequence, id",
            limit=1,
        )
        if not team:
            raise UserError(
                self.env._(
                    "%(company)s has no technical support team: create a helpdesk team "
                    "with the ticket type Technical Case.",
                    company=company.name,
                )
            )
        return team

    @api.model
    def _kia_raise_from_jobs(self, orders, jobs):
        """Create the draft technical cases of work orders ``orders`` (without a job) and
        of jobs ``jobs``, prefilled from them."""
        values = []
        ticket_type = self.env.ref("kia_aftersales.helpdesk_ticket_type_technical")
        for order, job in [(order, jobs.browse()) for order in orders] + [
            (job.repair_id, job) for job in jobs
        ]:
            if not order.kia_vehicle_id.vin_sn:
                raise UserError(
                    self.env._(
                        "Work order %(order)s has no vehicle with a VIN: a technical case "
                        "needs the VIN.",
                        order=order.name,
                    )
                )
            concern = job.concern or order.kia_customer_concerns or ""
            symptoms = "\n".join(filter(None, [job.concern, job.cause])) or concern
            team = self._kia_technical_team(order.company_id)
            values.append(
                {
                    "name": self.env._(
                        "%(model)s %(vin)s: %(concern)s",
                        model=order.kia_vehicle_id.model_id.name or "",
                        vin=order.kia_vehicle_id.vin_sn,
                        concern=(concern.splitlines() or [order.name])[0][:80],
                    ),
                    "description": plaintext2html(concern or order.name),
                    "type_id": ticket_type.id,
                    "team_id": team.id,
                    "company_id": order.company_id.id,
                    "stage_id": self._kia_technical_stages()["draft"].id,
                    "kia_vehicle_id": order.kia_vehicle_id.id,
                    "kia_repair_ids": [(6, 0, order.ids)],
                    "kia_job_line_id": job.id,
                    "kia_odometer": order.kia_checkin_odometer,
                    "kia_symptoms": symptoms,
                }
            )
        return self.create(values)
