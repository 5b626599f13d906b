"""The files that publish the archive: Atom feed, sitemap, 404 page and ``CNAME``.

| file            | when                     | what                                               |
|-----------------|--------------------------|----------------------------------------------------|
| ``feed.xml``    | ``base_url`` is set      | Atom 1.0, the newest articles, absolute URLs only   |
| ``sitemap.xml`` | ``base_url`` is set      | every HTML page; a sitemap index past 50,000 URLs  |
| ``404.html``    | always                   | GitHub Pages' page for any missing URL, any depth  |
| ``CNAME``       | ``cname`` is set         | the custom domain, for GitHub Pages                |

Nothing here reads the clock: the feed's ``updated`` comes from the article dates.
An entry's id is its page's absolute URL: the feed exists only with a ``base_url``,
the URL never changes between builds and is unique to the archive, and a ``tag:``
URI would need a date on which the archive held its domain, which we do not know.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from urllib.parse import quote, urljoin

import jinja2
from markupsafe import Markup

from quotemark.cards import site_info
from quotemark.htmltext import text_of as anchor_text
from quotemark.htmltext import tokenize
from quotemark.model import Settings
from quotemark.output import Output
from quotemark.pages import ArticlePage

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_SIZE = 20
SITEMAP_SIZE = 50_000
SUMMARY_LENGTH = 280
EPOCH = "1970-01-01"
NAV = (
    ("index.html", "Home"),
    ("tags/index.html", "Tags"),
    ("entities/index.html", "Speakers"),
    ("search.html", "Search"),
)
FALLBACK_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}"
)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
REFRESH = re.compile(rb"\bhttp-equiv\s*=\s*[\"']?refresh\b", re.IGNORECASE)
ROBOTS = re.compile(rb"\bname\s*=\s*[\"']?robots\b", re.IGNORECASE)
NOINDEX = re.compile(rb"\bcontent\s*=\s*[\"'][^\"']*\bnoindex\b", re.IGNORECASE)


def page_url(base_url: str, path: str) -> str:
    """The absolute URL of a site file; the home page is the base URL itself."""
    return base_url if path == "index.html" else base_url + quote(path)


def xml_text(value: str) -> str:
    """Drop the characters XML 1.0 cannot hold (control characters, lone surrogates)."""
    return NOT_XML.sub("", value)


def serialize(root: ET.Element) -> bytes:
    """An XML document, indented, with its declaration."""
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def child(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """Append an element with optional text and attributes."""
    element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


# ---------------------------------------------------------------- Atom feed


def atom_feed(settings: Settings, base_url: str, articles: Sequence[ArticlePage]) -> bytes:
    """The Atom 1.0 feed of the newest articles."""
    newest = sorted(articles, key=lambda p: (p.date_iso, p.path), reverse=True)[:FEED_SIZE]
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": settings.lang})
    child(feed, "id", base_url)
    child(feed, "title", settings.title)
    if settings.description:
        child(feed, "subtitle", settings.description)
    child(feed, "updated", timestamp(newest[0].date_iso if newest else EPOCH))
    child(feed, "link", rel="self", type="application/atom+xml", href=base_url + "feed.xml")
    child(feed, "link", rel="alternate", type="text/html", href=base_url)
    child(child(feed, "author"), "name", settings.author or settings.title)
    child(feed, "generator", "quotemark")
    for page in newest:
        feed.append(feed_entry(base_url, page))
    return serialize(feed)


def timestamp(date_iso: str) -> str:
    """An Atom date-time for a day (midnight UTC)."""
    return f"{date_iso}T00:00:00Z"


def feed_entry(base_url: str, page: ArticlePage) -> ET.Element:
    """One article as an Atom entry, its content with absolute links."""
    url = page_url(base_url, page.path)
    entry = ET.Element("entry")
    child(entry, "id", url)
    child(entry, "title", page.title)
    child(entry, "link", rel="alternate", type="text/html", href=url)
    if page.url:
        child(entry, "link", rel="related", type="text/html", href=page.url)
    child(entry, "published", timestamp(page.date_iso))
    child(entry, "updated", timestamp(page.date_iso))
    for name in (page.author, page.publisher):
        if name:
            child(child(entry, "author"), "name", name)
    for tag, _ in page.tags:
        child(entry, "category", term=tag)
    child(entry, "summary", summary_of(page))
    child(entry, "content", absolute_html(entry_html(page), url), type="html")
    return entry


def summary_of(page: ArticlePage) -> str:
    """The article's summary as plain text, or the start of its body."""
    if page.summary_html:
        return " ".join(anchor_text(page.summary_html).split())
    words = " ".join(anchor_text(page.body_html).split())
    if len(words) <= SUMMARY_LENGTH:
        return words
    return words[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + " …"


def entry_html(page: ArticlePage) -> str:
    """The article as a feed shows it: lead photo and caption, then the body."""
    figure = ""
    if page.image:
        figure += f'<img src="{html.escape(page.image)}" alt="">'
    if page.caption_html:
        figure += f"<figcaption>{page.caption_html}</figcaption>"
    return (f"<figure>{figure}</figure>\n" if figure else "") + page.body_html


def absolute_html(fragment: str, page_url: str) -> str:
    """The fragment with every ``href`` and ``src`` resolved against the page's URL."""
    parts = []
    for token in tokenize(fragment):
        names = {name for name, _ in token.attrs}
        if token.kind in ("start", "empty") and names & {"href", "src"}:
            parts.append(start_tag(token.tag, absolute_attrs(token.attrs, page_url)))
        else:
            parts.append(token.raw)
    return "".join(parts)


def absolute_attrs(
    attrs: Sequence[tuple[str, str | None]], page_url: str
) -> list[tuple[str, str | None]]:
    """Resolve the ``href`` and ``src`` values of a tag's attributes."""
    return [
        (name, urljoin(page_url, value) if name in ("href", "src") and value else value)
        for name, value in attrs
    ]


def start_tag(tag: str, attrs: Sequence[tuple[str, str | None]]) -> str:
    """Serialise a start tag, escaping its attribute values."""
    text = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value)}"' for name, value in attrs
    )
    return f"<{tag}{text}>"


