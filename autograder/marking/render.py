"""Written answers as HTML: markdown (markdown-it-py, raw HTML off) with LaTeX math turned into
MathML on the server (latex2mathml), so nothing is fetched from the internet to show them.

Trust boundary: the markdown and math are a student's; raw HTML is escaped, links keep
markdown-it's URL validation, and images are only the notebook's own attachments and outputs
(served by the app); any other image address is shown as text, never loaded. The converter
copies ``\\text{...}`` verbatim and turns ``\\href`` and ``\\style`` into attributes, so its
MathML passes an allowlist sanitizer (nh3, the maintained binding of the Rust ammonia crate):
MathML elements and presentation attributes only, lengths bounded; no form, link, style,
event handler or page-sized box reaches the TA's page.
"""
import html
import re

import latex2mathml.converter
import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin


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


def math_html(latex, display):
    """MathML for one formula of a student's answer, sanitized (see the module docstring)."""
    try:
        mathml = latex2mathml.converter.convert(latex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - the converter raises many types on malformed LaTeX
        return f'<code class="math-error" title="LaTeX it cannot read">{html.escape(latex)}</code>'
    return nh3.clean(mathml, tags=MATHML_TAGS, link_rel=None,
                     attributes={tag: MATHML_ATTRIBUTES for tag in MATHML_TAGS},
                     attribute_filter=_bounded_length)


def _markdown(image_url):
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    md.use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True,
           renderer=lambda content, options: math_html(content, options["display_mode"]))

    def image(renderer, tokens, idx, options, env):
        token = tokens[idx]
        src = token.attrGet("src") or ""
        alt = html.escape(token.content or "image")
        if src.startswith("attachment:"):
            url = image_url(src.split(":", 1)[1])
            if url:
                return f'<img src="{html.escape(url)}" alt="{alt}">'
        return (f'<span class="no-image">[image not shown: {alt} '
                f'({html.escape(src[:80])})]</span>')

    md.add_render_rule("image", image)
    return md


def markdown_html(source, image_url=lambda name: None):
    """HTML of a markdown answer; ``image_url(attachment name)`` gives an attachment's URL."""
    return _markdown(image_url).render(source)


def answer_view(parts, figure_url):
    """The parts of one written answer, ready for the answer template: markdown as HTML, code
    as text with its figures' URLs. ``figure_url(part index, key)`` gives the URL of an
    attachment (key: its name) or of a code output image (key: its index)."""
    view = []
    for k, part in enumerate(parts):
        if part["type"] == "markdown":
            known = part.get("attachments", {})
            view.append({"type": "markdown", "html": markdown_html(
                part["source"], lambda name, k=k: figure_url(k, name) if name in known else None)})
        else:
            view.append({"type": "code", "source": part["source"].strip(),
                         "figures": [figure_url(k, str(j)) for j in range(len(part["images"]))]})
    return view
