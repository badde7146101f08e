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

# `make setup` creates the venv, or brings it up to date with the requirements, and installs this
# checkout's package into it (editable: `autograder` and `python -m autograder` from any folder,
# as a TA grades where the class download is). Every other target only creates the venv when it
# is missing ($(STAMP) has no prerequisites): a fresh clone's newer file times, or a second
# checkout sharing the venv (VENV=...), never reinstall or rewrite it; there, `python -m
# autograder` run from the checkout's root uses that checkout's code (the current folder comes
# first on sys.path).
setup:
	bash scripts/install-system.sh
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.txt $(PIPQ)
	$(PY) -m pip install -q --no-deps -r requirements-nodeps.txt $(PIPQ)
	$(PY) -m pip install -q --no-deps -e . $(PIPQ)
	# the .pth file that earlier setups wrote in place of the package
	rm -f "$$($(PY) -c 'import sysconfig; print(sysconfig.get_path("purelib"))')/autograder-repo.pth"
	touch $(STAMP)

$(STAMP):
	$(MAKE) --no-print-directory setup VENV=$(VENV)

release: $(STAMP)
	$(PY) -m autograder build $(HW)

samples: $(STAMP)
	$(PY) -m autograder samples $(HW)

# with the late policy the sample classes are made for (samples/HW.md, authoring/samples.py)
SAMPLES_LATE = --due "2026-10-20 23:59" --timezone Asia/Singapore --late-penalty 10 --late-cutoff 3
grade-samples: $(STAMP)
	for hw in $$(ls notebooks); do \
	  $(PY) -m autograder grade $$hw samples/$$hw --out grading/$$hw --timeout 20 --quiet \
	    $(SAMPLES_LATE) --extensions samples/$$hw.extensions.csv; \
	done

OUT ?= grading/$(HW)
grade: $(STAMP)
	@test -n "$(HW)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade HW=<id> SUBMISSIONS=<paths> [ARGS=<grade options>]"; exit 2; }
	$(PY) -m autograder grade $(HW) $(SUBMISSIONS) --out $(OUT) $(ARGS)

variants: $(STAMP)
	$(PY) -m autograder variants $(HW)

bench: $(STAMP)
	$(PY) scripts/bench.py

goldens: release samples

test: $(STAMP)
	$(PY) -m pytest -q tests

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=release

clean:
	rm -rf build grading .pytest_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
