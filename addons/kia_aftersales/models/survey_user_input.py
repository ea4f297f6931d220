from odoo import api, fields, models
from odoo.exceptions import UserError


class SurveyUserInput(models.Model):
    """A customer's answers to the CSI questionnaire of a follow-up: once done (online
    through the survey link, or entered by customer relations during the call), their
    score is the follow-up's CSI."""

    _inherit = "survey.user_input"

    kia_followup_id = fields.Many2one(
        "kia.service.followup",
        string="Follow-up",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    def _kia_check_followup_vals(self, vals):
        if "kia_followup_id" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "The follow-up of survey answers is set when the follow-up sends its "
                    "survey: the change was refused."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kia_check_followup_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._kia_check_followup_vals(vals)
        return super().write(vals)

    def _mark_done(self):
        res = super()._mark_done()
        followup_answers = self.filtered("kia_followup_id")
        if followup_answers:
            self.env["kia.service.followup"].sudo()._kia_record_survey(followup_answers)
        return res
