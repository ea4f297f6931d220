from odoo import fields, models


class KiaCampaignVinWizard(models.TransientModel):
    _name = "kia.campaign.vin.wizard"
    _description = "Add VINs to a Campaign"

    campaign_id = fields.Many2one("kia.service.campaign", required=True)
    vins = fields.Text(
        string="VINs", required=True, help="One VIN per line (or separated by spaces or commas)."
    )

    def action_add(self):
        self.campaign_id._kia_add_vins(self.vins)
        return {"type": "ir.actions.act_window_close"}
