"""Rewrites of answers' syntax trees that a disguise cannot survive, and the token stream of a
code answer (``code_stream``), for the similarity review: starter statements removed
(``similarity_tokens.strip``), temporaries folded, one-expression helpers inlined, independent
statements in canonical order, then labelled (``similarity_tokens``).

Trust boundary: the trees are a student's, parsed (never run) from bounded cells; every rewrite
here is bounded by the size of the tree (``fold`` is one walk of it; ``_canonical`` orders runs
of at most ``CANONICAL_RUN`` statements: 6600 in one block took 5.7 s), inlining stops with
``TooLong`` at ``MAX_NODES`` new nodes (a helper using its parameter ten times, called seven
deep, made 10 ** 7 copies: 8 GB in the grader's process), and ``code_stream`` is bounded by
``similarity_tokens.MAX_TOKENS``.
"""
import ast
import collections
import copy

from .similarity_tokens import (FUNCTIONS, MAX_TOKENS, SIMPLE, Labeller, TooLong, blocks, header,
                                key, local_names, prepare, statement_keys, strip, is_docstring)

MAX_NODES = 4 * MAX_TOKENS  # syntax-tree nodes that inlining may add to an answer
CANONICAL_RUN = 64  # consecutive simple statements put in canonical order together


def _scan(tree):
    """(loads, stores, statement lists) of ``tree``, in one walk."""
    loads, stores, bodies = collections.Counter(), collections.Counter(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (stores if isinstance(node.ctx, ast.Store) else loads)[node.id] += 1
        elif isinstance(node, ast.arg):
            stores[node.arg] += 2  # a parameter is never folded
        elif isinstance(node, (ast.stmt, ast.excepthandler)):
            for field in ("body", "orelse", "finalbody"):
                value = getattr(node, field, None)
                if isinstance(value, list) and value and isinstance(value[0], ast.stmt):
                    bodies.append(value)
    return loads, stores, bodies


class _FoldAll(ast.NodeTransformer):
    """Each load of a folded name replaced by its value (itself folded), once: one walk."""

    def __init__(self, values):
        self.values, self.used = values, set()

    def visit_Name(self, node):
        if node.id in self.values and isinstance(node.ctx, ast.Load) \
                and node.id not in self.used:
            self.used.add(node.id)
            return self.visit(self.values[node.id])
        return node


def fold(tree):
    """Fold every temporary assigned once and used once into its use (in place), in one walk
    of the tree (a walk per temporary was quadratic: 2000 of them took 22 s)."""
    loads, stores, bodies = _scan(tree)
    candidates = []
    for body in bodies:
        for stmt in body:
            if (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                    and isinstance(stmt.targets[0], ast.Name)):
                name = stmt.targets[0].id
                if stores[name] == 1 and loads[name] == 1 and not any(
                        isinstance(n, ast.Name) and n.id == name for n in ast.walk(stmt.value)):
                    candidates.append((body, stmt, name))
    if not candidates:
        return tree
    removed = {id(stmt) for _, stmt, _ in candidates}
    for body in bodies:
        body[:] = [stmt for stmt in body if id(stmt) not in removed]
    folder = _FoldAll({name: stmt.value for _, stmt, name in candidates})
    folder.visit(tree)
    for body, stmt, name in candidates:
        if name not in folder.used:  # its use went with a statement removed: keep it
            body.append(stmt)
    _forget_labels(tree)
    return tree


def _forget_labels(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt):
            node._labels = None


def _bodies(tree):
    """Every statement list in ``tree``."""
    return _scan(tree)[2]


def _single_return(fn):
    body = [s for s in fn.body if not is_docstring(s)]
    if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
        args = fn.args
        if not (args.vararg or args.kwarg or args.kwonlyargs or args.defaults):
            return [a.arg for a in args.posonlyargs + args.args], body[0].value
    return None


class _Inline(ast.NodeTransformer):
    """Calls of one-expression helpers replaced by the expression, parameters substituted."""

    def __init__(self, helpers, budget=MAX_NODES):
        self.helpers, self.used, self.budget = helpers, set(), budget

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        name, method = None, False
        if isinstance(func, ast.Name):
            name = func.id
        elif (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
              and func.value.id == "self"):
            name, method = func.attr, True
        if name not in self.helpers or node.keywords:
            return node
        params, expr = self.helpers[name]
        args = ([ast.Name("self", ast.Load())] if method else []) + list(node.args)
        if len(args) != len(params) or any(isinstance(a, ast.Starred) for a in args):
            return node
        self.used.add(name)
        mapping = dict(zip(params, args))
        uses = collections.Counter(n.id for n in ast.walk(expr) if isinstance(n, ast.Name)
                                   and n.id in mapping and isinstance(n.ctx, ast.Load))
        self.budget -= _size(expr, self.budget) + sum(
            count * _size(mapping[p], self.budget) for p, count in uses.items())
        if self.budget < 0:  # a parameter used n times, nested d deep: n ** d nodes
            raise TooLong(f"inlining makes more than {MAX_NODES} nodes")
        body = copy.deepcopy(expr)
        for sub in ast.walk(body):
            if isinstance(sub, ast.Name):
                sub._line = getattr(node, "_line", 0)
        return _Substitute(mapping).visit(body)


class _Substitute(ast.NodeTransformer):
    def __init__(self, mapping):
        self.mapping = mapping

    def visit_Name(self, node):
        if node.id in self.mapping and isinstance(node.ctx, ast.Load):
            return copy.deepcopy(self.mapping[node.id])
        return node


def _size(node, most):
    """The number of nodes of ``node``, counted up to ``most + 1``."""
    count = 0
    for _ in ast.walk(node):
        count += 1
        if count > most:
            break
    return count


def inline(roots, targets):
    """Inline the one-expression helpers among ``roots`` (functions not named in ``targets``)
    and those defined inside them into the other roots; drop the helpers that were inlined.
    Returns (roots, whether anything was inlined)."""
    helpers, nested = {}, {}
    for root in roots:
        if isinstance(root, FUNCTIONS) and root.name not in targets:
            found = _single_return(root)
            if found:
                helpers[root.name] = found
        for node in ast.walk(root):
            if isinstance(node, FUNCTIONS) and node is not root and _single_return(node):
                nested[node.name] = _single_return(node)
    helpers.update(nested)
    if not helpers:
        return roots, False
    inliner = _Inline(helpers)
    kept = []
    for root in roots:
        if isinstance(root, FUNCTIONS) and root.name in helpers and root.name not in nested:
            continue
        kept.append(inliner.visit(root))
    for root in kept:
        for body in _bodies(root):
            body[:] = [s for s in body if not (isinstance(s, FUNCTIONS) and s.name in nested
                                               and s.name in inliner.used)]
        _forget_labels(root)
    return kept + [root for root in roots if isinstance(root, FUNCTIONS)
                   and root.name in helpers and root.name not in nested
                   and root.name not in inliner.used], bool(inliner.used)


def _effects(stmt, local):
    """(names read, names written) by a movable statement, of the ``local`` names only (a
    module such as ``torch`` is not state); a call writes every local name it touches."""
    reads, writes = set(), set()
    targets = []
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        targets = [stmt.target]
    for target in targets:
        for node in ast.walk(target):
            if isinstance(node, ast.Name):
                writes.add(node.id)
    called, calls = set(), isinstance(stmt, ast.AugAssign)
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name):
            reads.add(node.id)
        elif isinstance(node, ast.Call):
            calls = True
            if isinstance(node.func, ast.Name):
                called.add(node.func.id)
    if calls:
        writes |= reads - called
    if any(isinstance(t, (ast.Attribute, ast.Subscript)) for t in targets):
        writes |= reads
    return reads & local, writes & local


