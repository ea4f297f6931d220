# Shared by run.sh and test.sh: paths, and an idempotent "database with our addons" step.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="${VENV:-$ROOT/.venv}"
# KIA_ODOO_CONFIG: another configuration (e.g. another HTTP port, to run two test targets at once).
ODOO_CONFIG="${KIA_ODOO_CONFIG:-$ROOT/odoo.conf}"
ODOO=("$VENV/bin/python" -m odoo -c "$ODOO_CONFIG")
KIA_MODULES="kia_training,kia_aftersales,kia_parts,kia_warranty"
export PATH="$VENV/bin:$PATH"

log() { printf '\033[1;34m[%s]\033[0m %s\n' "$(basename "$0" .sh)" "$*"; }

db_exists() { psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }

# Fingerprint of our addons' source: a changed addon is upgraded, an unchanged one is not.
addons_digest() { (cd "$ROOT" && find addons -type f -not -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -d' ' -f1; }

# Create database $1 with the four addons and their demo data, in three steps: kia_training
# first, whose demo data makes the company a Chinese dealer (country CN, currency CNY); then
# accounting, which installs the Chinese chart of accounts for it when its registry is
# complete; then the other addons, whose demo data invoices work orders.
# Any error while loading (demo data that failed is only a warning for Odoo) fails the step.
create_db() {
  local db="$1" logfile
  logfile="$(mktemp)"
  for modules in kia_training account "$KIA_MODULES"; do
    "${ODOO[@]}" -d "$db" -i "$modules" --load-language=zh_CN,en_US --stop-after-init \
      --log-level=warn --db-filter="^$db\$" 2>&1 | tee -a "$logfile"
  done
  # Our Chinese labels win over those of the Odoo modules we extend (selection values).
  "${ODOO[@]}" -d "$db" --i18n-import="$ROOT/addons/kia_training/i18n/zh_CN.po" --language=zh_CN \
    --i18n-overwrite --stop-after-init --log-level=warn 2>&1 | tee -a "$logfile"
  if grep -qE " (ERROR|CRITICAL) |failed to install|Traceback" "$logfile"; then
    echo "Installing the addons in $db failed (see above)" >&2
    rm -f "$logfile"
    return 1
  fi
  rm -f "$logfile"
}

# Odoo's data_dir (filestore, sessions) as the server started with $ODOO_CONFIG sees it:
# $KIA_DATA_DIR, else data_dir of the configuration (relative to the repository root, where
# the scripts start Odoo), else Odoo's default.
odoo_data_dir() {
  local dir="${KIA_DATA_DIR:-}"
  if [ -z "$dir" ] && [ -f "$ODOO_CONFIG" ]; then
    dir="$(sed -nE 's/^[[:space:]]*data_dir[[:space:]]*=[[:space:]]*(.*[^[:space:]])[[:space:]]*$/\1/p' "$ODOO_CONFIG" | head -n1)"
  fi
  dir="${dir:-$HOME/.local/share/Odoo}"
  dir="${dir/#\~/$HOME}"
  case "$dir" in /*) ;; *) dir="$ROOT/$dir" ;; esac
  printf '%s\n' "$dir"
}
