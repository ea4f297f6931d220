import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError


def normalise_vin(vin):
    """A VIN or VIN bound as entered: upper case, without spaces or dashes."""
    return re.sub(r"[\s\-]+", "", vin or "").upper()


def vin_key(vin):
    """A VIN or VIN bound as compared: normalised, and for a full VIN (17 characters)
    without its check digit (9th character, ISO 3779), which differs from one VIN to the
    next and would break the order of the serial numbers."""
    vin = normalise_vin(vin)
    return vin[:8] + "*" + vin[9:] if len(vin) == 17 else vin


class KiaTechnicalBulletin(models.Model):
    """A technical bulletin of the manufacturer (技术通报): a service campaign, a repair
    procedure, a software update or a quality alert, with the vehicles it applies to.

    A bulletin applies to a vehicle on a date when it is valid on that date and the
    vehicle matches each criterion the bulletin sets: one of its models, one of its VIN
    ranges, its sale-date range. A criterion left empty does not restrict. Bulletins of
    no company are the manufacturer's, for all the dealers of the group."""

    _name = "kia.technical.bulletin"
    _description = "Technical Bulletin"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "issue_date desc, number desc, id desc"
    _rec_name = "number"
    _rec_names_search = ["number", "name"]
    _check_company_auto = True

    number = fields.Char(required=True, tracking=True, index="trigram")
    name = fields.Char(string="Title", required=True, tracking=True)
    category = fields.Selection(
        [
            ("campaign", "Service Campaign"),
            ("procedure", "Repair Procedure"),
            ("software", "Software Update"),
            ("quality", "Quality Alert"),
        ],
        required=True,
        default="procedure",
        tracking=True,
    )
    issue_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    date_from = fields.Date(string="Valid From", tracking=True, help="Empty: from its issue date.")
    date_to = fields.Date(string="Valid Until", tracking=True, help="Empty: until withdrawn.")
    model_ids = fields.Many2many(
        "fleet.vehicle.model",
        string="Vehicle Models",
        help="The models it applies to; empty: every model.",
    )
    vin_range_ids = fields.One2many(
        "kia.technical.bulletin.vin.range",
        "bulletin_id",
        string="VIN Ranges",
        copy=True,
        help="The VIN ranges it applies to; empty: every VIN.",
    )
    sale_date_from = fields.Date(help="Vehicles sold from this date (optional).")
    sale_date_to = fields.Date(help="Vehicles sold until this date (optional).")
    summary = fields.Html(sanitize_style=True)
    document = fields.Binary(attachment=True, help="The manufacturer's bulletin (PDF).")
    document_name = fields.Char()
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Empty: the manufacturer's bulletin, for every dealer of the group.",
    )
    vin_search = fields.Char(
        string="VIN",
        compute="_compute_vin_search",
        search="_search_vin_search",
        help="Search the bulletins for a VIN: those whose VIN ranges include it, and "
        "those of its vehicle's model without VIN ranges.",
    )

    _sql_constraints = [
        (
            "number_company_uniq",
            "unique(number, company_id)",
            "A bulletin number is used once per company.",
        ),
    ]

    def _compute_vin_search(self):
        self.vin_search = False

    def _search_vin_search(self, operator, value):
        if operator not in ("=", "ilike") or not isinstance(value, str):
            return [("id", "=", 0)]
        vin = normalise_vin(value)
        key = vin_key(vin)
        ranges = self.env["kia.technical.bulletin.vin.range"].search(
            [("key_from", "<=", key), ("key_to", ">=", key), ("vin_length", "=", len(key))]
        )
        # Bulletins without VIN ranges apply to the VIN through the model of its vehicle.
        models = self.env["fleet.vehicle"].sudo().search([("vin_sn", "=", vin)]).model_id
        return [
            "|",
            ("id", "in", ranges.bulletin_id.ids),
            "&",
            ("vin_range_ids", "=", False),
            ("model_ids", "in", models.ids),
        ]

    @api.constrains("date_from", "date_to", "sale_date_from", "sale_date_to")
    def _check_dates(self):
        for bulletin in self:
            for start, end, what in (
                (bulletin.date_from, bulletin.date_to, self.env._("its validity dates")),
                (bulletin.sale_date_from, bulletin.sale_date_to, self.env._("its sale dates")),
            ):
                if start and end and start > end:
                    raise ValidationError(
                        self.env._(
                            "Bulletin %(number)s: %(what)s end before they start.",
                            number=bulletin.number,
                            what=what,
                        )
                    )

    @api.model
    def _kia_for_vehicles(self, vehicles, dates=None):
        """The bulletins that apply to each vehicle of ``vehicles`` on its date
        (``dates``: {vehicle: date}, default today): {vehicle: bulletins}, in a bounded
        number of queries whatever the number of vehicles."""
        today = fields.Date.context_today(self)
        dates = {vehicle: (dates or {}).get(vehicle) or today for vehicle in vehicles}
        if not vehicles:
            return {}
        candidates = self._kia_candidates(vehicles, min(dates.values()), max(dates.values()))
        return {
            vehicle: candidates.filtered(lambda b, v=vehicle: b._kia_applies_to(v, dates[v]))
            for vehicle in vehicles
        }

    @api.model
    def _kia_candidates(self, vehicles, first, last):
        """The bulletins that may apply to ``vehicles`` between ``first`` and ``last``:
        one search (valid in the span, of the vehicles' models or of every model), and
        what matching them needs read in one go; ``_kia_applies_to`` then matches in
        memory."""
        bulletins = self.search(
            [
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", first),
                "|",
                "&",
                ("date_from", "=", False),
                ("issue_date", "<=", last),
                ("date_from", "<=", last),
                "|",
                ("model_ids", "=", False),
                ("model_ids", "in", vehicles.model_id.ids),
            ]
        )
        bulletins.fetch(
            ["date_from", "date_to", "issue_date", "sale_date_from", "sale_date_to", "model_ids"]
        )
        bulletins.vin_range_ids.fetch(["key_from", "key_to", "vin_length"])
        vehicles.fetch(["model_id", "vin_sn", "kia_sale_date"])
        return bulletins

    def _kia_applies_to(self, vehicle, date):
        self.ensure_one()
        if (self.date_from or self.issue_date) > date or (self.date_to and self.date_to < date):
            return False
        if self.model_ids and vehicle.model_id not in self.model_ids:
            return False
        if self.sale_date_from or self.sale_date_to:
            sold = vehicle.kia_sale_date
            if not sold:
                return False
            if (self.sale_date_from and sold < self.sale_date_from) or (
                self.sale_date_to and sold > self.sale_date_to
            ):
                return False
        if self.vin_range_ids:
            return any(line._kia_includes(vehicle.vin_sn) for line in self.vin_range_ids)
        return True


