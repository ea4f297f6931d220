from odoo import models
from odoo.exceptions import UserError


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _kia_pack_quantities(self):
        """{product id: the manufacturer's pack quantity}: the smallest packaging of the
        part that is used to purchase (one query)."""
        packs = {}
        for row in (
            self.env["product.packaging"]
            .sudo()
            .search_read(
                [("product_id", "in", self.ids), ("purchase", "=", True), ("qty", ">", 0)],
                ["product_id", "qty"],
                load=None,
            )
        ):
            packs[row["product_id"]] = min(packs.get(row["product_id"], row["qty"]), row["qty"])
        return packs

    def _kia_latest(self):
        """The current part (variant) replacing this one, if superseded."""
        self.ensure_one()
        latest = self.product_tmpl_id._kia_latest()
        return self if latest == self.product_tmpl_id else latest.product_variant_id

    def _kia_supersession_warning(self):
        self.ensure_one()
        latest = self._kia_latest()
        if latest == self:
            return False
        return {
            "title": self.env._("Part superseded"),
            "message": self.env._(
                "%(old)s is superseded by %(new)s: the new number was proposed.",
                old=self.display_name,
                new=latest.display_name,
            ),
        }

    def _kia_check_current(self, action):
        """Refuse superseded part numbers; ``action`` says what to do with the new one."""
        for product in self.filtered("kia_is_part"):
            latest = product._kia_latest()
            if latest != product:
                raise UserError(
                    self.env._(
                        "%(old)s is superseded by %(new)s: %(action)s.",
                        old=product.display_name,
                        new=latest.display_name,
                        action=action,
                    )
                )
