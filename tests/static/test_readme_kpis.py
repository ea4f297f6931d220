"""The README defines every KPI with the formula the application shows (scripts/kpi_table.py
prints the table from the KPI definitions)."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _kpi_table():
    spec = importlib.util.spec_from_file_location("kpi_table", ROOT / "scripts" / "kpi_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_kpi_is_defined_in_the_readme():
    module = _kpi_table()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = list(module.rows())
    assert len(rows) >= 30
    missing = [row for row in rows if row not in readme]
    assert not missing, f"README lacks (python scripts/kpi_table.py): {missing[:3]}"
