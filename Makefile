# The README's commands. Only python3 (3.11+) and make are needed on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-e2e lint format lighthouse bench clean backup restore flood eval-paste

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The mail worker (runmailer) runs beside the server, which only queues mail, and stops with it.
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	HOST=$(HOST) PORT=$(PORT) $(PY) manage.py load_demo
	$(PY) manage.py runmailer & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed
	$(PY) -m pytest

test-e2e: $(VENV)/.installed
	$(PY) -m pytest -m e2e

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

lighthouse: $(VENV)/.installed
	bash bench/lighthouse.sh

# make bench [SIZE=small|large]: PostgreSQL data, gunicorn, wrk; bench/results/bench-SIZE.md
bench: $(VENV)/.installed
	command -v wrk >/dev/null || apt-get install -y wrk || (apt-get update && apt-get install -y wrk)
	$(PY) bench/run.py --size $(or $(SIZE),small)

# make backup [OUT=file.tar]: the database and media in one archive (docs/operations.md)
backup: $(VENV)/.installed
	$(PY) manage.py backup $(if $(OUT),--output $(OUT))

# make restore FILE=var/backups/pressoffice-….tar: replaces the database, then checks the counts
restore: $(VENV)/.installed
	@test -n "$(FILE)" || (echo "Usage: make restore FILE=path/to/backup.tar" >&2; exit 2)
	$(PY) manage.py restore $(FILE)

# make flood: 50 clients posting comments for 30 s against gunicorn on PostgreSQL
flood: $(VENV)/.installed
	$(PY) bench/flood.py

clean:
	rm -rf $(VENV) var db.sqlite3

# make eval-paste [ARGS=--verbose]: «Вставить текст» scored on tests/paste_eval (issue 14)
eval-paste: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=pressoffice.settings.test DATABASE_URL=sqlite://:memory: \
	$(PY) manage.py eval_paste $(ARGS)
