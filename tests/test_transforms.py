"""Each notebook transform on a tiny in-memory notebook."""
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.authoring import tidy, transforms


def notebook(*cells, **metadata):
    return new_notebook(cells=list(cells), metadata=metadata)


def test_clear_outputs_drops_outputs_and_counts():
    cell = new_code_cell("1 + 1", execution_count=3,
                         outputs=[new_output("execute_result", {"text/plain": "2"}, execution_count=3)])
    nb = transforms.clear_outputs(notebook(cell, new_markdown_cell("text")))
    assert nb.cells[0].outputs == [] and nb.cells[0].execution_count is None
    assert nb.cells[1].source == "text"


def test_tidy_metadata_keeps_only_meaningful_keys():
    cell = new_code_cell("x = 1", metadata={"tags": ["export"], "collapsed": True,
                                            "execution": {"iopub.status.busy": "2026"},
                                            "nbgrader": {"locked": True}})
    nb = transforms.tidy_metadata(notebook(cell, jupytext={"filter": "-all"}, otter={"a": 1}))
    assert nb.metadata == {"kernelspec": transforms.KERNELSPEC, "language_info": {"name": "python"},
                           "otter": {"a": 1}}
    assert nb.cells[0].metadata == {"tags": ["export"], "nbgrader": {"locked": True}}


def test_number_cell_ids_is_positional():
    nb = transforms.number_cell_ids(notebook(new_code_cell("a"), new_markdown_cell("b")))
    assert [c.id for c in nb.cells] == ["cell-000", "cell-001"]
    nbformat.validate(nb)


def test_stub_prompts_replaces_only_prompts_after_your_code_here():
    source = ("def f(x):\n    ### YOUR CODE HERE (5 points)\n    ...\n    ### END OF YOUR CODE\n"
              "    return y\n\nz = ...\n")
    nb = transforms.stub_prompts(notebook(new_code_cell(source)))
    lines = nb.cells[0].source.split("\n")
    assert lines[2:4] == ["    # YOUR CODE HERE",
                          '    raise NotImplementedError("replace this line with your code")']
    assert "z = ..." in lines  # an ellipsis that is not a prompt stays
    assert lines.count("    ...") == 0


def test_stub_prompts_leaves_markdown_alone():
    nb = transforms.stub_prompts(notebook(new_markdown_cell("### YOUR CODE HERE\n...")))
    assert nb.cells[0].source == "### YOUR CODE HERE\n..."


def test_tests_beside_notebook_drops_the_file_name():
    init = '# Initialize Otter\nimport otter\ngrader = otter.Notebook("hw.ipynb")'
    nb = transforms.tests_beside_notebook(notebook(new_code_cell(init)))
    assert nb.cells[0].source.endswith('grader = otter.Notebook(tests_dir="tests")')
    assert "hw.ipynb" not in nb.cells[0].source


def test_add_generated_note_in_metadata_and_first_cell():
    nb = transforms.add_generated_note("notebooks/a/a.ipynb", "python -m autograder build a")(
        notebook(new_code_cell("x")))
    assert nb.metadata["autograder"]["generated_from"] == "notebooks/a/a.ipynb"
    assert "do not edit" in nb.cells[0].source and nb.cells[0].cell_type == "markdown"
    student = transforms.add_generated_note("s.ipynb", "cmd", student=True)(notebook())
    assert "YOUR CODE HERE" in student.cells[0].source
    assert "do not edit" in student.metadata["autograder"]["note"]


def test_apply_runs_in_order():
    calls = []
    first = lambda nb: calls.append("first") or nb  # noqa: E731
    second = lambda nb: calls.append("second") or nb  # noqa: E731
    transforms.apply(notebook(), [first, second])
    assert calls == ["first", "second"]


def test_tidy_reports_and_fixes(tmp_path):
    path = tmp_path / "n.ipynb"
    nbformat.write(notebook(new_code_cell("1", execution_count=1)), path)
    assert tidy.main([path], check=True) == [str(path)]
    assert tidy.main([path]) == [str(path)]
    assert tidy.main([path], check=True) == []


def test_committed_source_notebooks_are_tidy():
    from conftest import ROOT
    sources = sorted(str(p) for p in (ROOT / "notebooks").glob("*/*.ipynb"))
    assert sources and tidy.main(sources, check=True) == []
