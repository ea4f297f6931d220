from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk


class KiaComplaintPortal(CustomerPortalHelpdesk):
    """The customer's complaint page (/my/ticket): in the feedback step, the customer
    rates the resolution with his own rating link (rating module, /rate/<token>)."""

    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        feedback = ticket.env.ref(
            "kia_aftersales.helpdesk_stage_complaint_feedback", raise_if_not_found=False
        )
        if ticket.kia_kind == "complaint" and feedback and ticket.stage_id == feedback:
            # ``ticket`` was checked by _document_check_access (sudo): the token of its
            # customer's rating, created once.
            values["kia_rating_token"] = ticket.sudo()._rating_get_access_token()
        return values
