from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Who may see what a part costs the dealer (advisors see availability and price only).
COST_GROUPS = (
    "kia_parts.group_parts_clerk,stock.group_stock_manager,purchase.group_purchase_user,"
    "account.group_account_readonly"
)


class ProductTemplate(models.Model):
    _inherit = "product.template"

    standard_price = fields.Float(groups=COST_GROUPS)
    kia_is_part = fields.Boolean(
        string="Kia Part", help="Spare part of the manufacturer's catalogue (配件)."
    )
    kia_bin_location = fields.Char(string="Bin Location", help="Shelf and bin (货位), e.g. A-03-2.")
    kia_superseded_by_id = fields.Many2one(
        "product.template",
        string="Superseded By",
        domain="[('kia_is_part', '=', True), ('id', '!=', id)]",
        tracking=True,
        help="The manufacturer replaced this part number by another one: orders and issues "
        "propose the new number.",
    )
    kia_supersedes_ids = fields.One2many(
        "product.template", "kia_superseded_by_id", string="Supersedes"
    )
    kia_movement_class = fields.Selection(
        [("fast", "Fast Moving"), ("slow", "Slow Moving"), ("dead", "Dead Stock"), ("new", "New")],
        string="Movement Class",
        readonly=True,
        index=True,
        help="From the number of issues in the last 12 months (updated daily).",
    )
    kia_issues_12m = fields.Integer(string="Issues (12 months)", readonly=True)
    kia_demand_12m = fields.Float(string="Demand (12 months)", readonly=True)

    @api.constrains("kia_superseded_by_id")
    def _check_kia_supersession_chain(self):
        for template in self.filtered("kia_superseded_by_id"):
            seen = template
            current = template.kia_superseded_by_id
            while current:
                if current in seen:
                    raise ValidationError(
                        _(
                            "%(part)s cannot be superseded by %(new)s: the supersession chain "
                            "would loop back to it.",
                            part=template.display_name,
                            new=template.kia_superseded_by_id.display_name,
                        )
                    )
                seen |= current
                current = current.kia_superseded_by_id

    def _kia_latest(self):
        """The current part number at the end of the supersession chain."""
        self.ensure_one()
        latest = self
        while latest.kia_superseded_by_id:
            latest = latest.kia_superseded_by_id
        return latest

    @api.model
    def _cron_kia_movement_class(self):
        """Daily: demand and issues of the last 12 months of every part, and its movement
        class. Two grouped queries whatever the size of the catalogue."""
        today = fields.Date.context_today(self)
        since = today - relativedelta(months=12)
        for company in self.env["res.company"].search([]):
            parts = self.with_company(company).search_fetch(
                [("kia_is_part", "=", True), ("company_id", "in", (False, company.id))],
                ["create_date"],
            )
            if not parts:
                continue
            demand = self.env["stock.move"]._kia_demand_by_template(company, since, today)
            values = {}
            for part in parts:
                template_id, create_date = part.id, part.create_date
                issues, quantity = demand.get(template_id, (0, 0.0))
                if issues >= company.kia_fast_moving_issues:
                    movement = "fast"
                elif issues:
                    movement = "slow"
                elif create_date and create_date.date() > since:
                    movement = "new"
                else:
                    movement = "dead"
                values[template_id] = (movement, issues, quantity)
            self.env.cr.execute(
                """
                UPDATE product_template t
                   SET kia_movement_class = v.movement,
                       kia_issues_12m = v.issues,
                       kia_demand_12m = v.quantity
                  FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::varchar[]) AS movement,
                               unnest(%s::int[]) AS issues, unnest(%s::float[]) AS quantity) v
                 WHERE t.id = v.id
                """,
                (
                    list(values),
                    [v[0] for v in values.values()],
                    [v[1] for v in values.values()],
                    [v[2] for v in values.values()],
                ),
            )
        self.invalidate_model(["kia_movement_class", "kia_issues_12m", "kia_demand_12m"])
        return True
