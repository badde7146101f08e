"""``python -m autograder tidy NOTEBOOK...``: make source notebooks diff-friendly.

Strips outputs and noisy metadata and numbers the cell ids, in place (as nbdev's clean does).
``--check`` only reports notebooks that are not tidy and exits non-zero.
"""
from pathlib import Path

import nbformat

from . import transforms

TIDY_PIPELINE = [transforms.clear_outputs, transforms.tidy_metadata, transforms.number_cell_ids]


def tidy_text(path):
    nb = nbformat.read(path, as_version=4)
    nb = transforms.apply(nb, TIDY_PIPELINE)
    return nbformat.writes(nb) + "\n"


def main(notebooks, check=False):
    """Tidy ``notebooks``; with ``check``, return the list of untidy ones instead of writing."""
    untidy = []
    for path in map(Path, notebooks):
        text = tidy_text(path)
        if path.read_text(encoding="utf-8") != text:
            untidy.append(str(path))
            if not check:
                path.write_text(text, encoding="utf-8")
    return untidy
