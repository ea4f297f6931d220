#!/usr/bin/env bash
# Back up one database of the DMS: a PostgreSQL dump (pg_dump -Fc) and a tar of its filestore
# (attachments: check-in photos, signed documents, reports), both named with the database and
# the date-time, into backups/ or $KIA_BACKUP_DIR. Restore with scripts/restore.sh.
#   scripts/backup.sh [database]        (default: $KIA_DB, else kia_demo)
# The dump is taken first, the filestore after: every file the dump refers to is in the tar
# (files added in between are only extra). The server can keep running.
# KIA_DATA_DIR: Odoo's data_dir (default: data_dir of $KIA_ODOO_CONFIG or odoo.conf).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${1:-${KIA_DB:-kia_demo}}"
BACKUP_DIR="${KIA_BACKUP_DIR:-$ROOT/backups}"
db_exists "$DB" || { echo "No database $DB" >&2; exit 1; }
data_dir="$(odoo_data_dir)"
filestore="$data_dir/filestore/$DB"

mkdir -p "$BACKUP_DIR"
stamp="$(date +%Y%m%d-%H%M%S)"
base="$BACKUP_DIR/${DB}_${stamp}"
dump="$base.dump"
files="$base.filestore.tar.gz"
[ ! -e "$dump" ] && [ ! -e "$files" ] || { echo "$dump already exists" >&2; exit 1; }
# A half-written backup is removed, never left to be restored later.
trap 'rm -f "$dump.part" "$files.part"' EXIT
umask 077
started=$SECONDS
log "dumping database $DB"
pg_dump --format=custom --compress=6 --dbname="$DB" --file="$dump.part"
mv "$dump.part" "$dump"
log "archiving its filestore $filestore"
if [ -d "$filestore" ]; then
  tar -C "$filestore" -czf "$files.part" .
else
  # No attachment stored yet: an empty archive, so that every backup has its two files.
  tar -czf "$files.part" -T /dev/null
fi
mv "$files.part" "$files"
count="$(tar -tzf "$files" | grep -vc '/$' || true)"
log "backup of $DB written in $((SECONDS - started)) s:"
printf '  %s  %s\n' "$(du -h "$dump" | cut -f1)" "$dump"
printf '  %s  %s (%s files)\n' "$(du -h "$files" | cut -f1)" "$files" "$count"
log "restore with: make restore FILE=$dump [DB=new_database]"
