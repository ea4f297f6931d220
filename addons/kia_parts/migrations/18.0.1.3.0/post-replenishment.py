"""The replenishment rules of parts that existed before were set by someone: the nightly
job (which now sets the parts' min/max) leaves them as they are."""


def migrate(cr, version):
    cr.execute(
        """
        UPDATE stock_warehouse_orderpoint o
           SET kia_manual = TRUE
          FROM product_product p
          JOIN product_template t ON t.id = p.product_tmpl_id
         WHERE p.id = o.product_id
           AND t.kia_is_part
           AND (o.product_min_qty <> 0 OR o.product_max_qty <> 0)
           AND NOT COALESCE(o.kia_managed, FALSE)
        """
    )
