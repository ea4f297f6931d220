from odoo import fields, models, tools


class KiaPartsMovementReport(models.Model):
    """Parts movements for analysis (pivot/graph): receipts, issues to work orders, counter
    sales, returns and adjustments, with their value at cost."""

    _name = "kia.parts.movement.report"
    _description = "Parts Movements Analysis"
    _auto = False
    _order = "date desc"

    date = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one("product.product", string="Part", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", readonly=True)
    categ_id = fields.Many2one("product.category", string="Category", readonly=True)
    movement_class = fields.Selection(
        [("fast", "Fast Moving"), ("slow", "Slow Moving"), ("dead", "Dead Stock"), ("new", "New")],
        readonly=True,
    )
    kind = fields.Selection(
        [
            ("receipt", "Receipt"),
            ("issue", "Issue to Work Order"),
            ("counter_sale", "Counter Sale"),
            ("return", "Return to Supplier"),
            ("adjustment", "Stocktake Adjustment"),
            ("other", "Other"),
        ],
        readonly=True,
    )
    quantity = fields.Float(readonly=True)
    value = fields.Float(string="Value at Cost", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT m.id,
                       m.date,
                       m.company_id,
                       m.product_id,
                       p.product_tmpl_id,
                       t.categ_id,
                       -- the class the move's company gives the part
                       t.kia_movement_class ->> m.company_id::text AS movement_class,
                       CASE
                           WHEN src.usage = 'supplier' AND dst.usage = 'internal' THEN 'receipt'
                           WHEN src.usage = 'internal' AND dst.usage = 'production'
                                THEN 'issue'
                           WHEN src.usage = 'internal' AND dst.usage = 'customer'
                                THEN 'counter_sale'
                           WHEN src.usage = 'internal' AND dst.usage = 'supplier' THEN 'return'
                           WHEN src.usage = 'inventory' OR dst.usage = 'inventory' THEN 'adjustment'
                           ELSE 'other'
                       END AS kind,
                       m.product_qty AS quantity,
                       COALESCE(svl.value, 0.0) AS value
                  FROM stock_move m
                  JOIN product_product p ON p.id = m.product_id
                  JOIN product_template t ON t.id = p.product_tmpl_id
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dst ON dst.id = m.location_dest_id
                  LEFT JOIN (
                      SELECT stock_move_id, SUM(value) AS value
                        FROM stock_valuation_layer
                       GROUP BY stock_move_id
                  ) svl ON svl.stock_move_id = m.id
                 WHERE m.state = 'done' AND t.kia_is_part
            )
            """
        )
