"""Helpers for the suite's migration scripts (``migrations/<version>/*.py`` of each addon)."""


def rename_xmlids(cr, module, renamed):
    """Rename ``module``'s external ids ``{old: new}`` before its data is loaded, so that
    each record (a view, typically) is updated in place. Without this, an upgrade creates
    the renamed records beside the old ones, which stay until the end of the upgrade: the
    same view extension would then apply twice while the other views are checked."""
    for old, new in renamed.items():
        cr.execute(
            """
            UPDATE ir_model_data
               SET name = %s
             WHERE module = %s AND name = %s
               AND NOT EXISTS (
                   SELECT 1 FROM ir_model_data WHERE module = %s AND name = %s
               )
            """,
            [new, module, old, module, new],
        )


def record_sign_offs(env, sign_offs):
    """Keep the manager approvals given before the suite used tier validation
    (``base_tier_validation``): each ``(record, user_id, date, comment)`` becomes an
    approved review of the tier definitions that apply to the record, signed for the
    record as it stands (see ``tier.validation._kia_tier_fingerprint``)."""
    Review = env["tier.review"].sudo()
    records = env[sign_offs[0][0]._name] if sign_offs else None
    for record, user_id, date, comment in sign_offs:
        record = record.sudo()
        for definition in record._kia_tier_definitions():
            Review.create(
                {
                    "model": record._name,
                    "res_id": record.id,
                    "definition_id": definition.id,
                    "status": "approved",
                    "sequence": 1,
                    "requested_by": user_id,
                    "done_by": user_id,
                    "reviewed_date": date,
                    "comment": comment or False,
                    "kia_signed_value": record._kia_tier_fingerprint(),
                }
            )
        records |= record
    if records:
        records.modified(["review_ids"])
        env.flush_all()
    return records
