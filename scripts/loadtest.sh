#!/usr/bin/env bash
# Load test (make loadtest): the production-mode server (scripts/serve_prod.sh: workers, cron
# worker, limits) on a scratch copy of the demo database, simulated staff working through
# JSON-RPC with locust (tests/load/locustfile.py), then a verification on the database that
# every successful call left exactly one record and every failed one none
# (tests/load/verify.py). The copy is dropped at the end.
#   KIA_DB           database copied (default kia_demo; no other session may be connected to it)
#   KIA_LOAD_USERS   simulated users (default 20)
#   KIA_LOAD_SECONDS duration of the run (default 60)
#   KIA_LOAD_SPAWN_RATE users started per second (default 2)
#   KIA_LOAD_MAX_P95 the p95 latency not to exceed per action, in ms (default 1000)
#   KIA_LOAD_WARMUP_SECONDS, KIA_LOAD_WARMUP_USERS a first run, not measured, that fills the
#                    workers' caches (default 6 users for 30 s)
#   KIA_LOAD_KEEP=1  keep the copy and its server log for a look afterwards
# Exit status: non-zero on a server error, a lost or duplicated record, or a p95 over target.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SOURCE_DB="${KIA_DB:-kia_demo}"
USERS="${KIA_LOAD_USERS:-20}"
DURATION="${KIA_LOAD_SECONDS:-60}"
SPAWN_RATE="${KIA_LOAD_SPAWN_RATE:-2}"
MAX_P95="${KIA_LOAD_MAX_P95:-1000}"
WARMUP="${KIA_LOAD_WARMUP_SECONDS:-30}"
WARMUP_USERS="${KIA_LOAD_WARMUP_USERS:-6}"
COPY="${SOURCE_DB}_load"
LOAD_VENV="$ROOT/.venv-load"
OUT="$ROOT/tests/.results/load"
FILESTORE="$ROOT/.odoo-data/filestore"

# locust lives in its own virtualenv: it brings Flask and Werkzeug versions that would
# replace those Odoo is pinned to in .venv.
load_venv() {
  local stamp="$LOAD_VENV/.kia-load-stamp" digest
  digest="$( (cat "$ROOT/requirements-load.txt"; python3 -V) | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ] && "$LOAD_VENV/bin/python" -c "import locust" 2>/dev/null; then
    return
  fi
  log "installing the load-test tool into $LOAD_VENV"
  [ -x "$LOAD_VENV/bin/python" ] || python3 -m venv "$LOAD_VENV"
  "$LOAD_VENV/bin/python" -m pip --disable-pip-version-check -q install -r "$ROOT/requirements-load.txt"
  echo "$digest" >"$stamp"
}

free_port() { "$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    # serve_prod.sh was started in a session of its own: stop its whole process group
    # (the script, Odoo's master process, its workers and its gevent process).
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
  if [ "${KIA_LOAD_KEEP:-0}" != 1 ]; then
    dropdb --if-exists "$COPY" 2>/dev/null || true
    rm -rf "${FILESTORE:?}/$COPY"
  fi
}
trap cleanup EXIT

load_venv
db_exists "$SOURCE_DB" || { echo "No database $SOURCE_DB (make run creates kia_demo)" >&2; exit 1; }
log "scratch copy $COPY of $SOURCE_DB (database and filestore)"
dropdb --if-exists "$COPY"
createdb -T "$SOURCE_DB" "$COPY"
rm -rf "${FILESTORE:?}/$COPY"
if [ -d "$FILESTORE/$SOURCE_DB" ]; then
  mkdir -p "$FILESTORE"
  cp -a "$FILESTORE/$SOURCE_DB" "$FILESTORE/$COPY"
fi

