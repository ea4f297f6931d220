import math
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError


class KiaPartsPlanner(models.AbstractModel):
    """Parts planning and figures for a dealer: the suggested stock order and the monthly
    parts KPIs. Every figure comes from grouped reads: the number of queries does not grow
    with the size of the catalogue."""

    _name = "kia.parts.planner"
    _description = "Parts Planning and KPIs"

    # ------------------------------------------------------------------ suggested order

    @api.model
    def _stock_position(self, company, products):
        """{product id: on hand + incoming - outgoing (not done)} in the company's
        internal locations."""
        position = defaultdict(float)
        for product, quantity in self.env["stock.quant"]._read_group(
            [
                ("company_id", "=", company.id),
                ("location_id.usage", "=", "internal"),
                ("product_id", "in", products.ids),
            ],
            ["product_id"],
            ["quantity:sum"],
        ):
            position[product.id] += quantity
        pending = [
            ("company_id", "=", company.id),
            ("state", "not in", ("draft", "done", "cancel")),
            ("product_id", "in", products.ids),
        ]
        for domain, sign in (
            (
                [
                    ("location_dest_id.usage", "=", "internal"),
                    ("location_id.usage", "!=", "internal"),
                ],
                1,
            ),
            (
                [
                    ("location_id.usage", "=", "internal"),
                    ("location_dest_id.usage", "!=", "internal"),
                ],
                -1,
            ),
        ):
            for product, quantity in self.env["stock.move"]._read_group(
                pending + domain, ["product_id"], ["product_qty:sum"]
            ):
                position[product.id] += sign * quantity
        # Parts already on a draft order are not suggested twice.
        for product, quantity in self.env["purchase.order.line"]._read_group(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("draft", "sent")),
                ("product_id", "in", products.ids),
            ],
            ["product_id"],
            ["product_uom_qty:sum"],  # in the product's unit, like the stock
        ):
            position[product.id] += quantity
        return position

    @api.model
    def _suggest(self, company):
        """{product: quantity} to order: up to the max of the min/max rule when the stock
        position falls below its min; without a rule, the stock cover of the average demand
        of the last 12 months. Superseded parts are ordered under their new number."""
        products = (
            self.env["product.product"]
            .with_company(company)
            .search_fetch(
                [
                    ("product_tmpl_id.kia_is_part", "=", True),
                    ("company_id", "in", (False, company.id)),
                ],
                ["product_tmpl_id"],
            )
        )
        if not products:
            return {}
        templates = products.product_tmpl_id
        templates.fetch(["kia_superseded_by_id", "kia_movement_class", "kia_demand_12m"])
        position = self._stock_position(company, products)
        rules = {
            rule["product_id"]: rule
            for rule in self.env["stock.warehouse.orderpoint"].search_read(
                [
                    ("company_id", "=", company.id),
                    ("product_id", "in", products.ids),
                    ("trigger", "in", ("auto", "manual")),
                ],
                ["product_id", "product_min_qty", "product_max_qty"],
                load=None,
            )
        }
        today = fields.Date.context_today(self)
        demand = self.env["stock.move"]._kia_demand_by_template(
            company, today - relativedelta(months=12), today
        )
        variant_of = {product.product_tmpl_id.id: product for product in products}
        # A superseded number and the numbers replacing it are one part: the chain's demand,
        # stock, incoming and rules are netted together and ordered under the current
        # number, so that nothing is ordered twice.
        chains = defaultdict(list)
        for product in products:
            template = product.product_tmpl_id
            latest = template._kia_latest() if template.kia_superseded_by_id else template
            chains[variant_of.get(latest.id) or latest.product_variant_id].append(product)
        suggestion = {}
        cover = company.kia_stock_cover_months
        for target, members in chains.items():
            stock = sum(position.get(product.id, 0.0) for product in members)
            chain_rules = [rules[product.id] for product in members if product.id in rules]
            if chain_rules:
                if stock >= sum(rule["product_min_qty"] for rule in chain_rules):
                    continue
                quantity = sum(rule["product_max_qty"] for rule in chain_rules) - stock
            else:
                monthly = (
                    sum(demand.get(product.product_tmpl_id.id, (0, 0.0))[1] for product in members)
                    / 12
                )
                quantity = math.ceil(monthly * cover - stock)
            if quantity > 0:
                suggestion[target] = quantity
        return suggestion

    @api.model
    def action_suggest_stock_order(self):
        """A draft stock order to the manufacturer with the suggested quantities."""
        company = self.env.company
        if not company.kia_parts_supplier_id:
            raise UserError(
                _("Set the manufacturer's parts company in the Parts settings to order from it.")
            )
        suggestion = self._suggest(company)
        if not suggestion:
            raise UserError(_("Nothing to order: every part is above its minimum and its cover."))
        order = self.env["purchase.order"].create(
            {
                "partner_id": company.kia_parts_supplier_id.id,
                "company_id": company.id,
                "kia_order_type": "stock",
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_qty": quantity,
                            "product_uom": product.uom_id.id,
                        }
                    )
                    for product, quantity in sorted(
                        suggestion.items(), key=lambda i: i[0].default_code or ""
                    )
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "purchase.order",
            "res_id": order.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ KPIs

    @api.model
    def _stock_value(self, company, at_date=None):
        """Value of the parts in stock (valuation layers up to ``at_date``)."""
        domain = [
            ("company_id", "=", company.id),
            ("product_id.product_tmpl_id.kia_is_part", "=", True),
        ]
        if at_date:
            domain.append(("create_date", "<=", at_date))
        [(value,)] = self.env["stock.valuation.layer"].sudo()._read_group(domain, [], ["value:sum"])
        return value or 0.0

    @api.model
    def _stock_value_by_class(self, company):
        """{movement class: value at cost of the parts in stock}, from the valuation."""
        values = self._value_by_product(company)
        classes = self.with_company(company)._part_info(values, ["kia_movement_class"])
        by_class = defaultdict(float)
        for product_id, value in values.items():
            by_class[classes[product_id]["kia_movement_class"] or "new"] += value
        return dict(by_class)

    @api.model
    def _value_by_product(self, company, product_ids=None):
        """{product id: stock value at cost} from the valuation layers (one query)."""
        domain = [
            ("company_id", "=", company.id),
            ("product_id.product_tmpl_id.kia_is_part", "=", True),
        ]
        if product_ids is not None:
            domain.append(("product_id", "in", product_ids))
        return {
            product.id: value
            for product, value in self.env["stock.valuation.layer"]
            .sudo()
            ._read_group(domain, ["product_id"], ["value:sum"])
        }

    @api.model
    def _part_info(self, product_ids, template_fields):
        """{product id: {part number, template fields}} in two queries, whatever the number
        of parts (reading them through the records would fetch 1,000 at a time)."""
        products = self.env["product.product"].sudo().with_context(active_test=False)
        rows = products.search_read(
            [("id", "in", list(product_ids))], ["default_code", "product_tmpl_id"], load=None
        )
        templates = {
            row["id"]: row
            for row in self.env["product.template"]
            .sudo()
            .with_context(active_test=False)
            .search_read(
                [("id", "in", list({row["product_tmpl_id"] for row in rows}))], template_fields
            )
        }
        return {
            row["id"]: dict(templates[row["product_tmpl_id"]], default_code=row["default_code"])
            for row in rows
        }

    @api.model
    def _kpis(self, company, date_from, date_to):
        """The parts figures of a period (配件月度报表)."""
        Move = self.env["stock.move"]
        issue_domain = Move._kia_demand_domain(company, date_from, date_to)
        [(issue_lines, issue_qty)] = Move._read_group(
            issue_domain, [], ["__count", "product_qty:sum"]
        )
        # Values at cost: read as the system, these figures are the company's.
        layers = self.env["stock.valuation.layer"].sudo()
        [(issue_value,)] = layers._read_group(
            [("stock_move_id", "any", issue_domain)], [], ["value:sum"]
        )
        issue_cost = -(issue_value or 0.0)
        year_start = date_to - relativedelta(months=12)
        [(year_value,)] = layers._read_group(
            [("stock_move_id", "any", Move._kia_demand_domain(company, year_start, date_to))],
            [],
            ["value:sum"],
        )
        start_value = self._stock_value(company, fields.Datetime.to_datetime(date_from))
        end_value = self._stock_value(
            company, fields.Datetime.to_datetime(date_to) + relativedelta(days=1)
        )
        average_value = (start_value + end_value) / 2
        [(lost_lines, lost_value)] = self.env["kia.parts.lost.sale"]._read_group(
            [("company_id", "=", company.id), ("date", ">=", date_from), ("date", "<=", date_to)],
            [],
            ["__count", "value:sum"],
        )
        emergency_lines = self.env["purchase.order.line"].search_count(
            [
                ("company_id", "=", company.id),
                ("order_id.kia_order_type", "in", ("emergency", "vor")),
                ("order_id.date_order", ">=", date_from),
                ("order_id.date_order", "<=", date_to),
                ("order_id.state", "in", ("purchase", "done")),
            ]
        )
        requested = issue_lines + lost_lines
        by_class = self._stock_value_by_class(company)
        purchases = {
            order_type: amount
            for order_type, amount in self.env["purchase.order"]._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", ("purchase", "done")),
                    ("date_approve", ">=", date_from),
                    ("date_approve", "<=", date_to),
                    ("kia_order_type", "!=", False),
                ],
                ["kia_order_type"],
                ["amount_untaxed:sum"],
            )
        }
        return {
            "issue_lines": issue_lines,
            "issue_quantity": issue_qty or 0.0,
            "issue_cost": issue_cost,
            "stock_value_start": start_value,
            "stock_value_end": end_value,
            # Stock turnover (库存周转率): 12 months of issues at cost / average stock value.
            "turnover": (-(year_value or 0.0) / average_value) if average_value else 0.0,
            # Fill rate: demand served from stock at once (no emergency order, no lost sale).
            "fill_rate": (100.0 * (requested - emergency_lines - lost_lines) / requested)
            if requested
            else 100.0,
            "lost_sale_lines": lost_lines,
            "lost_sale_value": lost_value or 0.0,
            "emergency_lines": emergency_lines,
            "dead_stock_value": by_class.get("dead", 0.0),
            "stock_by_class": by_class,
            "purchases_by_type": purchases,
        }