def reorder(body, labeller):
    """``body`` (and every block inside it) with each run of consecutive simple statements in
    canonical order: among the statements whose earlier conflicting statements are placed, the
    one with the smallest labels goes first."""
    for stmt in body:
        for _, inner in blocks(stmt):
            inner[:] = reorder(inner, labeller)
    out, run = [], []
    for stmt in body + [None]:
        if isinstance(stmt, SIMPLE):
            run.append(stmt)
            continue
        out += _canonical(run, labeller)
        run = []
        if stmt is not None:
            out.append(stmt)
    return out


def _canonical(run, labeller):
    if len(run) > CANONICAL_RUN:  # quadratic in a run: a longer one is ordered in pieces
        return [stmt for start in range(0, len(run), CANONICAL_RUN)
                for stmt in _canonical(run[start:start + CANONICAL_RUN], labeller)]
    if len(run) < 2:
        return run
    effects = [_effects(s, labeller.local | {"self", "cls"}) for s in run]
    keys = [key(header(s, labeller)) for s in run]
    before = [{j for j in range(i) if (effects[i][0] & effects[j][1]) or
               (effects[i][1] & (effects[j][0] | effects[j][1]))} for i in range(len(run))]
    placed, order = set(), []
    while len(order) < len(run):
        free = [i for i in range(len(run)) if i not in placed and before[i] <= placed]
        chosen = min(free, key=lambda i: (keys[i], i))
        placed.add(chosen)
        order.append(run[chosen])
    return order


def code_stream(roots, lines, targets, helpers, starter=None):
    """(tokens, statement keys) of one answer: ``tokens`` is [(label, display line)] after every
    normalisation above; ``statement keys`` (a Counter) describe it as a starter, before
    folding. ``roots``: the syntax trees of the answer (functions, methods, assignments);
    ``lines``: the display line of each; ``targets``: the names the question grades;
    ``helpers``: the notebook's own functions and classes (labelled ``F``); ``starter``: the
    released answer's statement keys, removed first."""
    trees = prepare(roots, lines)
    helpers = set(helpers) | {node.name for tree in trees for node in ast.walk(tree)
                              if isinstance(node, FUNCTIONS) and node is not tree}
    labeller = Labeller(local_names(trees) - helpers, helpers)
    keys = statement_keys(trees, labeller) if starter is None else None
    trees = strip(trees, labeller, starter or collections.Counter())
    for tree in trees:
        fold(tree)
    trees, inlined = inline(trees, targets)
    for tree in trees if inlined else []:
        fold(tree)
    trees = reorder(trees, labeller)
    parts = []
    for tree in trees:
        part = []
        _emit([tree], labeller, part)
        parts.append(part)
    tokens = [token for part in sorted(parts, key=key) for token in part]
    if len(tokens) > MAX_TOKENS:
        raise TooLong(f"more than {MAX_TOKENS} tokens")
    return tokens, keys


def _emit(body, labeller, out):
    for stmt in body:
        if not getattr(stmt, "_given", False):
            out.extend(header(stmt, labeller))
        for marker, inner in blocks(stmt):
            if inner and marker:
                out.append((marker, getattr(inner[0], "_line", 0)))
            _emit(inner, labeller, out)
        if len(out) > MAX_TOKENS:
            raise TooLong(f"more than {MAX_TOKENS} tokens")
