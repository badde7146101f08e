"""The student's path, from a copy of release/<hw>/ outside the repository: fill in, run in a
fresh kernel, run the last cell (hwtools.submit) in that kernel, get a verified PDF with the
notebook embedded; an unsaved or out-of-order notebook is refused. Also the check verb."""
import contextlib
import hashlib
import os
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from autograder import check
from autograder.student import kernel, meta, pdf as student_pdf
import nbenv
from conftest import ROOT

HW = "rnn_attention"
RELEASE = ROOT / "release" / HW
KEY = ROOT / "solutions" / HW / f"{HW}-key.ipynb"


def is_export(cell):
    return "export" in cell.metadata.get("tags", [])


def output_of(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")


class Kernel:
    """A fresh kernel in the student's folder that runs cells of ``nb`` as JupyterLab does."""

    def __init__(self, nb, folder):
        self.nb, self.folder = nb, folder
        self.client = NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(folder)}})

    def run(self, index):
        cell = self.nb.cells[index]
        cell.outputs = []
        self.client.execute_cell(cell, index)
        return cell

    def run_all(self):
        for index, cell in enumerate(self.nb.cells):
            if cell.cell_type == "code" and not is_export(cell):
                self.run(index)

    def submit(self):
        """Run the notebook's own last cell; return what it printed."""
        index = next(i for i, c in enumerate(self.nb.cells) if is_export(c))
        return output_of(self.run(index))


@pytest.fixture(scope="module")
def student(tmp_path_factory):
    """(kernel, path): the key's answers typed into a copy of the release, outside the repo,
    run top to bottom in a fresh kernel and saved."""
    folder = tmp_path_factory.mktemp("downloads") / HW
    shutil.copytree(RELEASE, folder)
    assert ROOT not in folder.parents
    path = folder / f"{HW}.ipynb"
    nb = nbenv.answered(nbformat.read(path, as_version=4), nbformat.read(KEY, as_version=4))
    nbformat.write(nb, path)  # typed in and saved, not run yet
    backend = os.environ.pop("MPLBACKEND", None)  # JupyterLab's kernels draw inline
    kernel = Kernel(nb, folder)
    try:
        with kernel.client.setup_kernel():
            kernel.run_all()
            yield kernel, path
    finally:
        if backend is not None:
            os.environ["MPLBACKEND"] = backend


@pytest.fixture(scope="module")
def exported(student):
    """What the last cell printed after Run All then Ctrl+S, and the PDF it made."""
    kernel, path = student
    refused = kernel.submit()  # Run All reaches the last cell before the notebook is saved
    nbformat.write(kernel.nb, path)  # Ctrl+S
    printed = kernel.submit()
    return refused, printed, path.with_suffix(".pdf")


def test_last_cell_refuses_a_notebook_that_was_not_saved(exported):
    refused, _, _ = exported
    assert refused.startswith(f"No PDF made: {HW}.ipynb on disk is not what this kernel ran.")
    assert "press Ctrl+S" in refused and "then run this cell again" in refused
    assert "/" not in refused and "[NbConvertApp]" not in refused


def test_last_cell_makes_a_verified_pdf_with_the_notebook_embedded(exported, student):
    _, printed, pdf = exported
    kernel, path = student
    assert printed.splitlines()[0] == (f"PDF written: {HW}.pdf (via LaTeX; {HW}.ipynb is "
                                       "embedded in it).")
    assert "Every answer, output, written answer and figure is in the PDF" in printed
    assert len(printed.splitlines()) <= 4 and "/" not in printed
    name, data, stated = student_pdf.attachment(pdf.read_bytes())
    assert name == path.name and data == path.read_bytes()
    assert stated == hashlib.sha256(data).hexdigest()
    lines = []
    assert check.main(path, log=lines.append) == 0
    assert lines == [f"{HW}.ipynb: ready to export and submit (hidden tests decide the points)"]


