from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class HrCourseSchedule(models.Model):
    _inherit = "hr.course.schedule"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    kia_provider = fields.Selection(related="course_id.kia_provider", store=True)
    kia_trainer_id = fields.Many2one(
        "hr.employee",
        string="Internal Trainer",
        check_company=True,
        tracking=True,
        help="The dealer's trainer who runs an internal session.",
    )
    kia_retraining_of_id = fields.Many2one(
        "hr.course.schedule",
        string="Re-training Of Session",
        check_company=True,
        domain="[('kia_provider', '=', 'manufacturer')]",
        help="The manufacturer session whose content this internal re-training passes on.",
    )
    kia_retraining_ids = fields.One2many(
        "hr.course.schedule", "kia_retraining_of_id", string="Internal Re-trainings"
    )
    kia_retraining_due_date = fields.Date(
        string="Re-training Due",
        compute="_compute_kia_retraining",
        store=True,
        help="Manufacturer sessions: the internal re-training must be held by this date.",
    )
    kia_retraining_done = fields.Boolean(
        string="Re-trained Internally", compute="_compute_kia_retraining", store=True
    )
    kia_certificate_count = fields.Integer(compute="_compute_kia_certificate_count")

    @api.depends(
        "kia_provider",
        "end_date",
        "company_id.kia_retraining_days",
        "kia_retraining_ids.state",
    )
    def _compute_kia_retraining(self):
        for session in self:
            if session.kia_provider == "manufacturer" and session.end_date:
                session.kia_retraining_due_date = session.end_date + relativedelta(
                    days=session.company_id.kia_retraining_days
                )
            else:
                session.kia_retraining_due_date = False
            session.kia_retraining_done = any(
                retraining.state == "completed" for retraining in session.kia_retraining_ids
            )

    def _compute_kia_certificate_count(self):
        groups = self.env["hr.resume.line"]._read_group(
            [("kia_course_attendee_id.course_schedule_id", "in", self.ids)],
            ["kia_course_attendee_id"],
            ["__count"],
        )
        counts = {}
        for attendee, count in groups:
            session_id = attendee.course_schedule_id.id
            counts[session_id] = counts.get(session_id, 0) + count
        for session in self:
            session.kia_certificate_count = counts.get(session.id, 0)

    def validation2complete(self):
        res = super().validation2complete()
        self.filtered(lambda s: s.state == "completed")._kia_grant_certifications()
        return res

    def back2draft(self):
        if self.course_attendee_ids.filtered("kia_certification_id"):
            raise UserError(
                self.env._(
                    "Certificates were already granted by this session: revoke them "
                    "before reopening it."
                )
            )
        return super().back2draft()

    def _kia_grant_certifications(self):
        """Create the certification of every attendee who passed a session whose course
        grants one; an attendee's current certificate of that type is renewed."""
        attendees = self.course_attendee_ids.filtered(
            lambda a: (
                a.result == "passed"
                and a.active
                and a.course_schedule_id.course_id.kia_certification_type_id
                and not a.kia_certification_id
            )
        )
        if not attendees:
            return self.env["hr.resume.line"]
        resume_lines = self.env["hr.resume.line"].sudo()
        current = resume_lines.search(
            [
                ("employee_id", "in", attendees.employee_id.ids),
                (
                    "kia_certification_type_id",
                    "in",
                    attendees.course_schedule_id.course_id.kia_certification_type_id.ids,
                ),
                ("kia_is_current", "=", True),
                ("kia_revoked", "=", False),
            ]
        )
        current_by_key = {
            (line.employee_id.id, line.kia_certification_type_id.id): line for line in current
        }
        sequence = self.env["ir.sequence"]
        today = self.env.company._kia_today()
        vals_list = []
        for attendee in attendees:
            session = attendee.course_schedule_id
            course = session.course_id
            cert_type = course.kia_certification_type_id
            start = session.end_date or today
            previous = current_by_key.get((attendee.employee_id.id, cert_type.id))
            vals_list.append(
                {
                    "employee_id": attendee.employee_id.id,
                    "kia_certification_type_id": cert_type.id,
                    "kia_certification_level_id": course.kia_certification_level_id.id,
                    "kia_certificate_number": attendee.kia_certificate_number
                    or sequence.next_by_code("kia.certificate"),
                    "kia_issuer_id": (
                        session.training_company_id
                        or cert_type.issuer_id
                        or session.company_id.partner_id
                    ).id,
                    "date_start": start,
                    "date_end": course.kia_validity_months
                    and start + relativedelta(months=course.kia_validity_months),
                    "kia_course_attendee_id": attendee.id,
                    "kia_previous_id": previous.id if previous else False,
                    "description": self.env._("Granted by training session %s", session.name),
                }
            )
        lines = resume_lines.create(vals_list)
        for line in lines:
            line.kia_course_attendee_id.kia_certification_id = line
        return lines

    def action_kia_view_certificates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_training.action_kia_certification"
        )
        action["domain"] = [("kia_course_attendee_id.course_schedule_id", "=", self.id)]
        return action
