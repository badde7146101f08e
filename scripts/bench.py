"""Benchmark the batch grader against `otter run`, side by side, on this machine.

    python scripts/bench.py [--hw rnn_attention] [--n 300] [--otter 2]

Prints seconds per submission for both graders (same bundle, same answer-key submissions made
distinct so that nothing is cached), their ratio, whether the scores agree, and the grader's
overhead over plainly executing the notebook's code and hidden tests in a warm interpreter.
"""
import argparse
import contextlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def make_class(key, folder, n):
    """``n`` copies of the answer key, each with a different student id (so none is cached)."""
    text = key.read_text("utf-8")
    paths = []
    for k in range(n):
        path = folder / f"Bench_user{k:04d}_attempt_2026-10-01-00-00-00_hw.ipynb"
        path.write_text(text.replace("**STUDENT ID:**", f"**STUDENT ID:** {k:07d}", 1), "utf-8")
        paths.append(path)
    return paths


def plain_seconds(key, tests_dir, repeats=5):
    """Per submission: exec the notebook's code and its hidden tests in this warm process."""
    import nbenv

    cells = nbenv.code_cells(key)
    nbenv.grade(nbenv.execute(cells), tests_dir)  # warm every import
    start = time.perf_counter()
    for _ in range(repeats):
        nbenv.grade(nbenv.execute(cells), tests_dir)
    return (time.perf_counter() - start) / repeats


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hw", default="rnn_attention")
    parser.add_argument("--n", type=int, default=300, help="submissions for this grader")
    parser.add_argument("--otter", type=int, default=2, help="submissions for otter run")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()

    from autograder import grade, otter_run, paths

    key = paths.answer_key(args.hw)
    bundle = paths.bundle(args.hw)
    cores = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "class").mkdir()
        submissions = make_class(key, tmp / "class", args.n)

        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            rows = grade.main(args.hw, [tmp / "class"], tmp / "out", workers=args.workers,
                              progress=False, log=lambda *_: None)
        ours_total = time.perf_counter() - start
        ours = ours_total / args.n

        otter_scores, start = [], time.perf_counter()
        for path in submissions[:args.otter]:
            otter_scores.append(otter_run.scores(otter_run.run(path, bundle)))
        theirs = (time.perf_counter() - start) / max(1, args.otter)

    by_label = {r.submission.split("/")[-1]: r for r in rows}
    agree = all({q: s for q, (s, _) in scores.items()} == by_label[p.name].scores
                for p, scores in zip(submissions, otter_scores))
    plain = plain_seconds(key, paths.solutions_dir(args.hw) / "tests")
    statuses = sorted({r.status for r in rows})
    print(f"machine: {cores} cores; homework {args.hw}; every submission is the answer key")
    print(f"this grader: {args.n} submissions in {ours_total:.1f} s "
          f"({ours:.3f} s per submission, wall clock, {args.workers or cores} workers, "
          f"statuses {statuses}, including start-up)")
    print(f"otter run:   {args.otter} submissions, {theirs:.1f} s per submission")
    print(f"ratio:       {theirs / ours:.0f} times faster per submission")
    print(f"scores:      {'identical' if agree else 'DIFFERENT'} on the {args.otter} "
          "submissions graded by both")
    print(f"plain exec:  {plain:.3f} s per submission (notebook code and hidden tests in a warm "
          f"interpreter); grader overhead {ours - plain:+.3f} s per submission")
    print(f"goal: 300 submissions in under 180 s on 2 cores -> projected "
          f"{ours * 300:.0f} s for 300 here")
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
