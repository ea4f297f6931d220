from odoo import api, fields, models


class KiaServiceCampaignVehicle(models.Model):
    _name = "kia.service.campaign.vehicle"
    _description = "Vehicle of a Campaign / Recall"
    _order = "campaign_id, vin"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        "kia.service.campaign", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    campaign_type = fields.Selection(related="campaign_id.campaign_type")
    vin = fields.Char(string="VIN", required=True, index=True)
    vehicle_id = fields.Many2one(
        "fleet.vehicle",
        compute="_compute_vehicle_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        check_company=True,
    )
    state = fields.Selection(
        [("open", "To Do"), ("done", "Done")], default="open", required=True, index=True
    )
    repair_id = fields.Many2one("repair.order", string="Done In", readonly=True)
    done_date = fields.Date(readonly=True)

    _sql_constraints = [
        ("vin_campaign_uniq", "unique (campaign_id, vin)", "This VIN is already in the campaign."),
    ]

    @api.depends("vin", "company_id")
    def _compute_vehicle_id(self):
        vehicles = self.env["fleet.vehicle"].search([("vin_sn", "in", self.mapped("vin"))])
        by_key = {(vehicle.vin_sn, vehicle.company_id.id): vehicle for vehicle in vehicles}
        for line in self:
            line.vehicle_id = by_key.get((line.vin, line.company_id.id), False)

    @api.depends("campaign_id", "vin")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.campaign_id.code} - {line.vin}"

    def _kia_mark_done(self, jobs):
        """The campaign work of ``jobs`` was delivered."""
        for line in self:
            job = jobs.filtered(lambda j, line=line: j.campaign_line_id == line)[:1]
            line.write(
                {
                    "state": "done",
                    "repair_id": job.repair_id.id,
                    "done_date": line.company_id._kia_today(),
                }
            )
