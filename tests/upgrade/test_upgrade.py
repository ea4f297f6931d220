"""Upgrades: a database built with the previous release's addons (the commit in
``tests/upgrade/FROM``, with its demo data: work orders, invoices, claims, stock, check-in
photos…) is upgraded with the current addons, and everything it held is still there.

    KIA_UPGRADE_FROM=<commit> pytest -p no:odoo tests/upgrade

Also: an addon whose data model changed since that release has a new version number."""

import ast
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FROM = os.environ.get("KIA_UPGRADE_FROM") or (ROOT / "tests/upgrade/FROM").read_text().strip()
ADDONS = ["kia_training", "kia_aftersales", "kia_parts", "kia_warranty"]
DB = os.environ.get("KIA_UPGRADE_DB", "kia_upgrade")

# What the dealer's records are, read before and after the upgrade (SQL, one value each).
SNAPSHOT = {
    "work orders": "SELECT COUNT(*), string_agg(name || ':' || state, ',' ORDER BY id) "
    "FROM repair_order",
    "delivered": "SELECT COUNT(*), string_agg(id::text, ',' ORDER BY id) FROM repair_order "
    "WHERE kia_delivered_date IS NOT NULL",
    "jobs": "SELECT COUNT(*), SUM(flagged_hours), string_agg(state, ',' ORDER BY id) "
    "FROM kia_job_line",
    "clockings": "SELECT COUNT(*), SUM(duration), SUM(cost) FROM kia_job_time_log",
    "odometer readings": "SELECT COUNT(*), SUM(value) FROM fleet_vehicle_odometer",
    "quality checks": "SELECT COUNT(*), string_agg(result, ',' ORDER BY id) FROM kia_quality_check",
    "sale orders": "SELECT COUNT(*), SUM(amount_untaxed), SUM(amount_total) FROM sale_order",
    "invoices": "SELECT COUNT(*), SUM(amount_total_signed), "
    "string_agg(payment_state, ',' ORDER BY id) FROM account_move WHERE state = 'posted'",
    "journal": "SELECT COUNT(*), SUM(debit), SUM(credit) FROM account_move_line "
    "WHERE parent_state = 'posted'",
    "stock": "SELECT COUNT(*), SUM(quantity), SUM(reserved_quantity) FROM stock_quant",
    "stock moves": "SELECT COUNT(*), string_agg(state, ',' ORDER BY id) FROM stock_move",
    "valuation": "SELECT COUNT(*), SUM(value) FROM stock_valuation_layer",
    "claims": "SELECT COUNT(*), string_agg(name || ':' || state, ',' ORDER BY id), "
    "SUM(amount_approved) FROM kia_warranty_claim",
    "complaints": "SELECT COUNT(*), string_agg(stage_id::text, ',' ORDER BY id) "
    "FROM helpdesk_ticket",
    "follow-ups": "SELECT COUNT(*), SUM(csi_score), string_agg(state, ',' ORDER BY id) "
    "FROM kia_service_followup",
    "certifications": "SELECT COUNT(*), string_agg(COALESCE(date_end::text, ''), ',' "
    "ORDER BY id) FROM hr_resume_line",
    "attachments": "SELECT COUNT(*), string_agg(checksum, ',' ORDER BY id) FROM ir_attachment "
    "WHERE res_model IN ('repair.order', 'kia.warranty.claim', 'helpdesk.ticket') "
    "AND store_fname IS NOT NULL",
}


def psql(database, query):
    result = subprocess.run(
        ["psql", "-d", database, "-AtX", "-F", "|", "-c", query],
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip()


def snapshot(database):
    return {name: psql(database, query) for name, query in SNAPSHOT.items()}


def versions(database):
    rows = psql(
        database,
        "SELECT name, latest_version FROM ir_module_module WHERE name LIKE 'kia\\_%' "
        "AND state = 'installed'",
    )
    return dict(line.split("|") for line in rows.splitlines())


def manifest_version(text):
    return ast.literal_eval(text)["version"]


def git(*args):
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True
    ).stdout


