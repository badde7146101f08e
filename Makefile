# make all     build every homework (release/, solutions/), check the answer keys, and grade
#              each homework's sample class (samples/) into grading/
# make grade HW=rnn_attention SUBMISSIONS="folder or zip ..." [OUT=grading/rnn_attention]
#              [ARGS="--roster roster.csv --column-id _1234_1"]  (any other grade option)
# make test    run the test suite
# make variants  grade the corpus of correct and wrong answers (tests/variants/), print the matrix
# make bench   this grader against otter run, side by side
# make lab     JupyterLab on the student notebooks
# make goldens rebuild the committed generated files (release/, solutions/) after a change
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HW ?=
# pip prints one line per local index it skips; keep the output readable
PIPQ := 2>&1 | { grep -v "^WARNING: Location" || true; }

.PHONY: all setup release samples grade grade-samples test variants bench lab clean goldens

all: release samples grade-samples

setup: $(STAMP)

$(STAMP): requirements.txt requirements-nodeps.txt scripts/install-system.sh
	bash scripts/install-system.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt $(PIPQ)
	$(PY) -m pip install -q --no-deps -r requirements-nodeps.txt $(PIPQ)
	# `$(PY) -m autograder` from any folder (a TA grades where the class download is)
	echo "$(CURDIR)" > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/autograder-repo.pth"
	touch $@

release: setup
	$(PY) -m autograder build $(HW)

samples: setup
	$(PY) -m autograder samples $(HW)

grade-samples: setup
	for hw in $$(ls notebooks); do \
	  $(PY) -m autograder grade $$hw samples/$$hw --out grading/$$hw --timeout 20 --quiet; \
	done

OUT ?= grading/$(HW)
grade: setup
	@test -n "$(HW)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade HW=<id> SUBMISSIONS=<paths> [ARGS=<grade options>]"; exit 2; }
	$(PY) -m autograder grade $(HW) $(SUBMISSIONS) --out $(OUT) $(ARGS)

variants: setup
	$(PY) -m autograder variants $(HW)

bench: setup
	$(PY) scripts/bench.py

goldens: release samples

test: setup
	$(PY) -m pytest -q tests

lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=release

clean:
	rm -rf build grading .pytest_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
