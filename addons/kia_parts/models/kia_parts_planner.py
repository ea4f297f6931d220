from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class KiaPartsPlanner(models.AbstractModel):
    """The monthly parts KPIs of a dealer (replenishment is Odoo's, on the replenishment
    rules the movement-class job keeps, see stock.warehouse.orderpoint). Every figure comes
    from grouped reads: the number of queries does not grow with the size of the catalogue."""

    _name = "kia.parts.planner"
    _description = "Parts KPIs"

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
