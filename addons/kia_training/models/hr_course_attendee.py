from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrCourseAttendee(models.Model):
    _inherit = "hr.course.attendee"

    company_id = fields.Many2one(related="course_schedule_id.company_id", store=True, index=True)
    kia_score = fields.Float(string="Score", help="Result of the final test, out of 100.")
    kia_attended_hours = fields.Float(string="Attended Hours")
    kia_certificate_number = fields.Char(
        string="Certificate Number",
        help="Number printed on the certificate by the manufacturer; left empty, the "
        "dealer's own sequence is used when the certification is granted.",
    )
    kia_certification_id = fields.Many2one(
        "hr.resume.line", string="Certification Granted", readonly=True, copy=False
    )

    _sql_constraints = [
        (
            "kia_score_range",
            "CHECK (kia_score >= 0 AND kia_score <= 100)",
            "A score must be between 0 and 100.",
        ),
        (
            "kia_attended_hours_positive",
            "CHECK (kia_attended_hours >= 0)",
            "Attended hours cannot be negative.",
        ),
    ]

    @api.constrains("employee_id", "course_schedule_id", "result", "active")
    def _check_kia_attendee(self):
        for attendee in self.filtered("active"):
            session = attendee.course_schedule_id
            if attendee.employee_id not in session.attendant_ids:
                raise ValidationError(
                    self.env._(
                        "%(employee)s is not an attendee of session %(session)s: add them "
                        "to the attendees before recording a result.",
                        employee=attendee.employee_id.name,
                        session=session.name,
                    )
                )

    @api.constrains("result", "kia_score")
    def _check_kia_result(self):
        for attendee in self:
            session = attendee.course_schedule_id
            if attendee.result != "pending" and session.state not in (
                "in_progress",
                "in_validation",
            ):
                raise ValidationError(
                    self.env._(
                        "Results of session %(session)s can only be recorded while it is in "
                        "progress or in validation.",
                        session=session.name,
                    )
                )
            pass_score = session.course_id.kia_pass_score
            if (
                attendee.result == "passed"
                and attendee.kia_score
                and attendee.kia_score < pass_score
            ):
                raise ValidationError(
                    self.env._(
                        "%(employee)s scored %(score)s, below the pass score of %(minimum)s: "
                        "the result cannot be 'passed'.",
                        employee=attendee.employee_id.name,
                        score=attendee.kia_score,
                        minimum=pass_score,
                    )
                )
