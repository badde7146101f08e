"""Normalised token streams of answers, for the similarity review (``similarity``): labels of
syntax trees and of written answers (``similarity_rewrite`` changes the trees first).

Code (syntax trees that ``nbcode`` parsed from a submission's cells) becomes a sequence of
labels, each with the display line of the student's code it comes from, so that a disguise
does not change it:

- comments, whitespace and docstrings are gone (the syntax tree has none of them);
- local names (parameters and anything assigned) are all ``V``, the notebook's own helpers
  ``F``: renaming changes nothing; library names (``torch``, ``.permute``, ``dim=``),
  builtins and operators stay, they cannot be renamed;
- a temporary assigned once and used once is folded into its use, so an expression split into
  several lines and the same expression on one line read alike;
- a helper whose body is one ``return`` expression is inlined where it is called (inlining or
  extracting such a helper changes nothing; a longer helper keeps its statements, which the
  k-grams find wherever they are);
- within a block, consecutive independent statements (no name written by one is read or
  written by the other; a call writes every local name it touches) are put in a canonical
  order (the smallest label sequence first among those free to go), so reordering them changes
  nothing; the operands of ``+`` and ``*`` chains are sorted the same way;
- statements of the released notebook's answer (signatures, docstrings, given lines, the
  ``raise NotImplementedError`` stub) are removed before anything else (``starter``).

Written answers become their content words: NFKC, lower case, LaTeX commands and markdown
punctuation dropped, English stop words dropped, a light suffix stemmer (``-s``, ``-ed``,
``-ing``, ...), each word with its line.

Trust boundary: every input is a student's. Trees come from cells already cut to a bounded
size by the caller; every walk here is bounded by ``MAX_TOKENS`` and a ``RecursionError`` on a
pathologically nested tree is the caller's to turn into an unreadable answer. Nothing here
executes or displays anything.
"""
import ast
import builtins
import collections
import re
import unicodedata

MAX_TOKENS = 20000  # labels per answer; the rest of a longer answer is not compared
BUILTINS = frozenset(dir(builtins))
SMALL_INTS = {-1, 0, 1, 2, 3}
COMMUTATIVE = (ast.Add, ast.Mult)
SIMPLE = (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr)
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
SKIPPED = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)


class TooLong(ValueError):
    """An answer with more than ``MAX_TOKENS`` labels."""


# ----------------------------------------------------------------------------------------------
# code

def prepare(roots, lines):
    """The syntax trees ``roots`` (the caller's own copies: they are changed here), each node
    stamped with its display line: ``lines[k]`` is the display line of ``roots[k]``'s first
    line."""
    copies = []
    for tree, first in zip(roots, lines):
        base = getattr(tree, "lineno", 1)
        for node in ast.walk(tree):
            node._line = first + getattr(node, "lineno", base) - base
        copies.append(tree)
    return copies


def local_names(roots):
    """Names a student chooses: parameters and every name stored to."""
    found = set()
    for root in roots:
        for node in ast.walk(root):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                found.add(node.id)
            elif isinstance(node, ast.arg):
                found.add(node.arg)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                found.update(node.names)
    return found


class Labeller:
    """Labels of expressions and statement headers; ``V`` for ``local``, ``F`` for ``helpers``."""

    def __init__(self, local, helpers):
        self.local, self.helpers = local, helpers

    def name(self, node):
        if node.id in self.helpers:
            return "F"
        if node.id in self.local:
            return "V"
        return node.id if node.id in BUILTINS else "G." + node.id

    def label(self, node):
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Attribute):
            base = node.value
            own = isinstance(base, ast.Name) and base.id in ("self", "cls")
            return ".A" if own else "." + node.attr
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or value is None:
                return repr(value)
            if isinstance(value, int) and value in SMALL_INTS:
                return repr(value)
            return "N" if isinstance(value, (int, float, complex)) else "S"
        if isinstance(node, ast.BinOp):
            return "Op." + type(node.op).__name__
        if isinstance(node, ast.UnaryOp):
            return "U." + type(node.op).__name__
        if isinstance(node, ast.BoolOp):
            return "B." + type(node.op).__name__
        if isinstance(node, ast.Compare):
            return "Cmp." + ".".join(type(op).__name__ for op in node.ops)
        if isinstance(node, ast.AugAssign):
            return "Aug." + type(node.op).__name__
        if isinstance(node, ast.keyword):
            return f"k={node.arg}"
        if isinstance(node, ast.JoinedStr):
            return "S"
        return type(node).__name__

    def expression(self, node, out):
        """Pre-order labels of ``node`` appended to ``out`` as (label, line)."""
        if isinstance(node, SKIPPED):
            return
        if len(out) > MAX_TOKENS:
            raise TooLong(f"more than {MAX_TOKENS} tokens")
        line = getattr(node, "_line", 0)
        if isinstance(node, ast.JoinedStr):
            out.append(("S", line))
            return
        if isinstance(node, ast.BinOp) and isinstance(node.op, COMMUTATIVE):
            operands = []
            _flatten(node, type(node.op), operands)
            parts = []
            for operand in operands:
                part = []
                self.expression(operand, part)
                parts.append(part)
            out.append((f"Op.{type(node.op).__name__}*{len(parts)}", line))
            for part in sorted(parts, key=lambda p: [label for label, _ in p]):
                out.extend(part)
            return
        if isinstance(node, ast.arguments):
            out.append((f"args{len(node.posonlyargs) + len(node.args)}", line))
            return
        out.append((self.label(node), line))
        for child in ast.iter_child_nodes(node):
            self.expression(child, out)


