# Two commands on a fresh machine (Python >= 3.10 with venv and pip; no conda, no system fonts):
#   make lab    create .venv if missing, install everything, open JupyterLab on the course index
#               (instructors: with solutions; students use `make lab-student`)
#   make test   create .venv if missing, run khlib's tests, doctests and nbval over every notebook
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.khlib-installed
# Spark (the heavy step on a Spark DataFrame, issue 18) only where Java is there to run it.
comma  := ,
EXTRAS := course,dev,engines$(if $(shell command -v java 2>/dev/null),$(comma)spark)
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))

.PHONY: bigdata venv lab lab-student slide-heights test execute data data-check bench slides html student browser-test clean-venv

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	@touch $(STAMP)

venv: $(STAMP)

# JupyterLab with a repo-local folder (.jupyter/, not committed) holding its config and a
# style-only extension (kh.install_lab_font) that adds the bundled Chinese web font to JupyterLab
# and to RISE's slideshow page: tables, text and live slides render without a system CJK font.
# As root (containers, cloud VMs) JupyterLab refuses to start without --allow-root; on a machine
# without a browser or display it prints the address to open instead of trying to open one.
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root) \
	$(if $(or $(DISPLAY),$(WAYLAND_DISPLAY),$(BROWSER),$(filter Darwin,$(shell uname -s))),,--no-browser)
LAB_ENV := JUPYTER_CONFIG_DIR=$(CURDIR)/.jupyter JUPYTER_PATH=$(CURDIR)/.jupyter$(if $(JUPYTER_PATH),:$(JUPYTER_PATH))
LAB_HELLO := @echo "JupyterLab 启动后，在浏览器中打开下面打印的 http://127.0.0.1:... 地址 / open the http://127.0.0.1:... address printed below"
lab: venv
	$(BIN)/python -c "import khlib; khlib.install_lab_font('.jupyter')"
	$(LAB_HELLO)
	$(LAB_ENV) $(BIN)/jupyter lab $(LAB_FLAGS) $(LAB_ARGS) notebooks/index.ipynb

# Students: the edition without solutions in student/ (not committed), JupyterLab rooted there.
# Notebooks already in student/ are kept (they hold the student's answers); new ones are added.
lab-student: venv
	$(BIN)/python tools/build.py student --out student --keep
	$(BIN)/python -c "import khlib; khlib.install_lab_font('.jupyter')"
	$(LAB_HELLO)
	cd student && $(LAB_ENV) $(CURDIR)/$(BIN)/jupyter lab $(LAB_FLAGS) $(LAB_ARGS) index.ipynb

test: venv
	$(BIN)/python -m pytest -n 2 --dist loadfile

# Re-run every notebook in place (outputs committed; nbval compares against them).
execute: venv
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --ExecutePreprocessor.timeout=120 $(NOTEBOOKS)

# Rebuild the synthetic company data byte for byte, or check the committed files.
data: venv
	$(BIN)/python -m khlib.datasets generate
data-check: venv
	$(BIN)/python -m khlib.datasets check

# Hand-outs, written to build/: offline reveal.js decks, static HTML pages, the student edition.
slides: venv
	$(BIN)/python tools/build.py slides
html: venv
	$(BIN)/python tools/build.py html
student: venv
	$(BIN)/python tools/build.py student

# JupyterLab + headless Chromium: run chapters, move their widgets, check the outputs change;
# Chinese in live RISE and in the exported decks; every slide of every deck at most 800 px tall.
# Installs Debian's chromium when missing (needs root, as on CI) and Playwright (no browser download).
browser-test: venv
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  { echo "browser-test needs Debian's chromium: sudo apt-get install chromium"; exit 1; }
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS),browser]'
	$(BIN)/python -m pytest browser_tests -p no:xdist -v

# Height of every slide of the given decks (NB="notebooks/04_grading.ipynb ..."; default: all).
slide-heights: venv
	$(BIN)/python tools/slide_heights.py $(or $(NB),--all)

# 10 million generated order lines as Parquet for chapter 04's "DuckDB" cell (build/, not committed).
bigdata: venv
	$(BIN)/python benchmarks/bench_engines.py --write build/big/orders_10m.parquet --lines 10000000

bench: venv
	$(BIN)/python benchmarks/bench_grading.py
	$(BIN)/python benchmarks/bench_btyd.py
	$(BIN)/python benchmarks/bench_transactions.py
	$(BIN)/python benchmarks/bench_routes.py
	$(BIN)/python benchmarks/bench_selection.py
	$(BIN)/python benchmarks/bench_pipeline.py
	$(BIN)/python benchmarks/bench_text.py
	$(BIN)/python benchmarks/bench_engines.py
	$(BIN)/python benchmarks/bench_loyalty.py

clean-venv:
	rm -rf $(VENV)
