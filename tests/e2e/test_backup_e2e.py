"""Backup and restore round trip with the scripts a dealer runs (make backup, make restore):
a copy of the test database gets a check-in photo on a work order (stored in the filestore),
is backed up, restored into a new database, and the restored one has the same work orders,
the same photo bytes read through Odoo and the same stock quantities. A second restore into
the same name is refused and leaves the restored database as it was."""

import base64
import io
import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SOURCE_DB
from PIL import Image

SOURCE = f"{SOURCE_DB}_backup_src"
RESTORED = f"{SOURCE_DB}_backup_restored"
PHOTO_NAME = "check-in-photo-backup-e2e.png"
MARK = "KIA-SNAPSHOT:"

# Run by "odoo shell" (the script on stdin): what the comparison needs, as one JSON line.
SNAPSHOT = """
import base64, json
orders = env["repair.order"].with_context(active_test=False).search([], order="id")
photo = env["ir.attachment"].search(
    [("res_model", "=", "repair.order"), ("name", "=", PHOTO_NAME)]
)
quants = env["stock.quant"]._read_group([], ["product_id"], ["quantity:sum"])
print(MARK + json.dumps({
    "orders": orders.mapped("name"),
    "photo": [
        {"order": a.res_id, "stored": bool(a.store_fname), "datas": a.datas.decode()}
        for a in photo
    ],
    "quants": sorted([product.id, round(total, 4)] for product, total in quants),
}))
"""

ATTACH = """
import base64
order = env["repair.order"].search([], order="id", limit=1)
env["ir.attachment"].create({
    "name": PHOTO_NAME,
    "res_model": "repair.order",
    "res_id": order.id,
    "mimetype": "image/png",
    "datas": PHOTO,
})
env.cr.commit()
"""


def _photo():
    """A small PNG with varied pixels, as a phone's check-in photo (scaled down)."""
    image = Image.new("RGB", (64, 48))
    image.putdata(
        [((x * 7) % 256, (y * 11) % 256, (x * y) % 256) for y in range(48) for x in range(64)]
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def _odoo_shell(db, script, **values):
    prelude = "".join(f"{name} = {value!r}\n" for name, value in values.items())
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "shell",
            "-c",
            str(ROOT / "odoo.conf"),
            "-d",
            db,
            "--no-http",
            "--log-level=warn",
        ],
        input=prelude + script,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return result.stdout


def _snapshot(db, before="", **values):
    output = _odoo_shell(db, before + SNAPSHOT, PHOTO_NAME=PHOTO_NAME, MARK=MARK, **values)
    lines = [line for line in output.splitlines() if line.startswith(MARK)]
    assert len(lines) == 1, output
    return json.loads(lines[0][len(MARK) :])


def _script(name, *args, backup_dir):
    env = dict(os.environ, KIA_BACKUP_DIR=str(backup_dir))
    return subprocess.run(
        [str(ROOT / "scripts" / name), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _drop(db):
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    filestore = ROOT / ".odoo-data" / "filestore" / db
    subprocess.run(["rm", "-rf", str(filestore)], check=True)


@pytest.fixture
def source_db():
    for db in (SOURCE, RESTORED):
        _drop(db)
    subprocess.run(["createdb", "-T", SOURCE_DB, SOURCE], check=True)
    yield SOURCE
    for db in (SOURCE, RESTORED):
        _drop(db)


def test_backup_restores_work_orders_photos_and_stock(source_db, tmp_path):
    photo = _photo()
    # One Odoo start for both: the photo is committed, then the snapshot is read.
    before = _snapshot(source_db, ATTACH, PHOTO=photo)
    assert len(before["photo"]) == 1 and before["photo"][0]["stored"], before["photo"]
    assert before["photo"][0]["datas"] == photo
    assert before["orders"] and before["quants"], "the test database has work orders and stock"

    backup = _script("backup.sh", source_db, backup_dir=tmp_path)
    assert backup.returncode == 0, backup.stdout + backup.stderr
    dumps = sorted(tmp_path.glob(f"{source_db}_*.dump"))
    archives = sorted(tmp_path.glob(f"{source_db}_*.filestore.tar.gz"))
    assert len(dumps) == 1 and len(archives) == 1, list(tmp_path.iterdir())
    assert dumps[0].name[: -len(".dump")] == archives[0].name[: -len(".filestore.tar.gz")]

    restore = _script("restore.sh", str(dumps[0]), RESTORED, backup_dir=tmp_path)
    assert restore.returncode == 0, restore.stdout + restore.stderr
    after = _snapshot(RESTORED)
    assert after["orders"] == before["orders"]
    assert after["quants"] == before["quants"]
    # The photo's bytes come from the restored filestore (Odoo reads the file by store_fname).
    assert after["photo"] == before["photo"]
    assert (ROOT / ".odoo-data" / "filestore" / RESTORED).is_dir()

    # Restoring again into the same name is refused, and the restored database is untouched.
    again = _script("restore.sh", str(dumps[0]), RESTORED, backup_dir=tmp_path)
    assert again.returncode != 0
    assert "already exists" in again.stderr
    count = subprocess.run(
        ["psql", "-d", RESTORED, "-tAc", "SELECT count(*) FROM repair_order"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(count.stdout) == len(before["orders"])
