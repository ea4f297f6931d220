#!/usr/bin/env bash
# pylint-odoo (the OCA's mandatory checks, .pylintrc) and ruff (ruff.toml) on the addons
# and tests. Exits non-zero when either finds something.
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/setup.sh" >/dev/null
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
stamp="$VENV/.kia-lint-stamp"
if [ "$(cat "$stamp" 2>/dev/null)" != "$(sha256sum requirements-lint.txt)" ]; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements-lint.txt
  sha256sum requirements-lint.txt >"$stamp"
fi
status=0
log "ruff"
ruff check addons tests || status=1
ruff format --check addons tests || status=1
log "pylint-odoo"
pylint --rcfile=.pylintrc addons/kia_* || status=1
exit $status
