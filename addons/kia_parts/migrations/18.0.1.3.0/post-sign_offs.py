"""Manager sign-offs are tier validations (base_tier_validation): the approvals of
receiving more than ordered (on the receipt and its moves) and of stocktake counts (on
the quant) still open become approved reviews, for the quantities they approved; the old
columns are dropped."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, float_compare, sql

from odoo.addons.kia_training.upgrade import record_sign_offs

DROPPED = {
    "stock_picking": "kia_over_receipt_approved_by_id",
    "stock_move": "kia_over_receipt_approved_qty",
    "stock_quant": "kia_adjustment_approved_by_id",
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    sign_offs = []
    if sql.column_exists(cr, "stock_picking", "kia_over_receipt_approved_by_id"):
        cr.execute(
            """
            SELECT p.id, p.kia_over_receipt_approved_by_id, p.write_date
              FROM stock_picking p
             WHERE p.kia_over_receipt_approved_by_id IS NOT NULL
               AND p.state NOT IN ('done', 'cancel')
            """
        )
        rows = cr.fetchall()
        approved_qty = {}
        if rows and sql.column_exists(cr, "stock_move", "kia_over_receipt_approved_qty"):
            cr.execute(
                "SELECT id, kia_over_receipt_approved_qty FROM stock_move WHERE picking_id IN %s",
                [tuple(row[0] for row in rows)],
            )
            approved_qty = dict(cr.fetchall())
        for picking_id, user_id, date in rows:
            picking = env["stock.picking"].browse(picking_id)
            # Only what the manager approved is covered: a receipt that grew since waits
            # for a new sign-off.
            over = picking._kia_over_received_moves()
            if over and all(
                float_compare(
                    move.quantity,
                    approved_qty.get(move.id) or 0.0,
                    precision_rounding=move.product_uom.rounding,
                )
                <= 0
                for move in over
            ):
                sign_offs.append((picking, user_id, date, False))
    if sql.column_exists(cr, "stock_quant", "kia_adjustment_approved_by_id"):
        cr.execute(
            """
            SELECT id, kia_adjustment_approved_by_id, write_date
              FROM stock_quant
             WHERE kia_adjustment_approved_by_id IS NOT NULL AND inventory_quantity_set
            """
        )
        for quant_id, user_id, date in cr.fetchall():
            quant = env["stock.quant"].browse(quant_id)
            if quant.kia_above_threshold:
                sign_offs.append((quant, user_id, date, False))
    for model in ("stock.picking", "stock.quant"):
        record_sign_offs(env, [entry for entry in sign_offs if entry[0]._name == model])
    for table, column in DROPPED.items():
        if sql.column_exists(cr, table, column):
            cr.execute(
                SQL("ALTER TABLE %s DROP COLUMN %s", SQL.identifier(table), SQL.identifier(column))
            )
