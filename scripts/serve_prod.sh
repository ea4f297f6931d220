#!/usr/bin/env bash
# Serve the DMS in production mode: multi-process (HTTP workers, a cron worker, the gevent
# process for the bus), memory and time limits, proxy mode, no database manager. The master
# password comes from the environment, never from a file in the repository.
#   KIA_MASTER_PASSWORD=... KIA_DB=kia_dms scripts/serve_prod.sh [odoo options]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
: "${KIA_MASTER_PASSWORD:?set KIA_MASTER_PASSWORD, the master password of the database manager}"
DB="${KIA_DB:-kia_demo}"
PORT="${KIA_PORT:-8069}"
GEVENT_PORT="${KIA_GEVENT_PORT:-8072}"
TEMPLATE="${KIA_PROD_CONFIG:-$ROOT/deploy/odoo.prod.conf}"
db_exists "$DB" || { echo "No database $DB (make run creates kia_demo)" >&2; exit 1; }
config="$(mktemp)"
trap 'rm -f "$config"' EXIT
chmod 600 "$config"
{ cat "$TEMPLATE"; printf 'admin_passwd = %s\n' "$KIA_MASTER_PASSWORD"; } >"$config"
log "production mode: database $DB, http://127.0.0.1:$PORT (gevent $GEVENT_PORT)"
# Odoo's launcher script, not "python -m odoo": the prefork server starts the gevent
# process (bus, websocket) by running its own command line again.
ODOO_SRC="${ODOO_SRC:-/opt/odoo-src/18.0}"
launcher="$ODOO_SRC/setup/odoo"
[ -f "$launcher" ] || launcher="$ODOO_SRC/odoo-bin"
"$VENV/bin/python" "$launcher" -c "$config" -d "$DB" --db-filter="^$DB\$" \
  --http-port="$PORT" --gevent-port="$GEVENT_PORT" "$@"
