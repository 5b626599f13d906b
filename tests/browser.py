"""The harness for checking the built site as a reader's browser meets it.

Headless Debian Chromium driven by Playwright (never Playwright's own browser download),
axe-core injected into pages, the Nu HTML checker run once over many files, and a small
127.0.0.1 server that publishes a site under a ``/<repo>/`` path as GitHub Pages does.
The tools come from ``./dev test``: apt's ``chromium``, npm's ``vnu-jar`` and ``axe-core``.
"""

from __future__ import annotations

import json
import mimetypes
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route

from quotemark.cli import main

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden-content"
CONTENT = REPO / "content"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
REFERENCES = {"a": "href", "link": "href", "script": "src", "img": "src"}
TIMEOUT_MS = 15_000


def missing_tools(*tools: Path | str) -> list[str]:
    """The tools (files or commands on PATH) that are not installed."""
    return [str(t) for t in tools if not (t.is_file() if isinstance(t, Path) else shutil.which(t))]


def require(*tools: Path | str) -> None:
    """Skip when a tool is missing, except in CI, where a missing tool fails the test."""
    missing = missing_tools(*tools)
    if not missing:
        return
    reason = f"not installed: {', '.join(missing)} (./dev test installs them)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def build_archive(content: Path, out: Path, base_url: str | None = None) -> Path:
    """Build content/ with the repository's theme into out; return out."""
    args = ["build", "--root", str(REPO), "--content", str(content), "--out", str(out), "-q"]
    code = main([*args, "--base-url", base_url] if base_url else args)
    assert code == 0, f"building {content} into {out} exited {code}"
    return out


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as sorted paths relative to it."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def page_kind(rel: str) -> str:
    """The type of page at a site path: home, article, entities, entity, year, tags, ..."""
    parts = rel.split("/")
    if len(parts) == 1:
        return "home" if rel == "index.html" else rel.removesuffix(".html")
    if parts[0] in ("entities", "tags"):
        return parts[0] if parts[-1] == "index.html" else parts[0].removesuffix("s")
    if parts[0].isdigit():
        return "year" if parts[1:] == ["index.html"] else "article"
    return parts[0]


def one_page_of_each_kind(pages: list[str]) -> list[str]:
    """The first page of each kind, in site order."""
    chosen: dict[str, str] = {}
    for rel in pages:
        chosen.setdefault(page_kind(rel), rel)
    return sorted(chosen.values())