def test_versions_bumped_when_models_change():
    """An addon whose models, security or data changed since the previous release carries
    a new version (Odoo runs its migrations and updates its data only then)."""
    for addon in ADDONS:
        changed = git("diff", "--name-only", FROM, "--", f"addons/{addon}/models",
                      f"addons/{addon}/security", f"addons/{addon}/data").split()  # fmt: skip
        old = manifest_version(git("show", f"{FROM}:addons/{addon}/__manifest__.py"))
        new = manifest_version((ROOT / "addons" / addon / "__manifest__.py").read_text())
        if changed:
            assert new != old, f"{addon} changed ({changed[:3]}…) but kept version {old}"


@pytest.fixture(scope="module")
def upgraded():
    """The previous release's database (with its demo data and filestore), then the same
    database upgraded with the current addons: (before, after) snapshots and versions."""
    work = Path(tempfile.mkdtemp(prefix="kia-upgrade-"))
    old_root = work / "old"
    old_root.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", FROM, "addons"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(old_root)], input=archive, check=True)
    data_dir = work / "data"

    def config(addons):
        path = work / f"odoo-{addons.parent.name}.conf"
        text = (ROOT / "odoo.conf").read_text().split("\n; ---")[0]
        text = text.replace("addons_path = addons", f"addons_path = {addons}")
        text = text.replace("data_dir = .odoo-data", f"data_dir = {data_dir}")
        path.write_text(text)
        return path

    old_config = config(old_root / "addons")
    new_config = config(ROOT / "addons")
    subprocess.run(["dropdb", "--if-exists", DB], check=True)
    env = dict(os.environ, KIA_ODOO_CONFIG=str(old_config))
    subprocess.run(
        ["bash", "-c", f'source "{ROOT}/scripts/common.sh" && create_db {DB}'],
        check=True,
        env=env,
        cwd=ROOT,
    )
    before = snapshot(DB)
    old_versions = versions(DB)
    subprocess.run(
        [sys.executable, "-m", "odoo", "-c", str(new_config), "-d", DB, "-u", ",".join(ADDONS),
         "--stop-after-init", "--log-level=warn"],
        check=True,
        cwd=ROOT,
    )  # fmt: skip
    after = snapshot(DB)
    yield before, after, old_versions, versions(DB), new_config
    subprocess.run(["dropdb", "--if-exists", DB], check=False)
    subprocess.run(["rm", "-rf", str(work)], check=False)


def test_upgrade_keeps_the_data(upgraded):
    before, after, old_versions, new_versions, __ = upgraded
    assert int(before["work orders"].split("|")[0]) > 50, "the old release's demo month"
    assert int(before["attachments"].split("|")[0]) > 0, "check-in photos and claim files"
    for name in SNAPSHOT:
        assert after[name] == before[name], f"{name} changed by the upgrade"
    for addon in ADDONS:
        current = manifest_version((ROOT / "addons" / addon / "__manifest__.py").read_text())
        assert new_versions[addon].endswith(current.split(".", 2)[2])
    assert new_versions != old_versions


def test_upgraded_database_works(upgraded):
    """The new features run on the old data: the KPI figures are built from the work
    orders the old release delivered; the files are still read from the filestore."""
    __, after, __, __, new_config = upgraded
    script = (
        "env['kia.kpi.fact']._kia_refresh(full=True)\n"
        "delivered = env['repair.order'].search_count([('kia_delivered_date', '!=', False)])\n"
        "facts = env['kia.kpi.fact'].search_count([('source', '=', 'work_order_out')])\n"
        "files = env['ir.attachment'].search([('res_model', '=', 'repair.order'),"
        " ('store_fname', '!=', False)])\n"
        "assert all(a.raw for a in files), 'a stored file is missing'\n"
        "print('KIA-CHECK', delivered, facts, len(files))\n"
        "env.cr.rollback()\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "odoo", "shell", "-c", str(new_config), "-d", DB, "--no-http",
         "--log-level=warn"],
        input=script,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )  # fmt: skip
    line = next(line for line in result.stdout.splitlines() if line.startswith("KIA-CHECK"))
    __, delivered, facts, files = line.split()
    assert int(delivered) == int(after["delivered"].split("|")[0]) > 0
    assert int(facts) == int(delivered)
