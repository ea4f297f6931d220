"""English source strings (issue 10, item 9): the records below are loaded with
``noupdate`` (data that users may edit, demo data), so an upgrade does not rewrite them.
Their English value is replaced when it is still the one this module shipped; the other
languages keep their translation."""

from psycopg2 import sql

MODULE = "kia_aftersales"
# (xmlid, table, column, old English, new English)
RENAMED = [
    ("product_labour_product_template", "product_template", "name", "Labour (工时费)", "Labour"),
    (
        "mail_activity_type_followup_call",
        "mail_activity_type",
        "summary",
        "Call the customer (回访)",
        "Call the customer",
    ),
    (
        "mail_activity_type_service_reminder",
        "mail_activity_type",
        "summary",
        "Remind the customer of the maintenance (跟踪服务)",
        "Remind the customer of the maintenance",
    ),
    (
        "op_first_service",
        "kia_labour_operation",
        "name",
        "First free maintenance (首保)",
        "First free maintenance",
    ),
]
# Mail templates: the sample plate shown in the template editor.
TEMPLATES = [
    "mail_template_estimate",
    "mail_template_additional_work",
    "mail_template_ready",
    "mail_template_appointment_confirmed",
    "mail_template_appointment_reminder",
]


def migrate(cr, version):
    for xmlid, table, column, old, new in RENAMED:
        cr.execute(
            sql.SQL(
                """
                UPDATE {table} t
                   SET {column} = jsonb_set(t.{column}, '{{en_US}}', to_jsonb(%s::text))
                  FROM ir_model_data d
                 WHERE d.module = %s AND d.name = %s AND d.res_id = t.id
                   AND t.{column}->>'en_US' = %s
                """
            ).format(table=sql.Identifier(table), column=sql.Identifier(column)),
            [new, MODULE, xmlid, old],
        )
    cr.execute(
        """
        UPDATE mail_template t
           SET body_html = jsonb_set(
                   t.body_html, '{en_US}',
                   to_jsonb(replace(t.body_html->>'en_US', '>沪A12345<', '>A12345<'))
               )
          FROM ir_model_data d
         WHERE d.module = %s AND d.name = ANY(%s) AND d.res_id = t.id
           AND t.body_html ? 'en_US'
        """,
        [MODULE, TEMPLATES],
    )
