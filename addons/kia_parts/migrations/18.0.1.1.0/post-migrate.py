"""Per-company values (see pre-migrate): the bin location, deposit and credit limit each
company saw before keep their values in every company (edit them per company afterwards);
the movement classes are recomputed by each company's first run of the cron, triggered
now."""

from odoo import SUPERUSER_ID, api
from odoo.tools import sql

COPIED = {
    "product_template": ("kia_bin_location",),
    "res_partner": ("kia_parts_deposit", "kia_parts_credit_limit"),
}
DROPPED = {"product_template": ("kia_movement_class", "kia_issues_12m", "kia_demand_12m")}


def migrate(cr, version):
    for table, columns in COPIED.items():
        for column in columns:
            old = f"{column}_pre_company"
            if not sql.column_exists(cr, table, old):
                continue
            cr.execute(
                f"""
                UPDATE {table} t
                   SET {column} = (SELECT jsonb_object_agg(c.id::text, to_jsonb(t.{old}))
                                     FROM res_company c)
                 WHERE t.{old} IS NOT NULL AND t.{old}::text NOT IN ('', '0')
                """  # noqa: S608 - fixed identifiers
            )
            cr.execute(f"ALTER TABLE {table} DROP COLUMN {old}")
    for table, columns in DROPPED.items():
        for column in columns:
            if sql.column_exists(cr, table, f"{column}_pre_company"):
                cr.execute(f"ALTER TABLE {table} DROP COLUMN {column}_pre_company")
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("kia_parts.ir_cron_kia_movement_class", raise_if_not_found=False)
    if cron:
        cron._trigger()
