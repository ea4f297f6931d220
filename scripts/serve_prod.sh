#!/usr/bin/env bash
# Serve the DMS in production mode: multi-process (HTTP workers, a cron worker, the gevent
# process for the bus and websocket), memory and time limits, proxy mode, no database manager.
# The master password comes from the environment, never from a file in the repository.
#   KIA_MASTER_PASSWORD=... KIA_DB=kia_dms scripts/serve_prod.sh [odoo options]
# KIA_DB (default kia_demo), KIA_PORT (HTTP workers, default 8069), KIA_GEVENT_PORT (websocket,
# default 8072), KIA_PROD_CONFIG (default deploy/odoo.prod.conf). Runs in the foreground;
# SIGTERM/SIGINT are passed on to Odoo, which stops its workers gracefully.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
: "${KIA_MASTER_PASSWORD:?set KIA_MASTER_PASSWORD, the master password of the database manager}"
DB="${KIA_DB:-kia_demo}"
PORT="${KIA_PORT:-8069}"
GEVENT_PORT="${KIA_GEVENT_PORT:-8072}"
TEMPLATE="${KIA_PROD_CONFIG:-$ROOT/deploy/odoo.prod.conf}"
[ -f "$TEMPLATE" ] || { echo "No configuration $TEMPLATE" >&2; exit 1; }
db_exists "$DB" || { echo "No database $DB (make run creates kia_demo)" >&2; exit 1; }
# gevent's monkey patch loads its entry points through pkg_resources: with a setuptools older
# than 75.8.2 the gevent process dies at every start (make setup installs a newer one).
"$VENV/bin/python" -W ignore -c "import pkg_resources; pkg_resources.require('gevent')" 2>/dev/null \
  || { echo "gevent cannot load its entry points in $VENV: run make setup" >&2; exit 1; }

# gevent 22.10 imports pkg_resources, which warns of its own deprecation in every gevent process.
export PYTHONWARNINGS="${PYTHONWARNINGS:+$PYTHONWARNINGS,}ignore:pkg_resources is deprecated as an API:UserWarning"

# The configuration with the master password, readable by this user only. It lives as long as
# the server: the prefork server starts (and restarts) the gevent process with the same command
# line. Under systemd, RuntimeDirectory= gives a private directory removed at stop.
umask 077
config="$(mktemp "${RUNTIME_DIRECTORY:-${TMPDIR:-/tmp}}/kia-dms-odoo.XXXXXX.conf")"
odoo_pid=""
cleanup() { rm -f "$config"; }
forward() { [ -n "$odoo_pid" ] && kill -"$1" "$odoo_pid" 2>/dev/null || true; }
trap cleanup EXIT
trap 'forward TERM' TERM
trap 'forward INT' INT
trap 'forward HUP' HUP
{ cat "$TEMPLATE"; printf '\nadmin_passwd = %s\n' "$KIA_MASTER_PASSWORD"; } >"$config"

log "production mode: database $DB, http://127.0.0.1:$PORT (gevent $GEVENT_PORT), configuration $TEMPLATE"
# Odoo's launcher script, not "python -m odoo": the prefork server starts the gevent
# process (bus, websocket) by running its own command line again.
ODOO_SRC="${ODOO_SRC:-/opt/odoo-src/18.0}"
launcher="$ODOO_SRC/setup/odoo"
[ -f "$launcher" ] || launcher="$ODOO_SRC/odoo-bin"
"$VENV/bin/python" "$launcher" -c "$config" -d "$DB" --db-filter="^$DB\$" \
  --http-port="$PORT" --gevent-port="$GEVENT_PORT" "$@" &
odoo_pid=$!
# "wait" returns early when a trapped signal arrives: wait again until Odoo has really exited,
# so that systemd (KillMode=mixed) sees the graceful shutdown of the workers.
status=0
while kill -0 "$odoo_pid" 2>/dev/null; do
  wait "$odoo_pid" && status=0 || status=$?
done
exit "$status"
