"""pytest plugin for `make test-odoo`: Odoo's own selection of a module's tests.

pytest-odoo collects everything pytest finds in a test file; Odoo's runner, asked for the
tests of a module (``--test-tags /module``), runs fewer. This plugin deselects, as Odoo's
runner would:

- classes not tagged ``standard`` (``-standard``: ``external``, ``manual``, ``click_all``,
  performance measurements...), which need a network, a manual set-up or hours;
- classes of another module imported into a test file (``helpdesk_mgmt`` imports web's
  ``WebSuite``, the whole JavaScript suite of the web client): they are that module's tests;
- plain functions named ``test_*`` (account's ``@standalone('all_l10n')`` installs every
  localisation, ``--test-tags standalone`` only; other ones are helpers): Odoo runs test
  classes only.
"""


def _is_odoo_test(item):
    module = getattr(getattr(item, "module", None), "__name__", "")
    if not module.startswith("odoo.addons."):
        return True  # not an Odoo test file: leave it to pytest
    cls = getattr(item, "cls", None)
    if cls is None:
        return False
    tags = getattr(cls, "test_tags", None)
    if tags is None:
        return True
    own_module = module.split(".")[2]
    return "standard" in tags and getattr(cls, "test_module", own_module) == own_module


def pytest_collection_modifyitems(config, items):
    selected = [item for item in items if _is_odoo_test(item)]
    if len(selected) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in selected])
        items[:] = selected
