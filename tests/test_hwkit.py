"""The helpers that hidden tests use."""
import sys
import types

import pytest
import torch

from autograder import hwkit


@pytest.fixture
def reference_module(monkeypatch):
    module = types.ModuleType(hwkit.REFERENCE_MODULE)
    module.FORBIDDEN = {"q1": {"LSTMCell": "nn.LSTMCell", "scaled_dot_product_attention":
                               "F.scaled_dot_product_attention"}}
    monkeypatch.setitem(sys.modules, hwkit.REFERENCE_MODULE, module)
    return module


def test_seeded_is_reproducible_and_restores_the_callers_state():
    torch.manual_seed(123)
    expected_next = torch.rand(1)
    torch.manual_seed(123)
    with hwkit.seeded(5):
        a = torch.rand(3)
    with hwkit.seeded(5):
        b = torch.rand(3)
    assert torch.equal(a, b)
    assert torch.equal(torch.rand(1), expected_next)


def test_assert_close_accepts_equal_and_explains_differences():
    x = torch.arange(6.0).reshape(2, 3)
    hwkit.assert_close(x.clone(), x, "x")
    hwkit.assert_close((x, x), (x, x), "pair")
    with pytest.raises(AssertionError, match=r"x: shape differs from the expected \(2, 3\) \(got \(3, 2\)\)"):
        hwkit.assert_close(x.T, x, "x")
    with pytest.raises(AssertionError, match="values differ"):
        hwkit.assert_close(x + 0.1, x, "x")
    with pytest.raises(AssertionError, match="expected a tensor, got a list"):
        hwkit.assert_close([1.0], x, "x")
    with pytest.raises(AssertionError, match="NaN"):
        hwkit.assert_close(x * float("nan"), x, "x")
    with pytest.raises(AssertionError, match="expected 2 values"):
        hwkit.assert_close(x, (x, x), "pair")


def kernel(code):
    """A notebook's globals as a kernel holds them: what ``code`` defines, and ``In``."""
    env = {"__name__": "__main__", "In": ["", code]}
    exec(compile(code, "<cell>", "exec"), env)
    return env


SHORTCUTS = '''
import torch


def plain(x):
    return torch.tanh(x)


def shortcut(x):
    cell = [torch.nn.LSTMCell(2, 2) for _ in range(1)]
    return cell


class Attention(torch.nn.Module):
    def forward(self, q, k, v):
        return torch.nn.functional.scaled_dot_product_attention(q, k, v)


class Module:
    def __init__(self):
        self.cell = torch.nn.LSTMCell  # given code may use it

    def forward(self, x):
        return x
'''


def test_forbid_finds_shortcuts_in_functions_nested_code_and_classes(reference_module):
    env = kernel(SHORTCUTS)
    hwkit.forbid("q1", env, "plain")
    hwkit.forbid("other question", env, "shortcut")
    with pytest.raises(hwkit.ForbiddenShortcut, match="uses nn.LSTMCell"):
        hwkit.forbid("q1", env, "shortcut")
    with pytest.raises(hwkit.ForbiddenShortcut, match="F.scaled_dot_product_attention"):
        hwkit.forbid("q1", env, "Attention")


def test_live_cells_without_a_kernel_history_read_the_objects_sources(reference_module,
                                                                      tmp_path):
    """Outside a kernel (no ``In``), the cells are the sources of the notebook's functions and
    classes and an import line for each library object: an alias still leads to its name."""
    path = tmp_path / "notebook.py"
    path.write_text("from torch.nn import LSTMCell as Cell\n\n\n"
                    "def step(x):\n    return Cell(2, 2)(x)\n")
    env = {"__name__": "notebook"}
    exec(compile(path.read_text(), str(path), "exec"), env)
    assert "LSTMCell" in hwkit.reached_names(hwkit.live_cells(env), "step")
    with pytest.raises(hwkit.ForbiddenShortcut, match="uses nn.LSTMCell"):
        hwkit.forbid("q1", env, "step")


def test_graded_checks_presence_and_only_the_named_method(reference_module):
    env = kernel(SHORTCUTS)
    answer, ref = hwkit.graded(env, "q1", "Module", attribute="forward")
    assert answer is env["Module"] and ref is reference_module
    with pytest.raises(hwkit.ForbiddenShortcut, match="uses nn.LSTMCell"):
        hwkit.graded(env, "q1", "Module")
    with pytest.raises(AssertionError, match="Missing is not defined"):
        hwkit.graded({}, "q1", "Missing")


def outer(X, lens):
    def inner(X, lens, value=0):
        return X * 0 + value
    return inner(X, lens, value=-1)


def donor(X, lens):
    def inner(X, lens, value=0):
        return X + value
    return inner(X, lens, value=-1)


def test_nested_function_and_with_nested():
    inner = hwkit.nested_function(outer, "inner")
    assert inner(torch.ones(2), None, value=3).tolist() == [3.0, 3.0]
    swapped = hwkit.with_nested(outer, "inner", donor)
    assert swapped(torch.ones(2), None).tolist() == [0.0, 0.0]
    assert outer(torch.ones(2), None).tolist() == [-1.0, -1.0]
    with pytest.raises(AssertionError, match="no function 'missing'"):
        hwkit.nested_function(outer, "missing")


def test_substituted_restores_the_namespace():
    env = {"a": 1}
    with hwkit.substituted(env, a=2, b=3):
        assert env == {"a": 2, "b": 3}
    assert env == {"a": 1}


def test_with_reference_methods_binds_to_one_instance():
    class Student:
        def name(self):
            return "student"

    class Reference:
        def name(self):
            return "reference"

    one, other = Student(), Student()
    hwkit.with_reference_methods(one, Reference, "name")
    assert (one.name(), other.name()) == ("reference", "student")


