#!/usr/bin/env bash
# Crash test (make crashtest): the production-mode server killed with SIGKILL in the middle
# of a batch of work-order confirmations, of the nightly parts job on a large catalogue and
# of a long report, restarted, and what it left checked (tests/crash/crashtest.py).
# On a scratch copy of the demo database (KIA_DB, default kia_demo; built by `make run`),
# dropped at the end (KIA_CRASH_KEEP=1 keeps it).
#   KIA_CRASH_ORDERS=200 KIA_CRASH_PARTS=5000 KIA_CRASH_SEED=... scripts/crashtest.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${KIA_DB:-kia_demo}"
SCRATCH="${KIA_CRASH_DB:-${DB}_crash}"
db_exists "$DB" || { echo "No database $DB: make run creates kia_demo" >&2; exit 1; }
dropdb --if-exists "$SCRATCH"
createdb -T "$DB" "$SCRATCH"
rm -rf ".odoo-data/filestore/$SCRATCH"
if [ -d ".odoo-data/filestore/$DB" ]; then
  mkdir -p .odoo-data/filestore
  cp -a ".odoo-data/filestore/$DB" ".odoo-data/filestore/$SCRATCH"
fi
cleanup() {
  if [ -z "${KIA_CRASH_KEEP:-}" ]; then
    dropdb --if-exists "$SCRATCH"
    rm -rf ".odoo-data/filestore/$SCRATCH"
  fi
}
trap cleanup EXIT
log "crash test on $SCRATCH (a copy of $DB); server log: .odoo-data/crashtest-server.log"
: >.odoo-data/crashtest-server.log
KIA_ODOO_CONFIG="$ODOO_CONFIG" "$VENV/bin/python" tests/crash/crashtest.py "$SCRATCH"
