#!/usr/bin/env bash
# Set up what is missing, create (or upgrade) the demo database with the four Kia addons and
# their demo data, and serve the web client on http://localhost:8069.
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${KIA_DB:-kia_demo}"
PORT="${KIA_PORT:-8069}"
stamp="$ROOT/.odoo-data/$DB.stamp"
mkdir -p "$ROOT/.odoo-data"
digest="$(addons_digest)"
if ! db_exists "$DB"; then
  log "creating database $DB with demo data (a few minutes)"
  create_db "$DB" || { dropdb --if-exists "$DB"; exit 1; }
  echo "$digest" >"$stamp"
elif [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
  log "addons changed: upgrading $DB"
  "${ODOO[@]}" -d "$DB" -u "$KIA_MODULES" --stop-after-init --log-level=warn
  echo "$digest" >"$stamp"
fi
cat <<TXT

  Kia After-Sales DMS is starting on http://localhost:$PORT  (database $DB)
  Log in as admin / admin, or as a dealer's staff member (password = login):
    manager (服务经理)  advisor, advisor2 (服务顾问)  foreman (车间主管)
    technician, technician2 (维修技师)  cr (客户关系员)  info (信息协调员)
    parts (配件主管)  parts2 (配件员)  hr (人事专员)  trainer (技术总监/培训讲师)
  Language: switch between 简体中文 and English in the user menu > My Preferences.

TXT
exec "${ODOO[@]}" -d "$DB" --db-filter="^$DB\$" --http-port="$PORT"
