#!/usr/bin/env bash
# Idempotent set-up of everything the Kia DMS needs on a Debian 12 / Ubuntu machine:
# system packages (PostgreSQL, Chromium, wkhtmltopdf, build headers), a running PostgreSQL
# with a role for the current user, the Odoo 18 source at $ODOO_SRC, and a virtualenv with
# Odoo's requirements, Odoo itself (editable), the pinned OCA addons and the test tools.
# A second run only checks: nothing unchanged is reinstalled.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo-src/18.0}"
ODOO_REPO="${ODOO_REPO:-https://github.com/odoo/odoo.git}"
VENV="${VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- 1. System packages -------------------------------------------------------------------
system_packages() {
  command -v dpkg-query >/dev/null || { log "not a Debian/Ubuntu system: install PostgreSQL, Chromium and wkhtmltopdf yourself"; return; }
  local wanted=(git build-essential python3-dev python3-venv libpq-dev libldap2-dev libsasl2-dev
    libxml2-dev libxslt1-dev libjpeg-dev zlib1g-dev postgresql postgresql-client
    wkhtmltopdf fonts-noto-cjk)
  # Debian ships "chromium"; Ubuntu's deb is "chromium-browser".
  if apt-cache show chromium >/dev/null 2>&1; then wanted+=(chromium); else wanted+=(chromium-browser); fi
  missing=()
  drop() { local keep=() pkg name; for pkg in "${missing[@]}"; do
      for name in "$@"; do [ "$pkg" = "$name" ] && continue 2; done; keep+=("$pkg"); done
    missing=("${keep[@]}"); }
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  # A Python built outside Debian (pyenv, deadsnakes) brings its own venv and headers.
  if "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null && "$PYTHON" -c 'import sysconfig,os,sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))'; then
    drop python3-dev python3-venv
  fi
  # PostgreSQL already serving (another install, a container): do not install a second one.
  if pg_isready -q 2>/dev/null || pg_isready -q -h 127.0.0.1 2>/dev/null; then
    drop postgresql
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing system packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

# --- 2. PostgreSQL running, with a role for this user ---------------------------------------
postgres() {
  if ! pg_isready -q 2>/dev/null; then
    log "starting PostgreSQL"
    if command -v pg_ctlcluster >/dev/null; then
      for version in $(ls /etc/postgresql); do
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
      done
    else
      as_root service postgresql start
    fi
    for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
  fi
  pg_isready -q || { echo "PostgreSQL is not answering on its socket" >&2; exit 1; }
  local me; me="$(id -un)"
  if [ "$me" = postgres ]; then echo "Odoo refuses to run as the postgres role: use another user" >&2; exit 1; fi
  if ! psql -d postgres -tAc "SELECT 1" >/dev/null 2>&1; then
    log "creating PostgreSQL role $me"
    as_root su postgres -c "createuser --createdb --superuser '$me'"
  fi
}

# --- 3. Odoo source ---------------------------------------------------------------------------
odoo_source() {
  if [ -f "$ODOO_SRC/setup/odoo" ] || [ -f "$ODOO_SRC/odoo-bin" ]; then return; fi
  log "cloning Odoo 18.0 into $ODOO_SRC"
  as_root mkdir -p "$(dirname "$ODOO_SRC")"
  as_root chown "$(id -u):$(id -g)" "$(dirname "$ODOO_SRC")"
  git clone --depth 1 --branch 18.0 "$ODOO_REPO" "$ODOO_SRC"
}

# The gevent process of the production server (workers > 0) loads gevent's entry points through
# pkg_resources, which must resolve gevent's requirements (zope.interface, zope.event) from
# their dist-info directories, whatever the spelling of their names.
gevent_loads() {
  "$VENV/bin/python" -W ignore -c "import pkg_resources; pkg_resources.require('gevent')" >/dev/null 2>&1
}

# --- 4. Virtualenv ------------------------------------------------------------------------------
python_env() {
  local stamp="$VENV/.kia-setup-stamp" digest
  digest="$( (cat "$ODOO_SRC/requirements.txt" "$ROOT"/requirements-*.txt "$ROOT/constraints-build.txt"
             echo "$ODOO_SRC"; "$PYTHON" -V) | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ] && "$VENV/bin/python" -c "import odoo.release" 2>/dev/null \
     && gevent_loads; then
    log "Python environment up to date ($VENV)"
    return
  fi
  [ -x "$VENV/bin/python" ] || { log "creating virtualenv $VENV"; "$PYTHON" -m venv "$VENV"; }
  local pip=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
  # The constraint also reaches the isolated build environments (cbor2 needs pkg_resources).
  export PIP_CONSTRAINT="$ROOT/constraints-build.txt"
  log "installing Odoo's requirements"
  # A virtualenv made by Python 3.11 starts with setuptools 65, below the floor: upgraded here.
  "${pip[@]}" install "setuptools>=75.8.2,<81" wheel
  "${pip[@]}" install -r "$ODOO_SRC/requirements.txt"
  log "installing Odoo (editable) from $ODOO_SRC"
  # PEP 660 build (Odoo has no pyproject.toml, pip would otherwise run "setup.py develop") in
  # compat mode: a .pth path entry to $ODOO_SRC, so that "odoo" is Odoo's regular package and
  # not the namespace directory the OCA wheels create in site-packages.
  "${pip[@]}" install --no-deps --use-pep517 --config-settings editable_mode=compat -e "$ODOO_SRC"
  log "installing pinned OCA addons and test tools"
  "${pip[@]}" install --no-deps -r "$ROOT/requirements-oca.txt"
  "${pip[@]}" install -r "$ROOT/requirements-dev.txt"
  unset PIP_CONSTRAINT
  "$VENV/bin/python" -c "import odoo.cli" || { echo "odoo is not Odoo's package from $ODOO_SRC in $VENV" >&2; exit 1; }
  gevent_loads || { echo "gevent's entry points do not load (pkg_resources): the production server's gevent process would die" >&2; exit 1; }
  echo "$digest" >"$stamp"
}

system_packages
postgres
odoo_source
python_env
log "ready: $VENV/bin/python -m odoo, Odoo source $ODOO_SRC"