def test_the_student_tools_do_not_need_the_repository(student):
    kernel, _ = student
    probe = nbformat.v4.new_code_cell("import sys\nprint(sorted(m for m in sys.modules "
                                      "if m.split('.')[0] in ('autograder', 'hwtools')))")
    kernel.nb.cells.append(probe)
    try:
        loaded = output_of(kernel.run(len(kernel.nb.cells) - 1))
    finally:
        kernel.nb.cells.remove(probe)
    assert "'hwtools'" in loaded and "autograder" not in loaded


def test_last_cell_refuses_unsaved_reruns_and_out_of_order_runs(exported, student):
    kernel, path = student
    sanity = next(i for i, c in enumerate(kernel.nb.cells)
                  if c.cell_type == "code" and 'print("Pass!")' in c.source)
    kernel.run(sanity)  # run again, not saved
    refused = kernel.submit()
    assert refused.startswith("No PDF made") and "press Ctrl+S" in refused
    assert f"cell {sanity + 1} ran after the notebook was saved" in refused
    nbformat.write(kernel.nb, path)  # saved: now that cell ran after the ones below it
    refused = kernel.submit()
    assert "ran out of order" in refused and "Restart Kernel and Run All Cells" in refused
    edited = next(i for i, c in enumerate(kernel.nb.cells)
                  if "otter_answer_cell" in c.metadata.get("tags", []) and c.cell_type == "code")
    kernel.nb.cells[edited].source += "\n# an afterthought"
    nbformat.write(kernel.nb, path)  # edited and saved, never run
    refused = kernel.submit()
    assert f"cell {edited + 1} (q1_1) was changed after it ran" in refused


def test_hwtools_runs_from_the_students_folder_on_the_command_line(exported, student):
    _, path = student
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-m", "hwtools", "check", path.name], cwd=path.parent,
                          capture_output=True, text=True, env=env)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1) and ("must fix" in done.stdout or "ready" in done.stdout)


def test_check_names_every_problem_of_the_blank_notebook():
    lines = []
    assert check.main(RELEASE / f"{HW}.ipynb", log=lines.append) == 1
    text = "\n".join(lines)
    assert "write your STUDENT ID after 'STUDENT ID:' in cell 3" in text
    assert "write your Name after 'Name:' in cell 3" in text
    assert "have not been run" in text
    nb = nbformat.read(RELEASE / f"{HW}.ipynb", as_version=4)
    first = next(i for i, c in enumerate(nb.cells) if meta.STUB in c.source)
    assert f"cell {first + 1} (q1_1): the answer is still the stub" in text
    assert "the written answer in cell" in text and "(Question 4.1) is still empty" in text


def test_check_finds_out_of_order_runs_failing_checks_and_errors(tmp_path):
    nb = nbformat.read(KEY, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and not is_export(c)]
    code[3].execution_count, code[4].execution_count = 40, 2
    target = next(c for c in code if c.source == 'grader.check("q3")')
    target.outputs = [nbformat.v4.new_output("stream", name="stdout",
                                             text="q3 results:\n 1 failed")]
    code[5].outputs = [nbformat.v4.new_output("error", ename="NameError", evalue="x", traceback=[])]
    half = next(c for c in code if c.source == 'grader.check("q1_1")')
    half.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": (
        "q1_1 results:\n    q1_1 - 1 result:\n        ❌ Test case failed\n"
        "    q1_1 - 2 result:\n        ✅ Test case passed")}, execution_count=9)]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    lines = []
    assert check.main(path, log=lines.append) == 1
    text = "\n".join(lines)
    assert "out of order" in text and "q3: the public check fails" in text
    assert "q1_1: the public check fails" in text
    assert "stops with NameError" in text
    assert check.main(tmp_path / "missing.ipynb", log=lines.append) == 2
    assert lines[-1].startswith("error: no such notebook")


