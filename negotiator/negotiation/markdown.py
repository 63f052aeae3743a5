"""Safe Markdown rendering for proposal texts.

Proposal texts are written by liaisons of other municipalities, so they are untrusted input that is
shown to everyone in the council. Two independent layers keep them harmless:

1. markdown-it-py runs with raw HTML disabled (``<script>`` and friends come out as visible
   text) and with a link validator that only lets http, https, mailto, relative and
   ``#fragment`` URLs become links.
2. The resulting HTML goes through nh3 (ammonia) with an explicit allowlist of the tags and
   attributes this Markdown configuration can produce, so a bug or a future plugin in layer 1 still
   cannot smuggle in scripts, event handlers or styles.

Images are never rendered as ``<img>``. The system runs on the municipalities' closed network
(LGWAN); an ``<img>`` pointing outside would make every reader's browser try to fetch it - a
request that leaks who read what, stalls on the closed network, and is exactly the kind of
outbound traffic the network policy forbids. Dropping images silently would lose what the author
wanted to point at, so ``![alt](url)`` becomes an ordinary link ``<a href="url">alt</a>`` that the
reader may follow on purpose (only the alt text when the image is already inside a link, since
links cannot nest).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

__all__ = ["render_markdown"]

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})

# Everything commonmark + table + strikethrough emits, minus <img> (rendered as a link, see above).
_ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "blockquote", "pre", "code",
        "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li",
        "em", "strong", "s", "a",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# align is listed here rather than in _ALLOWED_ATTRIBUTES so that only real alignments survive.
_ALIGN_VALUES = {"left", "center", "right"}
_ALLOWED_ATTRIBUTE_VALUES = {"th": {"align": _ALIGN_VALUES}, "td": {"align": _ALIGN_VALUES}}

# Browsers drop ASCII whitespace and control characters anywhere in a URL's scheme ("jav\tascript:"
# still runs), so they must not be able to hide a scheme from the check below.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_PATH_START = re.compile(r"[/?#]")
_TEXT_ALIGN = re.compile(r"^text-align:(left|center|right)$")


def _is_safe_url(url: str) -> bool:
    """Allow http(s), mailto, relative and fragment URLs; reject every other scheme."""
    # markdown-it has already decoded entities and percent-encoded the URL; undo the latter so that
    # "jav%09ascript:" is judged like the "jav&#x09;ascript:" it came from.
    probe = _IGNORED_IN_URL.sub("", unquote(url)).lower()
    head = _PATH_START.split(probe, maxsplit=1)[0]
    if ":" not in head:
        return True  # relative path, //host, ?query or #fragment: no scheme to abuse
    # Anything with a colon before the path counts as a scheme, even characters no browser would
    # accept in one; refusing too much here only costs a link, allowing too much costs an XSS.
    return head.split(":", 1)[0] in SAFE_SCHEMES


def _align_instead_of_style(state: StateCore) -> None:
    """Turn the table plugin's style="text-align:x" into align="x", since style is never allowed."""
    for token in state.tokens:
        if token.type not in ("th_open", "td_open"):
            continue
        style = token.attrs.pop("style", None)
        match = _TEXT_ALIGN.match(str(style)) if style is not None else None
        if match:
            token.attrSet("align", match.group(1))


def _inside_link(tokens: Sequence[Token], idx: int) -> bool:
    """Whether the inline token at idx sits between a link_open and its link_close."""
    depth = 0
    for token in tokens[:idx]:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            depth -= 1
    return depth > 0


def _image_as_link(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Render ![alt](src "title") as a link to src so that the browser never fetches it."""
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    alt = self.renderInlineAsText(token.children or [], options, env)
    label = escapeHtml(alt or src)
    if _inside_link(tokens, idx) or not src:
        return label
    title = token.attrGet("title")
    title_attr = f' title="{escapeHtml(str(title))}"' if title else ""
    return f'<a href="{escapeHtml(src)}"{title_attr}>{label}</a>'


def _build_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = _is_safe_url  # type: ignore[method-assign]
    md.core.ruler.push("align_instead_of_style", _align_instead_of_style)
    md.add_render_rule("image", _image_as_link)
    return md


_PARSER = _build_parser()
_CLEANER = nh3.Cleaner(
    tags=set(_ALLOWED_TAGS),
    attributes=_ALLOWED_ATTRIBUTES,
    tag_attribute_values=_ALLOWED_ATTRIBUTE_VALUES,
    url_schemes=set(SAFE_SCHEMES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)


# A page shows the same few texts to everyone (the item page renders its current revision on
# every request: 9% of that page, issue 18); rendering is a pure function of the text. Texts up
# to CACHED_CHARS are kept, the last CACHED of them: a few MB per process at most.
CACHED, CACHED_CHARS = 128, 10_000


def render_markdown(text: str) -> Markup:
    """Render untrusted Markdown to HTML that is safe to insert into a page."""
    if len(text) <= CACHED_CHARS:
        return _rendered(text)
    return _render(text)


def _render(text: str) -> Markup:
    return Markup(_CLEANER.clean(_PARSER.render(text)))


_rendered = functools.lru_cache(maxsize=CACHED)(_render)
