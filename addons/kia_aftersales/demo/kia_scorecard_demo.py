from dateutil.relativedelta import relativedelta

from odoo import api, models

from ..models.kia_scorecard import month_start

# The demo dealer's targets: (position xml id or None for the dealer's own scorecard,
# KPI xml id, target, weight, reward points, penalty points).
TARGETS = [
    ("kia_training.job_advisor", "kia_aftersales.kpi_vehicles_out", 30.0, 2.0, 10.0, 5.0),
    ("kia_training.job_advisor", "kia_aftersales.kpi_sales_per_order", 650.0, 2.0, 10.0, 5.0),
    ("kia_training.job_advisor", "kia_aftersales.kpi_on_time_rate", 90.0, 1.0, 5.0, 5.0),
    ("kia_training.job_advisor", "kia_aftersales.kpi_csi", 85.0, 2.0, 10.0, 10.0),
    ("kia_training.job_technician", "kia_aftersales.kpi_efficiency", 100.0, 3.0, 10.0, 5.0),
    ("kia_training.job_technician", "kia_aftersales.kpi_productivity", 85.0, 2.0, 5.0, 5.0),
    ("kia_training.job_technician", "kia_aftersales.kpi_first_time_fix_rate", 95.0, 1.0, 5.0, 5.0),
    ("kia_training.job_technician", "kia_aftersales.kpi_rework_rate", 2.0, 1.0, 5.0, 10.0),
    (None, "kia_aftersales.kpi_vehicles_out", 60.0, 2.0, 0.0, 0.0),
    (None, "kia_aftersales.kpi_sales_per_order", 650.0, 2.0, 0.0, 0.0),
    (None, "kia_aftersales.kpi_on_time_rate", 90.0, 1.0, 0.0, 0.0),
    (None, "kia_aftersales.kpi_csi", 85.0, 2.0, 0.0, 0.0),
    (None, "kia_aftersales.kpi_rework_rate", 2.0, 1.0, 0.0, 0.0),
]


class KiaScorecardDemo(models.AbstractModel):
    """Demo data only: the service manager's targets per position and for the dealer,
    then last month's scorecards generated from the KPI figures and one approved, by the
    service manager demo user through the real flow. Modules further down the chain call
    ``_generate`` with their own targets (parts clerk, warranty clerk)."""

    _name = "kia.scorecard.demo"
    _description = "Scorecard Demo Data"

    @api.model
    def _generate(self, targets=None):
        env = self.with_context(tracking_disable=True, mail_notrack=True).env
        manager = env.ref("kia_aftersales.user_manager", raise_if_not_found=False)
        company = env.ref("base.main_company")
        if not manager:
            return
        Target = env["kia.scorecard.target"]
        existing = {
            (t.job_id.id, t.kpi_id.id) for t in Target.search([("company_id", "=", company.id)])
        }
        vals_list = []
        for job_xmlid, kpi_xmlid, target, weight, reward, penalty in targets or TARGETS:
            kpi = env.ref(kpi_xmlid, raise_if_not_found=False)
            job = env.ref(job_xmlid, raise_if_not_found=False) if job_xmlid else env["hr.job"]
            # KPIs not installed, or measured for the dealer only, are left out.
            if not kpi or (job_xmlid and not job) or (job and kpi.dimension == "company"):
                continue
            if (job.id, kpi.id) in existing:
                continue
            existing.add((job.id, kpi.id))
            vals_list.append(
                {
                    "company_id": company.id,
                    "job_id": job.id,
                    "kpi_id": kpi.id,
                    "target": target,
                    "weight": weight,
                    "reward_points": reward,
                    "penalty_points": penalty,
                }
            )
        Target.with_user(manager).create(vals_list)
        env["kia.kpi.fact"]._kia_refresh()
        this_month = month_start(company._kia_today())
        last_month = this_month - relativedelta(months=1)
        Scorecard = env["kia.scorecard"].with_user(manager).with_company(company)
        # This month's so far (computed, open) and last month's, one of them approved.
        Scorecard._kia_generate(this_month, company)
        cards = Scorecard._kia_generate(last_month, company)
        # One technician's scorecard of last month approved (locked); the others wait.
        if not cards.filtered(lambda card: card.state == "approved"):
            technician = env.ref("kia_training.job_technician", raise_if_not_found=False)
            card = cards.filtered(
                lambda card: card.job_id == technician and card.employee_id.user_id != manager
            ).sorted("weighted_score", reverse=True)[:1]
            card.write({"note": "Reviewed with the technician. 已与技师面谈确认。"})
            card.action_kia_approve()
