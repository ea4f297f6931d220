"""Regenerate each addon's .pot from a database with the addons installed, and merge it
into zh_CN.po (new terms come in untranslated; tests/static/test_i18n.py then fails until
they are translated).

    .venv/bin/python scripts/i18n.py [DATABASE]        (default: kia_test)

Some terms translate records of Odoo's own modules (the labels of a selection our module
extends): Odoo reads the references of a .po from its .pot, so they are added to the .pot
here.
"""

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
ADDONS = ["kia_training", "kia_aftersales", "kia_parts", "kia_warranty"]
FOREIGN_REFERENCES = {
    "kia_training": {
        "Expiring": "model:ir.model.fields.selection,name:"
        "hr_skills_survey.selection__hr_resume_line__expiration_status__expiring",
        "Expired": "model:ir.model.fields.selection,name:"
        "hr_skills_survey.selection__hr_resume_line__expiration_status__expired",
    },
}


def export(database, addon):
    pot_path = ROOT / "addons" / addon / "i18n" / f"{addon}.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "-c",
            str(ROOT / "odoo.conf"),
            "-d",
            database,
            f"--i18n-export={pot_path}",
            f"--modules={addon}",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
        cwd=ROOT,
    )
    pot = polib.pofile(str(pot_path))
    for msgid, reference in FOREIGN_REFERENCES.get(addon, {}).items():
        entry = pot.find(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgstr="", comment=f"module: {addon}")
            pot.append(entry)
        if (reference, "") not in entry.occurrences:
            entry.occurrences.append((reference, ""))
    pot.save(str(pot_path))
    return pot


def merge(addon, pot):
    po_path = ROOT / "addons" / addon / "i18n" / "zh_CN.po"
    old = {entry.msgid: entry for entry in polib.pofile(str(po_path))} if po_path.exists() else {}
    po = polib.POFile()
    po.metadata = dict(pot.metadata, Language="zh_CN")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    for entry in pot:
        previous = old.get(entry.msgid)
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=previous.msgstr if previous else "",
                occurrences=entry.occurrences,
                comment=entry.comment,
            )
        )
    po.save(str(po_path))
    untranslated = [entry.msgid for entry in po if not entry.msgstr]
    print(f"{addon}: {len(po)} terms, {len(untranslated)} to translate")


if __name__ == "__main__":
    db = sys.argv[1] if len(sys.argv) > 1 else "kia_test"
    for name in ADDONS:
        merge(name, export(db, name))