def test_style_issues_counts_pep8_problems_and_answered_finds_stubs(tmp_path):
    import importlib.util
    module_path = tmp_path / "styled.py"
    module_path.write_text(
        "def clean(x):\n    ### YOUR CODE HERE (1 point)\n    return x + 1\n\n\n"
        "def messy(x):\n    y=x+1 ;return y\n\n\n"
        "def stub(x):\n    raise NotImplementedError('replace this line with your code')\n")
    spec = importlib.util.spec_from_file_location("styled", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert float(hwkit.style_issues(module.clean)) == 0
    assert float(hwkit.style_issues(module.messy)) >= 2
    assert float(hwkit.style_issues(len)) == -1  # no source: never counts as clean
    assert float(hwkit.answered(module.clean, module.messy)) == 1
    assert float(hwkit.answered(module.clean, module.stub)) == 0


NOTEBOOK = '''
import functools
import torch


def _impl(x):
    return torch.nn.LSTMCell(2, 2)(x)


def step_calls_helper(x):
    return _impl(x)


step_alias = _impl
step_partial = functools.partial(_impl)


def _returns_impl(function):
    return _impl


@_returns_impl
def step_decorated(x):
    return x


def _wrapping(function):
    @functools.wraps(function)
    def wrapper(x):
        return function(x)
    return wrapper


@_wrapping
def step_wrapped(x):
    return torch.nn.LSTMCell(2, 2)(x)


class Base(torch.nn.Module):
    def helper(self, x):
        return _impl(x)


class StepModule(Base):
    def forward(self, x):
        return x


class SelfHelper(torch.nn.Module):
    def forward(self, x):
        return self._shortcut(x)

    def _shortcut(self, x):
        return torch.nn.LSTMCell(2, 2)(x)

    def graded_elsewhere(self, x):
        return torch.nn.LSTMCell(2, 2)(x)

    def uses_other_answer(self, x):
        return self.graded_elsewhere(x)


def other_answer(x):
    return _impl(x)


def step_using_other_answer(x):
    return other_answer(x)
'''


@pytest.fixture
def notebook():
    return kernel(NOTEBOOK)


@pytest.mark.parametrize("name", ["step_calls_helper", "step_alias", "step_partial",
                                  "step_decorated", "step_wrapped", "StepModule"])
def test_forbid_follows_aliases_partials_decorators_helpers_and_bases(reference_module, notebook,
                                                                      name):
    with pytest.raises(hwkit.ForbiddenShortcut, match="uses nn.LSTMCell"):
        hwkit.forbid("q1", notebook, name)


def test_forbid_does_not_follow_other_questions_answers(notebook):
    cells = hwkit.live_cells(notebook)
    assert "LSTMCell" in hwkit.reached_names(cells, "step_using_other_answer")
    assert "LSTMCell" not in hwkit.reached_names(cells, "step_using_other_answer",
                                                 separate={"other_answer"})


def test_other_answers_are_read_from_the_reference_cell_markers(monkeypatch, tmp_path):
    path = tmp_path / "_hw_reference_markers.py"
    path.write_text("# %% reference cell of: given\ndef given(): pass\n"
                    "# %% reference cell of: q1\ndef first(): pass\n"
                    "# %% reference cell of: q2\ndef second(): pass\nclass Third: pass\n")
    module = types.ModuleType(hwkit.REFERENCE_MODULE)
    module.__file__ = str(path)
    exec(compile(path.read_text(), str(path), "exec"), module.__dict__)
    monkeypatch.setitem(sys.modules, hwkit.REFERENCE_MODULE, module)
    assert hwkit.other_answers("q1") == {"second", "Third"}
    assert hwkit.other_answers("q2") == {"first"}


def test_inner_function_finds_a_runnable_helper_or_gives_none():
    def outer(x):
        def helper(y):
            return y + 1
        return helper(x)

    def closing(x):
        def helper(y):
            return y + x
        return helper(x)

    assert hwkit.inner_function(outer, "helper")(1) == 2
    assert hwkit.inner_function(outer, "missing") is None
    assert hwkit.inner_function(closing, "helper") is None  # needs the outer function's x
    with hwkit.without_structure():
        assert hwkit.inner_function(outer, "helper") is None
    assert hwkit.inner_function(outer, "helper") is not None


def test_source_checks_record_what_the_grader_recomputes():
    class Model:
        def forward(self, x):
            return x

    with hwkit.recording() as records:
        value = hwkit.answered(Model.forward)
    assert records[0]["kind"] == "source" and records[0]["options"]["check"] == "answered"
    assert float(value) == 1.0
    assert float(hwkit.answered_value(["def f():\n    raise NotImplementedError\n"])) == 0.0
    assert float(hwkit.answered_value([None])) == 0.0
    assert float(hwkit.style_count(["def f():\n    return 1\n"])) == 0.0
    assert float(hwkit.style_count(["def f():\n    return 1;\n"])) == 1.0


def test_forbid_follows_the_methods_a_graded_method_calls_through_self(reference_module, notebook):
    with pytest.raises(hwkit.ForbiddenShortcut, match="uses nn.LSTMCell"):
        hwkit.graded(notebook, "q1", "SelfHelper", attribute="forward")
    cells = hwkit.live_cells(notebook)
    assert "LSTMCell" not in hwkit.reached_names(cells, "SelfHelper", "uses_other_answer",
                                                 {"graded_elsewhere"})
    assert "LSTMCell" in hwkit.reached_names(cells, "SelfHelper", "uses_other_answer")
