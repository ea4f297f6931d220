from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from ..models.kia_scorecard import month_start


class KiaScorecardGenerateWizard(models.TransientModel):
    """Generate Scorecards: the month's scorecards of every employee whose position has
    targets, and the dealer's, for one or more dealers (the service manager)."""

    _name = "kia.scorecard.generate.wizard"
    _description = "Generate Scorecards"

    @api.model
    def _default_month(self):
        return month_start(self.env.company._kia_today()) - relativedelta(months=1)

    month = fields.Date(
        required=True,
        default=_default_month,
        help="Any day of the month to score (last month by default).",
    )
    company_ids = fields.Many2many(
        "res.company",
        string="Dealers",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)],
    )

    def action_generate(self):
        self.ensure_one()
        cards = self.env["kia.scorecard"]._kia_generate(self.month, self.company_ids)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_aftersales.action_kia_scorecard"
        )
        action["domain"] = [("id", "in", cards.ids)]
        action["context"] = {}
        return action
