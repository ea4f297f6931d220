"""Equipment inspections on Odoo's recurring maintenance (issue 10, item 6): the ledger's
own interval and last inspection date are put aside here, before the upgrade recomputes
the last inspection date from the requests; post-equipment_inspections turns them into
maintenance requests."""

from odoo.tools import sql


def migrate(cr, version):
    if not sql.column_exists(cr, "maintenance_equipment", "kia_inspection_months"):
        return
    cr.execute("DROP TABLE IF EXISTS kia_equipment_inspection_pre")
    cr.execute(
        """
        CREATE TABLE kia_equipment_inspection_pre AS
        SELECT id, kia_inspection_months AS months, kia_last_inspection_date AS last
          FROM maintenance_equipment
         WHERE COALESCE(kia_inspection_months, 0) > 0 OR kia_last_inspection_date IS NOT NULL
        """
    )
