"""The answer key's PDF, turned back into text and images, holds every answer and output."""
import re

import nbformat
import pytest

from autograder import export, paths
from autograder.export import MATH, image_count, normal, pdf_text
from conftest import HOMEWORKS, ROOT
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


def test_export_makes_the_same_pdf_twice_and_reports_bad_input(fresh_build, tmp_path):
    hw = HOMEWORKS[0]
    release = fresh_build[hw]["release"]
    first = export.main(release / f"{hw}.ipynb", tmp_path / "a.pdf").pdf
    second = export.main(release / f"{hw}.ipynb", tmp_path / "b.pdf").pdf
    assert first.read_bytes() == second.read_bytes()
    assert normal("STUDENT ID") in normal(pdf_text(first))
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json")
    with pytest.raises(export.ExportError, match="not a readable notebook"):
        export.main(bad)
    with pytest.raises(export.ExportError, match="no such notebook"):
        export.main(tmp_path / "missing.ipynb")
