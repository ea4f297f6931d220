from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

# An over-achieved KPI counts at most this much (a target met 3 times over does not hide
# the ones missed).
SCORE_CAP = 120.0


def kpi_score(actual, target, higher_is_better):
    """``(score, met)`` of an actual against its target: the achievement in % (actual ÷
    target when higher is better, target ÷ actual when lower is better), capped at
    ``SCORE_CAP``; 100 when both are 0. ``met``: the actual reached the target."""
    actual = round(actual, 2)
    target = round(target, 2)
    if higher_is_better:
        met = float_compare(actual, target, precision_digits=2) >= 0
        num, den = actual, target
    else:
        met = float_compare(actual, target, precision_digits=2) <= 0
        num, den = target, actual
    if not num and not den:
        score = 100.0
    elif not den:
        score = SCORE_CAP
    else:
        score = min(100.0 * num / den, SCORE_CAP)
    return round(score, 2), met


class KiaScorecardLine(models.Model):
    """A KPI of a monthly scorecard: the target, weight and points of the position (copied
    from the target when the scorecard is computed), the month's actual (with the sums it
    is the ratio of), the score and the points earned or lost. Written by the scorecard's
    computation only."""

    _name = "kia.scorecard.line"
    _inherit = ["kia.workflow.mixin"]
    _description = "Scorecard Line"
    _order = "scorecard_id, sequence, id"

    scorecard_id = fields.Many2one(
        "kia.scorecard", required=True, ondelete="cascade", index=True, kia_workflow=True
    )
    company_id = fields.Many2one(
        related="scorecard_id.company_id", store=True, string="Dealer", index=True
    )
    employee_id = fields.Many2one(related="scorecard_id.employee_id", store=True, index=True)
    job_id = fields.Many2one(related="scorecard_id.job_id", store=True, string="Position")
    month = fields.Date(related="scorecard_id.month", store=True)
    state = fields.Selection(related="scorecard_id.state", store=True)
    kpi_id = fields.Many2one(
        "kia.kpi", string="KPI", required=True, ondelete="restrict", kia_workflow=True
    )
    sequence = fields.Integer(kia_workflow=True)
    unit = fields.Selection(related="kpi_id.unit")
    higher_is_better = fields.Boolean(kia_workflow=True)
    target = fields.Float(digits=(16, 2), kia_workflow=True, aggregator="avg")
    weight = fields.Float(digits=(16, 2), kia_workflow=True, aggregator="sum")
    reward_points = fields.Float(digits=(16, 2), kia_workflow=True)
    penalty_points = fields.Float(digits=(16, 2), kia_workflow=True)
    actual = fields.Float(digits=(16, 2), kia_workflow=True, aggregator="avg")
    numerator = fields.Float(
        digits=(16, 2),
        kia_workflow=True,
        help="The month's sum of the KPI's figure (of its numerator for a ratio).",
    )
    denominator = fields.Float(
        digits=(16, 2), kia_workflow=True, help="The month's sum of a ratio's denominator."
    )
    score = fields.Float(
        digits=(16, 2),
        kia_workflow=True,
        aggregator="avg",
        help="Achievement of the target in %, at most 120.",
    )
    met = fields.Boolean(string="Target Met", kia_workflow=True)
    points = fields.Float(
        digits=(16, 2), kia_workflow=True, help="The reward when met, minus the penalty if not."
    )

    @api.model
    def _kia_values_from(self, kpi, target, values):
        """Line values of ``kpi`` against ``target`` from a row of figures ``values``
        (``{aggregate: value}``)."""
        numerator = values.get(f"{kpi.numerator}:sum") or 0.0
        denominator = (values.get(f"{kpi.denominator}:sum") or 0.0) if kpi.denominator else 0.0
        actual = values.get(kpi._kia_aggregate()) or 0.0
        score, met = kpi_score(actual, target.target, kpi.higher_is_better)
        return {
            "kpi_id": kpi.id,
            "sequence": kpi.sequence,
            "higher_is_better": kpi.higher_is_better,
            "target": target.target,
            "weight": target.weight,
            "reward_points": target.reward_points,
            "penalty_points": target.penalty_points,
            "actual": round(actual, 2),
            "numerator": numerator,
            "denominator": denominator,
            "score": score,
            "met": met,
            "points": target.reward_points if met else -target.penalty_points,
        }

    def write(self, vals):
        self.scorecard_id._kia_check_unlocked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approved(self):
        if self.scorecard_id.filtered(lambda s: s.state == "approved"):
            raise UserError(
                self.env._("An approved scorecard is locked: its lines cannot be deleted.")
            )
