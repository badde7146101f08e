# Generated from autograder/student/__init__.py by `python -m autograder build self_attention`; do not edit.
"""hwtools: what a student runs before submitting a homework, shipped in every release/<hw>/.

The notebook's last cell runs ``from hwtools import submit; submit()``: it checks that the saved
notebook is what the kernel ran, makes the PDF (LaTeX, else Chromium) with the notebook embedded
in it, and reads the PDF back. ``python -m hwtools check|export NOTEBOOK`` does the same from a
terminal.

Self-contained: imports nothing from the course's ``autograder`` package (the build copies this
folder into each released homework); needs nbformat, nbconvert and pypdf
(release/requirements.txt). Trust boundary: it reads the student's own files only.
"""
from .submit import submit

__all__ = ["submit"]
