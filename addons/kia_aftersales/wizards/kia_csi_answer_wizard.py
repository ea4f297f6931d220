from odoo import Command, api, fields, models

ANSWERED_TYPES = ("simple_choice", "char_box", "text_box")


class KiaCsiAnswerWizard(models.TransientModel):
    """Customer relations answers the CSI questionnaire with the customer during the
    follow-up call; the answers are saved as the customer's survey answers."""

    _name = "kia.csi.answer.wizard"
    _description = "CSI Survey Answered During the Call"

    followup_id = fields.Many2one("kia.service.followup", required=True, readonly=True)
    survey_id = fields.Many2one(related="followup_id.survey_id")
    line_ids = fields.One2many("kia.csi.answer.wizard.line", "wizard_id", string="Answers")
    remarks = fields.Text()

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        followup = self.env["kia.service.followup"].browse(res.get("followup_id"))
        if "line_ids" in fields_list and followup.survey_id:
            questions = followup.survey_id.sudo().question_ids.filtered(
                lambda question: question.question_type in ANSWERED_TYPES
            )
            res["line_ids"] = [
                Command.create({"question_id": question.id}) for question in questions
            ]
        return res

    def action_confirm(self):
        self.ensure_one()
        answers = {
            line.question_id.id: line.answer_id.id or line.value_text
            for line in self.line_ids
            if line.answer_id or line.value_text
        }
        self.followup_id.action_record_answers(answers, self.remarks)
        return {"type": "ir.actions.act_window_close"}


class KiaCsiAnswerWizardLine(models.TransientModel):
    _name = "kia.csi.answer.wizard.line"
    _description = "CSI Survey Answer"

    wizard_id = fields.Many2one("kia.csi.answer.wizard", required=True, ondelete="cascade")
    question_id = fields.Many2one("survey.question", required=True, readonly=True)
    question_type = fields.Selection(related="question_id.question_type")
    answer_id = fields.Many2one(
        "survey.question.answer", domain="[('question_id', '=', question_id)]"
    )
    value_text = fields.Char(string="Text Answer")
