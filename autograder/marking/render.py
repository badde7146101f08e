"""Written answers as HTML: markdown (markdown-it-py, raw HTML off) with LaTeX math turned into
MathML on the server (latex2mathml), so nothing is fetched from the internet to show them.

Trust boundary: the markdown and math are a student's; raw HTML is escaped, a link is shown as
its text and its address, never as a link (a click on a student's link to another port of
127.0.0.1 would send that server the app's session cookie: cookies are not kept apart by
port, and a navigation from the app's page is same-site), and images are only the notebook's own attachments and outputs
(served by the app); any other image address is shown as text, never loaded. The converter
copies ``\\text{...}`` verbatim and turns ``\\href`` and ``\\style`` into attributes, so its
MathML passes an allowlist sanitizer (nh3, the maintained binding of the Rust ammonia crate):
MathML elements and presentation attributes only, lengths bounded; no form, link, style,
event handler or page-sized box reaches the TA's page. The whole rendered answer then passes
the same sanitizer once more (markdown's tags, MathML, no ``id``, ``style`` or handler, images
only from the app's own figure URLs), and only that result is ``Markup``: templates escape
everything else.

Limits (per answer; a size cap is the primary guard, checked before any parsing, so a 12 MB
formula costs a slice of its text, never its conversion):

- ``MAX_FORMULA`` = 2,000 characters per formula, ``MAX_FORMULA_TOTAL`` = 16,000 formula
  characters and ``MAX_FORMULAS`` = 200 formulas converted per answer (latex2mathml takes up to
  ~0.1 s per 2,000 hostile characters);
- ``MAX_MARKDOWN`` = 50,000 characters per markdown cell and ``MAX_ANSWER_MARKDOWN`` = 100,000
  per answer parsed as markdown (markdown-it-py: under 0.5 s for 100,000 hostile characters);
- ``MAX_CODE`` = 20,000 characters shown per code cell, ``MAX_PARTS`` = 40 cells and
  ``MAX_FIGURES`` = 20 figures shown per answer;
- ``TIME_BUDGET`` = 2 s of wall time per answer: once spent, the answer's remaining formulas and
  cells are shown as text (one formula or cell already started is bounded by the caps above).

What is over a limit is shown as plain, escaped text cut to ``SHOWN`` characters, with a note
("formula too long to render: N characters"). The app renders each answer once (``ViewCache``,
bounded to ``CACHE_BYTES``), not on every page view.
"""
import collections
import html
import re
import threading
import time

import latex2mathml.converter
import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup
from mdit_py_plugins.dollarmath import dollarmath_plugin

MAX_FORMULA = 2_000
MAX_FORMULA_TOTAL = 16_000
MAX_FORMULAS = 200
MAX_MARKDOWN = 50_000
MAX_ANSWER_MARKDOWN = 100_000
MAX_CODE = 20_000
MAX_PARTS = 40
MAX_FIGURES = 20
TIME_BUDGET = 2.0
SHOWN = 2_000  # characters shown of a text over its limit
SHOWN_FORMULA = 200
SHOWN_LINK = 200  # characters shown of a link's address (links are shown, never followed)
CACHE_BYTES = 64 * 2**20

# What latex2mathml writes, less what can act or restyle the page (href, style, colours)
MATHML_TAGS = {"math", "menclose", "mfrac", "mi", "mn", "mo", "mover", "mpadded", "mphantom",
               "mroot", "mrow", "mspace", "msqrt", "mstyle", "msub", "msubsup", "msup",
               "mtable", "mtd", "mtext", "mtr", "munder", "munderover"}
MATHML_ATTRIBUTES = {"accent", "columnalign", "columnlines", "columnspacing", "display",
                     "displaystyle", "fence", "form", "height", "linethickness", "lspace",
                     "mathvariant", "maxsize", "minsize", "movablelimits", "notation",
                     "rowspacing", "rspace", "scriptlevel", "separator", "stretchy", "voffset",
                     "width", "xmlns"}
# lengths a formula may set (``\\rule``, ``\\kern``, spacing): at most this much, so that no
# formula covers or pushes away the page it is shown on; ``mathsize`` (``\\Huge``, which nests
# and compounds) is not kept at all
LENGTH_ATTRIBUTES = {"height", "width", "lspace", "rspace", "voffset", "columnspacing",
                     "rowspacing", "maxsize", "minsize", "linethickness"}
