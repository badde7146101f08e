"""One engine for "which names does this answer reach" (issue 17): ``hwkit.reached_names``.

The batch grader (``nbcode.answer_names`` on the submitted cells), the otter bundle
(``hwkit.forbid`` on the cells the kernel ran) and the released public checks (the engine's text,
copied by the build) must reach the same names and so give the same verdict on every answer of
the variants corpus; d2l's own code is never read as using a forbidden name it does not use.
"""
import ast
import functools
import inspect
import re
import sys
import textwrap
import types

import nbformat
import pytest

from autograder import bundle as bundle_mod, hwkit, nbcode, paths
from autograder.authoring import build, source as source_mod, variants
from autograder.grading import grade, verdict
from conftest import HOMEWORKS

GRADED_RE = re.compile(r"""graded\(env, ["'](\w+)["'], ["'](\w+)["']"""
                       r"""(?:, attribute=["'](\w+)["'])?\)""")
USES_RE = re.compile(r"your answer uses (.+?), which this question does not allow")


@functools.lru_cache(maxsize=None)
def homework(hw):
    """(bundle, key cells, forbidden lists, hidden-test targets per question, public checks)."""
    bundle = bundle_mod.load(paths.bundle(hw))
    key = nbformat.read(paths.answer_key(hw), as_version=4)
    tree = ast.parse(bundle.reference_text)
    forbidden = next(ast.literal_eval(node.value) for node in tree.body
                     if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "")
                     == source_mod.FORBIDDEN_NAME)
    targets = {q: sorted({(n, a or None) for question, n, a in GRADED_RE.findall(text)
                          if question == q}, key=repr) for q, text in bundle.tests.items()}
    public = build.public_checks(source_mod.read(paths.source_notebook(hw)))
    return bundle, key, forbidden, targets, public


def corpus():
    for hw in HOMEWORKS:
        folder = variants.variants_dir(hw)
        for path in sorted(folder.glob("*/*.py")) if folder.is_dir() else []:
            yield pytest.param(hw, path, id=f"{hw}/{path.parent.name}/{path.stem}")


def cells_with(hw, variant):
    _, key, _, _, _ = homework(hw)
    nb = variants.substitute(key, variant)
    return [cell.source for cell in nb.cells if cell.cell_type == "code"]


def batch_verdict(hw, cells, question):
    """What the batch grader's judge finds (``verdict.judge_case`` on a "forbid" record)."""
    bundle, _, forbidden, targets, _ = homework(hw)
    for name, attribute in targets.get(question, []):
        names = nbcode.answer_names(cells, name, attribute,
                                    verdict.other_answers(bundle, question))
        message = hwkit.forbidden_message(question, forbidden.get(question, {}), names)
        if message:
            return USES_RE.search(message).group(1)
    return None


def kernel_env(cells):
    return {"__name__": "__main__", "In": [""] + list(cells)}


def otter_verdict(hw, cells, question, monkeypatch, tmp_path):
    """What ``_hwkit.graded`` finds in a kernel that ran ``cells`` (the otter bundle)."""
    bundle, _, forbidden, targets, _ = homework(hw)
    path = tmp_path / "_hw_reference.py"
    path.write_text(bundle.reference_text, encoding="utf-8")
    reference = types.ModuleType(hwkit.REFERENCE_MODULE)
    reference.__file__, reference.FORBIDDEN = str(path), forbidden
    monkeypatch.setitem(sys.modules, hwkit.REFERENCE_MODULE, reference)
    for name, attribute in targets.get(question, []):
        try:
            hwkit.forbid(question, kernel_env(cells), name, attribute)
        except hwkit.ForbiddenShortcut as exc:
            return USES_RE.search(str(exc)).group(1)
    return None


def public_verdict(hw, cells, question):
    """What the released public check finds in the student's kernel, or "no check"."""
    _, _, _, _, public = homework(hw)
    if question not in public:
        return "no check"
    namespace = {}
    exec(compile("from otter.test_files import test_case\n" + public[question],
                 f"<{question} public>", "exec"), namespace)
    try:
        namespace["test_no_forbidden_shortcut"].test_func(kernel_env(cells))
    except AssertionError as exc:
        return USES_RE.search(str(exc)).group(1)
    return None


