from odoo import api, models
from odoo.exceptions import UserError

from .stock_move import DONE_LINE_FIELDS


class StockMoveLine(models.Model):
    _inherit = "stock.move.line"

    def _kia_check_workshop_lines(self, vals, moves=None):
        """Move lines of vehicle work-order parts: a client may not mark them picked (the
        parts department's Issue action hands parts over and counts them in
        ``stock.move.kia_issued_qty``), nor change a done line (the stock it moved: Odoo
        re-books the quants). Reservation keeps writing quantities on open lines as Odoo
        does, also when another delivery takes reserved stock (``_free_reservation``)."""
        if self.env.su:
            return
        moves = self.move_id if moves is None else moves
        vehicle = moves.filtered(lambda m: m.repair_id.kia_vehicle_id)
        if not vehicle:
            return
        done = vehicle.filtered(lambda m: m.state == "done")
        if done and DONE_LINE_FIELDS & set(vals):
            raise UserError(
                self.env._(
                    "The parts of work order %(order)s were consumed when it was completed: "
                    "their stock moves cannot be changed.",
                    order=done[0].repair_id.name,
                )
            )
        if vals.get("picked") and vehicle._kia_workshop_moves():
            raise UserError(
                self.env._(
                    "Parts of a work order reach the workshop through the parts department's "
                    "Issue / Return action, not by editing their stock moves."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            moves = self.env["stock.move"].browse(
                [vals["move_id"] for vals in vals_list if vals.get("move_id")]
            )
            for vals in vals_list:
                self._kia_check_workshop_lines(vals, moves.browse(vals.get("move_id")))
        return super().create(vals_list)

    def write(self, vals):
        self._kia_check_workshop_lines(vals)
        return super().write(vals)
