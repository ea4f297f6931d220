from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# ISO 3779 (and GB 16735 in China): the 9th character of a VIN is a check digit.
VIN_VALUES = {
    **{str(digit): digit for digit in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
    **dict(zip("JKLMN", range(1, 6), strict=True)),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10), strict=True)),
}
VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(vin):
    """The check digit a 17-character VIN of valid characters must carry."""
    remainder = sum(VIN_VALUES[char] * weight for char, weight in zip(vin, VIN_WEIGHTS)) % 11
    return "X" if remainder == 10 else str(remainder)


def vin_error(env, vin):
    """Why ``vin`` is not a valid VIN (in the language of ``env``), or None."""
    if len(vin) != 17:
        return env._("VIN %(vin)s has %(count)s characters: a VIN has 17.", vin=vin, count=len(vin))
    invalid = sorted({char for char in vin if char not in VIN_VALUES})
    if invalid:
        return env._(
            "VIN %(vin)s contains %(chars)s: a VIN uses digits and capital letters except "
            "I, O and Q.",
            vin=vin,
            chars=", ".join(invalid),
        )
    expected = vin_check_digit(vin)
    if vin[8] != expected:
        return env._(
            "VIN %(vin)s is not valid: its check digit (9th character) is %(found)s, the "
            "characters give %(expected)s. Check the VIN on the registration certificate.",
            vin=vin,
            found=vin[8],
            expected=expected,
        )
    return None


def normalize_vin(vin):
    return (vin or "").strip().upper().replace(" ", "") or False


