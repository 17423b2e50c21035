# The two commands of the README: `make demo` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# xstatic-bootstrap is published only as a source archive whose build needs setuptools<81.
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt
# pip >= 25.3 applies constraints to isolated builds only through this variable.
export PIP_BUILD_CONSTRAINT := $(CURDIR)/constraints.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test venv lint serve worker messages openapi clean

$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=24"
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

venv: $(BIN)/.installed

demo: venv
	SINERGI_DEMO=1 $(BIN)/sinergi demo

test: venv
	$(BIN)/python scripts/run_tests.py

lint: venv
	$(BIN)/ruff check .

serve: venv
	$(BIN)/sinergi serve

worker: venv
	$(BIN)/sinergi worker

# Regenerate the checked-in API contract after changing the API (tests/api/test_openapi.py holds them equal).
openapi: venv
	SINERGI_DEMO=1 $(BIN)/sinergi manage export_openapi_schema --api sinergi.api.api.api --indent 2 \
		--output docs/api/openapi.json

# Regenerate the translation catalogues after changing user-facing text (needs GNU gettext);
# the compiled .mo files are committed so a fresh machine does not need gettext.
messages: venv
	cd sinergi && ../$(BIN)/django-admin makemessages -l en --no-obsolete --settings=tests.settings --pythonpath=..
	cd sinergi && ../$(BIN)/django-admin compilemessages --settings=tests.settings --pythonpath=..

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
