from odoo import api, models
from odoo.exceptions import UserError


class KiaStatusMixin(models.AbstractModel):
    """A record whose status fields change through its action buttons only: the actions
    check the rules and the user's right to the record, then write them as the system.
    A client writing them directly is refused with ``_kia_status_error()``."""

    _name = "kia.status.mixin"
    _description = "Status Changed by Its Buttons"
    _kia_status_fields = ("state",)
    # Statuses a record may be created in (besides the default).
    _kia_initial_states = ()

    def _kia_status_error(self):
        raise NotImplementedError

    def _kia_check_status_write(self, vals):
        if self.env.su:
            return
        touched = set(self._kia_status_fields) & {key for key, value in vals.items() if value}
        if touched:
            raise UserError(self._kia_status_error())

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            defaults = self.default_get(list(self._kia_status_fields))
            for vals in vals_list:
                status = {
                    key: value
                    for key, value in vals.items()
                    if key in self._kia_status_fields
                    and value != defaults.get(key)
                    and value not in self._kia_initial_states
                }
                self._kia_check_status_write(status)
        return super().create(vals_list)

    def write(self, vals):
        self._kia_check_status_write(vals)
        return super().write(vals)

    def _kia_set_status(self, vals):
        """Write the status fields for an action, once the user's right to change these
        records is checked."""
        self.check_access("write")
        return self.sudo().write(vals)
