# kdeal: `make run` and `make test` work on a fresh machine (they create .venv first).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test eval bench clean kiwi-words train-ner

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,spark,browse]'  # spark: pyspark (~0.5 GB) so the Spark tests run too
	# Byte-code now, as a wheel install makes it: the editable install does not, and where
	# PYTHONDONTWRITEBYTECODE is set every kdeal process would compile its ≈70 modules again (≈0.3 s).
	$(BIN)/python -m compileall -q pipeline extractors kdeal
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kdeal run --corpus corpus --out output

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: $(STAMP)
	$(BIN)/kdeal eval

# After upgrading kiwipiepy: which bundled names Kiwi needs as user words.
kiwi-words: $(STAMP)
	$(BIN)/python -m kdeal.extractors.gazetteer

# Company CRF on the KLUE-NER half (with the konec fine labels): 5-fold cross-validation, then the final model
# (extractors/data/ner/klue_og.crfsuite + cv.json). About 5 minutes on 2 cores.
train-ner: $(STAMP)
	$(BIN)/python -m kdeal.pipeline.train_ner --folds 5 --out extractors/data/ner

clean:
	rm -rf $(VENV) output/*.jsonl output/*.csv output/tracker.sqlite* .pytest_cache
