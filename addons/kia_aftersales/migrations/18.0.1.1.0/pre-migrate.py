"""One advisor field (issue 10, item 2): the work order's service advisor is repair's own
``user_id`` (Responsible); ``kia_advisor_id`` is gone. Its values are copied here, before
Odoo drops the column at the end of the upgrade.

On a vehicle work order the Kia form hid ``user_id`` and showed ``kia_advisor_id``: the
advisor the dealer chose is ``kia_advisor_id``, and ``user_id`` only held whoever created
the order. It therefore wins there; on any other repair it fills ``user_id`` only where
that is empty. The follow-ups' stored advisor, the chatter history of the field, and the
mail/SMS templates and saved filters that named it (``noupdate`` records the upgrade does
not reload) follow."""

from odoo.tools import sql

OLD, NEW = "kia_advisor_id", "user_id"
# Text that names the old field in records the upgrade does not reload.
RENAMED_IN = {
    "mail_template": ("subject", "body_html"),
    "sms_template": ("body",),
    "ir_filters": ("domain", "context", "sort"),
}


def migrate(cr, version):
    if not sql.column_exists(cr, "repair_order", OLD):
        return
    cr.execute(
        f"""
        UPDATE repair_order
           SET {NEW} = {OLD}
         WHERE {OLD} IS NOT NULL
           AND {NEW} IS DISTINCT FROM {OLD}
           AND ({NEW} IS NULL OR kia_vehicle_id IS NOT NULL)
        """  # noqa: S608 - fixed identifiers
    )
    if sql.column_exists(cr, "kia_service_followup", "advisor_id"):
        cr.execute(
            """
            UPDATE kia_service_followup f
               SET advisor_id = r.user_id
              FROM repair_order r
             WHERE r.id = f.repair_id
               AND f.advisor_id IS DISTINCT FROM r.user_id
            """
        )
    # The advisor's tracked changes stay in the chatter, under the field that now holds it.
    cr.execute(
        """
        UPDATE mail_tracking_value t
           SET field_id = new.id
          FROM ir_model_fields old, ir_model_fields new
         WHERE t.field_id = old.id
           AND old.model = 'repair.order' AND old.name = %s
           AND new.model = 'repair.order' AND new.name = %s
        """,
        [OLD, NEW],
    )
    for table, columns in RENAMED_IN.items():
        for column in columns:
            cr.execute(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_name = %s AND column_name = %s",
                [table, column],
            )
            row = cr.fetchone()
            if not row:
                continue
            cast = "::jsonb" if row[0] == "jsonb" else ""
            cr.execute(
                f"""
                UPDATE {table}
                   SET {column} = replace({column}::text, %s, %s){cast}
                 WHERE {column}::text LIKE %s
                """,  # noqa: S608 - fixed identifiers
                [OLD, NEW, f"%{OLD}%"],
            )