class KiaTechnicalBulletinVinRange(models.Model):
    """A range of VINs a bulletin applies to, bounds included. VINs are compared as
    strings once normalised (upper case, no spaces, check digit left out: see
    ``vin_key``), with bounds of their own length: the serial number of a VIN is its
    last characters."""

    _name = "kia.technical.bulletin.vin.range"
    _description = "Bulletin VIN Range"
    _order = "bulletin_id, vin_from"

    bulletin_id = fields.Many2one(
        "kia.technical.bulletin", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="bulletin_id.company_id", store=True)
    vin_from = fields.Char(string="From VIN", required=True)
    vin_to = fields.Char(string="To VIN", required=True)
    # The bounds as compared (see vin_key), for searching by VIN in SQL.
    key_from = fields.Char(compute="_compute_keys", store=True, index=True)
    key_to = fields.Char(compute="_compute_keys", store=True)
    vin_length = fields.Integer(compute="_compute_keys", store=True)

    @api.depends("vin_from", "vin_to")
    def _compute_keys(self):
        for line in self:
            line.key_from = vin_key(line.vin_from)
            line.key_to = vin_key(line.vin_to)
            line.vin_length = len(line.vin_from or "")

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._normalise(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._normalise(vals))

    @api.model
    def _normalise(self, vals):
        vals = dict(vals)
        for name in ("vin_from", "vin_to"):
            if vals.get(name):
                vals[name] = normalise_vin(vals[name])
        return vals

    @api.constrains("vin_from", "vin_to")
    def _check_range(self):
        for line in self:
            if len(line.vin_from) != len(line.vin_to):
                raise ValidationError(
                    self.env._(
                        "VIN range %(start)s - %(end)s: both bounds must have the same "
                        "length (%(start_length)s and %(end_length)s characters).",
                        start=line.vin_from,
                        end=line.vin_to,
                        start_length=len(line.vin_from),
                        end_length=len(line.vin_to),
                    )
                )
            if line.key_from > line.key_to:
                raise ValidationError(
                    self.env._(
                        "VIN range %(start)s - %(end)s ends before it starts.",
                        start=line.vin_from,
                        end=line.vin_to,
                    )
                )

    def _kia_includes(self, vin):
        self.ensure_one()
        key = vin_key(vin)
        return len(key) == self.vin_length and self.key_from <= key <= self.key_to
