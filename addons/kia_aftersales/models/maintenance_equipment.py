import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError


class MaintenanceEquipment(models.Model):
    """The equipment and tool ledger (设施设备台账) of the workshop: lifts, diagnostic
    testers, special tools, measuring instruments, with their periodic inspection.

    The inspections themselves are Odoo's recurring preventive maintenance requests
    (``maintenance.request`` with ``recurring_maintenance``, ``repeat_interval`` and
    ``repeat_unit``): when one is done, Odoo plans the next one. The ledger only reads
    them, so that the maintenance team works in Odoo's own Maintenance screens; its dates
    are the workflow's (``kia.workflow.mixin``): an inspection is recorded by closing its
    request, never by editing a date."""

    _name = "maintenance.equipment"
    _inherit = ["maintenance.equipment", "kia.workflow.mixin"]

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
    kia_last_inspection_date = fields.Date(
        string="Last Inspection",
        compute="_compute_kia_inspection_dates",
        store=True,
        help="Close date of the latest done preventive maintenance request.",
    )
    kia_next_inspection_date = fields.Date(
        string="Next Inspection",
        compute="_compute_kia_inspection_dates",
        store=True,
        help="Scheduled date of the earliest open preventive maintenance request (the "
        "company's local date). Plan a recurring preventive request to keep it filled.",
    )
    kia_inspection_request_id = fields.Many2one(
        "maintenance.request",
        string="Next Inspection Request",
        compute="_compute_kia_inspection_dates",
        store=True,
        help="The open preventive maintenance request that holds the next inspection.",
    )
    kia_inspection_recurring = fields.Boolean(
        related="kia_inspection_request_id.recurring_maintenance", string="Recurring Inspection"
    )
    kia_inspection_repeat_interval = fields.Integer(
        related="kia_inspection_request_id.repeat_interval", string="Inspection Every"
    )
    kia_inspection_repeat_unit = fields.Selection(
        related="kia_inspection_request_id.repeat_unit", string="Inspection Interval Unit"
    )
    kia_inspection_overdue = fields.Boolean(
        string="Inspection Overdue",
        compute="_compute_kia_inspection_overdue",
        search="_search_kia_inspection_overdue",
        help="The next inspection date is before today (the company's local date).",
    )

    @api.depends(
        "maintenance_ids.maintenance_type",
        "maintenance_ids.schedule_date",
        "maintenance_ids.close_date",
        "maintenance_ids.stage_id.done",
        "maintenance_ids.archive",
        "company_id",
    )
    def _compute_kia_inspection_dates(self):
        """From the preventive requests already loaded through ``maintenance_ids``
        (one read for the whole recordset)."""
        for equipment in self:
            preventive = equipment.maintenance_ids.filtered(
                lambda r: r.maintenance_type == "preventive" and not r.archive
            )
            done = preventive.filtered(lambda r: r.stage_id.done and r.close_date)
            planned = preventive.filtered(lambda r: not r.stage_id.done and r.schedule_date).sorted(
                lambda r: (r.schedule_date, r.id)
            )
            equipment.kia_last_inspection_date = max(done.mapped("close_date"), default=False)
            equipment.kia_inspection_request_id = planned[:1]
            equipment.kia_next_inspection_date = (
                equipment._kia_local_date(planned[0].schedule_date) if planned else False
            )

    @api.depends("kia_next_inspection_date")
    def _compute_kia_inspection_overdue(self):
        for equipment in self:
            today = equipment.company_id._kia_today()
            equipment.kia_inspection_overdue = bool(
                equipment.kia_next_inspection_date and equipment.kia_next_inspection_date < today
            )

    def _search_kia_inspection_overdue(self, operator, value):
        """Date-dependent, hence not stored: the current company's date decides."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Filter overdue inspections with = True or = False."))
        overdue = [("kia_next_inspection_date", "<", self.env.company._kia_today())]
        if (operator == "=") == value:
            return overdue
        return ["!", *overdue]

    def _kia_local_date(self, value):
        """The date of a UTC datetime where the equipment's company is."""
        self.ensure_one()
        company = self.company_id or self.env.company
        tz = pytz.timezone(company.sudo()._kia_tz())
        return pytz.utc.localize(value).astimezone(tz).date()
