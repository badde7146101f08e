"""Benchmark the batch grader against its floor and against `otter run`, side by side, in one run.

    python scripts/bench.py [--hw rnn_attention] [--n 300] [--otter 2] [--hang 0.05] [--crash 0.02]

Prints, for this machine:
- the floor: the hidden tests run on the reference answers in this process (no sandbox, no
  notebook), seconds per submission;
- this grader on a class of ``n`` distinct copies of the answer key: wall and CPU seconds per
  submission (CPU of the grader's process, its forkserver and every sandbox), and CPU over floor;
- the same class with a share of submissions hanging in one answer (``rnn_step``) and a share
  crashing in another (``masked_softmax``): wall and CPU seconds, and whether each of them kept
  every other question's points;
- the CPU of an empty sandbox (a fork of the forkserver and its exit), isolated and not: the
  fixed cost of running each submission in a process of its own;
- `otter run` on a few of the same submissions, and whether its scores are identical;
- the similarity review (``python -m autograder similarity``) of a class of ``n`` whose answers
  mix the variants corpus's correct answers, every tenth a disguised copy: wall and CPU
  seconds, pairs flagged, and the memory it added.
"""
import argparse
import contextlib
import io
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HANG = "def rnn_step(x_t, h_prev, W_x, W_h, b):\n    while True:\n        pass\n"
CRASH = "def masked_softmax(X, valid_lens):\n    import ctypes\n    ctypes.string_at(0)\n"
FAULTS = {"hang": ("def rnn_step(", HANG, "q1_1"), "crash": ("def masked_softmax(", CRASH, "q3")}


def with_cell(nb, prefix, source):
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code" and text.startswith(prefix):
            cell["source"] = source
            return nb
    raise ValueError(f"no cell starts with {prefix!r}")


def make_class(key, folder, n, faults=None):
    """``n`` copies of the answer key, each with its own Blackboard username; ``faults`` maps
    an index to a key of FAULTS. Returns {file name: fault or None}."""
    nb = json.loads(key.read_text("utf-8"))
    folder.mkdir(parents=True)
    made = {}
    for k in range(n):
        fault = (faults or {}).get(k)
        this = with_cell(nb, *FAULTS[fault][:2]) if fault else nb
        name = f"Bench_user{k:04d}_attempt_2026-10-01-00-00-00_hw.ipynb"
        (folder / name).write_text(json.dumps(this), "utf-8")
        made[name] = fault
    return made


def cpu_seconds():
    """(grader, sandboxes): CPU seconds of this process, and of its forkserver with every
    sandbox it has reaped."""
    import psutil
    from multiprocessing import forkserver

    own = resource.getrusage(resource.RUSAGE_SELF)
    sandboxes = 0.0
    pid = getattr(forkserver._forkserver, "_forkserver_pid", None)
    if pid:
        times = psutil.Process(pid).cpu_times()
        sandboxes = times.user + times.system + times.children_user + times.children_system
    return own.ru_utime + own.ru_stime, sandboxes


def floor_seconds(bundle, repeats=5):
    """Per submission: the hidden tests run on the reference answers in this process, one
    thread, the reference module built once beforehand (CPU seconds)."""
    import linecache
    import types

    import torch

    from autograder import hwkit
    from autograder.grading import sandbox

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    reference = types.ModuleType(hwkit.REFERENCE_MODULE)
    linecache.cache["<reference>"] = (len(bundle.reference_text), None,
                                      bundle.reference_text.splitlines(True), "<reference>")
    exec(compile(bundle.reference_text, "<reference>", "exec"), reference.__dict__)
    sys.modules["_hwkit"], sys.modules[hwkit.REFERENCE_MODULE] = hwkit, reference
    env = dict(reference.__dict__)
    cases = [case for q in bundle.autograded
             for case in sandbox.test_cases(bundle.tests.get(q["name"], "")) if case.hidden]
    best = None
    for _ in range(repeats + 1):
        start = time.process_time()
        for case in cases:
            with hwkit.recording():
                case.call_func(env)
        spent = time.process_time() - start
        best = spent if best is None else min(best, spent)
    torch.set_num_threads(threads)
    return best


def empty_sandbox_seconds(isolate, runs=20):
    """CPU seconds of one sandbox that grades nothing (fork from the forkserver, isolation or
    not, one empty cell, exit): what every submission costs before its first test."""
    from autograder.grading import sandbox

    limits = sandbox.Limits(timeout=30, isolate=isolate)
    before = sum(cpu_seconds())
    for _ in range(runs):
        session = sandbox._Session(["pass"], None, limits, sandbox.context(),
                                   time.monotonic() + 30)
        try:
            assert session.ready() is True and session.definitions()[0] == []
            session.finish()
        finally:
            session.close()
    return (sum(cpu_seconds()) - before) / runs


