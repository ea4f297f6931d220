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