class ReferenceParser(HTMLParser):
    """Collects a[href], link[href], script[src], img[src] and every id of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        wanted = REFERENCES.get(tag)
        value = values.get(wanted) if wanted else None
        if value is not None:
            self.references.append(value)


def parse_page(path: Path) -> ReferenceParser:
    """The references and ids of one HTML file."""
    parser = ReferenceParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def is_external(reference: str) -> bool:
    """True for references with a scheme (https:, mailto:, data:) or a network path (//)."""
    return bool(urlsplit(reference).scheme) or reference.startswith("//")


def reference_problem(site: Path, rel: str, reference: str) -> str | None:
    """What is wrong with one internal reference of the page at rel, or None."""
    parts = urlsplit(reference)
    if reference.startswith("/"):
        return "is not relative"
    target = (site / rel).parent / unquote(parts.path) if parts.path else site / rel
    if not target.resolve().is_relative_to(site.resolve()):
        return "points outside the site"
    if not target.is_file():
        return "is a folder" if target.is_dir() else "is missing"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in parse_page(target).ids:
        where = target.relative_to(site).as_posix() if parts.path else "this page"
        return f"names no id of {where}"
    return None


def broken_references(site: Path) -> list[str]:
    """Every internal reference of every page that is absolute, missing or a folder."""
    problems = []
    for rel in html_pages(site):
        for reference in parse_page(site / rel).references:
            problem = None if is_external(reference) else reference_problem(site, rel, reference)
            if problem:
                problems.append(f"{rel}: {reference!r} {problem}")
    return problems


def validate_html(sites: list[Path]) -> list[str]:
    """Nu HTML checker errors over every page of the sites, in one Java run."""
    files = [str(site / rel) for site in sites for rel in html_pages(site)]
    command = ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    messages = json.loads(run.stderr)["messages"]
    return [
        f"{unquote(m.get('url', '?')).removeprefix('file:')}:{m.get('lastLine', '?')}: "
        f"{m['type']}: {m['message']}"
        for m in messages
    ]


def launch(playwright: Playwright) -> Browser:
    """Start headless Debian Chromium with a throwaway profile."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS), timeout=60_000
    )


def allow_only(prefix: str) -> Callable[[Route], None]:
    """A route handler that lets through URLs starting with prefix and aborts the rest."""

    def handle(route: Route) -> None:
        if route.request.url.startswith(prefix):
            route.continue_()
        else:
            route.abort()

    return handle


def make_context(browser: Browser, allowed: str, dark: bool = False) -> BrowserContext:
    """A fresh context whose requests outside allowed (a URL prefix) are aborted."""
    context = browser.new_context(color_scheme="dark" if dark else "light")
    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", allow_only(allowed))
    return context


@dataclass
class Visit:
    """What a page did while loading (requests, failures, statuses, console errors) and
    the absolute address of every link on it once loaded."""

    url: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


class Tab:
    """One browser page reused for many loads (cheaper than a page each), recording each."""

    def __init__(self, context: BrowserContext) -> None:
        self.page = context.new_page()
        self.visit = Visit("")
        page = self.page
        page.on("request", lambda r: self.visit.requests.append(r.url))
        page.on("requestfailed", lambda r: self.visit.failed.append(f"{r.url} {r.failure}"))
        page.on("response", lambda r: self.visit.statuses.__setitem__(r.url, r.status))
        page.on("console", lambda m: self.visit.errors.extend([m.text] * (m.type == "error")))
        page.on("pageerror", lambda e: self.visit.errors.append(f"uncaught {e}"))

    def load(self, url: str) -> Visit:
        """Load url, wait for its load event and return what the loading did."""
        self.visit = Visit(url)
        self.page.goto(url, wait_until="load")
        links = self.page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        self.visit.links = [str(link) for link in links]
        return self.visit


@contextmanager
def tab(browser: Browser, allowed: str, dark: bool = False) -> Iterator[Tab]:
    """A tab in a fresh context that aborts requests outside allowed; closed after."""
    context = make_context(browser, allowed, dark)
    try:
        yield Tab(context)
    finally:
        context.close()


def visit_all(browser: Browser, allowed: str, urls: list[str]) -> list[Visit]:
    """Load each URL in turn and return what each load did."""
    with tab(browser, allowed) as t:
        return [t.load(url) for url in urls]


@dataclass(frozen=True)
class Violation:
    """One axe-core rule broken on a page."""

    page: str
    rule: str
    impact: str
    targets: tuple[str, ...]

    def format(self) -> str:
        return f"{self.page}: {self.impact} {self.rule} at {', '.join(self.targets)}"


def run_axe(page: Page, name: str) -> list[Violation]:
    """Inject axe-core into a loaded page and return its violations."""
    page.add_script_tag(path=str(AXE))
    found: Any = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        Violation(name, str(v["id"]), str(v["impact"]), tuple(str(n["target"]) for n in v["nodes"]))
        for v in found["violations"]
    ]


class SubpathHandler(BaseHTTPRequestHandler):
    """Serves site under prefix like GitHub Pages: folders give index.html, misses 404.html."""

    def __init__(self, *args: Any, site: Path, prefix: str) -> None:
        self.site, self.prefix = site, prefix
        super().__init__(*args)

    def do_GET(self) -> None:
        self.answer(body=True)

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def answer(self, body: bool) -> None:
        """Send the file the path names, or the 404 page."""
        path = self.find(urlsplit(self.path).path)
        status = 200 if path else 404
        path = path or self.site / "404.html"
        data = path.read_bytes() if path.is_file() else b"not found"
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.send_response(status)
        self.send_header("Content-Type", kind if path.is_file() else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def find(self, url_path: str) -> Path | None:
        """The file under site that url_path names, or None."""
        if not url_path.startswith(self.prefix):
            return None
        path = self.site / unquote(url_path.removeprefix(self.prefix))
        if path.is_dir():
            path = path / "index.html"
        inside = path.resolve().is_relative_to(self.site.resolve())
        return path if inside and path.is_file() else None

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


@contextmanager
def serve(site: Path, prefix: str, seconds: float = 600) -> Iterator[str]:
    """Serve site at http://127.0.0.1:<port><prefix> for at most seconds; yield that URL."""
    handler = partial(SubpathHandler, site=site, prefix=prefix)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.timeout = 0.1
    stop = threading.Event()
    deadline = time.monotonic() + seconds

    def loop() -> None:
        while not stop.is_set() and time.monotonic() < deadline:
            server.handle_request()

    thread = threading.Thread(target=loop, name="test-site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.server_close()
