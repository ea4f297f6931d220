"""Every addon ships a .pot and a complete zh_CN.po: each term of the template is
translated (not fuzzy), with the same placeholders."""

import re
from pathlib import Path

import polib
import pytest

ADDONS = sorted((Path(__file__).resolve().parents[2] / "addons").glob("kia_*"))
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[-#0 +]*\d*(?:\.\d+)?[sdfr]|%[sdfr]")


@pytest.mark.parametrize("addon", ADDONS, ids=lambda path: path.name)
def test_zh_cn_translation_is_complete(addon):
    pot = polib.pofile(str(addon / "i18n" / f"{addon.name}.pot"))
    po = polib.pofile(str(addon / "i18n" / "zh_CN.po"))
    translated = {entry.msgid: entry for entry in po if not entry.obsolete}
    missing = [entry.msgid for entry in pot if entry.msgid not in translated]
    untranslated = [
        entry.msgid
        for entry in translated.values()
        if not entry.msgstr.strip() or "fuzzy" in entry.flags
    ]
    assert not missing, f"terms of the template missing from zh_CN.po: {missing[:10]}"
    assert not untranslated, f"untranslated or fuzzy terms: {untranslated[:10]}"
    for entry in translated.values():
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(
            PLACEHOLDER.findall(entry.msgstr)
        ), f"placeholders differ in {entry.msgid!r}"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda path: path.name)
def test_translatable_strings_extract(addon):
    """Odoo exports the terms of a Python file with Babel, which evaluates the arguments
    of each ``_()`` call: an f-string there makes it drop the whole file from the .pot."""
    from babel.messages.extract import extract_python

    failed = []
    for path in sorted(addon.rglob("*.py")):
        with path.open("rb") as source:
            try:
                list(extract_python(source, {"_": None, "_lt": None}, [], {}))
            except Exception as error:  # noqa: BLE001 - any failure drops the file's terms
                failed.append(f"{path.relative_to(addon)}: {error}")
    assert not failed, f"files whose terms Odoo cannot export: {failed}"
