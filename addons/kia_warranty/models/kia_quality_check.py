from odoo import api, models


class KiaQualityCheck(models.Model):
    _inherit = "kia.quality.check"

    @api.model_create_multi
    def create(self, vals_list):
        """Once a work order passes QC its warranty, recall and first free maintenance
        jobs become claims (索赔单) for the warranty clerk. (``kia_warranty_no_claims``
        leaves them to the daily job: a batch of checks, e.g. in a benchmark; it can only
        delay a claim, never skip one.)"""
        checks = super().create(vals_list)
        passed = checks.filtered(lambda c: c.result == "pass")
        if passed and not self.env.context.get("kia_warranty_no_claims"):
            passed.repair_id.kia_job_line_ids.sudo()._kia_create_warranty_claims()
        return checks
