from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError

# Rank of hr.employee.certificate values, lowest first: compared with a job's minimum.
EDUCATION_RANK = {
    "other": 0,
    "secondary": 1,
    "graduate": 1,
    "associate": 2,
    "bachelor": 3,
    "master": 4,
    "doctor": 5,
}
DAYS_PER_YEAR = 365.25


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    certificate = fields.Selection(
        selection_add=[
            ("secondary", "High School / Vocational School"),
            ("graduate",),
            ("associate", "Junior College"),
            ("bachelor",),
        ],
        ondelete={"secondary": "set null", "associate": "set null"},
    )
    kia_driving_licence_class = fields.Selection(
        [
            ("c2", "C2"),
            ("c1", "C1"),
            ("b2", "B2"),
            ("b1", "B1"),
            ("a3", "A3"),
            ("a2", "A2"),
            ("a1", "A1"),
        ],
        string="Driving Licence",
        groups="hr.group_hr_user",
        tracking=True,
    )
    kia_driving_licence_expiry = fields.Date(
        string="Driving Licence Valid Until", groups="hr.group_hr_user"
    )
    kia_certification_ids = fields.One2many(
        "hr.resume.line",
        "employee_id",
        string="Certifications",
        domain=[("kia_certification_type_id", "!=", False)],
    )
    kia_certification_count = fields.Integer(
        compute="_compute_kia_certification_count", string="Certifications Held"
    )
    kia_experience_years = fields.Float(
        string="Relevant Experience (years)",
        compute="_compute_kia_experience_years",
        digits=(16, 1),
        groups="hr.group_hr_user",
    )
    kia_qualification_gaps = fields.Text(
        string="Qualification Gaps",
        compute="_compute_kia_qualification_gaps",
        groups="hr.group_hr_user,kia_training.group_kia_trainer",
    )
    kia_has_qualification_gap = fields.Boolean(
        string="Has Qualification Gaps",
        compute="_compute_kia_qualification_gaps",
        search="_search_kia_has_qualification_gap",
        groups="hr.group_hr_user,kia_training.group_kia_trainer",
    )

    def _compute_kia_certification_count(self):
        groups = self.env["hr.resume.line"]._read_group(
            [
                ("employee_id", "in", self.ids),
                ("kia_certification_type_id", "!=", False),
                ("kia_is_current", "=", True),
                ("expiration_status", "in", ("valid", "expiring")),
            ],
            ["employee_id"],
            ["__count"],
        )
        counts = {employee.id: count for employee, count in groups}
        for employee in self:
            employee.kia_certification_count = counts.get(employee.id, 0)

    def _compute_kia_experience_years(self):
        experience = self._kia_experience_years()
        for employee in self:
            employee.kia_experience_years = experience.get(employee.id, 0.0)

    def _compute_kia_qualification_gaps(self):
        gaps = self._kia_qualification_gaps()
        for employee in self:
            lines = gaps.get(employee.id, [])
            employee.kia_qualification_gaps = "\n".join(lines)
            employee.kia_has_qualification_gap = bool(lines)

    def _search_kia_has_qualification_gap(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Search on qualification gaps only supports = and !=."))
        employees = self.search([("job_id", "!=", False)])
        gaps = employees._kia_qualification_gaps()
        with_gap = [employee_id for employee_id, lines in gaps.items() if lines]
        want_gap = (operator == "=") == bool(value)
        return [("id", "in" if want_gap else "not in", with_gap)]

    # ------------------------------------------------------------------ authorisation

    def _kia_missing_certifications(self, requirements, at_date=None):
        """Return ``{employee_id: requirements}`` of the requirements each employee
        does not meet at ``at_date`` (default today): a certificate of the type, at
        the minimum level or above, issued on or before that date, not expired and
        not revoked, recorded as a certification (by HR or the trainer, never by the
        employee himself: see hr.resume.line). One query for the whole batch."""
        at_date = at_date or self.env.company._kia_today()
        if hasattr(at_date, "date"):
            at_date = at_date.date()
        held = defaultdict(set)  # (employee id, certification type id) -> level ids held
        lines = self.env["hr.resume.line"]
        if requirements and self:
            lines = lines.sudo().search(
                [
                    ("employee_id", "in", self.ids),
                    ("kia_certification_type_id", "in", requirements.certification_type_id.ids),
                    # Only certifications recorded by HR or the trainer count: an employee's
                    # own resume lines (education, experience...) never do.
                    ("display_type", "=", "certification"),
                    ("kia_revoked", "=", False),
                    ("date_start", "<=", at_date),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", at_date),
                ]
            )
            for line in lines:
                key = (line.employee_id.id, line.kia_certification_type_id.id)
                held[key].add(line.kia_certification_level_id.id)
        # Levels rank by (sequence, id), as they are ordered.
        rank = {
            level.id: (level.sequence, level.id)
            for level in lines.kia_certification_level_id | requirements.min_level_id
        }

        def met(employee, requirement):
            key = (employee.id, requirement.certification_type_id.id)
            if key not in held:
                return False
            if not requirement.min_level_id:
                return True
            minimum = rank[requirement.min_level_id.id]
            return any(level_id and rank[level_id] >= minimum for level_id in held[key])

        return {
            employee.id: requirements.filtered(lambda req, emp=employee: not met(emp, req))
            for employee in self
        }

    def _kia_check_authorised(self, requirements, at_date=None, work_name=None):
        """Raise a UserError naming every employee of ``self`` who lacks a valid
        certification that ``requirements`` (and their own job position, for
        on-duty requirements) call for at ``at_date``."""
        missing_by_employee = {}
        for job, employees in self.grouped("job_id").items():
            needed = requirements | job.kia_requirement_ids.filtered("on_duty")
            missing_by_employee.update(employees._kia_missing_certifications(needed, at_date))
        problems = []
        for employee in self:
            missing = missing_by_employee[employee.id]
            if missing:
                problems.append(
                    self.env._(
                        "%(employee)s has no valid %(missing)s",
                        employee=employee.name,
                        missing=", ".join(missing.mapped("display_name")),
                    )
                )
        if problems:
            raise UserError(
                self.env._(
                    "Not authorised for %(work)s on %(date)s:\n%(problems)s\n"
                    "Record or renew the certification in Training > Certifications, "
                    "or assign someone who holds it.",
                    work=work_name or self.env._("this work"),
                    date=at_date or self.env.company._kia_today(),
                    problems="\n".join(problems),
                )
            )
        return True

    # ------------------------------------------------------------------ gap report

    def _kia_experience_years(self):
        """Years of the 'Experience' resume lines of each employee (one query)."""
        experience_type = self.env.ref("hr_skills.resume_type_experience", raise_if_not_found=False)
        if not experience_type or not self:
            return {}
        today = self.env.company._kia_today()
        years = defaultdict(float)
        lines = (
            self.env["hr.resume.line"]
            .sudo()
            .search_read(
                [("employee_id", "in", self.ids), ("line_type_id", "=", experience_type.id)],
                ["employee_id", "date_start", "date_end"],
            )
        )
        for line in lines:
            end = min(line["date_end"] or today, today)
            if end > line["date_start"]:
                years[line["employee_id"][0]] += (end - line["date_start"]).days / DAYS_PER_YEAR
        return years

    def _kia_qualification_gaps(self):
        """Return ``{employee_id: [gap, ...]}``: what each employee lacks against the
        entry requirements (任职条件) of their job position."""
        employees = self.sudo().filtered("job_id")
        experience = employees._kia_experience_years()
        all_requirements = employees.job_id.kia_requirement_ids
        missing = {}
        for job, job_employees in employees.grouped("job_id").items():
            missing.update(job_employees._kia_missing_certifications(job.kia_requirement_ids))
        education_labels = dict(self._fields["certificate"]._description_selection(self.env))
        today = self.env.company._kia_today()
        gaps = {}
        for employee in employees:
            job = employee.job_id
            lines = []
            if (
                job.kia_min_education
                and EDUCATION_RANK.get(employee.certificate, 0)
                < EDUCATION_RANK[job.kia_min_education]
            ):
                lines.append(
                    self.env._(
                        "Education: %(required)s or higher required, has %(actual)s",
                        required=education_labels[job.kia_min_education],
                        actual=education_labels.get(employee.certificate)
                        or self.env._("none recorded"),
                    )
                )
            years = experience.get(employee.id, 0.0)
            if job.kia_min_experience_years and years < job.kia_min_experience_years:
                lines.append(
                    self.env._(
                        "Experience: %(required)s years required, has %(actual).1f",
                        required=job.kia_min_experience_years,
                        actual=years,
                    )
                )
            if job.kia_driving_licence_required and (
                not employee.kia_driving_licence_class
                or (
                    employee.kia_driving_licence_expiry
                    and employee.kia_driving_licence_expiry < today
                )
            ):
                lines.append(self.env._("Driving licence: a valid licence is required"))
            for requirement in missing.get(employee.id, all_requirements.browse()):
                lines.append(
                    self.env._(
                        "Certification: %(cert)s missing or expired", cert=requirement.display_name
                    )
                )
            gaps[employee.id] = lines
        return gaps

    def action_kia_view_certifications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_training.action_kia_certification"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action
