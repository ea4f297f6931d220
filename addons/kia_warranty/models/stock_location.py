from odoo import api, fields, models


class StockLocation(models.Model):
    _inherit = "stock.location"

    kia_is_old_parts = fields.Boolean(
        string="Old Parts Quarantine",
        help="Old parts replaced under warranty wait here for the manufacturer's "
        "instruction: return or scrap. They are never issued to a work order.",
    )

    @api.model
    def _kia_init_old_parts_locations(self):
        """Install: an old parts quarantine for every company."""
        for company in self.env["res.company"].search([]):
            self._kia_old_parts_location(company)

    @api.model
    def _kia_old_parts_location(self, company):
        """The quarantine location of ``company``'s first warehouse, created on demand."""
        warehouse = (
            self.env["stock.warehouse"].sudo().search([("company_id", "=", company.id)], limit=1)
        )
        domain = [("kia_is_old_parts", "=", True), ("company_id", "=", company.id)]
        if warehouse:
            domain.append(("location_id", "=", warehouse.view_location_id.id))
        location = self.sudo().search(domain, limit=1)
        if not location:
            location = self.sudo().create(
                {
                    "name": self.env._("Old Parts Quarantine"),
                    "usage": "internal",
                    "kia_is_old_parts": True,
                    "company_id": company.id,
                    "location_id": warehouse.view_location_id.id if warehouse else False,
                }
            )
        return location
