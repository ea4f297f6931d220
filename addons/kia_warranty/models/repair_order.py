from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError

from .kia_warranty_policy import months_between


class RepairOrder(models.Model):
    _inherit = "repair.order"

    kia_warranty_entitlement = fields.Text(
        string="Warranty Entitlement",
        compute="_compute_kia_warranty_entitlement",
        help="The vehicle's warranty coverage at check-in: each component group, its limit "
        "and whether the vehicle is still within it.",
    )
    kia_warranty_claim_count = fields.Integer(
        string="Warranty Claims",
        compute="_compute_kia_warranty_claim_count",
        groups="kia_warranty.group_warranty_clerk",
    )

    def _compute_kia_warranty_entitlement(self):
        policies = self.env["kia.warranty.policy"]._kia_policies_for(self.kia_vehicle_id)
        for order in self:
            vehicle = order.kia_vehicle_id
            policy = policies.get(vehicle) if vehicle else None
            if not policy:
                order.kia_warranty_entitlement = (
                    self.env._("No warranty policy applies to this vehicle.") if vehicle else False
                )
                continue
            at = (order.kia_checkin_date or fields.Datetime.now()).date()
            km = order.kia_checkin_odometer or vehicle.odometer
            start = vehicle.kia_warranty_start
            rows = [
                self.env._(
                    "%(policy)s — warranty start %(start)s, age %(age)s months, %(km)s km",
                    policy=policy.name,
                    start=start or self.env._("unknown"),
                    age=months_between(start, at) if start else "?",
                    km=int(km),
                )
            ]
            for line in policy.line_ids:
                error = policy._kia_coverage_error(line.component_group_id, vehicle, at, km)
                until = start + relativedelta(months=line.months) if start and line.months else "-"
                rows.append(
                    self.env._(
                        "%(status)s %(group)s: until %(until)s / %(km)s km",
                        status="✗" if error else "✓",
                        group=line.component_group_id.name,
                        until=until,
                        km=line.km or "-",
                    )
                )
            order.kia_warranty_entitlement = "\n".join(rows)

    def _compute_kia_warranty_claim_count(self):
        counts = dict(
            self.env["kia.warranty.claim"]._read_group(
                [("repair_id", "in", self.ids)], ["repair_id"], ["__count"]
            )
        )
        for order in self:
            order.kia_warranty_claim_count = counts.get(order, 0)

    def action_kia_create_warranty_claims(self):
        """Warranty clerk: create the claims of the work order's finished warranty, recall
        and first free maintenance jobs (once; again does nothing)."""
        if not self.env.user.has_group("kia_warranty.group_warranty_clerk"):
            raise UserError(self.env._("Only a warranty clerk creates warranty claims."))
        not_passed = self.filtered(lambda o: o.kia_qc_state != "passed")
        if not_passed:
            raise UserError(
                self.env._(
                    "Work order %s has not passed the quality check: no claim yet.",
                    not_passed[0].name,
                )
            )
        self.kia_job_line_ids._kia_create_warranty_claims()
        return self.action_kia_view_warranty_claims()

    def action_kia_view_warranty_claims(self):
        claims = self.env["kia.warranty.claim"].search([("repair_id", "in", self.ids)])
        return claims._get_records_action(name=self.env._("Warranty Claims"))

    def _cron_kia_create_warranty_claims(self):
        """Catch up the claims of work orders that passed QC (idempotent)."""
        orders = self.search([("kia_qc_state", "=", "passed"), ("kia_job_line_ids", "!=", False)])
        return orders.kia_job_line_ids._kia_create_warranty_claims()
