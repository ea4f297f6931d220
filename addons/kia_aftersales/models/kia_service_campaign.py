from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .fleet_vehicle import normalize_vin, vin_error


class KiaServiceCampaign(models.Model):
    """A service campaign, recall or technical bulletin of the manufacturer (服务活动/召回)
    with the list of affected VINs; the vehicles are flagged at check-in and the work is
    tracked to completion."""

    _name = "kia.service.campaign"
    _description = "Service Campaign / Recall"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(string="Bulletin Number", required=True, tracking=True)
    campaign_type = fields.Selection(
        [
            ("recall", "Recall"),
            ("campaign", "Service Campaign"),
            ("bulletin", "Technical Bulletin"),
        ],
        string="Type",
        required=True,
        default="campaign",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date_start = fields.Date(string="Start", required=True, default=fields.Date.context_today)
    date_end = fields.Date(string="End")
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
    )
    labour_operation_id = fields.Many2one("kia.labour.operation", check_company=True)
    description = fields.Html(translate=True)
    line_ids = fields.One2many("kia.service.campaign.vehicle", "campaign_id", string="Vehicles")
    vehicle_count = fields.Integer(compute="_compute_progress", string="Affected")
    done_count = fields.Integer(compute="_compute_progress", string="Done")
    completion_rate = fields.Float(compute="_compute_progress", string="Completion (%)")

    _sql_constraints = [
        ("code_company_uniq", "unique (code, company_id)", "This bulletin number already exists."),
    ]

    @api.depends("line_ids.state")
    def _compute_progress(self):
        groups = self.env["kia.service.campaign.vehicle"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count"]
        )
        counts = {}
        for campaign, state, count in groups:
            counts.setdefault(campaign.id, {})[state] = count
        for campaign in self:
            by_state = counts.get(campaign.id, {})
            campaign.vehicle_count = sum(by_state.values())
            campaign.done_count = by_state.get("done", 0)
            campaign.completion_rate = (
                100.0 * campaign.done_count / campaign.vehicle_count
                if campaign.vehicle_count
                else 0.0
            )

    def action_activate(self):
        self.write({"state": "active"})

    def action_close(self):
        self.write({"state": "closed"})

    def _kia_add_vins(self, text):
        """Add the VINs of ``text`` (one per line, or separated by spaces/commas) to the
        campaign. Every VIN is checked first: one invalid VIN and nothing is added."""
        self.ensure_one()
        vins = []
        for token in (text or "").replace(",", " ").replace(";", " ").split():
            vin = normalize_vin(token)
            if vin and vin not in vins:
                vins.append(vin)
        if not vins:
            raise UserError(self.env._("Paste at least one VIN."))
        errors = [error for error in (vin_error(self.env, vin) for vin in vins) if error]
        if errors:
            raise UserError(
                self.env._("No VIN was added, correct these first:\n%s", "\n".join(errors[:20]))
            )
        existing = set(self.line_ids.mapped("vin"))
        new_vins = [vin for vin in vins if vin not in existing]
        self.write({"line_ids": [Command.create({"vin": vin}) for vin in new_vins]})
        return len(new_vins)
