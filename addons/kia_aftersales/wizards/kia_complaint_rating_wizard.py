from odoo import fields, models


class KiaComplaintRatingWizard(models.TransientModel):
    """Customer relations records the customer's satisfaction with the resolution of a
    complaint, as the customer said it on the phone or at the counter: the same rating
    the customer's rating link applies (rating.rating on the ticket)."""

    _name = "kia.complaint.rating.wizard"
    _description = "Customer's Satisfaction with a Complaint's Resolution"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", required=True, readonly=True)
    resolution = fields.Text(related="ticket_id.kia_resolution")
    rating = fields.Selection(
        [("5", "Satisfied"), ("3", "Not satisfied"), ("1", "Highly dissatisfied")],
        string="Customer's Satisfaction",
        required=True,
    )
    feedback = fields.Text(string="Customer's Words")

    def action_confirm(self):
        self.ensure_one()
        self.ticket_id._kia_record_rating(int(self.rating), self.feedback)
        return {"type": "ir.actions.act_window_close"}
