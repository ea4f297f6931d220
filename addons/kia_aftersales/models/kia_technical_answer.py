from odoo import fields, models


class KiaTechnicalAnswer(models.Model):
    """An answer of the manufacturer's technical hotline to a technical case.

    Evidence (``kia.workflow.mixin``, append-only): recorded by the case's *Record Answer*
    (``helpdesk.ticket._kia_record_answer``), never edited nor deleted; a further or
    corrected answer is a new line."""

    _name = "kia.technical.answer"
    _description = "Manufacturer's Answer"
    _inherit = ["kia.workflow.mixin"]
    _order = "answer_date desc, id desc"
    _rec_name = "manufacturer_ref"
    _check_company_auto = True
    _kia_append_only = True

    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Technical Case",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    answer = fields.Html(required=True, readonly=True, sanitize_style=True)
    manufacturer_ref = fields.Char(
        string="Manufacturer Case", readonly=True, help="The manufacturer's case number."
    )
    answered_by = fields.Char(
        readonly=True, help="The manufacturer's engineer who gave the answer."
    )
    answer_date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    recorded_by_id = fields.Many2one("res.users", readonly=True)
