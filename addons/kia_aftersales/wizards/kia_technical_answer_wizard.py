from odoo import fields, models


class KiaTechnicalAnswerWizard(models.TransientModel):
    """Record Answer: the manufacturer's answer to a technical case, appended to it."""

    _name = "kia.technical.answer.wizard"
    _description = "Record the Manufacturer's Answer"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Technical Case", required=True)
    answer = fields.Html(required=True)
    manufacturer_ref = fields.Char(
        string="Manufacturer Case", help="The manufacturer's case number."
    )
    answered_by = fields.Char(help="The manufacturer's engineer who gave the answer.")
    answer_date = fields.Datetime(required=True, default=fields.Datetime.now)

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._kia_record_answer(
            {
                "answer": self.answer,
                "manufacturer_ref": self.manufacturer_ref,
                "answered_by": self.answered_by,
                "answer_date": self.answer_date,
            }
        )
        return {"type": "ir.actions.act_window_close"}
