"""The hidden tests against a corpus of correct and wrong answers (tests/variants/)."""
import pytest

from autograder import bundle as bundle_mod, paths, variants
from conftest import HOMEWORKS, ROOT

WITH_CORPUS = [hw for hw in HOMEWORKS if variants.variants_dir(hw, ROOT).is_dir()]
MIN_CORRECT, MIN_WRONG = 3, 5


@pytest.mark.parametrize("hw", WITH_CORPUS)
def test_corpus_covers_every_autograded_question(hw):
    found = variants.collect(hw, ROOT)
    questions = [q["name"] for q in bundle_mod.load(paths.bundle(hw, ROOT)).autograded]
    for question in questions:
        mine = [v for v in found if v.question == question]
        assert sum(v.expect == "correct" for v in mine) >= MIN_CORRECT, question
        assert sum(v.expect == "wrong" for v in mine) >= MIN_WRONG, question
    assert {v.question for v in found} <= set(questions)


@pytest.mark.parametrize("hw", WITH_CORPUS)
def test_every_correct_variant_passes_and_every_wrong_one_is_caught(hw):
    matrix, summary, failures = variants.main(hw, ROOT, log=lambda *_: None)
    assert failures == []
    assert summary["kill_rate"] == 1.0 and summary["false_fail_rate"] == 0.0
    assert summary["cross_question"] == 0
