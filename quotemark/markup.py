"""Markdown to safe HTML: Python-Markdown renders, ``nh3`` (ammonia) sanitises.

The rendered text must stay verbatim, since annotations quote it: no ``smarty``
(it would curl the quotation marks), no ``attr_list`` (``{: ...}`` would vanish and
let authors set ids and classes). Sanitising keeps the tags an article needs, drops
scripts, styles, event handlers and every URL scheme but http, https and mailto
(relative URLs pass), and keeps no class or id of the author's except those the
``footnotes`` extension writes, so nothing in the source can pose as one of our own
highlights, notes or hidden labels.
"""

from __future__ import annotations

import html
import re
import threading

import markdown
import nh3

BODY_EXTENSIONS = ("abbr", "fenced_code", "footnotes", "tables", "sane_lists")
NOTE_EXTENSIONS = ("abbr", "sane_lists")

TAGS = frozenset(
    {
        *("p", "br", "hr", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("a", "em", "strong", "b", "i", "u", "s", "small", "sub", "sup"),
        *("abbr", "q", "cite", "del", "ins", "code", "kbd", "samp", "var", "time"),
        *("blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd"),
        *("figure", "figcaption", "img"),
        *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
    }
)
ATTRIBUTES = {
    "*": {"lang", "dir"},
    "a": {"href", "title", "hreflang"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "ol": {"start", "reversed"},
    "li": {"value", "id"},
    "sup": {"id"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "td": {"colspan", "rowspan", "style"},
}
FOOTNOTE_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:[^\s\"'<>&]+")


def _keep_footnote_ids(tag: str, name: str, value: str) -> str | None:
    """Attribute filter: keep an ``id`` only when the footnotes extension wrote it."""
    if name == "id" and not FOOTNOTE_ID.fullmatch(value):
        return None
    return value


def _make_cleaner(footnotes: bool) -> nh3.Cleaner:
    """Build the sanitiser; notes get no ids or classes at all."""
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    if not footnotes:
        attributes["li"].discard("id")
        attributes["sup"].discard("id")
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags={"script", "style"},
        attributes=attributes,
        attribute_filter=_keep_footnote_ids,
        url_schemes=set(URL_SCHEMES),
        allowed_classes=FOOTNOTE_CLASSES if footnotes else {},
        filter_style_properties={"text-align"},
        strip_comments=True,
    )


BODY_CLEANER = _make_cleaner(footnotes=True)
NOTE_CLEANER = _make_cleaner(footnotes=False)


class _Converters(threading.local):
    """One ``markdown.Markdown`` per extension set, per thread.

    Building a converter with its extensions costs about a quarter of rendering a body,
    so each thread keeps one per extension set and ``reset()``s it before every document
    (Python-Markdown's way to reuse one; it clears the footnotes and abbreviations too).
    A converter is not safe to share between threads: the live preview renders on its
    build thread and its main thread at once, so each thread gets its own.
    """

    def __init__(self) -> None:
        self.by_extensions: dict[tuple[str, ...], markdown.Markdown] = {}

    def get(self, extensions: tuple[str, ...]) -> markdown.Markdown:
        """This thread's converter for the extensions, reset for a new document."""
        md = self.by_extensions.get(extensions)
        if md is None:
            md = markdown.Markdown(extensions=list(extensions), output_format="html")
            self.by_extensions[extensions] = md
        return md.reset()


_CONVERTERS = _Converters()


def _convert(source: str, extensions: tuple[str, ...]) -> str:
    """Render Markdown with this thread's converter, reset first (no state carried over)."""
    return _CONVERTERS.get(extensions).convert(source)


def render_markdown(source: str) -> str:
    """Render an article body to sanitised HTML."""
    return str(BODY_CLEANER.clean(_convert(source, BODY_EXTENSIONS)))


def render_note(source: str) -> str:
    """Render an attribution note (small Markdown) to sanitised HTML."""
    return str(NOTE_CLEANER.clean(_convert(source, NOTE_EXTENSIONS)))


def plain_html(text: str) -> str:
    """Escape plain text for use as HTML text (headline, summary, caption)."""
    return html.escape(text, quote=False)
