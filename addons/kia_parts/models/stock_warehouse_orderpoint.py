from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_round

from .purchase_order import LEAD_TIME_FIELDS

# Safety stock of a Kia-managed rule, in days of demand, by movement class: fast movers
# are kept a fortnight ahead of the manufacturer's lead time, slow movers a week.
SAFETY_DAYS = {"fast": 14, "slow": 7}
ORDER_TYPES = [
    ("stock", "Stock Order"),
    ("emergency", "Emergency Order"),
    ("vor", "Vehicle Off Road"),
]


def _units_up(quantity):
    """Whole units, rounded up (without float noise: 30.000000001 is 30)."""
    return float_round(quantity, precision_rounding=1.0, rounding_method="UP")


class StockWarehouseOrderpoint(models.Model):
    """Odoo's replenishment rules for the parts: the nightly movement-class job sets the
    min/max of each part in each warehouse (``kia_managed``) until someone sets them by
    hand (``kia_manual``); the parts department orders from Odoo's Replenishment screen."""

    _name = "stock.warehouse.orderpoint"
    _inherit = ["stock.warehouse.orderpoint", "kia.workflow.mixin"]

    kia_is_part = fields.Boolean(related="product_id.product_tmpl_id.kia_is_part")
    kia_managed = fields.Boolean(
        string="Min/Max from Demand",
        readonly=True,
        copy=False,
        kia_workflow=True,
        help="The nightly job sets this rule's min/max from the part's 12 months of demand in "
        "this warehouse and its movement class, unless they were set by hand.",
    )
    kia_manual = fields.Boolean(
        string="Min/Max Set by Hand",
        copy=False,
        help="Set when someone edits the min/max: the nightly job leaves them alone. Untick "
        "it to let the job compute them again.",
    )
    kia_order_type = fields.Selection(
        ORDER_TYPES,
        string="Parts Order Type",
        default="stock",
        required=True,
        help="The type of the parts order this rule creates: stock, emergency and VOR "
        "orders are never merged together.",
    )

    @api.constrains("product_min_qty", "product_max_qty", "qty_multiple")
    def _check_kia_quantities(self):
        for orderpoint in self.filtered("kia_is_part"):
            if min(orderpoint.product_min_qty, orderpoint.product_max_qty) < 0:
                raise ValidationError(
                    self.env._(
                        "The min and max of %(part)s cannot be negative.",
                        part=orderpoint.product_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if "kia_manual" not in vals and (
                    vals.get("product_min_qty") or vals.get("product_max_qty")
                ):
                    vals["kia_manual"] = True
        return super().create(vals_list)

    def write(self, vals):
        # A person's min/max (the job writes as the system): the job keeps off them.
        if (
            not self.env.su
            and "kia_manual" not in vals
            and {"product_min_qty", "product_max_qty"} & set(vals)
        ):
            vals = dict(vals, kia_manual=True)
        return super().write(vals)

    # ------------------------------------------------------------------ Odoo's replenishment

    def _prepare_procurement_values(self, date=False, group=False):
        """The parts order type travels to the request for quotation, with its lead time."""
        values = super()._prepare_procurement_values(date=date, group=group)
        if self.product_id.kia_is_part:
            values["kia_order_type"] = self.kia_order_type
            days = self.company_id[LEAD_TIME_FIELDS[self.kia_order_type]]
            values["date_planned"] = fields.Datetime.now() + timedelta(days=days)
        return values

    def _get_qty_multiple_to_order(self):
        """The manufacturer's pack (the part's purchase packaging), for the rules Odoo's
        Replenishment screen creates on its own too."""
        pack = self.product_id._kia_pack_quantities().get(self.product_id.id)
        return pack or super()._get_qty_multiple_to_order()

    def _quantity_in_progress(self):
        """The stock, moves and requests for quotation of the numbers a part supersedes
        count on the current number (one part under several numbers): nothing is ordered
        twice, and the old numbers' stock is used up first."""
        res = super()._quantity_in_progress()
        predecessors = {
            orderpoint: orderpoint.product_id.product_tmpl_id._kia_predecessors()
            for orderpoint in self
            if orderpoint.product_id.kia_is_part
        }
        by_context = defaultdict(lambda: self.browse())
        for orderpoint, templates in predecessors.items():
            if templates and orderpoint.location_id:
                context = orderpoint._get_product_context()
                by_context[tuple(sorted(context.items()))] |= orderpoint
        for context, orderpoints in by_context.items():
            variants = self.env["product.product"].with_context(active_test=False)
            for orderpoint in orderpoints:
                variants |= (
                    predecessors[orderpoint].with_context(active_test=False).product_variant_ids
                )
            forecast = {
                row["id"]: row["virtual_available"]
                for row in variants.with_context(**dict(context)).read(["virtual_available"])
            }
            in_progress = variants._get_quantity_in_progress(
                location_ids=orderpoints.location_id.ids
            )[0]
            for orderpoint in orderpoints:
                for variant in (
                    predecessors[orderpoint].with_context(active_test=False).product_variant_ids
                ):
                    res[orderpoint.id] += forecast.get(variant.id, 0.0) + in_progress.get(
                        (variant.id, orderpoint.location_id.id), 0.0
                    )
        return res

    def _get_orderpoint_products(self):
        """Odoo's Replenishment screen proposes current part numbers only."""
        return (
            super()
            ._get_orderpoint_products()
            .filtered(lambda product: not product.product_tmpl_id.kia_superseded_by_id)
        )

    @api.autovacuum
    def _unlink_processed_orderpoints(self):
        """Odoo removes the manual rules its Replenishment screen made once they are
        ordered; the Kia-managed rules stay (they are the parts' min/max)."""
        return super(
            StockWarehouseOrderpoint, self.with_context(kia_keep_managed=True)
        )._unlink_processed_orderpoints()

    def action_replenish(self, force_to_max=False):
        return super(
            StockWarehouseOrderpoint, self.with_context(kia_keep_managed=True)
        ).action_replenish(force_to_max=force_to_max)

    def unlink(self):
        if self.env.context.get("kia_keep_managed"):
            # Only Odoo's clean-up of its own rules passes here (see above).
            self = self.filtered(lambda orderpoint: not orderpoint.kia_managed)  # noqa: PLW0642
        return super(StockWarehouseOrderpoint, self).unlink()

    def action_kia_compute_min_max(self):
        """Give the min/max of these rules back to the nightly job, and compute them now."""
        self.check_access("write")
        parts = self.filtered("kia_is_part")
        parts.write({"kia_manual": False})
        for company, orderpoints in parts.grouped("company_id").items():
            orderpoints.sudo()._kia_update_orderpoints(
                company, orderpoints.product_id.product_tmpl_id.ids
            )
        return True

    # ------------------------------------------------------------------ the nightly job

    @api.model
    def _kia_supersession_chains(self, template_ids):
        """{template id: current number at the end of its chain} for ``template_ids`` and
        every number of their chains (one query: the superseded parts of the catalogue)."""
        successor = {
            row["id"]: row["kia_superseded_by_id"]
            for row in self.env["product.template"]
            .sudo()
            .with_context(active_test=False)
            .search_read(
                [("kia_superseded_by_id", "!=", False), ("kia_is_part", "=", True)],
                ["kia_superseded_by_id"],
                load=None,
            )
        }

        def latest(template_id):
            seen = set()
            while template_id in successor and template_id not in seen:
                seen.add(template_id)
                template_id = successor[template_id]
            return template_id

        members = {head: head for head in map(latest, template_ids)}
        for template_id in successor:
            head = latest(template_id)
            if head in members:
                members[template_id] = head
        return members

    @api.model
    def _kia_update_orderpoints(self, company, template_ids, today=None):
        """Min/max of ``company``'s parts ``template_ids`` in each of its warehouses, from the
        demand of the last 12 months in that warehouse (done issues to work orders and
        counter sales from its locations) and the part's movement class:

        - min = the demand of the manufacturer's stock-order lead time plus the safety days
          of the class (fast 14, slow 7), in whole units rounded up;
        - max = min + the demand of the order cycle (the company's stock cover), at least
          one manufacturer's pack more than the min;
        - no demand: 0/0 (Odoo still orders a shortage of the forecast on the rule).

        A superseded number has no min/max: its demand counts on the current number, its
        Kia-managed rules are archived (its stock already counts on the current number, see
        ``_quantity_in_progress``). Rules someone set by hand are left alone.

        A fixed number of grouped reads whatever the number of parts."""
        self = self.sudo().with_context(active_test=False)  # noqa: PLW0642
        company = company.sudo()
        today = today or fields.Date.context_today(self)
        since = fields.Date.subtract(today, years=1)
        Template = self.env["product.template"]
        members = self._kia_supersession_chains(template_ids)
        targets = set(members.values())
        parts = Template.search_read(
            [
                ("id", "in", list(members)),
                ("kia_is_part", "=", True),
                ("company_id", "in", (False, company.id)),
            ],
            ["product_variant_id"],
            load=None,
        )
        template_variant = {row["id"]: row["product_variant_id"] for row in parts}
        variant_template = {}
        for row in self.env["product.product"].search_read(
            [("product_tmpl_id", "in", list(template_variant))], ["product_tmpl_id"], load=None
        ):
            variant_template[row["id"]] = row["product_tmpl_id"]
        targets = {t for t in targets if template_variant.get(t)}
        superseded = {template_variant[t] for t in template_variant if t not in targets}
        warehouses = self.env["stock.warehouse"].search_read(
            [("company_id", "=", company.id)], ["lot_stock_id"], load=None
        )
        # Demand of the chains, per warehouse (one grouped read, and one for the locations).
        Move = self.env["stock.move"]
        groups = Move._read_group(
            Move._kia_demand_domain(company, since, today)
            + [("product_id", "in", list(variant_template))],
            ["product_id", "location_id"],
            ["__count", "product_qty:sum"],
        )
        location_warehouse = {
            row["id"]: row["warehouse_id"]
            for row in self.env["stock.location"].search_read(
                [("id", "in", list({location.id for _p, location, _c, _q in groups}))],
                ["warehouse_id"],
                load=None,
            )
        }
        demand = defaultdict(float)  # (target template, warehouse) -> quantity
        issues = defaultdict(int)  # target template -> issues in the company
        for product, location, count, quantity in groups:
            head = members[variant_template[product.id]]
            issues[head] += count
            warehouse_id = location_warehouse.get(location.id)
            if warehouse_id:
                demand[head, warehouse_id] += quantity or 0.0
        packs = (
            self.env["product.product"]
            .browse([template_variant[t] for t in targets])
            ._kia_pack_quantities()
        )
        lead = company.kia_stock_order_lead_days
        cover = company.kia_stock_cover_months
        wanted = {}  # (variant, stock location) -> values
        for template_id in targets:
            variant_id = template_variant[template_id]
            movement = Template._kia_movement_class_of(
                company, issues[template_id], created=None, since=None
            )
            pack = packs.get(variant_id) or 1.0
            for warehouse in warehouses:
                year = demand[template_id, warehouse["id"]]
                low = high = 0.0
                if year > 0:
                    low = _units_up(year * (lead + SAFETY_DAYS.get(movement, 0)) / 365)
                    high = max(_units_up(low + year * cover / 12), low + pack)
                wanted[variant_id, warehouse["lot_stock_id"]] = {
                    "product_min_qty": low,
                    "product_max_qty": high,
                    "qty_multiple": pack,
                }
        self._kia_write_min_max(company, wanted, list(template_variant.values()), superseded)
        return True

    @api.model
    def _kia_write_min_max(self, company, wanted, variant_ids, superseded):
        """Create or update the Kia-managed rules of ``variant_ids`` to the ``wanted``
        {(variant, stock location): values}; archive those of the ``superseded`` variants;
        leave alone the rules someone set by hand."""
        existing = self.search_read(
            [
                ("company_id", "=", company.id),
                ("product_id", "in", variant_ids),
            ],
            [
                "product_id",
                "location_id",
                "kia_managed",
                "kia_manual",
                "product_min_qty",
                "product_max_qty",
                "qty_multiple",
                "active",
            ],
            load=None,
        )
        updates = defaultdict(list)  # values -> orderpoint ids
        seen = set()
        for row in existing:
            key = (row["product_id"], row["location_id"])
            seen.add(key)
            if row["kia_manual"] or not (
                row["kia_managed"] or (not row["product_min_qty"] and not row["product_max_qty"])
            ):
                continue  # someone's own rule
            if row["product_id"] in superseded:
                values = {"active": False, "product_min_qty": 0.0, "product_max_qty": 0.0}
            elif key in wanted:
                values = dict(wanted[key], active=True)
            else:
                continue  # a location that is not a warehouse's stock
            values["kia_managed"] = True
            if any(row[name] != value for name, value in values.items()):
                updates[tuple(sorted(values.items()))].append(row["id"])
        for values, ids in updates.items():
            self.browse(ids).write(dict(values))
        buy = self.env.ref("purchase_stock.route_warehouse0_buy", raise_if_not_found=False)
        self.create(
            [
                dict(
                    values,
                    name=self.env._("Parts Replenishment"),
                    product_id=variant_id,
                    location_id=location_id,
                    company_id=company.id,
                    trigger="manual",
                    route_id=buy.id if buy else False,
                    kia_managed=True,
                )
                for (variant_id, location_id), values in wanted.items()
                if (variant_id, location_id) not in seen and values["product_max_qty"]
            ]
        )
        return True
