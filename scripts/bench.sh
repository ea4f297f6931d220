#!/usr/bin/env bash
# Benchmarks on a scratch copy of the test database (built by `make test`), dropped at the
# end. Sizes of the work-order benchmark can be given: scripts/bench.sh 10 200
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/setup.sh" >/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${KIA_TEST_DB:-kia_test}"
SCRATCH="${DB}_bench"
db_exists "$DB" || { echo "Build the test database first: make test" >&2; exit 1; }
dropdb --if-exists "$SCRATCH"
createdb -T "$DB" "$SCRATCH"
trap 'dropdb --if-exists "$SCRATCH"' EXIT
[ $# -gt 0 ] || set -- 10 200
log "work orders: Kia flow against plain repair.order (one transaction per order)"
"$VENV/bin/python" tests/bench/bench_work_orders.py "$SCRATCH" "$@"
log "parts: nightly classes and min/max, monthly report against the size of the catalogue"
"$VENV/bin/python" tests/bench/bench_parts.py "$SCRATCH"
log "warranty: claims from job lines, invoiced, remittance imported and reconciled"
"$VENV/bin/python" tests/bench/bench_warranty.py "$SCRATCH"
log "KPIs: 10 dealers, 100,000 work orders, 1,000,000 jobs in bulk SQL; pivots, dashboard, refresh"
log "(KIA_BENCH_SCALE=0.1 for a tenth)"
"$VENV/bin/python" tests/bench/bench_kpi.py "$SCRATCH"
