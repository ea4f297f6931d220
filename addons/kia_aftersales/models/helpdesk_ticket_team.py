from odoo import fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    kia_mailbox = fields.Boolean(
        string="After-Sales Mailbox",
        help="The team's mail alias is the dealer's after-sales mailbox: a mail from an "
        "unknown sender creates the customer's contact, and the vehicle named in the mail "
        "(plate or VIN) is linked to the ticket.",
    )

    def _get_applicable_stages(self):
        """A team with stages of its own (the complaint procedure's five steps, the
        technical cases' steps) works with those only, not with the stages every team
        shares."""
        stages = super()._get_applicable_stages()
        if len(self) == 1:
            own = stages.filtered(lambda stage: self in stage.team_ids)
            if own:
                return own
        return stages
