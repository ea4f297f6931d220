from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools


def months_between(start, end):
    """Whole months from ``start`` to ``end`` (the vehicle's age for the warranty)."""
    delta = relativedelta(end, start)
    return delta.years * 12 + delta.months


class KiaWarrantyPolicy(models.Model):
    """The manufacturer's warranty for a vehicle model (or all models) at a dealer: one
    coverage line per component group, in months and km from the warranty start."""

    _name = "kia.warranty.policy"
    _description = "Warranty Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    model_ids = fields.Many2many(
        "fleet.vehicle.model",
        string="Vehicle Models",
        help="Models this policy covers; empty for every model without a policy of its own.",
    )
    line_ids = fields.One2many("kia.warranty.policy.line", "policy_id", string="Coverage")
    photos_required = fields.Integer(
        default=2,
        help="Attachments (photos, documents) a warranty claim needs before submission.",
    )
    first_service_allowance = fields.Monetary(
        string="First Free Maintenance Allowance",
        help="What the manufacturer pays for the first free maintenance of these models.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _kia_policy_ids
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    @tools.ormcache("company_ids")
    def _kia_policy_ids(self, company_ids):
        """The active policies of these companies, in their order (cached: every job and
        part of a warranty work order is checked against them)."""
        return tuple(self.sudo().search([("company_id", "in", list(company_ids))]).ids)

    @api.model
    def _kia_policies_for(self, vehicles):
        """``{vehicle: policy}``: the policy of each vehicle's model at its company (a
        policy naming the model wins over one for all models). One search for the batch."""
        companies = vehicles.company_id | self.env.company
        policies = self.sudo().browse(self._kia_policy_ids(tuple(sorted(companies.ids))))
        result = {}
        for vehicle in vehicles:
            company = vehicle.company_id or self.env.company
            mine = policies.filtered(lambda p, c=company: p.company_id == c)
            specific = mine.filtered(lambda p, v=vehicle: v.model_id in p.model_ids)
            result[vehicle] = (specific or mine.filtered(lambda p: not p.model_ids))[:1]
        return result

    def _kia_coverage_error(self, group, vehicle, date, odometer):
        """None when ``group`` is covered on ``vehicle`` at ``date`` and ``odometer``, else
        the message that names the group, the limit and the vehicle's age and odometer."""
        self.ensure_one()
        line = self.line_ids.filtered(lambda rec: rec.component_group_id == group)[:1]
        start = vehicle.kia_warranty_start
        if hasattr(date, "date"):
            # A moment (the check-in): its date where the dealer is.
            date = self.company_id._kia_today(date)
        if not line:
            return self.env._(
                "%(group)s is not covered by warranty policy %(policy)s.",
                group=group.name,
                policy=self.name,
            )
        if not start:
            return self.env._(
                "Vehicle %(vehicle)s has no warranty start date: %(group)s cannot be checked.",
                vehicle=vehicle.vin_sn or vehicle.display_name,
                group=group.name,
            )
        age = months_between(start, date)
        expired_time = line.months and start + relativedelta(months=line.months) < date
        expired_km = line.km and odometer > line.km
        if expired_time or expired_km:
            return self.env._(
                "%(group)s is outside warranty on vehicle %(vehicle)s: the limit is %(months)s "
                "months / %(km)s km from %(start)s, the vehicle is %(age)s months old with "
                "%(odometer)s km.",
                group=group.name,
                vehicle=vehicle.vin_sn or vehicle.display_name,
                months=line.months or self.env._("unlimited"),
                km=line.km or self.env._("unlimited"),
                start=start,
                age=age,
                odometer=int(odometer),
            )
        return None


class KiaWarrantyPolicyLine(models.Model):
    _name = "kia.warranty.policy.line"
    _description = "Warranty Coverage"
    _order = "policy_id, component_group_id"

    policy_id = fields.Many2one("kia.warranty.policy", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    component_group_id = fields.Many2one("kia.warranty.component.group", required=True)
    months = fields.Integer(help="Months from the warranty start; 0 for no time limit.")
    km = fields.Integer(string="Kilometres", help="Odometer limit; 0 for no km limit.")

    _sql_constraints = [
        (
            "group_uniq",
            "unique (policy_id, component_group_id)",
            "A policy covers each component group once.",
        ),
        ("limits_positive", "CHECK (months >= 0 AND km >= 0)", "Limits cannot be negative."),
    ]
