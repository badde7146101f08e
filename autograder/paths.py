"""Where things live in the project tree."""
import os
from pathlib import Path

ROOT = Path(os.environ.get("AUTOGRADER_ROOT", Path(__file__).resolve().parent.parent))


def source_notebook(hw, root=ROOT):
    return Path(root) / "notebooks" / hw / f"{hw}.ipynb"


def release_dir(hw, root=ROOT):
    return Path(root) / "release" / hw


def solutions_dir(hw, root=ROOT):
    return Path(root) / "solutions" / hw


def bundle(hw, root=ROOT):
    """The otter autograder zip (hidden tests) of homework ``hw``."""
    return solutions_dir(hw, root) / f"{hw}-autograder.zip"


def answer_key(hw, root=ROOT):
    return solutions_dir(hw, root) / f"{hw}-key.ipynb"


def samples_dir(hw, root=ROOT):
    """The generated sample class of homework ``hw``."""
    return Path(root) / "samples" / hw


def homeworks(root=ROOT):
    """Every homework with a source notebook, in name order."""
    notebooks = Path(root) / "notebooks"
    return sorted(p.name for p in notebooks.iterdir() if (p / f"{p.name}.ipynb").is_file())