mkdir -p "$OUT"
rm -rf "${OUT:?}"/*
PORT="$(free_port)"
GEVENT_PORT="$(free_port)"
URL="http://127.0.0.1:$PORT"
STAMP="$(date +%Y%m%d%H%M%S)"
RUN_ID="LOAD-$STAMP"
SERVER_LOG="$OUT/server.log"

log "production-mode server on $URL (log: $SERVER_LOG)"
KIA_MASTER_PASSWORD="$("$VENV/bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')" \
  KIA_DB="$COPY" KIA_PORT="$PORT" KIA_GEVENT_PORT="$GEVENT_PORT" \
  setsid "$ROOT/scripts/serve_prod.sh" >"$SERVER_LOG" 2>&1 &
server_pid=$!
for _ in $(seq 120); do
  curl -fsS -o /dev/null "$URL/web/health" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$SERVER_LOG" >&2; echo "the server exited" >&2; exit 1; }
  sleep 1
done
curl -fsS -o /dev/null "$URL/web/health" || { echo "the server did not answer /web/health in 120 s" >&2; exit 1; }
# Each worker loads the registry on its first request of the database: warm them all up
# (concurrent requests reach different workers) so the figures are those of a running server.
log "warming up the workers"
for _ in 1 2 3; do
  warmers=()
  for _ in $(seq 8); do
    curl -sS -o /dev/null --max-time 120 "$URL/web/login" &
    warmers+=($!)
  done
  wait "${warmers[@]}" || true
done
# Each worker also compiles a QWeb page on its first render (the portal's pages: about a
# second each): the customer's pages are fetched 8 at a time, so that every worker has
# them, as the workers of a server in service have.
JAR="$(mktemp)"
curl -sS -o /dev/null -c "$JAR" -H 'Content-Type: application/json' \
  -d "{\"jsonrpc\": \"2.0\", \"params\": {\"db\": \"$COPY\", \"login\": \"customer\", \"password\": \"customer\"}}" \
  "$URL/web/session/authenticate"
for page in /my /my/work-orders /my/appointments /my/vehicles /my/rescues /my/tickets; do
  for _ in 1 2; do
    warmers=()
    for _ in $(seq 8); do
      curl -sS -o /dev/null --max-time 120 -b "$JAR" "$URL$page" &
      warmers+=($!)
    done
    wait "${warmers[@]}" || true
  done
done
rm -f "$JAR"

run_locust() {  # $1: output directory, $2: duration in seconds, $3: run marker, $4: users
  mkdir -p "$1"
  KIA_LOAD_DB="$COPY" KIA_LOAD_RESULTS="$1/results.jsonl" KIA_LOAD_RUN="$3" \
    "$LOAD_VENV/bin/locust" -f "$ROOT/tests/load/locustfile.py" --headless --only-summary \
    --host "$URL" -u "$4" -r "$SPAWN_RATE" -t "${2}s" --stop-timeout 30 \
    --csv "$1/locust" --loglevel WARNING >"$1/locust.log" 2>&1
}
set +e
# A running server has its caches filled: a first, unmeasured run of the same users fills
# each worker's (its records are verified all the same).
log "warm-up: $WARMUP_USERS users for ${WARMUP}s (not measured)"
run_locust "$OUT/warmup" "$WARMUP" "WARMUP-$STAMP" "$WARMUP_USERS"
log "locust: $USERS users for ${DURATION}s (spawn rate $SPAWN_RATE/s), run $RUN_ID"
run_locust "$OUT" "$DURATION" "$RUN_ID" "$USERS"
locust_status=$?
set -e
log "locust finished (exit $locust_status, output: $OUT/locust.log)"

# Stop the server before verifying: nothing is still being written.
cleanup_server() {
  kill -TERM -- "-$server_pid" 2>/dev/null || true
  for _ in $(seq 30); do kill -0 "$server_pid" 2>/dev/null || break; sleep 1; done
}
cleanup_server

status=0
log "verification of the warm-up's records"
"$VENV/bin/python" "$ROOT/tests/load/verify.py" --db "$COPY" --run "WARMUP-$STAMP" --quiet \
  --results "$OUT/warmup/results.jsonl" --stats "$OUT/warmup/locust_stats.csv" || status=1
"$VENV/bin/python" "$ROOT/tests/load/verify.py" --db "$COPY" --run "$RUN_ID" \
  --results "$OUT/results.jsonl" --stats "$OUT/locust_stats.csv" --server-log "$SERVER_LOG" \
  --max-p95 "$MAX_P95" --users "$USERS" --seconds "$DURATION" || status=1
exit "$status"
