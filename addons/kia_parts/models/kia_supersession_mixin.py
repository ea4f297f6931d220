from odoo import api, models


class KiaSupersessionMixin(models.AbstractModel):
    """Order and sale lines: entering a superseded part number proposes the new one."""

    _name = "kia.supersession.mixin"
    _description = "Kia Part Supersession on Lines"

    @api.onchange("product_id")
    def _onchange_kia_supersession(self):
        if self.product_id and self.product_id.kia_is_part:
            warning = self.product_id._kia_supersession_warning()
            if warning:
                self.product_id = self.product_id._kia_latest()
                return {"warning": warning}
        return None
