#!/usr/bin/env bash
# Benchmarks against the test database (built by `make test`), in transactions that are
# rolled back. Sizes can be given: scripts/bench.sh 10 200
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/setup.sh" >/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${KIA_TEST_DB:-kia_test}"
db_exists "$DB" || { echo "Build the test database first: make test" >&2; exit 1; }
log "work orders: Kia flow against plain repair.order"
[ $# -gt 0 ] || set -- 10 200
"$VENV/bin/python" tests/bench/bench_work_orders.py "$DB" "$@"
log "parts: suggested order and monthly report against the size of the catalogue"
"$VENV/bin/python" tests/bench/bench_parts.py "$DB"
