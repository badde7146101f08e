"""The PDFs: the answer keys' hold every answer, output and figure; a student's looks like a
course handout, carries its notebook on both routes, and is the same bytes twice."""
import hashlib
import re
import shutil

import nbformat
import pytest

from autograder import export, paths
from autograder.export import MATH, image_count, normal, pdf_text
from autograder.student import pdf as student_pdf
from autograder.student.__main__ import run_export
from conftest import HOMEWORKS, ROOT
import nbenv
from nbenv import solution_lines


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_key_pdf_has_every_answer_output_and_figure(fresh_build, hw):
    key = fresh_build[hw]["key"]
    pdf = key.with_suffix(".pdf")
    text = normal(pdf_text(pdf))
    # math is typeset, so only the text around it can be found again
    pieces = [normal(piece) for line in solution_lines(paths.source_notebook(hw, ROOT))
              for piece in MATH.split(line)]
    missing = [p for p in pieces if p and p not in text]
    assert missing == []
    nb = nbformat.read(key, as_version=4)
    outputs, pictures = [], 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("name") == "stdout":
                outputs.append(output["text"])
            data = output.get("data", {})
            if "image/png" in data:
                pictures += 1
            elif "text/plain" in data and "text/html" not in data:
                outputs.append(data["text/plain"])
    assert outputs and pictures
    assert [o for o in outputs if normal(o) not in text] == []
    figures = len(re.findall(r"!\[[^]]*\]\(", "\n".join(c.source for c in nb.cells)))
    assert image_count(pdf) >= figures + pictures


def student_copy(hw, folder):
    """A copy of release/<hw>/ outside the repository, with the key's answers, ID and name."""
    shutil.copytree(ROOT / "release" / hw, folder / hw)
    path = folder / hw / f"{hw}.ipynb"
    key = nbformat.read(ROOT / "solutions" / hw / f"{hw}-key.ipynb", as_version=4)
    nbformat.write(nbenv.answered(nbformat.read(path, as_version=4), key), path)
    return path


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    """{(hw, route): (notebook, PDF)} for two homeworks on both routes."""
    made = {}
    for hw in ("rnn_attention", "mhsa_causal"):
        path = student_copy(hw, tmp_path_factory.mktemp(hw))
        for route in ("latex", "html"):
            made[hw, route] = path, export.main(path, path.parent / f"{route}.pdf", route).pdf
    return made


@pytest.mark.parametrize("route", ["latex", "html"])
def test_the_pdf_carries_its_notebook(handouts, route):
    path, pdf = handouts["rnn_attention", route]
    name, data, stated = student_pdf.attachment(pdf.read_bytes())
    assert (name, data, stated) == (path.name, path.read_bytes(),
                                    hashlib.sha256(path.read_bytes()).hexdigest())


@pytest.mark.parametrize("route", ["latex", "html"])
def test_page_one_is_a_title_page_with_the_student(handouts, route):
    path, pdf = handouts["rnn_attention", route]
    first = pdf_text(pdf).split("\f")[0]
    flat = " ".join(first.split())
    assert "Homework 2: Recurrent networks and attention" in flat
    assert "1000042" in flat and "Test Student" in flat
    assert "generated from" not in flat.lower() and "otter" not in flat.lower()


def test_sections_are_numbered_once(handouts):
    _, pdf = handouts["rnn_attention", "latex"]
    text = pdf_text(pdf)
    assert re.search(r"^\s*1 RNN and LSTM\s*$", text, re.M)
    assert not re.search(r"^\s*\d+(\.\d+)+\s+\d+ [A-Z]", text, re.M)


@pytest.mark.parametrize("route", ["latex", "html"])
def test_long_lines_in_markdown_code_blocks_wrap(handouts, route):
    _, pdf = handouts["mhsa_causal", route]
    assert normal("# [batch, size] -> unsqueeze [batch, 1, size] -> transpose [batch, size, 1]") \
        in normal(pdf_text(pdf))


def test_export_makes_the_same_pdf_twice_and_reports_bad_input(tmp_path):
    path = student_copy("self_attention", tmp_path)
    first = export.main(path, tmp_path / "a.pdf").pdf
    second = export.main(path, tmp_path / "b.pdf").pdf
    assert first.read_bytes() == second.read_bytes()
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    with pytest.raises(export.ExportError, match="not a readable notebook"):
        export.main(bad)
    with pytest.raises(export.ExportError, match="no such notebook"):
        export.main(tmp_path / "missing.ipynb")


def test_export_of_an_unrun_notebook_with_blank_answers_is_not_called_complete(tmp_path):
    shutil.copytree(ROOT / "release" / "rnn_attention", tmp_path / "hw")
    lines = []
    assert run_export(tmp_path / "hw" / "rnn_attention.ipynb", log=lines.append) == 1
    text = "\n".join(lines)
    assert "have not been run" in text and "the answer is still the stub" in text
    assert "missing from the PDF: the written answer in cell" in text and "(it is empty)" in text
    assert "every answer" not in text
