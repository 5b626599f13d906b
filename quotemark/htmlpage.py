"""A saved web page, read into a ``Clipping`` (``html.parser`` only, no network).

| what | from |
|---|---|
| title | the first ``<h1>``, else ``<title>`` |
| date | ``<meta name="date">`` (or ``dc.date``, ...), else the first ``<time datetime>`` |
| caption | the first ``<figcaption>`` |
| body | each ``<p>`` outside ``nav``, ``header``, ``footer``, ``aside`` and ``form`` |

Text is kept as the page shows it: character references decoded, each run of HTML
white space (not no-break spaces) one space, ``<br>`` a space; inline markup
(links, emphasis) keeps only its text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from quotemark.clipping import Block, Clipping, clipping_of
from quotemark.model import Loc, Problem, Severity
from quotemark.schema import calendar_fault

DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
DATE_METAS = frozenset({"date", "dc.date", "dcterms.date", "article:published_time"})
CAPTURED = frozenset({"title", "h1", "p", "figcaption"})
OUTSIDE_BODY = frozenset({"nav", "header", "footer", "aside", "form"})
HIDDEN = frozenset({"script", "style", "template", "noscript", "svg"})
BLOCKS = frozenset(
    {"div", "section", "article", "main", "blockquote", "ul", "ol", "li", "table", "figure"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "pre", "hr", "body", "header", "footer", "aside"}
)
NO_TITLE = "no title found: add a <title> or an <h1> with the headline"
NO_DATE = (
    'no date found: add <meta name="date" content="YYYY-MM-DD"> to the <head> '
    'or <time datetime="YYYY-MM-DD"> to the article'
)


@dataclass
class Page:
    """What the reader collected, in document order."""

    title: str | None = None
    h1: str | None = None
    caption: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    dates: list[tuple[str, Loc]] = field(default_factory=list)  # (value, where), metas first
    times: list[tuple[str, Loc]] = field(default_factory=list)


class PageReader(HTMLParser):
    """Collects a page's title, headline, caption, paragraphs and dates."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.capture: str | None = None  # the element whose text is being collected
        self.buffer: list[str] = []
        self.hidden = 0  # depth inside script/style/...
        self.outside = 0  # depth inside nav/header/footer/aside/form

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a captured element, note dates, and track where the parser is."""
        values = {name: value or "" for name, value in attrs}
        if tag in BLOCKS or tag == "p":
            self.finish("p")
        if tag == "meta":
            self.note_meta(values)
        elif tag == "time" and "datetime" in values:
            self.page.times.append((values["datetime"], self.loc()))
        elif tag == "br" and self.capture:
            self.buffer.append(" ")
        self.hidden += tag in HIDDEN
        self.outside += tag in OUTSIDE_BODY
        if tag in CAPTURED and self.capture is None and not self.hidden:
            self.capture, self.buffer = tag, []

    def handle_endtag(self, tag: str) -> None:
        """Close a captured element, and leave hidden or outside parts."""
        self.finish(tag)
        if tag in BLOCKS:
            self.finish("p")
        self.hidden -= tag in HIDDEN and self.hidden > 0
        self.outside -= tag in OUTSIDE_BODY and self.outside > 0

    def handle_data(self, data: str) -> None:
        if self.capture is not None and not self.hidden:
            self.buffer.append(data)

    def finish(self, tag: str) -> None:
        """End the captured element if it is ``tag``, keeping its text."""
        if self.capture != tag:
            return
        text = HTML_SPACE.sub(" ", "".join(self.buffer)).strip(" ")
        self.capture, self.buffer = None, []
        page = self.page
        if not text:
            return
        if tag == "p" and not self.outside:
            page.paragraphs.append(text)
        elif tag in ("title", "h1", "figcaption"):
            name = "caption" if tag == "figcaption" else tag
            if getattr(page, name) is None:
                setattr(page, name, text)

    def note_meta(self, values: dict[str, str]) -> None:
        name = (values.get("name") or values.get("property") or "").lower()
        if name in DATE_METAS and values.get("content"):
            self.page.dates.append((values["content"], self.loc()))

    def loc(self) -> Loc:
        line, offset = self.getpos()
        return Loc(line, offset + 1)


def read_html(text: str, display: str) -> tuple[Clipping | None, list[Problem]]:
    """Read a web page; None with problems when it has no title or no usable date."""
    reader = PageReader()
    reader.feed(text)
    reader.close()
    for tag in ("p", "title", "h1", "figcaption"):
        reader.finish(tag)
    page = reader.page
    title = page.h1 or page.title
    if title is None:
        return None, [Problem(display, 1, 1, Severity.ERROR, "missing-field", NO_TITLE)]
    date, problems = read_date([*page.dates, *page.times], display)
    if date is None:
        return None, problems
    blocks = [Block(text) for text in page.paragraphs]
    return clipping_of(title, date, blocks, page.caption), []


def read_date(found: list[tuple[str, Loc]], display: str) -> tuple[dt.date | None, list[Problem]]:
    """The first date given as YYYY-MM-DD (a time may follow), else why there is none."""
    for value, _ in found:
        day, rest = value.strip()[:10], value.strip()[10:]
        if DATE.fullmatch(day) and calendar_fault(day) is None and rest[:1] in ("", "T", " "):
            return dt.date.fromisoformat(day), []
    if not found:
        return None, [Problem(display, 1, 1, Severity.ERROR, "missing-field", NO_DATE)]
    value, loc = found[0]
    message = f'"{value}" is not a date; write YYYY-MM-DD (a time may follow)'
    return None, [Problem(display, loc.line, loc.col, Severity.ERROR, "bad-value", message)]