class FleetVehicle(models.Model):
    _inherit = "fleet.vehicle"

    kia_owner_id = fields.Many2one(
        "res.partner", string="Owner", tracking=True, index=True, check_company=True
    )
    kia_owner_phone = fields.Char(
        related="kia_owner_id.phone",
        string="Owner Phone",
        groups="kia_aftersales.group_advisor,kia_aftersales.group_customer_relations",
    )
    kia_owner_mobile = fields.Char(
        related="kia_owner_id.mobile",
        string="Owner Mobile",
        groups="kia_aftersales.group_advisor,kia_aftersales.group_customer_relations",
    )
    kia_sale_date = fields.Date(string="Sale Date", tracking=True)
    kia_warranty_start = fields.Date(
        string="Warranty Start",
        compute="_compute_kia_warranty_start",
        store=True,
        readonly=False,
        tracking=True,
        help="Start of the manufacturer's warranty: the sale (invoice) date unless set.",
    )
    kia_is_service_vehicle = fields.Boolean(
        string="Service Vehicle",
        help="One of the dealer's own after-sales service vehicles, used for "
        "roadside rescue and outside service.",
    )
    kia_repair_ids = fields.One2many("repair.order", "kia_vehicle_id", string="Work Orders")
    kia_repair_count = fields.Integer(
        compute="_compute_kia_repair_count", string="Number of Work Orders"
    )
    kia_last_maintenance_date = fields.Date(string="Last Maintenance", readonly=True, copy=False)
    kia_last_maintenance_odometer = fields.Float(
        string="Odometer at Last Maintenance", readonly=True, copy=False
    )
    kia_next_service_date = fields.Date(
        string="Next Maintenance Due",
        compute="_compute_kia_next_service",
        store=True,
        help="From the last maintenance (or the warranty start) and the model's interval.",
    )
    kia_next_service_km = fields.Float(
        string="Next Maintenance Due (km)", compute="_compute_kia_next_service", store=True
    )
    kia_service_reminder_date = fields.Date(readonly=True, copy=False)
    kia_odometer_ids = fields.One2many(
        "fleet.vehicle.odometer", "vehicle_id", string="Odometer Readings", readonly=True
    )
    kia_service_due_date = fields.Date(
        string="Maintenance Due (estimated)",
        compute="_compute_kia_service_due_date",
        store=True,
        index="btree_not_null",
        help="The earlier of the maintenance due date and the day the vehicle is expected "
        "to reach the due mileage at its average daily distance. The daily service "
        "reminders search on it.",
    )
    kia_first_service_due_date = fields.Date(
        string="First Free Maintenance Until",
        compute="_compute_kia_first_service_due",
        store=True,
    )
    kia_first_service_due_km = fields.Float(
        string="First Free Maintenance Until (km)",
        compute="_compute_kia_first_service_due",
        store=True,
    )
    kia_first_service_repair_id = fields.Many2one(
        "repair.order", string="First Free Maintenance Done In", readonly=True, copy=False
    )
    kia_first_service_status = fields.Selection(
        [
            ("available", "Available"),
            ("used", "Used"),
            ("expired", "Expired"),
            ("none", "No Entitlement"),
        ],
        string="First Free Maintenance",
        compute="_compute_kia_first_service_status",
    )
    kia_warranty_state = fields.Selection(
        [("in_warranty", "In Warranty"), ("expired", "Warranty Expired"), ("unknown", "Unknown")],
        string="Warranty Status",
        compute="_compute_kia_warranty_state",
    )
    kia_campaign_line_ids = fields.One2many(
        "kia.service.campaign.vehicle", "vehicle_id", string="Campaigns and Recalls"
    )
    kia_open_campaign_count = fields.Integer(
        compute="_compute_kia_open_campaign_count", string="Open Campaigns"
    )

    _sql_constraints = [
        (
            "kia_vin_company_uniq",
            "unique (vin_sn, company_id)",
            "Another vehicle of this company already has this VIN.",
        ),
    ]

    @api.depends("kia_sale_date")
    def _compute_kia_warranty_start(self):
        for vehicle in self:
            if not vehicle.kia_warranty_start:
                vehicle.kia_warranty_start = vehicle.kia_sale_date

    def _compute_kia_repair_count(self):
        counts = dict(
            self.env["repair.order"]._read_group(
                [("kia_vehicle_id", "in", self.ids)], ["kia_vehicle_id"], ["__count"]
            )
        )
        for vehicle in self:
            vehicle.kia_repair_count = counts.get(vehicle, 0)

    def _kia_interval(self, field_name, company_field):
        """The model's interval (months or km), else the company's."""
        self.ensure_one()
        return self.model_id[field_name] or (self.company_id or self.env.company)[company_field]

    @api.depends(
        "kia_last_maintenance_date",
        "kia_last_maintenance_odometer",
        "kia_warranty_start",
        "model_id.kia_service_interval_months",
        "model_id.kia_service_interval_km",
        "company_id.kia_service_interval_months",
        "company_id.kia_service_interval_km",
    )
    def _compute_kia_next_service(self):
        for vehicle in self:
            months = vehicle._kia_interval(
                "kia_service_interval_months", "kia_service_interval_months"
            )
            km = vehicle._kia_interval("kia_service_interval_km", "kia_service_interval_km")
            since = vehicle.kia_last_maintenance_date or vehicle.kia_warranty_start
            vehicle.kia_next_service_date = (
                since and months and since + relativedelta(months=months)
            )
            vehicle.kia_next_service_km = km and (vehicle.kia_last_maintenance_odometer + km)

    @api.depends(
        "kia_next_service_date",
        "kia_next_service_km",
        "kia_odometer_ids.value",
        "kia_odometer_ids.date",
    )
    def _compute_kia_service_due_date(self):
        stats = self._kia_odometer_stats()
        for vehicle in self:
            due = vehicle.kia_next_service_date
            first_date, last_date, low, high = stats.get(vehicle.id, (False, False, 0.0, 0.0))
            if due and vehicle.kia_next_service_km and last_date and last_date > first_date:
                daily_km = (high - low) / (last_date - first_date).days
                if daily_km > 0:
                    days_left = max(vehicle.kia_next_service_km - high, 0.0) / daily_km
                    # Capped: beyond the date interval the mileage does not matter.
                    if days_left < (due - last_date).days:
                        due = last_date + relativedelta(days=int(days_left))
            vehicle.kia_service_due_date = due

    @api.depends(
        "kia_warranty_start",
        "model_id.kia_first_service_months",
        "model_id.kia_first_service_km",
        "company_id.kia_first_service_months",
        "company_id.kia_first_service_km",
    )
    def _compute_kia_first_service_due(self):
        for vehicle in self:
            months = vehicle._kia_interval("kia_first_service_months", "kia_first_service_months")
            start = vehicle.kia_warranty_start
            vehicle.kia_first_service_due_date = (
                start and months and start + relativedelta(months=months)
            )
            vehicle.kia_first_service_due_km = vehicle._kia_interval(
                "kia_first_service_km", "kia_first_service_km"
            )

    @api.depends(
        "kia_first_service_due_date",
        "kia_first_service_due_km",
        "kia_first_service_repair_id",
        "odometer",
    )
    def _compute_kia_first_service_status(self):
        for vehicle in self:
            today = (vehicle.company_id or self.env.company)._kia_today()
            if vehicle.kia_first_service_repair_id:
                vehicle.kia_first_service_status = "used"
            elif not vehicle.kia_first_service_due_date:
                vehicle.kia_first_service_status = "none"
            elif vehicle.kia_first_service_due_date < today or (
                vehicle.kia_first_service_due_km
                and vehicle.odometer > vehicle.kia_first_service_due_km
            ):
                vehicle.kia_first_service_status = "expired"
            else:
                vehicle.kia_first_service_status = "available"

    @api.depends("kia_warranty_start", "odometer")
    def _compute_kia_warranty_state(self):
        for vehicle in self:
            company = vehicle.company_id or self.env.company
            today = company._kia_today()
            start = vehicle.kia_warranty_start
            if not start:
                vehicle.kia_warranty_state = "unknown"
            elif start + relativedelta(months=company.kia_basic_warranty_months) < today or (
                company.kia_basic_warranty_km and vehicle.odometer > company.kia_basic_warranty_km
            ):
                vehicle.kia_warranty_state = "expired"
            else:
                vehicle.kia_warranty_state = "in_warranty"

    def _compute_kia_open_campaign_count(self):
        counts = dict(
            self.env["kia.service.campaign.vehicle"]._read_group(
                [
                    ("vehicle_id", "in", self.ids),
                    ("state", "=", "open"),
                    ("campaign_id.state", "=", "active"),
                ],
                ["vehicle_id"],
                ["__count"],
            )
        )
        for vehicle in self:
            vehicle.kia_open_campaign_count = counts.get(vehicle, 0)

    @api.constrains("vin_sn")
    def _check_kia_vin(self):
        for vehicle in self.filtered("vin_sn"):
            error = vin_error(self.env, vehicle.vin_sn)
            if error:
                raise ValidationError(error)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "vin_sn" in vals:
                vals["vin_sn"] = normalize_vin(vals["vin_sn"])
        vehicles = super().create(vals_list)
        vehicles.filtered("vin_sn")._kia_link_campaign_lines()
        return vehicles

    def write(self, vals):
        if "vin_sn" in vals:
            vals["vin_sn"] = normalize_vin(vals["vin_sn"])
        res = super().write(vals)
        if vals.get("vin_sn"):
            self._kia_link_campaign_lines()
        return res

    def _kia_link_campaign_lines(self):
        """Attach the campaign/recall lines listing these vehicles' VINs."""
        self.env["kia.service.campaign.vehicle"].sudo().search(
            [("vin", "in", self.mapped("vin_sn")), ("vehicle_id", "=", False)]
        )._compute_vehicle_id()

    def _kia_record_maintenance(self, repairs):
        """Delivered maintenance work orders restart the maintenance interval."""
        for repair in repairs:
            vehicle = repair.kia_vehicle_id
            # The day of the delivery where the dealer is.
            delivered = repair.company_id._kia_today(repair.kia_delivered_date)
            if vehicle and (
                not vehicle.kia_last_maintenance_date
                or vehicle.kia_last_maintenance_date <= delivered
            ):
                vehicle.write(
                    {
                        "kia_last_maintenance_date": delivered,
                        "kia_last_maintenance_odometer": repair.kia_checkin_odometer,
                        "kia_service_reminder_date": False,
                    }
                )

    @api.model
    def _cron_kia_service_reminders(self, batch_size=1000):
        """Daily (跟踪服务): remind customer relations of the customers whose periodic
        maintenance falls due, by date or by the mileage estimated from the odometer
        history, within the company's reminder window. Once per due date.

        Only the vehicles due are read (an indexed search on the stored estimated due
        date), at most ``batch_size`` per run: when more are due, the cron is called
        again at once (``_notify_progress``) instead of holding one long transaction."""
        activity_type = self.env.ref("kia_aftersales.mail_activity_type_service_reminder")
        reminded = self.browse()
        remaining = 0
        for company in self.env["res.company"].sudo().search([]):
            today = company._kia_today()
            horizon = today + relativedelta(days=company.kia_service_reminder_days)
            company_ids = [company.id] + ([False] if company == self.env.company else [])
            domain = [
                ("company_id", "in", company_ids),
                ("kia_owner_id", "!=", False),
                ("kia_service_reminder_date", "=", False),
                ("kia_service_due_date", "<=", horizon),
            ]
            limit = batch_size - len(reminded)
            if limit <= 0:
                remaining += self.search_count(domain)
                continue
            vehicles = self.search(domain, order="kia_service_due_date, id", limit=limit)
            user = company.kia_followup_user_id or self.env.user
            self.env["mail.activity"].create(
                [
                    {
                        "res_model_id": self.env["ir.model"]._get_id(self._name),
                        "res_id": vehicle.id,
                        "activity_type_id": activity_type.id,
                        "summary": self.env._(
                            "Maintenance due for %(plate)s (%(date)s or %(km)s km): call %(owner)s",
                            plate=vehicle.license_plate or vehicle.vin_sn,
                            date=vehicle.kia_next_service_date,
                            km=int(vehicle.kia_next_service_km),
                            owner=vehicle.kia_owner_id.name,
                        ),
                        "date_deadline": min(vehicle.kia_service_due_date, horizon),
                        "user_id": user.id,
                    }
                    for vehicle in vehicles
                ]
            )
            vehicles.write({"kia_service_reminder_date": today})
            if len(vehicles) == limit:
                remaining += self.search_count(domain)
            reminded |= vehicles
        self.env["ir.cron"]._notify_progress(done=len(reminded), remaining=remaining)
        return reminded

    def _kia_odometer_stats(self):
        """First and last reading date, lowest and highest value of each vehicle's
        odometer readings (one grouped query)."""
        if not self.ids:
            return {}
        groups = self.env["fleet.vehicle.odometer"]._read_group(
            [("vehicle_id", "in", self.ids)],
            ["vehicle_id"],
            ["date:min", "date:max", "value:min", "value:max"],
        )
        return {vehicle.id: (first, last, low, high) for vehicle, first, last, low, high in groups}

    def _kia_daily_km(self):
        """Average km per day of each vehicle from its first and last odometer reading."""
        return {
            vehicle_id: (high - low) / (last - first).days
            for vehicle_id, (first, last, low, high) in self._kia_odometer_stats().items()
            if first and last and last > first
        }

    def action_kia_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_aftersales.action_kia_work_order"
        )
        action["domain"] = [("kia_vehicle_id", "=", self.id)]
        action["context"] = {
            "default_kia_vehicle_id": self.id,
            "default_partner_id": self.kia_owner_id.id,
        }
        return action
