# Government Service Center on Odoo 19: see README.md
SHELL := /bin/bash
.PHONY: run test lint bench import cluster cluster-down stop-db clean-db

run:            ## set up what is missing and serve the demo city on :8069
	@.ci/serve

test:           ## every test: Odoo tests of the addons + tests/ against a server
	@.ci/test

lint:           ## ruff + pylint-odoo
	@.ci/lint

bench:          ## catalog-import benchmark (prints figures)
	@.ci/bench

cluster:        ## the province topology locally: nginx :8280, 2 web nodes + job node, PG primary + replica
	@.ci/cluster

cluster-down:   ## stop and remove what `make cluster` left
	@.ci/cluster down

import:         ## import a catalog file into the demo database: make import FILE=path.csv
	@.ci/import "$(FILE)"

stop-db:        ## stop the private PostgreSQL cluster
	@source .ci/lib.sh && PG_STARTED_BY_US=1 stop_db_server

clean-db:       ## remove the private PostgreSQL cluster and filestore
	@source .ci/lib.sh && PG_STARTED_BY_US=1 stop_db_server; rm -rf .pgdata .odoo-data