LENGTH_LIMITS = {"em": 6, "ex": 12, "pt": 60, "px": 80, "mu": 108, "": 6}
LENGTH = re.compile(r"^\s*-?(\d+(?:\.\d*)?|\.\d+)\s*(em|ex|pt|px|mu|)\s*$")
# What markdown-it writes (commonmark and tables, raw HTML off), plus this module's own notes
MARKDOWN_TAGS = {"blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6",
                 "hr", "img", "li", "ol", "p", "pre", "span", "strong", "table", "tbody", "td",
                 "th", "thead", "tr", "ul"}
MARKDOWN_ATTRIBUTES = {"img": {"src", "alt", "title"}, "ol": {"start"},
                       "code": {"class", "title"}, "span": {"class"}}
OWN_CLASSES = {"math-error", "no-image", "too-long"}
LANGUAGE = re.compile(r"language-[A-Za-z0-9_+-]{1,40}")
PAGE_TAGS = MATHML_TAGS | MARKDOWN_TAGS
PAGE_ATTRIBUTES = {**{tag: MATHML_ATTRIBUTES for tag in MATHML_TAGS}, **MARKDOWN_ATTRIBUTES}


def _bounded_length(tag, attribute, value):
    """nh3's attribute filter: a length attribute only when it is a small plain length."""
    if attribute not in LENGTH_ATTRIBUTES:
        return value
    lengths = value.split()
    for length in lengths:
        match = LENGTH.match(length)
        if match is None or float(match.group(1)) > LENGTH_LIMITS[match.group(2)]:
            return None
    return value


def _page_filter(images):
    """nh3's filter for a whole answer: MathML lengths bounded, images only the URLs this
    module wrote (``images``: the app's figure URLs), classes only this module's own (and
    markdown-it's ``language-*``)."""
    def keep(tag, attribute, value):
        if tag == "img" and attribute == "src":
            return value if value in images else None
        if attribute == "class":
            kept = [c for c in value.split() if c in OWN_CLASSES or LANGUAGE.fullmatch(c)]
            return " ".join(kept) or None
        return _bounded_length(tag, attribute, value)
    return keep


MATH_CLEANER = nh3.Cleaner(tags=MATHML_TAGS, link_rel=None,
                           attributes={tag: MATHML_ATTRIBUTES for tag in MATHML_TAGS},
                           attribute_filter=_bounded_length)


class Budget:
    """What is left of one answer's rendering limits (see the module docstring)."""

    def __init__(self, seconds=TIME_BUDGET):
        self.formulas, self.formula_chars = MAX_FORMULAS, MAX_FORMULA_TOTAL
        self.markdown = MAX_ANSWER_MARKDOWN
        self.deadline = time.monotonic() + seconds

    def late(self):
        return time.monotonic() > self.deadline


def plain(text, note, shown=SHOWN):
    """``text`` as escaped, cut text in a ``<pre>``, with a note saying why it is not rendered."""
    return Markup('<pre class="too-long">{}</pre><p><span class="too-long">({})</span></p>'
                  ).format(text[:shown] + (" [...]" if len(text) > shown else ""), note)


def _formula_text(latex, note):
    cut = latex[:SHOWN_FORMULA] + (" [...]" if len(latex) > SHOWN_FORMULA else "")
    return (f'<code class="math-error" title="{html.escape(note)}">{html.escape(cut)}</code> '
            f'<span class="too-long">({html.escape(note)})</span>')


