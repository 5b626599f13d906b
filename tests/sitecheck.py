"""Checks over a built site, for any test to reuse: the links of every page, where they lead.

SPEC §6: every internal link and asset reference is relative and names a file (never a
folder, never ``/...``). ``broken_links(site)`` lists every reference of every HTML page
(``href``, ``src``, a meta refresh's ``url=``) that breaks this, or names a missing file,
or a fragment id that the target page does not have. ``reachable(site)`` follows the
links from ``index.html`` to tell which pages a reader can get to.
"""

from __future__ import annotations

import posixpath
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
REFRESH_URL = re.compile(r"^\s*\d+\s*[;,]\s*url\s*=\s*(.+?)\s*$", re.IGNORECASE)


class References(HTMLParser):
    """Every reference (``href``, ``src``, meta refresh) and every ``id`` of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.urls += [values[name] for name in ("href", "src") if name in values]
        if "id" in values:
            self.ids.add(values["id"])
        refresh = values.get("http-equiv", "").lower() == "refresh"
        found = REFRESH_URL.match(values.get("content", "")) if tag == "meta" else None
        if refresh and found:
            self.urls.append(found.group(1).strip("'\""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def parse_page(path: Path) -> References:
    """The references and ids of one HTML file."""
    parser = References()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def html_pages(site: Path) -> list[str]:
    """Every HTML page of the site, as sorted site-relative paths."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def is_external(url: str) -> bool:
    """Tell whether a reference leaves the site (http, https, mailto)."""
    return urlsplit(url).scheme.lower() in EXTERNAL_SCHEMES


def resolve(page: str, url: str) -> tuple[str, str]:
    """The site path and fragment an internal reference on ``page`` names."""
    parts = urlsplit(url)
    if not parts.path:
        return page, parts.fragment
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    return target, parts.fragment


def link_problem(site: Path, page: str, url: str) -> str | None:
    """What is wrong with one reference of ``page``, or None."""
    parts = urlsplit(url)
    if is_external(url):
        return None
    if parts.scheme or parts.netloc:
        return "not an http(s) or relative URL"
    if parts.path.startswith("/"):
        return "absolute path"
    if parts.path.endswith("/") or (not parts.path and not parts.fragment):
        return "a folder, not a file"
    target, fragment = resolve(page, url)
    if target.startswith("../") or target == "..":
        return "outside the site"
    file = site / target
    if not file.is_file():
        return "no such file"
    if fragment and target.endswith(".html") and fragment not in ids_of(file):
        return f"no id {fragment!r} in {target}"
    return None


@cache
def ids_of(file: Path) -> frozenset[str]:
    """The ids of an HTML file (cached: one site has many links into one page)."""
    return frozenset(parse_page(file).ids)


def broken_links(site: Path) -> list[str]:
    """Every bad reference of every page, as ``page: url (what is wrong)``, in site order."""
    ids_of.cache_clear()
    broken = []
    for page in html_pages(site):
        for url in parse_page(site / page).urls:
            problem = link_problem(site, page, url)
            if problem:
                broken.append(f"{page}: {url} ({problem})")
    return broken


def links_of(site: Path, page: str) -> list[str]:
    """The site pages (HTML files) that ``page`` links to, in page order."""
    found = []
    for url in parse_page(site / page).urls:
        if is_external(url) or link_problem(site, page, url):
            continue
        target, _ = resolve(page, url)
        if target.endswith(".html") and target != page:
            found.append(target)
    return found


def reachable(site: Path, start: str = "index.html") -> set[str]:
    """Every page a reader can reach by following links from ``start``."""
    seen = {start}
    todo = [start]
    while todo:
        for target in links_of(site, todo.pop()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