def _flatten(node, op, out):
    if isinstance(node, ast.BinOp) and isinstance(node.op, op):
        _flatten(node.left, op, out)
        _flatten(node.right, op, out)
    else:
        out.append(node)


def header(stmt, labeller):
    """The labels of a statement itself: a whole simple statement, or a compound statement's
    header (its test, target, items), without its body (kept on the statement until it
    changes: ``fold`` and ``inline`` drop it)."""
    cached = getattr(stmt, "_labels", None)
    if cached is not None:
        return cached
    stmt._labels = out = []
    line = getattr(stmt, "_line", 0)
    if isinstance(stmt, FUNCTIONS):
        out.append((f"def{len(stmt.args.posonlyargs) + len(stmt.args.args)}", line))
    elif isinstance(stmt, ast.ClassDef):
        out.append(("class", line))
    elif isinstance(stmt, (ast.For, ast.AsyncFor)):
        out.append(("For", line))
        labeller.expression(stmt.target, out)
        labeller.expression(stmt.iter, out)
    elif isinstance(stmt, (ast.While, ast.If)):
        out.append((type(stmt).__name__, line))
        labeller.expression(stmt.test, out)
    elif isinstance(stmt, (ast.With, ast.AsyncWith)):
        out.append(("With", line))
        for item in stmt.items:
            labeller.expression(item, out)
    elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
        out.append(("Try", line))
    else:
        labeller.expression(stmt, out)
    return out


def blocks(stmt):
    """The statement lists inside a compound statement, with a marker label before each."""
    if isinstance(stmt, (ast.ClassDef, *FUNCTIONS, ast.With, ast.AsyncWith)):
        return [(None, stmt.body)]
    if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While, ast.If)):
        return [(None, stmt.body), ("else", stmt.orelse)]
    if isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
        found = [(None, stmt.body)]
        found += [("except", handler.body) for handler in stmt.handlers]
        return found + [("else", stmt.orelse), ("finally", stmt.finalbody)]
    return []


def key(labels):
    return tuple(label for label, _ in labels)


def is_docstring(stmt):
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str))


def strip(roots, labeller, starter):
    """Remove docstrings and, once each, the statements whose labels are in ``starter`` (a
    Counter of statement keys: the released notebook's own). Returns the roots kept."""
    budget = collections.Counter(starter)

    def clean(body):
        kept = []
        for stmt in body:
            if is_docstring(stmt):
                continue
            own = key(header(stmt, labeller))
            for _, inner in blocks(stmt):
                inner[:] = clean(inner)
            if budget[own] > 0 and not any(inner for _, inner in blocks(stmt)):
                budget[own] -= 1
                continue
            if budget[own] > 0 and isinstance(stmt, (*FUNCTIONS, ast.ClassDef, ast.If, ast.For,
                                                     ast.While, ast.With)):
                budget[own] -= 1  # a given header: its labels go, its body stays
                stmt._given = True
            kept.append(stmt)
        return kept

    return [root for root in clean(list(roots))]


def statement_keys(roots, labeller):
    """A Counter of the keys of every statement (at any depth) of ``roots``: the starter."""
    found = collections.Counter()

    def walk(body):
        for stmt in body:
            if is_docstring(stmt):
                continue
            found[key(header(stmt, labeller))] += 1
            for _, inner in blocks(stmt):
                walk(inner)

    walk(roots)
    return found


# ----------------------------------------------------------------------------------------------
# written answers

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just
me more most my myself no nor not now of off on once only or other our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who
whom why will with would you your yours yourself yourselves may might must shall us one ones
thus hence therefore however via per using use used uses instead rather well like get gets
""".split())
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
WORD = re.compile(r"[a-z0-9]+")
SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s")


def stem(word):
    """A light suffix stemmer: enough for plurals and tenses (``heads``/``head``,
    ``attends``/``attending``/``attended``)."""
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[:-len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word[-1] == word[-2] else word


def text_stream(text):
    """[(content word stem, line)] of a written answer."""
    tokens = []
    for number, line in enumerate(text.split("\n"), 1):
        flat = unicodedata.normalize("NFKC", line).lower()
        flat = LATEX_COMMAND.sub(" ", flat)
        for word in WORD.findall(flat):
            if word in STOP_WORDS or (len(word) < 2 and not word.isdigit()):
                continue
            tokens.append((stem(word), number))
            if len(tokens) > MAX_TOKENS:
                return tokens
    return tokens
