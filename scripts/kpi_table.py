"""Print the README's table of KPIs from the addons' KPI definitions (data XML):
python scripts/kpi_table.py. tests/static/test_readme_kpis.py checks the README has it."""

import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = [
    "kia_aftersales/data/kia_kpi_workshop_data.xml",
    "kia_aftersales/data/kia_kpi_care_data.xml",
    "kia_parts/data/kia_kpi_data.xml",
    "kia_warranty/data/kia_kpi_data.xml",
]
UNITS = {
    "count": "count",
    "money": "CNY",
    "percent": "%",
    "hours": "h",
    "days": "days",
    "score": "score",
    "ratio": "×",
}
PEOPLE = {"advisor": "advisor", "employee": "employee", "company": "dealer"}


def kpis():
    """(code, name, unit, dimension, formula) of every KPI, in file order."""
    for name in FILES:
        for record in ET.parse(ROOT / "addons" / name).getroot().iter("record"):
            if record.get("model") != "kia.kpi":
                continue
            values = {field.get("name"): (field.text or "").strip() for field in record}
            yield (
                values["code"],
                values["name"],
                values.get("unit", "count"),
                values.get("dimension", "company"),
                " ".join(values["formula"].split()).replace("|", "/"),
            )


def rows():
    for code, name, unit, dimension, formula in kpis():
        yield f"| {name} (`{code}`) | {UNITS[unit]} | {PEOPLE[dimension]} | {formula} |"


def table():
    header = [
        "| KPI (`code`) | Unit | Per person | Formula and source fields |",
        "| --- | --- | --- | --- |",
    ]
    return "\n".join(header + list(rows())) + "\n"


if __name__ == "__main__":
    print(table(), end="")