def test_released_public_checks_catch_a_missing_bias_and_a_forbidden_shortcut():
    cells = nbenv.code_cells(KEY)
    assert nbenv.grade(nbenv.execute(cells), RELEASE / "tests")["q1_1"][2] == []
    no_bias = ("def rnn_step(x_t, h_prev, W_x, W_h, b):\n"
               "    return torch.tanh(x_t @ W_x + h_prev @ W_h)\n")
    shortcut = ("def rnn_step(x_t, h_prev, W_x, W_h, b):\n    return torch.rnn_tanh_cell("
                "x_t[None], h_prev[None], W_x.T, W_h.T, b, None)[0]\n")
    messages = nbenv.grade(nbenv.execute(cells, {"rnn_step": no_bias}), RELEASE / "tests",
                           ["q1_1"])["q1_1"][2]
    assert len(messages) == 1 and "is the bias added?" in messages[0]
    messages = nbenv.grade(nbenv.execute(cells, {"rnn_step": shortcut}), RELEASE / "tests",
                           ["q1_1"])["q1_1"][2]
    assert len(messages) == 1 and "uses torch.rnn_tanh_cell" in messages[0]
    assert "hidden tests decide the points" in (RELEASE / "tests" / "q1_1.py").read_text()


@pytest.mark.parametrize("hw", ["self_attention", "transformer_mha", "mhsa_causal"])
def test_every_release_ships_hwtools(hw):
    shipped = ROOT / "release" / hw / "hwtools"
    source = ROOT / "autograder" / "student"
    for module in source.glob("*.py"):
        text = (shipped / module.name).read_text()
        assert text.startswith("# Generated from autograder/student/")
        assert text.split("\n", 1)[1] == module.read_text()
    nb = nbformat.read(ROOT / "release" / hw / f"{hw}.ipynb", as_version=4)
    assert "from hwtools import submit" in nb.cells[-1].source


def tiny_notebook(counts, outputs=True):
    """Three code cells run as ``counts``, each showing its value, and the export cell."""
    nb = nbformat.v4.new_notebook()
    for k, count in enumerate(counts):
        cell = nbformat.v4.new_code_cell(f"x{k} = {k}\nx{k}", execution_count=count)
        if outputs and count:
            cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": str(k)},
                                                   execution_count=count)]
        nb.cells.append(cell)
    nb.cells.append(nbformat.v4.new_code_cell("submit()", metadata={"tags": ["export"]}))
    return nb


def test_kernel_differences_name_each_way_the_disk_differs():
    history = ["", "x0 = 0\nx0", "x1 = 1\nx1", "x2 = 2\nx2"]
    results = {1: 0, 2: 1, 3: 2}
    assert kernel.differences(tiny_notebook([1, 2, 3]), history, results) == []
    assert kernel.differences(tiny_notebook([None] * 3), history, results) == [
        "the saved notebook has no outputs: " + kernel.SAVE]
    reasons = kernel.differences(tiny_notebook([1, 2, 3], outputs=False), history, results)
    assert reasons == [f"the output of cell {k} is not saved" for k in (1, 2, 3)]
    assert kernel.advice(reasons) == kernel.SAVE
    reasons = kernel.differences(tiny_notebook([1, 3, 2]), ["", "x0 = 0\nx0", "x2 = 2\nx2",
                                                            "x1 = 1\nx1"], results)
    assert reasons == ["cells ran out of order (cell 3 ran before cell 2)"]
    assert kernel.advice(reasons) == kernel.RERUN
    reasons = kernel.differences(tiny_notebook([1, 2, 3]), history + ["x1 = 1\nx1"], results)
    assert reasons == ["cell 2 ran after the notebook was saved (the last as [4])"]
    assert kernel.differences(tiny_notebook([1, 2, 3]), history + ["submit()"], results) == []


def test_the_notebook_is_found_from_the_kernel_or_the_folder(tmp_path):
    (tmp_path / "a.ipynb").write_text("{}")
    assert kernel.notebook_path({}, tmp_path) == tmp_path / "a.ipynb"
    (tmp_path / "b.ipynb").write_text("{}")
    assert kernel.notebook_path({"__session__": str(tmp_path / "b.ipynb")}, tmp_path) == \
        tmp_path / "b.ipynb"
    with pytest.raises(FileNotFoundError, match="a.ipynb, b.ipynb"):
        kernel.notebook_path({}, tmp_path)
