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
