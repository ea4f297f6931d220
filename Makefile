# Kia After-Sales DMS. `make run` serves the demo, `make test` runs every test.
.PHONY: setup run test test-odoo lint bench clean serve-prod backup restore loadtest crashtest
SHELL := /bin/bash

setup:            ## install what is missing (system packages, PostgreSQL, Odoo, virtualenv)
	scripts/setup.sh

run:              ## set up, create/upgrade the demo database, serve http://localhost:8069
	scripts/run.sh

test:             ## set up, build a fresh test database, run all tests (pytest + pytest-odoo)
	scripts/test.sh

test-odoo:        ## Odoo's own tests (fleet, repair, stock, purchase, account...) with our addons installed
	scripts/test_odoo.sh

lint:             ## pylint-odoo (OCA configuration) and ruff
	scripts/lint.sh

bench:            ## benchmarks (work orders vs plain repair.order, parts at catalogue scale)
	scripts/bench.sh

clean:            ## drop the demo and test databases (keeps the virtualenv)
	-dropdb --if-exists kia_demo; dropdb --if-exists kia_test; dropdb --if-exists kia_odoo; dropdb --if-exists kia_odoo_ref; rm -rf .odoo-data

serve-prod:       ## production mode (workers, limits, proxy mode): KIA_MASTER_PASSWORD=... KIA_DB=...
	scripts/serve_prod.sh

backup:           ## dump a database and its filestore into backups/: make backup [DB=kia_demo]
	scripts/backup.sh $(DB)

restore:          ## restore a backup into a NEW database: make restore FILE=backups/....dump [DB=new_name]
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<db>_<date>.dump [DB=new_name]" >&2; exit 2; }
	scripts/restore.sh "$(FILE)" $(DB)

loadtest:         ## load test: production-mode server on a copy of KIA_DB (kia_demo), 20 users for 60 s, verified
	scripts/loadtest.sh

crashtest:        ## kill the production server mid-work (confirmations, parts cron, report), restart, check
	scripts/crashtest.sh
