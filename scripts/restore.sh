#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a NEW database, with its filestore under the
# new name. Never overwrites: an existing database or filestore of that name stops it.
#   scripts/restore.sh backups/kia_demo_20261207-031500.dump [new_database]
# The new database's name defaults to the backup's (kia_demo_20261207_031500). Nothing in the
# data is changed (no neutralisation: same crons, mail servers, database uuid); to replace the
# production database, stop the server, restore, then point KIA_DB at the restored one.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
FILE="${1:-}"
[ -n "$FILE" ] || { echo "usage: $0 BACKUP.dump [new_database]" >&2; exit 2; }
dump="$FILE"
case "$dump" in
  *.filestore.tar.gz) dump="${dump%.filestore.tar.gz}.dump" ;;
esac
[ -f "$dump" ] || { echo "No backup $dump" >&2; exit 1; }
files="${dump%.dump}.filestore.tar.gz"
[ -f "$files" ] || { echo "No filestore archive $files next to $dump" >&2; exit 1; }
default_db="$(basename "${dump%.dump}" | tr -c 'A-Za-z0-9_\n' '_')"
DB="${2:-$default_db}"
[[ "$DB" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || { echo "Invalid database name $DB" >&2; exit 1; }
db_exists "$DB" && { echo "Database $DB already exists: restore into a new name (DB=...)" >&2; exit 1; }
data_dir="$(odoo_data_dir)"
filestore="$data_dir/filestore/$DB"
[ -e "$filestore" ] && { echo "Filestore $filestore already exists: restore into a new name" >&2; exit 1; }

started=$SECONDS
created=""
# Anything this script created is removed if it fails half-way.
cleanup() {
  if [ -n "$created" ]; then
    echo "Restore failed: removing database $DB and filestore $filestore" >&2
    dropdb --if-exists "$DB" || true
    rm -rf "$filestore"
  fi
}
trap cleanup EXIT
log "creating database $DB"
createdb "$DB"
created=1
log "restoring $dump"
# In parallel (data, then indexes and constraints); a failure drops the whole new database.
pg_restore --no-owner --exit-on-error --jobs="${KIA_RESTORE_JOBS:-2}" --dbname="$DB" "$dump"
log "restoring the filestore into $filestore"
mkdir -p "$filestore"
tar -C "$filestore" -xzf "$files"
count="$(find "$filestore" -type f | wc -l)"
created=""
log "restored $(basename "$dump") into database $DB in $((SECONDS - started)) s ($count files in its filestore)"
log "serve it with: KIA_DB=$DB KIA_MASTER_PASSWORD=... make serve-prod"