def grade_class(hw, folder, out, workers):
    from autograder.grading import grade

    wall, (grader, sandboxes) = time.perf_counter(), cpu_seconds()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        # grading alone, like for like with earlier figures: the similarity review has a line of
        # its own below
        rows = grade.main(hw, [folder], out, workers=workers, progress=False,
                          log=lambda *_: None, force=True, similarity=False)
    after = cpu_seconds()
    return rows, time.perf_counter() - wall, (after[0] - grader, after[1] - sandboxes)


OWN_METHODS = ("abs", "relu", "exp", "sum", "mean", "sqrt", "sigmoid", "tanh")


def with_own_code(code, seed):
    """``code`` with three chains of tensor methods, different for every ``seed``, at the start
    of its first function: code of the student's own, so that honest students differ and a copy
    has something to be found by (the corpus's answers are shared by dozens in a class of 300)."""
    import ast

    tree = ast.parse(code)
    function = next(node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef))
    lines = ["_x = torch.zeros(3)"]
    for chain in range(3):
        value, text = seed * 7919 + chain * 104729, "_x"
        for _ in range(6):
            text, value = text + f".{OWN_METHODS[value % 8]}()", value // 8
        lines.append(f"_own{chain} = {text}")
    function.body[:0] = ast.parse("\n".join(lines)).body
    return ast.unparse(tree)


def similarity_class(hw, key, n):
    """``n`` notebooks for the similarity review: the answer key with each code answer replaced
    by a correct answer of the variants corpus, a different mix per student, with code of the
    student's own (``with_own_code``), and every tenth student a copy of the one before with
    local names renamed and comments dropped. Returns ([(identity, bytes)], copies made)."""
    import nbformat

    from autograder.authoring import samples, variants

    nb = json.loads(json.dumps(nbformat.read(key, as_version=4)))  # sources as one string
    corpus = {}
    for variant in variants.collect(hw):
        if variant.expect == "correct":
            corpus.setdefault(variant.question, []).append(variant)
    cells = {}  # question -> index of the key's cell its variants replace
    for question, found in corpus.items():
        probe = variants.substitute(nb, found[0])
        cells[question] = next(k for k, (a, b) in enumerate(zip(nb["cells"], probe.cells))
                               if a["source"] != b.source)
    students, previous, copies = [], None, 0
    for k in range(n):
        this = json.loads(json.dumps(nb))
        for j, (question, found) in enumerate(sorted(corpus.items())):
            pick = (k * 7 + j * 3) % (len(found) + 1)  # the key's own answer among them
            own = nb["cells"][cells[question]]["source"]
            code = with_own_code(found[pick].code if pick < len(found) else own, k * 100 + j)
            if previous is not None and k % 10 == 9:
                code = samples._disguised(previous["cells"][cells[question]]["source"])
            this["cells"][cells[question]]["source"] = code + f"\n# student {k}\n"
        copies += previous is not None and k % 10 == 9
        students.append((f"user{k:04d}", json.dumps(this).encode()))
        previous = this
    return students, copies


def peak_mb(reset=False):
    """This process's memory high-water mark in MB (VmHWM), first set back to its current size
    with ``reset`` (ru_maxrss never goes down: after grading a class, the review's growth would
    hide under the grader's earlier peak)."""
    if reset:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    with open("/proc/self/status") as status:
        return int(next(l for l in status if l.startswith("VmHWM:")).split()[1]) / 1024


