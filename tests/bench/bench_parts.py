"""Benchmark: the nightly movement-class job (classes and the min/max of the parts'
replenishment rules) and the monthly parts report on a large catalogue (default 50,000
parts) with 12 months of issues, compared with a small one, to show that the number of
queries does not grow with the catalogue.

    .venv/bin/python tests/bench/bench_parts.py [DATABASE] [CATALOGUE SIZES ...]

The catalogue and its moves are inserted in bulk with SQL (creating 50,000 products through
the ORM would take hours and measure something else), in one transaction rolled back at the
end: the database is left as it was.
"""

import sys
import time
from pathlib import Path

from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.tools import config

ROOT = Path(__file__).resolve().parents[2]


def populate(env, size, tag):
    """``size`` parts, a min/max rule set by hand on one in ten, stock on most, and 12
    months of issues (about 4 per part, more for fast movers)."""
    cr = env.cr
    company = env.company
    stock = env.ref("stock.stock_location_stock")
    production = env["stock.location"].search([("usage", "=", "production")], limit=1)
    unit = env.ref("uom.product_uom_unit")
    category = env.ref("product.product_category_all")
    cr.execute(
        """
        INSERT INTO product_template (name, categ_id, uom_id, uom_po_id, type, service_tracking,
                                      tracking, purchase_line_warn, sale_line_warn, is_storable,
                                      kia_is_part, default_code, list_price, active, company_id,
                                      create_date, write_date, sale_ok, purchase_ok)
        SELECT jsonb_build_object('en_US', 'Bench part ' || %(tag)s || '-' || g),
               %(categ)s, %(uom)s, %(uom)s, 'consu', 'no', 'none', 'no-message', 'no-message', TRUE,
               TRUE, 'B' || %(tag)s || '-' || lpad(g::text, 6, '0'), 100 + g %% 500, TRUE, NULL,
               now() - interval '2 years', now(), TRUE, TRUE
          FROM generate_series(1, %(size)s) g
        RETURNING id
        """,
        {"tag": tag, "categ": category.id, "uom": unit.id, "size": size},
    )
    template_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        INSERT INTO product_product (product_tmpl_id, default_code, active, create_date, write_date)
        SELECT t.id, t.default_code, TRUE, now(), now() FROM product_template t WHERE t.id = ANY(%s)
        RETURNING id
        """,
        (template_ids,),
    )
    product_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        INSERT INTO stock_quant (product_id, location_id, company_id, quantity, reserved_quantity,
                                 in_date, create_date, write_date)
        SELECT p, %s, %s, (p %% 17), 0, now(), now(), now()
          FROM unnest(%s::int[]) p WHERE p %% 5 <> 0
        """,
        (stock.id, company.id, product_ids),
    )
    cr.execute(
        """
        INSERT INTO stock_warehouse_orderpoint (name, product_id, location_id, warehouse_id,
                                                company_id, product_min_qty, product_max_qty,
                                                qty_multiple, trigger, route_id, active,
                                                kia_order_type, kia_manual, create_date,
                                                write_date)
        SELECT 'OP/' || p, p, %s, w.id, %s, 5, 20, 1, 'manual', NULL, TRUE, 'stock', TRUE,
               now(), now()
          FROM unnest(%s::int[]) p, (SELECT id FROM stock_warehouse WHERE company_id = %s LIMIT 1) w
         WHERE p %% 10 = 0
        """,
        (stock.id, company.id, product_ids, company.id),
    )
    cr.execute(
        """
        INSERT INTO stock_move (name, company_id, product_id, product_uom, product_uom_qty,
                                product_qty, quantity, location_id, location_dest_id,
                                procure_method, state, date, picked, create_date, write_date)
        SELECT 'bench issue', %s, p, %s, 1 + (p %% 3), 1 + (p %% 3), 1 + (p %% 3), %s, %s,
               'make_to_stock', 'done', now() - (m || ' days')::interval, TRUE, now(), now()
          FROM unnest(%s::int[]) p, generate_series(1, 360, 90) m
         WHERE p %% 7 <> 0
        """,
        (company.id, unit.id, stock.id, production.id, product_ids),
    )
    env.invalidate_all()
    return len(product_ids)


def measure(env, label, func):
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    result = func()
    env.flush_all()
    return label, time.perf_counter() - start, env.cr.sql_log_count - queries, result


def main():
    database = sys.argv[1] if len(sys.argv) > 1 else "kia_test"
    sizes = [int(n) for n in sys.argv[2:]] or [1000, 50000]
    config.parse_config(["-c", str(ROOT / "odoo.conf"), "-d", database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(database)
    rows = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
        planner = env["kia.parts.planner"]
        company = env.company
        total = 0
        for index, size in enumerate(sizes):
            total += populate(env, size - total, f"S{index}")
            today = fields.Date.context_today(planner)
            wizard = env["kia.parts.report.wizard"].create(
                {"date_from": today - relativedelta(months=1), "date_to": today}
            )
            operations = {
                "classes, min/max (cron)": env["product.template"]._cron_kia_movement_class,
                "monthly KPIs": lambda day=today: planner._kpis(
                    company, day - relativedelta(months=1), day
                ),
                "monthly report (XLSX)": lambda docs=wizard: env["ir.actions.report"]._render(
                    "kia_parts.monthly_parts_report", docs.ids
                ),
            }
            for label, func in operations.items():
                name, seconds, queries, _result = measure(env, label, func)
                rows.append((total, name, seconds, queries))
        cr.rollback()
    print(f"{'parts':>7}  {'operation':<26} {'seconds':>8} {'queries':>8}")
    for size, name, seconds, queries in rows:
        print(f"{size:>7}  {name:<26} {seconds:>8.2f} {queries:>8}")
    return rows


if __name__ == "__main__":
    main()
