from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KiaKpi(models.Model):
    """A KPI's definition (经营分析指标): its name, its formula in words and the measure of
    the fact table (``kia.kpi.fact``) that computes it. One mechanism for every module:
    the fact table says how a figure is summed (a column) or divided (a ratio of two
    columns' sums); this record says what it is called, how it reads, which way is
    better and whom it is about (for the scorecards). Modules further down the chain
    add their KPIs as records of this model on columns of their own."""

    _name = "kia.kpi"
    _description = "KPI"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code, unique; used by dashboards and exports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category = fields.Selection(
        [
            ("volume", "Volume"),
            ("money", "Sales and Gross Profit"),
            ("workshop", "Workshop"),
            ("quality", "Quality"),
            ("customer", "Customers"),
            ("parts", "Parts"),
            ("warranty", "Warranty"),
        ],
        required=True,
    )
    measure = fields.Char(
        required=True,
        help="The column of the KPI fact table: a summed figure or a ratio of two sums.",
    )
    unit = fields.Selection(
        [
            ("count", "Count"),
            ("hours", "Hours"),
            ("money", "Money"),
            ("percent", "%"),
            ("days", "Days"),
            ("score", "Score"),
            ("ratio", "Ratio"),
        ],
        required=True,
        default="count",
    )
    higher_is_better = fields.Boolean(default=True)
    formula = fields.Text(
        translate=True,
        required=True,
        help="How the KPI is computed, from which records and fields (shown to the users).",
    )
    dimension = fields.Selection(
        [
            ("advisor", "Service Advisor"),
            ("employee", "Employee"),
            ("company", "Dealer only"),
        ],
        string="Attributed To",
        required=True,
        default="company",
        help="Whose KPI it is on a personal scorecard: the advisor of the work order, the "
        "employee of the fact (technician, parts clerk, warranty clerk), or the dealer only.",
    )
    numerator = fields.Char(compute="_compute_parts", string="Numerator Column")
    denominator = fields.Char(compute="_compute_parts", string="Denominator Column")

    _sql_constraints = [("code_unique", "UNIQUE(code)", "A KPI's code must be unique.")]

    @api.depends("measure")
    def _compute_parts(self):
        ratios = self.env["kia.kpi.fact"]._kia_ratio_fields()
        for kpi in self:
            numerator, denominator, __ = ratios.get(kpi.measure, (kpi.measure, False, 1))
            kpi.numerator = numerator
            kpi.denominator = denominator

    @api.constrains("measure")
    def _check_measure(self):
        Fact = self.env["kia.kpi.fact"]
        valid = set(Fact._kia_figure_fields()) | set(Fact._kia_ratio_fields())
        for kpi in self:
            if kpi.measure not in valid:
                raise ValidationError(
                    _(
                        "KPI %(kpi)s: %(measure)s is not a figure of the KPI fact table.",
                        kpi=kpi.name,
                        measure=kpi.measure,
                    )
                )

    def _kia_aggregate(self):
        """The read_group aggregate of this KPI's measure."""
        self.ensure_one()
        kind = "avg" if self.measure in self.env["kia.kpi.fact"]._kia_ratio_fields() else "sum"
        return f"{self.measure}:{kind}"

    def _kia_values(self, domain, groupby=()):
        """The values of these KPIs over the facts of ``domain``, grouped by ``groupby``
        (fact fields, e.g. ``("company_id", "date:month")``), in one query:
        ``{group key tuple: {kpi: value}}`` (key ``()`` without grouping)."""
        if not self:
            return {}
        aggregates = list(dict.fromkeys(kpi._kia_aggregate() for kpi in self))
        rows = self.env["kia.kpi.fact"]._read_group(domain, list(groupby), aggregates)
        result = {}
        for row in rows:
            key = tuple(row[: len(groupby)])
            values = dict(zip(aggregates, row[len(groupby) :], strict=True))
            result[key] = {kpi: values[kpi._kia_aggregate()] or 0.0 for kpi in self}
        return result

    @api.model
    def action_kia_refresh_facts(self):
        """Refresh the figures now (service manager; the cron does it every 15 min)."""
        if not self.env.user.has_group("kia_aftersales.group_service_manager"):
            raise ValidationError(_("Only the service manager refreshes the figures."))
        self.env["kia.kpi.fact"].sudo()._kia_refresh()
        return {"type": "ir.actions.client", "tag": "soft_reload"}

    def action_analyse(self):
        """The KPI as a pivot (and graph) over the fact table, by month."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kia_aftersales.action_kia_kpi_fact")
        action["name"] = self.name
        action["context"] = {
            "pivot_measures": [self.measure],
            "graph_measure": self.measure,
            "pivot_row_groupby": ["date:month"],
            "graph_groupbys": ["date:month"],
        }
        return action