def similarity_seconds(hw, key, n):
    """(wall s, CPU s, questions, flagged pairs, copies, MB of memory) of the similarity review
    (comparison and both outputs) of a class of ``n`` (``similarity_class``)."""
    from autograder import bundle as bundle_mod, paths
    from autograder.grading import similarity, similarity_report

    students, copies = similarity_class(hw, key, n)
    bundle = bundle_mod.load(paths.bundle(hw), hw)
    before = peak_mb(reset=True)
    wall, cpu = time.perf_counter(), time.process_time()
    result = similarity.compare(hw, bundle, students)
    with tempfile.TemporaryDirectory() as tmp:
        similarity_report.write(Path(tmp), result)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    grown = peak_mb() - before
    return (wall, cpu, len(result.questions), sum(p.flagged for p in result.pairs), copies,
            grown)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hw", default="rnn_attention")
    parser.add_argument("--n", type=int, default=300, help="submissions for this grader")
    parser.add_argument("--otter", type=int, default=2, help="submissions for otter run")
    parser.add_argument("--hang", type=float, default=0.05, help="share hanging in one answer")
    parser.add_argument("--crash", type=float, default=0.02, help="share crashing in one answer")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()

    from autograder import bundle as bundle_mod, paths
    from autograder.grading import otter_run, sandbox

    key, bundle_path = paths.answer_key(args.hw), paths.bundle(args.hw)
    bundle = bundle_mod.load(bundle_path, args.hw)
    cores = len(os.sched_getaffinity(0))
    workers = args.workers or cores
    points = {q["name"]: q["points"] for q in bundle.autograded}
    full = sum(points.values())
    hangs, crashes = round(args.n * args.hang), round(args.n * args.crash)
    step = max(1, args.n // max(1, hangs + crashes))
    faulty = {k * step: ("hang" if k < hangs else "crash") for k in range(hangs + crashes)}

    floor = floor_seconds(bundle)
    warm_wall = time.perf_counter()
    sandbox.warm_up()
    warm_wall = time.perf_counter() - warm_wall
    empty = {isolate: empty_sandbox_seconds(isolate) for isolate in (False, True)}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        honest = make_class(key, tmp / "honest", args.n)
        rows, wall, cpu = grade_class(args.hw, tmp / "honest", tmp / "out-honest", workers)
        honest_ok = all(r.status == "ok" and r.total == full for r in rows)
        made = make_class(key, tmp / "faulty", args.n, faulty)
        frows, fwall, fcpu = grade_class(args.hw, tmp / "faulty", tmp / "out-faulty", workers)
        kept = all(r.total == full - (points[FAULTS[made[Path(r.submission).name]][2]]
                                      if made[Path(r.submission).name] else 0)
                   for r in frows)
        otter_scores, start = [], time.perf_counter()
        sample = sorted(honest)[:args.otter]
        for name in sample:
            otter_scores.append(otter_run.scores(otter_run.run(tmp / "honest" / name,
                                                               bundle_path)))
        theirs = (time.perf_counter() - start) / max(1, args.otter)
    by_name = {Path(r.submission).name: r for r in rows}
    agree = all({q: s for q, (s, _) in scores.items()} == by_name[name].scores
                for name, scores in zip(sample, otter_scores))

    (grader_cpu, sandbox_cpu), cpu = cpu, sum(cpu)
    fcpu = sum(fcpu)
    per, fper = cpu / args.n, fcpu / args.n
    print(f"machine: {cores} cores, {workers} workers; homework {args.hw} "
          f"({len(points)} autograded questions); forkserver start {warm_wall:.1f} s (once)")
    print(f"{'':34}{'wall s':>10}{'CPU s':>10}{'wall/sub':>10}{'CPU/sub':>10}{'CPU/floor':>10}")
    print(f"{'floor (hidden tests on reference)':34}{'':>10}{floor * args.n:>10.1f}"
          f"{'':>10}{floor:>10.3f}{1:>10.1f}")
    print(f"{f'this grader, {args.n} honest':34}{wall:>10.1f}{cpu:>10.1f}"
          f"{wall / args.n:>10.3f}{per:>10.3f}{per / floor:>10.1f}")
    print(f"{f'this grader, {hangs} hang + {crashes} crash':34}{fwall:>10.1f}{fcpu:>10.1f}"
          f"{fwall / args.n:>10.3f}{fper:>10.3f}{fper / floor:>10.1f}")
    print(f"{'  of which the grader process':34}{'':>10}{grader_cpu:>10.1f}{'':>10}"
          f"{grader_cpu / args.n:>10.3f}{grader_cpu / args.n / floor:>10.1f}")
    print(f"{'  of which the sandboxes':34}{'':>10}{sandbox_cpu:>10.1f}{'':>10}"
          f"{sandbox_cpu / args.n:>10.3f}{sandbox_cpu / args.n / floor:>10.1f}")
    for isolate, label in ((False, "an empty sandbox, not isolated"),
                           (True, "an empty sandbox, isolated")):
        print(f"{'  ' + label:34}{'':>10}{'':>10}{'':>10}{empty[isolate]:>10.3f}"
              f"{empty[isolate] / floor:>10.1f}")
    print(f"{'otter run (per submission)':34}{'':>10}{'':>10}{theirs:>10.1f}{'':>10}{'':>10}")
    print("(CPU of a sandbox killed for hanging is not counted: the kernel reaps it, not the "
          "forkserver; the faulty class's wall time includes it. An empty sandbox: a fork of "
          "the forkserver, which holds torch and d2l, and its exit, with and without the "
          "namespaces: the fixed cost of a process per submission)")
    print(f"honest class: {'every submission full marks' if honest_ok else 'NOT all full marks'}; "
          f"faulty class: {'every hanging or crashing submission kept its other questions' if kept else 'SOME LOST OTHER QUESTIONS'}")
    print(f"otter run agrees on {args.otter} submissions: {'yes' if agree else 'NO'}; this grader "
          f"is {theirs / (wall / args.n):.0f} times faster per submission (wall)")
    swall, scpu, squestions, sflagged, scopies, smb = similarity_seconds(args.hw, key, args.n)
    print(f"{f'similarity review, {args.n} x {squestions} questions':34}{swall:>10.1f}"
          f"{scpu:>10.1f}{swall / args.n:>10.3f}{scpu / args.n:>10.3f}")
    print(f"  ({sflagged} pairs of answers flagged, {scopies} copies made; the review's memory: "
          f"{smb:.0f} MB more than before it)")
    print(f"goals ({args.hw}, 2 cores): CPU/floor <= 3 -> {per / floor:.1f}; "
          f"{args.n} with faults in < 60 s -> {fwall:.1f} s; similarity review of "
          f"{args.n} x {squestions} in < 30 s -> {swall:.1f} s")
    return 0 if (agree and kept and honest_ok) else 1


if __name__ == "__main__":
    sys.exit(main())
