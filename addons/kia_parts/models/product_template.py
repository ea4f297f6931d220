from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Moves committed by transactions that began before a run's cut-off and ended after it
# are revisited by the next run.
SAFETY_MARGIN = timedelta(hours=1)


class ProductTemplate(models.Model):
    _name = "product.template"
    _inherit = ["product.template", "kia.workflow.mixin"]

    kia_is_part = fields.Boolean(
        string="Kia Part", help="Spare part of the manufacturer's catalogue."
    )
    # Per dealer (company): a catalogue shared by a dealer group is shelved, issued and
    # classified by each dealer on its own.
    kia_bin_location = fields.Char(
        string="Bin Location",
        company_dependent=True,
        help="Shelf and bin in this company's warehouse, e.g. A-03-2.",
    )
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
        company_dependent=True,
        readonly=True,
        kia_workflow=True,
        help="From this company's issues in the last 12 months (updated daily).",
    )
    kia_issues_12m = fields.Integer(
        string="Issues (12 months)", company_dependent=True, readonly=True, kia_workflow=True
    )
    kia_demand_12m = fields.Float(
        string="Demand (12 months)", company_dependent=True, readonly=True, kia_workflow=True
    )

    @api.constrains("kia_superseded_by_id")
    def _check_kia_supersession_chain(self):
        for template in self.filtered("kia_superseded_by_id"):
            seen = template
            current = template.kia_superseded_by_id
            while current:
                if current in seen:
                    raise ValidationError(
                        self.env._(
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
    def _cron_kia_movement_class(self, batch_size=1000):
        """Daily: demand and issues of the last 12 months of each company's parts, and their
        movement class, per company.

        Incremental: a run revisits only the parts whose 12-month window changed since the
        company's last run (a demand move done or changed since, one that left the window,
        a new part leaving its first year, a part never classified); the whole catalogue
        only on a company's first run or when its fast-moving threshold changes.

        Batched: each batch of parts is written with the run's progress (cut-off and last
        part done, on the company), and under the scheduler each batch is a call of its own
        that the scheduler commits (``ir.cron._notify_progress``): a run that stops is
        resumed where it stopped, not redone. Called directly, it runs to the end."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        companies = self.env["res.company"].sudo().search([], order="id")
        running = companies.filtered("kia_movement_class_run_date")
        if not running or not in_cron:
            # A new daily run (under the scheduler, once the previous one is complete).
            for company in companies - running:
                self._kia_movement_class_start(company)
            running = companies
        done = 0
        for company in running:
            while True:
                count, more = self._kia_movement_class_batch(company, batch_size)
                done += count
                if in_cron and more:
                    # One batch per call: the scheduler commits it with its progress (the
                    # parts written in this call, the last batch of a company done before
                    # included) and calls again.
                    self.env["ir.cron"]._notify_progress(done=done, remaining=1)
                    return True
                if not more:
                    break
        if in_cron:
            self.env["ir.cron"]._notify_progress(done=done, remaining=0)
        return True

    @api.model
    def _kia_movement_class_start(self, company):
        """A run of ``company`` covers what was written before its transaction began; the
        whole catalogue on its first run or when its fast-moving threshold, or the lead time
        and cover its min/max are computed with, changed."""
        company = company.sudo()
        company.write(
            {
                "kia_movement_class_run_date": self.env.cr.now(),
                "kia_movement_class_run_cursor": 0,
                "kia_movement_class_run_full": not company.kia_movement_class_date
                or company.kia_movement_class_threshold != company.kia_fast_moving_issues
                or company.kia_replenishment_params != company._kia_replenishment_params(),
            }
        )

    @api.model
    def _kia_movement_class_batch(self, company, batch_size):
        """Classify the next batch of ``company``'s parts that need it; return (number done,
        whether more remain)."""
        company = company.sudo()
        if not company.kia_movement_class_run_date:
            self._kia_movement_class_start(company)
        run_date = company.kia_movement_class_run_date
        today = company._kia_today(run_date)
        since = today - relativedelta(months=12)
        candidates = self._kia_movement_class_candidates(company, batch_size + 1)
        batch, more = candidates[:batch_size], len(candidates) > batch_size
        if batch:
            self._kia_write_movement_classes(company, batch, since, today)
        if more:
            company.kia_movement_class_run_cursor = batch[-1]
        else:
            company.write(
                {
                    "kia_movement_class_date": run_date,
                    "kia_movement_class_threshold": company.kia_fast_moving_issues,
                    "kia_replenishment_params": company._kia_replenishment_params(),
                    "kia_movement_class_run_date": False,
                    "kia_movement_class_run_cursor": 0,
                    "kia_movement_class_run_full": False,
                }
            )
        return len(batch), more

    @api.model
    def _kia_movement_class_candidates(self, company, limit):
        """Ids (ascending, after the run's cursor) of the company's parts whose class may
        have changed since its last run; a handful of indexed queries."""
        Template = self.with_company(company).with_context(active_test=False)
        parts = [
            ("kia_is_part", "=", True),
            ("company_id", "in", (False, company.id)),
            ("id", ">", company.kia_movement_class_run_cursor),
        ]
        if company.kia_movement_class_run_full:
            return Template.search(parts, order="id", limit=limit).ids
        last = company.kia_movement_class_date
        run_date = company.kia_movement_class_run_date
        last_since = last - relativedelta(months=12, days=1)
        run_since = run_date - relativedelta(months=12)
        Move = self.env["stock.move"].sudo()
        demand = [
            ("company_id", "=", company.id),
            ("state", "=", "done"),
            ("location_id.usage", "=", "internal"),
            ("location_dest_id.usage", "in", ("customer", "production")),
        ]
        ids = set()
        for domain in (
            # Demand done or changed since the last run (with a margin for the transactions
            # that were still running then) ...
            [("write_date", ">=", last - SAFETY_MARGIN)],
            # ... and demand that left the 12-month window since.
            [("date", ">=", last_since), ("date", "<", run_since)],
        ):
            groups = Move._read_group(demand + domain, ["product_id"])
            product_ids = [product.id for (product,) in groups]
            if product_ids:
                ids.update(
                    Template.search(
                        parts + [("product_variant_ids", "in", product_ids)],
                        order="id",
                        limit=limit,
                    ).ids
                )
        # New parts leaving their first year, and parts never classified here.
        ids.update(
            Template.search(
                parts + [("create_date", ">=", last_since), ("create_date", "<", run_since)],
                order="id",
                limit=limit,
            ).ids
        )
        ids.update(
            Template.search(
                parts + [("kia_movement_class", "=", False)], order="id", limit=limit
            ).ids
        )
        # Parts superseded since: their Kia-managed min/max move to the new number.
        ids.update(
            Template.search(
                parts
                + [
                    ("kia_superseded_by_id", "!=", False),
                    (
                        "product_variant_ids.orderpoint_ids",
                        "any",
                        [("kia_managed", "=", True), ("active", "=", True)],
                    ),
                ],
                order="id",
                limit=limit,
            ).ids
        )
        return sorted(ids)[:limit]

    @api.model
    def _kia_write_movement_classes(self, company, template_ids, since, today):
        """Classes, issues and demand of these parts for ``company``: one grouped read of
        the demand, one update of the company's values (company-dependent columns)."""
        # The batch's variants first: the demand is then read through the index on
        # stock_move.product_id, not by joining every move of the year to its template.
        variant_template = {
            row["id"]: row["product_tmpl_id"]
            for row in self.env["product.product"]
            .sudo()
            .with_context(active_test=False)
            .search_read(
                [("product_tmpl_id", "in", list(template_ids))], ["product_tmpl_id"], load=None
            )
        }
        Move = self.env["stock.move"].sudo()
        groups = Move._read_group(
            Move._kia_demand_domain(company, since, today)
            + [("product_id", "in", list(variant_template))],
            ["product_id"],
            ["__count", "product_qty:sum"],
        )
        demand = {}
        for product, count, quantity in groups:
            template_id = variant_template[product.id]
            issues, total = demand.get(template_id, (0, 0.0))
            demand[template_id] = (issues + count, total + (quantity or 0.0))
        created = {
            row["id"]: row["create_date"]
            for row in self.env["product.template"]
            .sudo()
            .with_context(active_test=False)
            .search_read([("id", "in", list(template_ids))], ["create_date"], load=None)
        }
        movements, issues_list, quantities = [], [], []
        for template_id in template_ids:
            issues, quantity = demand.get(template_id, (0, 0.0))
            movement = self._kia_movement_class_of(company, issues, created.get(template_id), since)
            movements.append(movement)
            issues_list.append(issues)
            quantities.append(quantity)
        self.flush_model(["kia_movement_class", "kia_issues_12m", "kia_demand_12m"])
        key = str(company.id)
        self.env.cr.execute(
            """
            UPDATE product_template t
               SET kia_movement_class = COALESCE(t.kia_movement_class, '{}'::jsonb)
                                        || jsonb_build_object(%(key)s, v.movement),
                   kia_issues_12m = COALESCE(t.kia_issues_12m, '{}'::jsonb)
                                    || jsonb_build_object(%(key)s, v.issues),
                   kia_demand_12m = COALESCE(t.kia_demand_12m, '{}'::jsonb)
                                    || jsonb_build_object(%(key)s, v.quantity)
              FROM (SELECT unnest(%(ids)s::int[]) AS id,
                           unnest(%(movements)s::varchar[]) AS movement,
                           unnest(%(issues)s::int[]) AS issues,
                           unnest(%(quantities)s::float[]) AS quantity) v
             WHERE t.id = v.id
            """,
            {
                "key": key,
                "ids": list(template_ids),
                "movements": movements,
                "issues": issues_list,
                "quantities": quantities,
            },
        )
        fnames = ["kia_movement_class", "kia_issues_12m", "kia_demand_12m"]
        self.invalidate_model(fnames)
        self.env["product.product"].invalidate_model(fnames)
        # The min/max of these parts (and of their supersession chains) in each warehouse.
        self.env["stock.warehouse.orderpoint"]._kia_update_orderpoints(
            company, list(template_ids), today
        )

    @api.model
    def _kia_movement_class_of(self, company, issues, created, since):
        """fast / slow from the number of issues in 12 months (the company's threshold);
        without issues, new in its first year (``created`` after ``since``), else dead."""
        if issues >= company.kia_fast_moving_issues:
            return "fast"
        if issues:
            return "slow"
        if created and since and created.date() > since:
            return "new"
        return "dead"

    def _kia_predecessors(self):
        """The part numbers this one supersedes, directly or along the chain."""
        found = self.browse()
        todo = self.with_context(active_test=False).kia_supersedes_ids
        while todo - found - self:
            found |= todo
            todo = todo.kia_supersedes_ids
        return found - self
