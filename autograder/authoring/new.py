"""``python -m autograder new HW``: a new homework from the template, ready to build.

Writes ``notebooks/HW/HW.ipynb`` from ``template.ipynb`` (a code question with a public check and
hidden tests, a class question, a written question with a rubric, ``**Not allowed:**`` lines),
its variants corpus ``tests/variants/HW/<question>/`` from ``template_variants/`` (the minimum
counts ``tests/test_variants.py`` asks for) and its row in the README's homework table (derived
from the notebook's points). What is still missing for a homework (built files, samples, a README
row, a corpus) is said in one line by ``missing``, which ``build`` prints.

Trust boundary: the instructor's own command line; the homework id becomes a folder and file name,
so it must be a plain identifier.
"""
import re
import shutil
from pathlib import Path

from .. import paths
from . import source as source_mod

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "template.ipynb"
TEMPLATE_VARIANTS = HERE / "template_variants"
PLACEHOLDER = "HOMEWORK_ID"
HW_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
README_ROW_RE = re.compile(r"^\| `(?P<hw>\w+)` \|")
README_HEADER = "| id | content | points (autograded + by hand) |"
MIN_CORRECT, MIN_WRONG = 3, 5  # variants per autograded question, as tests/test_variants.py asks


class NewHomeworkError(ValueError):
    """The homework cannot be created (a bad id, or one that exists)."""


def main(hw, root=paths.ROOT, title=None, log=print):
    """Create homework ``hw`` from the template; return the paths written."""
    root = Path(root)
    if not HW_RE.match(hw or ""):
        raise NewHomeworkError(f"homework id {hw!r}: use lower-case letters, digits and _, "
                               "starting with a letter (at most 40 characters)")
    notebook = paths.source_notebook(hw, root)
    corpus = root / "tests" / "variants" / hw
    for existing in (notebook.parent, corpus):
        if existing.exists():
            raise NewHomeworkError(f"{existing} exists already: homework {hw!r} is not new")
    text = TEMPLATE.read_text("utf-8").replace(PLACEHOLDER, hw)
    text = text.replace("HOMEWORK_TITLE", title or hw.replace("_", " "))
    notebook.parent.mkdir(parents=True)
    notebook.write_text(text, encoding="utf-8")
    shutil.copytree(TEMPLATE_VARIANTS, corpus, ignore=shutil.ignore_patterns("__pycache__"))
    written = [notebook, corpus]
    if add_readme_row(hw, root):
        written.append(root / "README.md")
    log(f"{hw}: wrote {notebook.relative_to(root)} and {corpus.relative_to(root)}/; next: "
        f"python -m autograder build {hw} && python -m autograder samples {hw} "
        f"&& python -m autograder variants {hw} (docs/authoring.md)")
    return written


def readme_row(hw, root=paths.ROOT):
    """The README table row of ``hw``, its points read from the source notebook."""
    source = source_mod.read(paths.source_notebook(hw, root))
    return (f"| `{hw}` | (what the homework covers) | "
            f"{source.autograded_points:g} + {source.manual_points:g} |")


def readme_rows(root=paths.ROOT):
    """``{hw: row}`` of the README's homework table."""
    readme = Path(root) / "README.md"
    if not readme.is_file():
        return {}
    return {m["hw"]: line for line in readme.read_text("utf-8").splitlines()
            if (m := README_ROW_RE.match(line))}


def add_readme_row(hw, root=paths.ROOT):
    """Append ``hw``'s row to the README's homework table; False when there is no table or
    the row exists."""
    readme = Path(root) / "README.md"
    if not readme.is_file() or hw in readme_rows(root):
        return False
    lines = readme.read_text("utf-8").split("\n")
    if README_HEADER not in lines:
        return False
    end = lines.index(README_HEADER) + 2  # the header and its |---| line
    while end < len(lines) and README_ROW_RE.match(lines[end]):
        end += 1
    lines.insert(end, readme_row(hw, root))
    readme.write_text("\n".join(lines), encoding="utf-8")
    return True


def corpus_problems(hw, root=paths.ROOT):
    """What the variants corpus of built homework ``hw`` lacks: the minimum counts per
    autograded question, and variants that match no answer cell of the key (a corpus left from
    the template after its questions were replaced)."""
    import nbformat

    from .. import bundle as bundle_mod
    from . import variants

    found = variants.collect(hw, root)
    problems = []
    for question in bundle_mod.load(paths.bundle(hw, root)).autograded:
        mine = [v for v in found if v.question == question["name"]]
        correct = sum(v.expect == "correct" for v in mine)
        if correct < MIN_CORRECT or len(mine) - correct < MIN_WRONG:
            problems.append(f"{question['name']}: {correct} correct and {len(mine) - correct} "
                            f"wrong variants (at least {MIN_CORRECT} and {MIN_WRONG})")
    key = nbformat.read(paths.answer_key(hw, root), as_version=4)
    stale = []
    for variant in found:
        try:
            variants.substitute(key, variant)
        except ValueError:
            stale.append(variant.label)
    if stale:
        more = f" and {len(stale) - 3} more" if len(stale) > 3 else ""
        problems.append(f"variants matching no answer cell: {', '.join(stale[:3])}{more}")
    return [f"in tests/variants/{hw}/, {p}" for p in problems]


def missing(hw, root=paths.ROOT):
    """One line saying what homework ``hw`` still lacks for ``make test`` (or None): the
    built release and solutions, its samples, its README row, its variants corpus (and, once
    built, the corpus's counts and variants that match no answer, ``corpus_problems``)."""
    root = Path(root)
    lacks = []
    if not paths.bundle(hw, root).is_file():
        lacks.append(f"its build (python -m autograder build {hw})")
    if not paths.samples_dir(hw, root).is_dir():
        lacks.append(f"its sample class (python -m autograder samples {hw})")
    if (root / "README.md").is_file() and hw not in readme_rows(root):
        lacks.append(f"a row in README.md's homework table ({readme_row(hw, root)})")
    if not (root / "tests" / "variants" / hw).is_dir():
        lacks.append(f"a variants corpus in tests/variants/{hw}/ (docs/authoring.md)")
    elif paths.bundle(hw, root).is_file():
        lacks += corpus_problems(hw, root)
    if not lacks:
        return None
    return f"{hw}: make test also needs " + "; ".join(lacks)
