#!/usr/bin/env bash
# Set up what is missing, build a fresh test database with the four Kia addons (and their demo
# data, so that loading it is tested too), then run every test with pytest:
#   1. the addons' Odoo tests (TransactionCase, HttpCase browser tours) through pytest-odoo;
#   2. the end-to-end tests in tests/, which start a real Odoo server and drive it over HTTP,
#      and the upgrade test (the previous release's database upgraded, tests/upgrade).
# Exits non-zero on any failure. Extra arguments go to both pytest runs (e.g. -k dispatch).
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${KIA_TEST_DB:-kia_test}"
if db_exists "$DB"; then dropdb "$DB"; fi
log "building test database $DB"
create_db "$DB"
log "running the addons' tests (pytest-odoo)"
pytest -p no:cacheprovider addons --odoo-database="$DB" --odoo-config="$ROOT/odoo.conf" --odoo-http \
  --odoo-log-level=warn "$@"
log "running the static checks, the end-to-end tests (real server over HTTP) and the upgrade"
KIA_TEST_DB="$DB" pytest -p no:cacheprovider -p no:odoo tests/static tests/e2e tests/upgrade "$@"
