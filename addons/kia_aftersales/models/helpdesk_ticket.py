from odoo import api, fields, models


class HelpdeskTicket(models.Model):
    """Customer-care tickets: complaints, technical cases and the after-sales mailbox.

    This file holds what every kind shares (vehicle, work orders, kind); each kind's rules
    are in their own file (helpdesk_ticket_complaint.py, helpdesk_ticket_technical.py,
    helpdesk_ticket_mailbox.py). The workflow mixin makes the fields the flow owns (reopen
    count, escalations, closure time, the technical case's stamps) refuse client writes.
    """

    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "kia.workflow.mixin"]

    kia_kind = fields.Selection(related="type_id.kia_kind", store=True, index=True)
    kia_vehicle_id = fields.Many2one(
        "fleet.vehicle",
        string="Vehicle",
        tracking=True,
        index="btree_not_null",
        check_company=True,
    )
    kia_repair_ids = fields.Many2many(
        "repair.order",
        "helpdesk_ticket_repair_order_rel",
        "ticket_id",
        "repair_id",
        string="Work Orders",
        check_company=True,
    )
    kia_followup_ids = fields.One2many(
        "kia.service.followup", "ticket_id", string="Follow-ups", readonly=True
    )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """The kanban of a team with stages of its own shows those columns only."""
        team_id = self.default_get(["team_id"]).get("team_id")
        if team_id:
            own = self.env["helpdesk.ticket.team"].browse(team_id)._get_applicable_stages()
            if any(own.mapped("team_ids")):
                return own
        return super()._read_group_stage_ids(stages, domain)
