from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.kia_training.models.kia_workflow_mixin import FREE_PREFIXES

STATES = [
    ("draft", "Draft"),
    ("computed", "Computed"),
    ("approved", "Approved"),
    ("cancelled", "Cancelled"),
]


def month_start(day):
    """The first day of ``day``'s month."""
    return fields.Date.to_date(day).replace(day=1)


class KiaScorecard(models.Model):
    """A monthly scorecard (月度考核表, AN-02): an employee's month (advisor, technician,
    parts clerk, warranty clerk: whoever holds a position with targets) or the dealer's,
    scored KPI by KPI against the targets the service manager sets per position, with a
    weighted score and the reward or penalty points that follow (考核与奖惩).

    Scorecards are made by *Generate Scorecards* (all employees of a dealer and month at
    once, a bounded number of queries whatever the headcount), computed from the KPI fact
    table, then approved by the service manager: approved, a scorecard is locked (no
    field, no line changes any more, whoever writes)."""

    _name = "kia.scorecard"
    _inherit = ["kia.workflow.mixin", "mail.thread"]
    _description = "Monthly Scorecard"
    _order = "month desc, company_id, employee_id, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    period = fields.Char(compute="_compute_name", store=True, help="The month, as 2026-11.")
    subject = fields.Char(
        string="Employee or Dealer",
        compute="_compute_name",
        store=True,
        help="The employee, or the dealer for the dealer's own scorecard.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="Dealer",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        kia_workflow=True,
    )
    employee_id = fields.Many2one(
        "hr.employee",
        index=True,
        check_company=True,
        kia_workflow=True,
        help="Empty: the dealer's own scorecard.",
    )
    user_id = fields.Many2one(related="employee_id.user_id", string="User")
    job_id = fields.Many2one(
        "hr.job",
        string="Position",
        kia_workflow=True,
        help="The employee's position when the scorecard was made (its targets apply).",
    )
    month = fields.Date(required=True, index=True, kia_workflow=True, help="The month's first day.")
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, index=True, kia_workflow=True
    )
    line_ids = fields.One2many(
        "kia.scorecard.line", "scorecard_id", string="KPIs", kia_workflow=True
    )
    weighted_score = fields.Float(
        compute="_compute_totals",
        store=True,
        digits=(16, 2),
        aggregator="avg",
        help="Σ weight × score ÷ Σ weight of the KPIs.",
    )
    total_points = fields.Float(
        compute="_compute_totals",
        store=True,
        digits=(16, 2),
        help="Rewards of the targets met minus penalties of the targets missed.",
    )
    computed_date = fields.Datetime(string="Computed On", readonly=True, kia_workflow=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, kia_workflow=True)
    approved_date = fields.Datetime(string="Approved On", readonly=True, kia_workflow=True)
    note = fields.Text(string="Comments", help="The service manager's comments on the month.")

    def init(self):
        # One live scorecard per dealer, employee (or the dealer's) and month, even when
        # two generations run at once.
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS kia_scorecard_unique_month_idx
                ON kia_scorecard (company_id, COALESCE(employee_id, 0), month)
                WHERE state != 'cancelled'"""
        )

    @api.depends("month", "employee_id.name", "company_id.name")
    def _compute_name(self):
        for card in self:
            card.period = card.month and card.month.strftime("%Y-%m") or ""
            card.subject = card.employee_id.name or card.company_id.name or ""
            card.name = f"{card.period} {card.subject}".strip()

    @api.depends("line_ids.score", "line_ids.weight", "line_ids.points")
    def _compute_totals(self):
        for card in self:
            weight = sum(card.line_ids.mapped("weight"))
            card.weighted_score = (
                round(sum(line.weight * line.score for line in card.line_ids) / weight, 2)
                if weight
                else 0.0
            )
            card.total_points = sum(card.line_ids.mapped("points"))

    # ------------------------------------------------------------------------- locking
    def _kia_check_unlocked(self):
        if self.filtered(lambda card: card.state == "approved"):
            raise UserError(
                self.env._("An approved scorecard is locked: it cannot be changed or recomputed.")
            )

    def write(self, vals):
        # Locked whoever writes (even the system): the flow never writes an approved
        # scorecard. Chatter and followers stay free.
        if any(not key.startswith(FREE_PREFIXES) for key in vals):
            self._kia_check_unlocked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        self._kia_check_unlocked()

    def _kia_check_manager(self):
        if not self.env.user.has_group("kia_aftersales.group_service_manager"):
            raise AccessError(
                self.env._("Only the service manager generates and approves scorecards.")
            )

    # ---------------------------------------------------------------------- generation
    @api.model
    def _kia_generate(self, month, companies):
        """Create the missing scorecards of ``month`` for ``companies`` (each employee
        whose position has targets there, and the dealer's when it has targets of its
        own) and compute them with the ones still open. Approved and cancelled
        scorecards are left as they are. Returns the month's scorecards."""
        self._kia_check_manager()
        companies.check_access("read")
        if companies - self.env.user.company_ids:
            raise AccessError(self.env._("You can only generate the scorecards of your dealers."))
        month = month_start(month)
        sudo = self.sudo()
        targets = (
            self.env["kia.scorecard.target"].sudo().search([("company_id", "in", companies.ids)])
        )
        scored = {(target.company_id.id, target.job_id.id) for target in targets}
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search([("company_id", "in", companies.ids), ("job_id", "in", targets.job_id.ids)])
        )
        existing = sudo.search([("company_id", "in", companies.ids), ("month", "=", month)])
        have = {(card.company_id.id, card.employee_id.id) for card in existing}
        to_create = [
            {
                "company_id": employee.company_id.id,
                "employee_id": employee.id,
                "job_id": employee.job_id.id,
                "month": month,
            }
            for employee in employees
            if (employee.company_id.id, employee.job_id.id) in scored
            and (employee.company_id.id, employee.id) not in have
        ]
        to_create += [
            {"company_id": company.id, "month": month}
            for company in companies
            if (company.id, False) in scored and (company.id, False) not in have
        ]
        created = sudo.with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(to_create)
        cards = existing | created
        cards.filtered(lambda card: card.state in ("draft", "computed"))._kia_compute_lines(targets)
        return cards.sudo(False)

    def action_kia_compute(self):
        """Recompute these scorecards from the current figures (not approved ones)."""
        self._kia_check_manager()
        self.check_access("write")
        self._kia_check_unlocked()
        if self.filtered(lambda card: card.state == "cancelled"):
            raise UserError(self.env._("A cancelled scorecard is not recomputed."))
        targets = (
            self.env["kia.scorecard.target"]
            .sudo()
            .search([("company_id", "in", self.company_id.ids)])
        )
        self.sudo()._kia_compute_lines(targets)
        return True

    def _kia_compute_lines(self, targets):
        """Replace the lines of these (open) scorecards: for each month, one query of the
        fact table per dimension (dealer, advisor, employee) for all scorecards."""
        self._kia_check_unlocked()
        Line = self.env["kia.scorecard.line"]
        by_key = defaultdict(lambda: self.env["kia.scorecard.target"])
        for target in targets:
            by_key[target.company_id, target.job_id] |= target
        kpis = targets.kpi_id
        aggregates = set()
        for kpi in kpis:
            aggregates.add(kpi._kia_aggregate())
            aggregates.add(f"{kpi.numerator}:sum")
            if kpi.denominator:
                aggregates.add(f"{kpi.denominator}:sum")
        aggregates = sorted(aggregates)
        Fact = self.env["kia.kpi.fact"].sudo()
        line_vals = []
        for month in set(self.mapped("month")):
            cards = self.filtered(lambda card, m=month: card.month == m)
            domain = [
                ("date", ">=", month),
                ("date", "<", month + relativedelta(months=1)),
                ("company_id", "in", cards.company_id.ids),
            ]
            figures = {}
            if kpis:
                specs = {
                    "company": ("company_id", None, None),
                    "advisor": ("advisor_id", "advisor_id", cards.employee_id.user_id),
                    "employee": ("employee_id", "employee_id", cards.employee_id),
                }
                for dimension, (column, field, records) in specs.items():
                    extra = []
                    groupby = ["company_id"]
                    if field:
                        if not records:
                            continue
                        extra = [(field, "in", records.ids)]
                        groupby.append(column)
                    rows = Fact._read_group(domain + extra, groupby, aggregates)
                    for row in rows:
                        figures[(dimension, *row[: len(groupby)])] = dict(
                            zip(aggregates, row[len(groupby) :], strict=True)
                        )
            for card in cards:
                for target in by_key[card.company_id, card.job_id]:
                    kpi = target.kpi_id
                    if not card.employee_id:
                        key = ("company", card.company_id)
                    elif kpi.dimension == "advisor":
                        key = ("advisor", card.company_id, card.employee_id.user_id)
                    elif kpi.dimension == "employee":
                        key = ("employee", card.company_id, card.employee_id)
                    else:
                        continue
                    values = figures.get(key, {})
                    line_vals.append(
                        {"scorecard_id": card.id} | Line._kia_values_from(kpi, target, values)
                    )
        self.line_ids.sudo().unlink()
        Line.sudo().create(line_vals)
        self.sudo().write({"state": "computed", "computed_date": fields.Datetime.now()})

    # ------------------------------------------------------------------------ approval
    def action_kia_approve(self):
        """The service manager approves the month's scorecards: stamped, then locked."""
        self._kia_check_manager()
        self.check_access("write")
        if self.filtered(lambda card: card.state != "computed"):
            raise UserError(self.env._("Only computed scorecards can be approved."))
        if self.filtered(lambda card: card.employee_id.user_id == self.env.user):
            raise UserError(self.env._("Your own scorecard is approved by someone else."))
        self._kia_flow_write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_date": fields.Datetime.now(),
            }
        )
        return True

    def action_kia_cancel(self):
        """Not scored this month (leave, left the dealer): cancelled, never an approved
        one (its points are paid)."""
        self._kia_check_manager()
        self.check_access("write")
        self._kia_check_unlocked()
        self._kia_flow_write({"state": "cancelled"})
        return True

    def action_kia_reset(self):
        """A cancelled scorecard back to draft (to be computed again)."""
        self._kia_check_manager()
        self.check_access("write")
        if self.filtered(lambda card: card.state != "cancelled"):
            raise UserError(self.env._("Only cancelled scorecards go back to draft."))
        self._kia_flow_write({"state": "draft"})
        return True
