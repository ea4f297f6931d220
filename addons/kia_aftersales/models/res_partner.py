from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    kia_vehicle_ids = fields.One2many("fleet.vehicle", "kia_owner_id", string="Vehicles")
    kia_vehicle_count = fields.Integer(compute="_compute_kia_counts", string="Vehicles Owned")
    kia_repair_count = fields.Integer(compute="_compute_kia_counts", string="Work Orders")
    kia_no_show_count = fields.Integer(
        compute="_compute_kia_counts",
        string="No-shows",
        help="Appointments the customer missed without notice.",
    )

    def _compute_kia_counts(self):
        vehicles = dict(
            self.env["fleet.vehicle"]._read_group(
                [("kia_owner_id", "in", self.ids)], ["kia_owner_id"], ["__count"]
            )
        )
        repairs = dict(
            self.env["repair.order"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        no_shows = dict(
            self.env["kia.appointment"]._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "no_show")],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.kia_vehicle_count = vehicles.get(partner, 0)
            partner.kia_repair_count = repairs.get(partner, 0)
            partner.kia_no_show_count = no_shows.get(partner, 0)

    def action_kia_view_vehicles(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kia_aftersales.action_kia_vehicle")
        action["domain"] = [("kia_owner_id", "=", self.id)]
        action["context"] = {"default_kia_owner_id": self.id}
        return action

    def action_kia_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_aftersales.action_kia_work_order"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