@pytest.mark.parametrize("hw,path", list(corpus()))
def test_the_graders_and_the_public_check_agree_on_every_variant(hw, path, monkeypatch,
                                                                 tmp_path):
    variant = variants.load(path, path.parent.name)
    cells = cells_with(hw, variant)
    found = batch_verdict(hw, cells, variant.question)
    assert otter_verdict(hw, cells, variant.question, monkeypatch, tmp_path) == found
    assert public_verdict(hw, cells, variant.question) in (found, "no check")
    if variant.expect == "correct":
        assert found is None, f"{variant.label} is correct, yet read as using {found}"


def d2l_answers():
    """(hw, question, the answer's name) of every hidden-test target that d2l defines too."""
    import d2l.torch

    for hw in HOMEWORKS:
        _, _, forbidden, targets, _ = homework(hw)
        for question, pairs in targets.items():
            for name, attribute in pairs:
                if forbidden.get(question) and attribute is None and hasattr(d2l.torch, name):
                    yield pytest.param(hw, question, name, id=f"{hw}/{question}/{name}")


@pytest.mark.parametrize("hw,question,name", list(d2l_answers()))
def test_d2l_own_code_is_never_read_as_using_a_name_it_does_not_use(hw, question, name):
    """d2l's implementation, copied into the answer cell as a student copies the book, is read
    as using a forbidden name only when its own text names it."""
    import d2l.torch

    code = textwrap.dedent(inspect.getsource(getattr(d2l.torch, name)))
    cells = cells_with(hw, variants.Variant(question, "d2l", "correct", "d2l's own", code))
    found = batch_verdict(hw, cells, question)
    _, _, forbidden, _, _ = homework(hw)
    spoken = {n.attr for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Attribute)}
    spoken |= {n.id for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Name)}
    for used in (found or "").split(", "):
        if used:
            key = next(k for k, shown in forbidden[question].items() if shown == used)
            assert key in spoken, f"d2l's {name} read as using {used}"


D2L_STYLE = '''import math


class DotProductAttention(nn.Module):  #@save
    """Scaled dot product attention, as in d2l (the weights kept on the module)."""
    def __init__(self, dropout):
        super().__init__()
        self.dropout = nn.Dropout(dropout)

    def forward(self, queries, keys, values, valid_lens=None):
        d = queries.shape[-1]
        scores = torch.bmm(queries, keys.transpose(1, 2)) / math.sqrt(d)
        self.attention_weights = masked_softmax(scores, valid_lens)
        return torch.bmm(self.dropout(self.attention_weights), values), self.attention_weights
'''


def test_d2l_style_dot_product_attention_reaches_no_forbidden_name(monkeypatch, tmp_path):
    hw = "rnn_attention"
    cells = cells_with(hw, variants.Variant("q4_2", "d2l_style", "correct", "", D2L_STYLE))
    assert "DotProductAttention" not in nbcode.answer_names(cells, "DotProductAttention")
    assert batch_verdict(hw, cells, "q4_2") is None
    assert otter_verdict(hw, cells, "q4_2", monkeypatch, tmp_path) is None
    assert public_verdict(hw, cells, "q4_2") is None


def test_d2l_style_dot_product_attention_gets_full_marks_in_the_batch_grader(tmp_path):
    """The false fail of issue 17: ``self.attention_weights`` is an attribute, and the
    notebook's top-level ``attention_weights`` (a later cell's tensor) is not the answer's
    code; before the one engine, q4_2 scored 0 ("uses d2l.DotProductAttention")."""
    hw = "rnn_attention"
    variant = variants.Variant("q4_2", "d2l_style", "correct", "", D2L_STYLE)
    _, key, _, _, _ = homework(hw)
    folder = tmp_path / "class"
    folder.mkdir()
    nbformat.write(variants.substitute(key, variant), folder / "d2lstyle.ipynb")
    (row,) = grade.main(hw, [folder], tmp_path / "out", timeout=60, progress=False,
                        log=lambda *_: None)
    failed = [t["message"] for t in row.tests if t["question"] == "q4_2" and not t["passed"]]
    assert not failed and row.scores["q4_2"] == 10