# ---------------------------------------------------------------- sitemap


def is_unlisted(output: Output) -> bool:
    """Tell whether an HTML page redirects (meta refresh) or asks not to be indexed."""
    data = output.data if output.source is None else output.source.read_bytes()
    return any(
        REFRESH.search(tag) or (ROBOTS.search(tag) and NOINDEX.search(tag))
        for tag in META.findall(data or b"")
    )


def sitemaps(base_url: str, paths: Sequence[str]) -> list[Output]:
    """``sitemap.xml``; past 50,000 URLs, an index of ``sitemap-1.xml``, ``sitemap-2.xml``…"""
    urls = [page_url(base_url, path) for path in paths]
    if len(urls) <= SITEMAP_SIZE:
        return [Output("sitemap.xml", url_set(urls))]
    chunks = [urls[i : i + SITEMAP_SIZE] for i in range(0, len(urls), SITEMAP_SIZE)]
    files = [Output(f"sitemap-{n}.xml", url_set(chunk)) for n, chunk in enumerate(chunks, 1)]
    index = ET.Element("sitemapindex", xmlns=SITEMAP)
    for file in files:
        child(child(index, "sitemap"), "loc", base_url + file.path)
    return [Output("sitemap.xml", serialize(index)), *files]


def url_set(urls: Sequence[str]) -> bytes:
    """One sitemap file listing the URLs."""
    root = ET.Element("urlset", xmlns=SITEMAP)
    for url in urls:
        child(child(root, "url"), "loc", url)
    return serialize(root)


# ---------------------------------------------------------------- 404 page


def not_found_page(settings: Settings, paths: Iterable[str], env: jinja2.Environment) -> Output:
    """The 404 page: self-contained (inline CSS), its links absolute or made by a script.

    ``paths`` are the site's other files (the script tells its top folders from others').
    """
    top = sorted({path.split("/", 1)[0] for path in paths} | {"404.html"})
    html_text = env.get_template("404.html").render(
        site=site_info(settings),
        css=Markup(theme_css(env).replace("</", "<\\/")),
        nav=NAV,
        top=Markup(json.dumps(top).replace("</", "<\\/")),
    )
    return Output("404.html", html_text.encode())


def theme_css(env: jinja2.Environment) -> str:
    """The theme's stylesheet, or a minimal one if the theme has none."""
    if env.loader is None:
        return FALLBACK_CSS
    try:
        source, _, _ = env.loader.get_source(env, "assets/style.css")
    except jinja2.TemplateNotFound:
        return FALLBACK_CSS
    return source
