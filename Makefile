# Two commands for a newcomer: `make run` (build the warehouse from raw/) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run run-online test chromium dev eval bench docs lint clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/briefings run

run-online: setup
	$(BIN)/briefings run --online

# The report test renders in headless Chromium (Debian's package); CI runs as root and installs it.
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } || \
		{ echo "make test needs Debian's chromium: apt-get install chromium (as root)"; exit 1; }

# Two workers (2 cores here), whole files per worker: the suite runs real dbt builds and
# Dagster runs. The dbt manifest is made once first, so the workers do not both parse.
test: setup chromium
	$(BIN)/python -c "import orchestration.dbt"
	$(BIN)/pytest -n 2 --dist loadfile

dev: setup
	DAGSTER_HOME="$$($(BIN)/briefings dagster-home)" $(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

eval: setup
	$(BIN)/briefings eval

bench: setup
	$(BIN)/python -m briefings.bench

# The catalog is read from a copy of the published warehouse (never the published file itself).
docs: setup
	mkdir -p dbt_project/target
	test ! -f warehouse/briefings.duckdb || cp warehouse/briefings.duckdb dbt_project/target/docs.duckdb
	cd dbt_project && ../$(BIN)/dbt docs generate --profiles-dir . --quiet \
		--vars '{"build_db": "target/docs.duckdb"}' && ../$(BIN)/dbt docs serve --profiles-dir . \
		--host 127.0.0.1 --port 8080 --no-browser

lint: setup
	$(BIN)/ruff check src orchestration tests

clean:
	rm -rf warehouse .dagster_home dbt_project/target dbt_project/logs
