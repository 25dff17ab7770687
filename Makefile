# K-AI Teaching Kit. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
# nbgrader runs `alembic` (and jupyter runs its sub-commands) from PATH: the venv's bin/ must come first.
export PATH := $(BIN):$(PATH)
export PYTHONDONTWRITEBYTECODE := 1
# `make lab` is `kaikit lab` (kaikit/lab.py): START=<notebook> opens another (default: the first lesson, in English
# with LANG=en), PORT another port; LAB_ARGS go to kaikit lab (--no-browser) or on to Jupyter (--ServerApp.token=...).
START :=
PORT ?= 8888
LAB_ARGS ?=

# Messages of the course tools in English: `make grade A=ex02_chips LANG=en` (or KAIKIT_LANG=en); Korean otherwise.
# A system locale such as en_US.UTF-8 is not taken as a choice: only LANG given to make, or a bare "en" / "ko".
ifneq ($(filter command line,$(origin LANG))$(filter en ko,$(LANG)),)
export KAIKIT_LANG ?= $(firstword $(subst _, ,$(subst ., ,$(LANG))))
endif

.DEFAULT_GOAL := help
.PHONY: help lab app test test-fast bench bench-grading release docs site grade feedback report export data venv messages

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# The venv is (re)installed when missing or older than pyproject.toml. Quiet unless it fails;
# a dot every few seconds shows that the one slow step (about a minute) is still working.
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || { echo "kaikit: creating $(VENV) with $$($(PYTHON) --version)"; \
		$(PYTHON) -m venv $(VENV) || { echo "kaikit: '$(PYTHON) -m venv' failed: install Python 3.10+ with venv"; exit 1; }; }
	@printf 'kaikit: installing the kit and its dependencies into $(VENV) (about a minute) '
	@start=$$SECONDS; \
	( $(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip \
	  && $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]' ) >$(VENV)/install.log 2>&1 & \
	pid=$$!; while kill -0 $$pid 2>/dev/null; do printf '.'; sleep 3; done; \
	if wait $$pid; then echo " done in $$((SECONDS - start)) s"; \
	else echo " failed:"; cat $(VENV)/install.log; exit 1; fi
	@touch $@

venv: $(VENV)/.installed ## create or update .venv only

lab: $(VENV)/.installed ## set up and open JupyterLab on the first lesson
	kaikit lab --port $(PORT) $(START) $(LAB_ARGS)

APP ?= lessons/ko/05_hwasubun_pipeline.ipynb
app: $(VENV)/.installed ## open a lesson as a standalone Voila app (APP=lessons/en/...ipynb for another)
	voila $(APP) --Voila.ip=127.0.0.1 --port=$(PORT) $(LAB_ARGS)

test: $(VENV)/.installed ## set up and run every test
	python -m pytest -n auto --dist loadgroup --no-loadscope-reorder $(PYTEST_ARGS)

test-fast: $(VENV)/.installed ## the unit tests only (under 2 minutes): the learner's library, its doctests, the layout
	python -m pytest -n auto -m unit tests/unit kaikit $(PYTEST_ARGS)

bench: $(VENV)/.installed ## measure notebook, widget and checking times; write benchmarks/RESULTS.md
	python benchmarks/run.py

bench-grading: $(VENV)/.installed ## time plain nbgrader vs kaikit grade --jobs 1/2 on 40 submissions; write benchmarks/GRADING.md
	python benchmarks/grading.py

release: $(VENV)/.installed ## regenerate exercises/ from solutions/ with nbgrader
	kaikit release

docs: $(VENV)/.installed ## regenerate docs/course-map.{ko,en}.md from the notebooks
	kaikit coursemap

site: $(VENV)/.installed ## build the course site into _build/site/_build/html (Jupyter Book; links online: site.yml)
	python -m kaikit.authoring.site

messages: $(VENV)/.installed ## rebuild kaikit/i18n/locale/*/LC_MESSAGES/kaikit.mo from the .po files
	python -m kaikit.i18n.compile

A ?=
FORCE ?=
grade: $(VENV)/.installed ## autograde new or changed submissions of A=<assignment> (FORCE=1: all; people's grades kept)
	kaikit grade $(A) $(if $(FORCE),--force)

feedback: $(VENV)/.installed ## HTML feedback for A=<assignment> in grading/feedback/ (hidden tests never shown)
	kaikit feedback $(A)

report: $(VENV)/.installed ## item analysis of A=<assignment> in grading/reports/ (CSV, HTML ko/en; grades unchanged)
	kaikit report $(A)

FORMAT ?= csv
ROSTER ?=
export: $(VENV)/.installed ## grades to grades.csv (A=<assignment> for only those; FORMAT=canvas|moodle ROSTER=roster.csv for an LMS)
	kaikit export --format $(FORMAT) $(if $(ROSTER),--roster $(ROSTER)) $(foreach a,$(A),--assignment $(a)) --to grades.csv

data: $(VENV)/.installed ## rebuild the derived tables in datasets/ from ../shared/sources
	python datasets/build.py
