"""Build each addon's README.rst from its readme/*.md fragments (as the OCA's
oca-gen-addon-readme does): python scripts/gen_readme.py"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = [("DESCRIPTION.md", None), ("CONFIGURE.md", "Configuration"), ("USAGE.md", "Usage")]


def md_to_rst(text):
    text = re.sub(r"\*\*(.+?)\*\*", r"**\1**", text)
    text = re.sub(r"(?<![`\w])`([^`]+)`(?!`)", r"``\1``", text)
    return text.strip() + "\n"


def build(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    title = manifest["name"]
    parts = [
        "=" * len(title),
        title,
        "=" * len(title),
        "",
        f".. |badge1| image:: https://img.shields.io/badge/license-{manifest['license']}-blue.png",
        "    :alt: License",
        "",
        "|badge1|",
        "",
        manifest["summary"],
        "",
        "**Table of contents**",
        "",
        ".. contents::",
        "   :local:",
        "",
    ]
    for fragment, heading in SECTIONS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        if heading:
            parts += [heading, "=" * len(heading), ""]
        parts.append(md_to_rst(path.read_text()))
    parts += ["Credits", "=======", "", "Authors", "-------", "", f"* {manifest['author']}", ""]
    (addon / "README.rst").write_text("\n".join(parts))


if __name__ == "__main__":
    for addon in sorted((ROOT / "addons").glob("kia_*")):
        build(addon)
