# Two commands for a newcomer: `make run` (demo on http://127.0.0.1:5000) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 5000
TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: install run test lint browser screenshots translations translations-update clean

install: $(STAMP) translations

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Compile the catalogues (.po in git, .mo built here).
translations: $(STAMP)
	$(BIN)/pybabel compile -d translations -D messages -f >/dev/null

# Extract new strings and merge them into every catalogue (for developers).
translations-update: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot --no-location \
		--project cii-events --copyright-holder "cii_events" .
	$(BIN)/pybabel update -i translations/messages.pot -d translations -D messages --no-fuzzy-matching
	$(BIN)/python scripts/fill_english_catalogue.py

instance/settings.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print('SECRET_KEY = %r' % secrets.token_urlsafe(32))" > $@

run: install instance/settings.py
	$(BIN)/cii-events db upgrade
	$(BIN)/cii-events demo
	@echo "The server delivers mail while it runs: into instance/mail/ (MAIL_BACKEND=file), links on port $(PORT)."
	$(BIN)/cii-events run --host 127.0.0.1 --port $(PORT)

test: install lint browser
	scripts/ensure-test-tools
	TEST_POSTGRES_URL=$(TEST_POSTGRES_URL) TEST_REDIS_URL=$(TEST_REDIS_URL) $(BIN)/python -m pytest $(PYTEST_ARGS)

# The system's Chromium for the browser suite, and the HTML checker its crawl runs (installed when
# missing and allowed).
browser:
	scripts/ensure-chromium
	scripts/ensure-vnu >/dev/null

# A current set of screenshots for reviewers, taken by the browser suite.
screenshots: install browser
	SCREENSHOT_DIR=docs/screenshots $(BIN)/python -m pytest -q tests/browser -k "screenshots and (de or fr)"

lint: $(STAMP)
	$(BIN)/flake8 cii_events tests scripts bench

clean:
	rm -rf $(VENV) build *.egg-info
