from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models


class MaintenanceEquipment(models.Model):
    """The equipment and tool ledger (设施设备台账) of the workshop: lifts, diagnostic
    testers, special tools, measuring instruments, with their periodic inspection."""

    _inherit = "maintenance.equipment"

    kia_ledger_type = fields.Selection(
        [
            ("lift", "Lift / Bay Equipment"),
            ("diagnostic", "Diagnostic Equipment"),
            ("special_tool", "Special Tool"),
            ("measuring", "Measuring Instrument"),
            ("ev", "EV / High-Voltage Equipment"),
            ("facility", "Facility"),
        ],
        string="Ledger Type",
    )
    kia_inspection_months = fields.Integer(
        string="Inspection Every (months)",
        help="Periodic inspection or calibration interval; 0 when not required.",
    )
    kia_last_inspection_date = fields.Date(string="Last Inspection")
    kia_next_inspection_date = fields.Date(
        string="Next Inspection", compute="_compute_kia_next_inspection_date", store=True
    )

    @api.depends("kia_last_inspection_date", "kia_inspection_months", "effective_date")
    def _compute_kia_next_inspection_date(self):
        for equipment in self:
            since = equipment.kia_last_inspection_date or equipment.effective_date
            equipment.kia_next_inspection_date = (
                since
                and equipment.kia_inspection_months
                and since + relativedelta(months=equipment.kia_inspection_months)
            )

    @api.model
    def _cron_kia_inspection_requests(self):
        """Open a preventive maintenance request for every equipment whose inspection falls
        due within 14 days and has none open."""
        horizon = fields.Date.context_today(self) + relativedelta(days=14)
        equipments = self.search(
            [("kia_next_inspection_date", "!=", False), ("kia_next_inspection_date", "<=", horizon)]
        )
        open_requests = self.env["maintenance.request"].search(
            [
                ("equipment_id", "in", equipments.ids),
                ("maintenance_type", "=", "preventive"),
                ("stage_id.done", "=", False),
            ]
        )
        due = equipments - open_requests.equipment_id
        return self.env["maintenance.request"].create(
            [
                {
                    "name": _("Periodic inspection: %s", equipment.name),
                    "equipment_id": equipment.id,
                    "maintenance_type": "preventive",
                    "schedule_date": equipment.kia_next_inspection_date,
                    "company_id": equipment.company_id.id,
                }
                for equipment in due
            ]
        )
