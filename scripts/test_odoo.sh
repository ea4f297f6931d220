#!/usr/bin/env bash
# Odoo's own tests with the Kia suite installed: proof that our addons leave the behaviour of
# the modules they extend intact.
#
# Builds $KIA_ODOO_TEST_DB (default kia_odoo) in English only and without demo data (what
# Odoo's tests are written for: they create their own records and compare English labels),
# with the four Kia addons, which pull in every module tested here. Then runs, through
# pytest-odoo, the test folders of Odoo's fleet, repair, stock, purchase, purchase_stock,
# sale_stock, hr_skills, hr_skills_survey, maintenance and account, and of the OCA's
# helpdesk_mgmt and hr_course, one pytest run per module, with Odoo's default selection
# (tests tagged "standard", see scripts/pytest_odoo_standard.py). Every test runs with the
# complete registry, our overrides included (Odoo's own runner would run the at_install
# tests halfway through loading, before our addons are loaded).
#
#   scripts/test_odoo.sh                   build the database and run every module's tests
#   scripts/test_odoo.sh --reference       the same on $KIA_ODOO_TEST_DB_ref: the same Odoo
#                                          modules WITHOUT our addons, to tell Odoo's own
#                                          failures from ours
#   KIA_ODOO_TEST_MODULES="fleet repair"   only these modules
#   KIA_ODOO_TEST_REUSE=1                  reuse the database if it exists
#   extra arguments go to pytest (e.g. -k invoice, -x)
#
# Writes one JUnit XML per module to .odoo-data/test-odoo-<database>/, prints a table of
# passed/failed/errors/skipped and time per module, and exits non-zero on any failing test
# that scripts/test_odoo_known_failures.txt does not list (Odoo's own failures, which also
# happen without our addons, each with its explanation).
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB="${KIA_ODOO_TEST_DB:-kia_odoo}"
REFERENCE=0
if [ "${1:-}" = "--reference" ]; then
  REFERENCE=1
  DB="${DB}_ref"
  shift
fi
OUT="$ROOT/.odoo-data/test-odoo-$DB"
TESTED="${KIA_ODOO_TEST_MODULES:-fleet repair stock purchase purchase_stock sale_stock hr_skills hr_skills_survey hr_attendance survey maintenance helpdesk_mgmt helpdesk_mgmt_sla helpdesk_type helpdesk_type_sla helpdesk_mgmt_rating hr_course base_tier_validation purchase_tier_validation stock_picking_tier_validation account}"

# The Odoo modules our addons depend on (the tested ones among them), read from our manifests.
odoo_dependencies() {
  python - "$ROOT/addons" <<'EOF'
import ast, pathlib, sys
addons = pathlib.Path(sys.argv[1])
ours = {p.parent.name for p in addons.glob("*/__manifest__.py")}
deps = set()
for manifest in addons.glob("*/__manifest__.py"):
    deps |= set(ast.literal_eval(manifest.read_text()).get("depends", []))
print(",".join(sorted(deps - ours)))
EOF
}

build_db() {
  local modules logfile
  if [ "$REFERENCE" = 1 ]; then modules="$(odoo_dependencies)"; else modules="$KIA_MODULES"; fi
  logfile="$(mktemp)"
  log "building $DB (English, no demo data): $modules"
  "${ODOO[@]}" -d "$DB" -i "$modules" --without-demo=all --stop-after-init \
    --log-level=warn --db-filter="^$DB\$" 2>&1 | tee "$logfile"
  if grep -qE " (ERROR|CRITICAL) |failed to install|Traceback" "$logfile"; then
    echo "Installing the modules in $DB failed (see above)" >&2
    rm -f "$logfile"
    return 1
  fi
  rm -f "$logfile"
}

if [ "${KIA_ODOO_TEST_REUSE:-0}" = 1 ] && db_exists "$DB"; then
  log "reusing $DB"
else
  if db_exists "$DB"; then dropdb "$DB"; fi
  build_db
fi

# Where each module's tests are: Odoo's addons or the OCA's (site-packages).
tests_dir() {
  python -c "import importlib.util, sys; print(list(importlib.util.find_spec('odoo.addons.' + sys.argv[1]).submodule_search_locations)[0] + '/tests')" "$1"
}

rm -rf "$OUT" && mkdir -p "$OUT"
export PYTHONPATH="$ROOT/scripts${PYTHONPATH:+:$PYTHONPATH}"
status=0
for module in $TESTED; do
  log "Odoo's tests of $module on $DB"
  start=$SECONDS
  pytest -p no:cacheprovider -p pytest_odoo_standard "$(tests_dir "$module")" \
    --odoo-database="$DB" --odoo-config="$ODOO_CONFIG" --odoo-http --odoo-log-level=warn \
    -q -rfE --junitxml="$OUT/$module.xml" "$@" || true  # judged below, against the known failures
  echo "$module $((SECONDS - start))" >>"$OUT/times.txt"
done

log "summary ($DB)"
# A failure listed in scripts/test_odoo_known_failures.txt also happens on the reference
# database (Odoo's modules alone, see --reference) and is explained there: only the others
# fail this script. The reference run writes its failures to $OUT/failures.txt.
python - "$OUT" "$ROOT/scripts/test_odoo_known_failures.txt" "$REFERENCE" <<'EOF' || status=1
import pathlib, sys
import xml.etree.ElementTree as ET
out, known_file, reference = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3] == "1"
known = set()
if known_file.exists():
    for line in known_file.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            known.add(line)
times = dict(line.split() for line in (out / "times.txt").read_text().splitlines())
failed = []
print(f"{'module':18} {'tests':>6} {'passed':>7} {'failed':>7} {'errors':>7} {'skipped':>8} {'time':>8}")
for module, seconds in times.items():
    xml = out / f"{module}.xml"
    if not xml.exists():
        print(f"{module:18} no result (pytest did not start)")
        failed.append(f"{module} (no result)")
        continue
    root = ET.parse(xml).getroot()
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    n, f, e, s = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
    print(f"{module:18} {n:6} {n - f - e - s:7} {f:7} {e:7} {s:8} {int(seconds) // 60:5}m{int(seconds) % 60:02}s")
    for case in suite.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            name = f"{module}::{case.get('classname').rsplit('.', 1)[-1]}::{case.get('name')}"
            if name not in failed:  # a test failing in its call and its teardown
                failed.append(name)
(out / "failures.txt").write_text("".join(f"{name}\n" for name in failed))
new = [name for name in failed if name not in known]
print(f"\n{len(failed)} failing tests, {len(failed) - len(new)} of them known "
      f"(Odoo's own, explained in scripts/{known_file.name})")
if new and not reference:
    print("Failing and not explained (caused by our addons until shown otherwise):")
    print("".join(f"  {name}\n" for name in new), end="")
    sys.exit(1)
EOF
if [ "$REFERENCE" = 1 ]; then exit 0; fi
exit $status
