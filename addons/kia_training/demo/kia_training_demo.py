from odoo import api, models


class KiaTrainingDemo(models.AbstractModel):
    """Demo data only: steps of the demo story that XML records cannot express."""

    _name = "kia.training.demo"
    _description = "Training Demo Data"

    @api.model
    def _localize(self, company_ids, country_code, currency_code):
        """Make the companies Chinese dealers (country and currency) when accounting
        allows it, i.e. before any journal item exists; otherwise keep their currency and
        only set the country."""
        companies = self.env["res.company"].browse(company_ids)
        country = self.env["res.country"].search([("code", "=", country_code)], limit=1)
        currency = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", currency_code)], limit=1)
        )
        currency.active = True
        has_entries = "account.move.line" in self.env and self.env[
            "account.move.line"
        ].sudo().search_count([("company_id", "in", companies.ids)], limit=1)
        vals = {"country_id": country.id}
        if not has_entries:
            vals["currency_id"] = currency.id
        companies.write(vals)
