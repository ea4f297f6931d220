from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KiaScorecardTarget(models.Model):
    """A KPI's target for a position (考核指标): what the service manager expects of an
    advisor, a technician, a parts or warranty clerk (an Odoo job position), or of the
    dealer itself (no position), with the KPI's weight in the monthly score and the
    reward or penalty points that follow (考核与奖惩)."""

    _name = "kia.scorecard.target"
    _description = "Scorecard Target"
    _order = "company_id, job_id, sequence, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Dealer",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    job_id = fields.Many2one(
        "hr.job",
        string="Position",
        check_company=True,
        index=True,
        help="The position whose employees are scored on this target; empty: the dealer's "
        "own scorecard.",
    )
    kpi_id = fields.Many2one("kia.kpi", string="KPI", required=True, ondelete="restrict")
    sequence = fields.Integer(related="kpi_id.sequence", store=True)
    unit = fields.Selection(related="kpi_id.unit")
    higher_is_better = fields.Boolean(related="kpi_id.higher_is_better")
    dimension = fields.Selection(related="kpi_id.dimension")
    target = fields.Float(required=True, digits=(16, 2))
    weight = fields.Float(required=True, default=1.0, digits=(16, 2))
    reward_points = fields.Float(digits=(16, 2), help="Points earned when the target is met.")
    penalty_points = fields.Float(digits=(16, 2), help="Points lost when the target is missed.")
    active = fields.Boolean(default=True)

    @api.constrains("target", "weight", "reward_points", "penalty_points")
    def _check_values(self):
        for target in self:
            if target.weight <= 0:
                raise ValidationError(
                    self.env._(
                        "The weight of target %(kpi)s must be greater than zero.",
                        kpi=target.kpi_id.name,
                    )
                )
            if target.target < 0:
                raise ValidationError(
                    self.env._("The target of %(kpi)s cannot be negative.", kpi=target.kpi_id.name)
                )
            if target.reward_points < 0 or target.penalty_points < 0:
                raise ValidationError(
                    self.env._(
                        "Reward and penalty points of %(kpi)s are counted as given: enter "
                        "them as positive numbers.",
                        kpi=target.kpi_id.name,
                    )
                )

    @api.constrains("job_id", "kpi_id")
    def _check_dimension(self):
        for target in self:
            if target.job_id and target.kpi_id.dimension == "company":
                raise ValidationError(
                    self.env._(
                        "%(kpi)s is measured for the dealer only: set its target without a "
                        "position (the dealer's scorecard).",
                        kpi=target.kpi_id.name,
                    )
                )

    @api.constrains("company_id", "job_id", "kpi_id", "active")
    def _check_unique(self):
        """One target per dealer, position and KPI (checked for all of ``self`` at once)."""
        targets = self.filtered("active")
        if not targets:
            return
        groups = self.with_context(active_test=True)._read_group(
            [
                ("company_id", "in", targets.company_id.ids),
                ("kpi_id", "in", targets.kpi_id.ids),
            ],
            ["company_id", "job_id", "kpi_id"],
            ["__count"],
        )
        for company, job, kpi, count in groups:
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "%(dealer)s already has a target for %(kpi)s on %(position)s.",
                        dealer=company.name,
                        kpi=kpi.name,
                        position=job.name or self.env._("the dealer's scorecard"),
                    )
                )