def math_html(latex, display, budget=None):
    """MathML for one formula of a student's answer, sanitized (see the module docstring); a
    formula over its limits is its escaped, cut text with a note."""
    if len(latex) > MAX_FORMULA:
        return _formula_text(latex, f"formula too long to render: {len(latex)} characters")
    if budget is not None:
        if budget.formulas <= 0 or budget.formula_chars < len(latex) or budget.late():
            return _formula_text(latex, "formula not rendered: this answer's rendering budget "
                                        "is spent")
        budget.formulas -= 1
        budget.formula_chars -= len(latex)
    try:
        mathml = latex2mathml.converter.convert(latex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - the converter raises many types on malformed LaTeX
        return f'<code class="math-error" title="LaTeX it cannot read">{html.escape(latex)}</code>'
    return MATH_CLEANER.clean(mathml)


def _markdown(image_url, budget, images):
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    md.use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True,
           renderer=lambda content, options: math_html(
               content, options["display_mode"], budget))

    def image(renderer, tokens, idx, options, env):
        token = tokens[idx]
        src = token.attrGet("src") or ""
        alt = html.escape(token.content or "image")
        if src.startswith("attachment:"):
            url = image_url(src.split(":", 1)[1])
            if url:
                images.add(url)
                return f'<img src="{html.escape(url)}" alt="{alt}">'
        return (f'<span class="no-image">[image not shown: {alt} '
                f'({html.escape(src[:80])})]</span>')

    def link_open(renderer, tokens, idx, options, env):
        env.setdefault("links", []).append(tokens[idx].attrGet("href") or "")
        return ""

    def link_close(renderer, tokens, idx, options, env):
        href = env.get("links", [""]).pop() if env.get("links") else ""
        return f' <code>&lt;{html.escape(href[:SHOWN_LINK])}&gt;</code>'

    md.add_render_rule("image", image)
    md.add_render_rule("link_open", link_open)  # a link is its text and address, never a link
    md.add_render_rule("link_close", link_close)
    return md


def markdown_html(source, image_url=lambda name: None, budget=None):
    """Sanitized HTML (``Markup``) of a markdown answer; ``image_url(attachment name)`` gives an
    attachment's URL. Over its size limit (or the answer's ``budget``), escaped cut text."""
    budget = budget or Budget()
    if len(source) > MAX_MARKDOWN:
        return plain(source, f"answer too long to render: {len(source)} characters")
    if len(source) > budget.markdown or budget.late():
        return plain(source, "not rendered: this answer's rendering budget is spent")
    budget.markdown -= len(source)
    images = set()
    page = _markdown(image_url, budget, images).render(source)
    return Markup(nh3.clean(page, tags=PAGE_TAGS, attributes=PAGE_ATTRIBUTES,
                            url_schemes={"http", "https", "mailto"},
                            attribute_filter=_page_filter(images)))


def answer_view(parts, figure_url, budget=None):
    """The parts of one written answer, ready for the answer template: markdown as sanitized
    HTML, code as text with its figures' URLs, each within the limits of the module docstring.
    ``figure_url(part index, key)`` gives the URL of an attachment (key: its name) or of a code
    output image (key: its index)."""
    budget = budget or Budget()
    view, figures = [], MAX_FIGURES
    for k, part in enumerate(parts[:MAX_PARTS]):
        if part["type"] == "markdown":
            known = part.get("attachments", {})
            view.append({"type": "markdown", "html": markdown_html(
                part["source"], lambda name, k=k: figure_url(k, name) if name in known else None,
                budget)})
            continue
        source = part["source"].strip()
        shown = [figure_url(k, str(j)) for j in range(min(len(part["images"]), figures))]
        figures -= len(shown)
        notes = []
        if len(source) > MAX_CODE:
            notes.append(f"code too long to show in full: {len(source)} characters")
        if len(shown) < len(part["images"]):
            notes.append(f"{len(part['images']) - len(shown)} more figures not shown")
        view.append({"type": "code", "source": source[:MAX_CODE], "figures": shown,
                     "notes": notes})
    if len(parts) > MAX_PARTS:
        view.append({"type": "note", "text": f"{len(parts) - MAX_PARTS} more cells not shown"})
    return view


def view_size(view):
    """Roughly the bytes a rendered view holds (for ``ViewCache``)."""
    return sum(len(part.get("html", "")) + len(part.get("source", "")) + 200 * (
        1 + len(part.get("figures", ()))) for part in view)


class ViewCache:
    """Rendered views by key, least recently used dropped beyond ``max_bytes``; ``get`` renders
    a key once (under a lock, so two requests never render the same answer twice)."""

    def __init__(self, max_bytes=CACHE_BYTES):
        self.max_bytes, self.used = max_bytes, 0
        self.views = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key, make, size=view_size):
        with self.lock:
            if key in self.views:
                self.views.move_to_end(key)
                return self.views[key][0]
            view = make()
            cost = size(view)
            self.views[key] = (view, cost)
            self.used += cost
            while self.used > self.max_bytes and len(self.views) > 1:
                _, (_, dropped) = self.views.popitem(last=False)
                self.used -= dropped
            return view
