"""Per-company values (issue 8, item 9): the movement class, issue counts, 12-month demand
and bin location of a part, and the parts deposit and credit limit of the manufacturer,
become company-dependent (jsonb) columns. The old plain columns are put aside here and
their values copied in post-migrate."""

from odoo.tools import sql

MOVED = {
    "product_template": (
        "kia_bin_location",
        "kia_movement_class",
        "kia_issues_12m",
        "kia_demand_12m",
    ),
    "res_partner": ("kia_parts_deposit", "kia_parts_credit_limit"),
}


def migrate(cr, version):
    # The analysis view reads the class; it is recreated by the module.
    cr.execute("DROP VIEW IF EXISTS kia_parts_movement_report")
    cr.execute(
        "ALTER TABLE res_partner DROP CONSTRAINT IF EXISTS res_partner_kia_parts_credit_positive"
    )
    for table, columns in MOVED.items():
        for column in columns:
            cr.execute(
                "SELECT udt_name FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = %s",
                [table, column],
            )
            row = cr.fetchone()
            if row and row[0] != "jsonb":
                cr.execute(f'DROP INDEX IF EXISTS "{table}__{column}_index"')
                sql.rename_column(cr, table, column, f"{column}_pre_company")
