"""``serve`` as users meet it: a real server process, a headless browser, a livereload client."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from tornado.websocket import websocket_connect

from quotemark.cache import Store
from quotemark.cli import main
from quotemark.fingerprint import Seen
from quotemark.output import MARKER
from quotemark.parallel import PARALLEL_FROM
from quotemark.project import make_project
from quotemark.serve import Watch, observe, rebuild, snapshot
from tests.browser import CHROMIUM, launch, require
from tests.conftest import REPO

ARTICLE = "2020/2020-05-17-bridge.md"
SIDECAR = "2020/2020-05-17-bridge.annotations.yaml"
PAGE = "2020/05/bridge.html"
GOOD_SPEAKER = "mayor"
BAD_SPEAKER = "<b>gov</b>"
DIAGNOSTIC = (
    f"content/{SIDECAR}:7:22: error[unknown-entity]: attributions[a1].source.entity "
    f'"{BAD_SPEAKER}" is not declared; declare it under entities'
)
TIMEOUT = 15.0
CONNECTED = "!!(window.LiveReload && window.LiveReload.connector.protocol)"
SHOWS = f"""text => document.body.innerText.includes(text)
  && !document.getElementById('quotemark-overlay') && {CONNECTED}"""
OVERLAID = f"() => !!document.getElementById('quotemark-overlay') && {CONNECTED}"
SLOW = "{% for i in range(10000000) %}{% endfor %}</body>"  # a build of seconds


def write_article(root: Path, ending: str) -> None:
    """The bridge article, whose first paragraph ends with the given words."""
    path = root / "content" / ARTICLE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '---\ntitle: "Mayor Opens Bridge"\ndate: 2020-05-17\n---\n'
        f'The mayor said the bridge "is a gift to the city of Riverton," and added {ending}.\n',
        encoding="utf-8",
    )


def write_sidecar(root: Path, speaker: str) -> None:
    """The bridge article's sidecar: one quote, said by the given entity."""
    (root / "content" / SIDECAR).write_text(
        "schema: annotated-news/sidecar@1\n"
        "entities:\n"
        "  - {id: mayor, name: The mayor, type: person}\n"
        "attributions:\n"
        "  - id: a1\n"
        "    kind: direct\n"
        f"    source: {{entity: {json.dumps(speaker)}, mention: The mayor}}\n"
        "    content:\n"
        '      - "is a gift to the city of Riverton,"\n',
        encoding="utf-8",
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project with the repository's theme and the bridge article, not yet built."""
    root = tmp_path / "proj"
    shutil.copytree(REPO / "templates", root / "templates")
    write_article(root, "that it cost less")
    write_sidecar(root, GOOD_SPEAKER)
    return root


def wait_until(done: Callable[[], bool], timeout: float = TIMEOUT) -> bool:
    """Poll until done() holds or the time is up; return whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done():
            return True
        time.sleep(0.05)
    return done()


@dataclass
class Served:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


@contextmanager
def serving(root: Path, *options: str, env: dict[str, str] | None = None) -> Iterator[Served]:
    """``build.py serve`` on a port of its choosing, until the block ends; always killed."""
    log = root.parent / "serve.log"
    command = [sys.executable, "build.py", "serve", "--root", str(root), "--port", "0", *options]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        found: list[str] = []

        def started() -> bool:
            found[:] = re.findall(r"serving (http://\S+/) ", log.read_text(encoding="utf-8"))
            return bool(found) or process.poll() is not None

        assert wait_until(started) and found, log.read_text(encoding="utf-8")
        yield Served(found[0], process, log)
    finally:
        process.kill()
        process.wait(timeout=10)


def fetch(url: str) -> tuple[int, str]:
    """Status and body of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole module."""
    require(CHROMIUM)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@contextmanager
def live_page(browser: Browser, url: str) -> Iterator[Page]:
    """A tab at url whose livereload client has connected to the server."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT * 1000)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(f"() => {CONNECTED}")
        yield page
    finally:
        context.close()


def overlay_text(page: Page) -> str:
    return page.locator("#quotemark-overlay pre").inner_text()


# ---------------------------------------------------------------- in the browser


def test_an_edit_reloads_the_page_with_the_new_text(root: Path, browser: Browser) -> None:
    with serving(root) as served, live_page(browser, served.url + PAGE) as page:
        write_article(root, "that it cost nothing")
        page.wait_for_function(SHOWS, arg="that it cost nothing")


def test_a_second_edit_a_second_after_the_first_is_shown_too(root: Path, browser: Browser) -> None:
    with serving(root) as served, live_page(browser, served.url + PAGE) as page:
        first = time.monotonic()
        write_article(root, "that it cost nothing")
        page.wait_for_function(SHOWS, arg="that it cost nothing")
        time.sleep(max(0.0, first + 1.0 - time.monotonic()))
        write_article(root, "that it paid for itself")
        page.wait_for_function(SHOWS, arg="that it paid for itself")


def test_a_failed_build_shows_its_diagnostics_over_the_old_page(
    root: Path, browser: Browser
) -> None:
    with serving(root) as served, live_page(browser, served.url + PAGE) as page:
        write_article(root, "that it cost nothing")
        write_sidecar(root, BAD_SPEAKER)
        page.wait_for_function(OVERLAID)
        assert overlay_text(page) == DIAGNOSTIC
        assert page.locator("#quotemark-overlay b").count() == 0
        assert "that it cost less" in page.inner_text("main")
        assert "that it cost less" in fetch(served.url + PAGE)[1]


def test_fixing_the_failure_removes_the_overlay_and_shows_the_new_text(
    root: Path, browser: Browser
) -> None:
    with serving(root) as served, live_page(browser, served.url + PAGE) as page:
        write_article(root, "that it cost nothing")
        write_sidecar(root, BAD_SPEAKER)
        page.wait_for_function(OVERLAID)
        write_sidecar(root, GOOD_SPEAKER)
        page.wait_for_function(SHOWS, arg="that it cost nothing")


# ---------------------------------------------------------------- over HTTP and the socket


async def next_reload(url: str, edit: Callable[[], None]) -> dict[str, object]:
    """Shake hands as livereload.js does, make the edit, return the next message."""
    return (await next_messages(url, edit, 1))[0]


async def next_messages(url: str, edit: Callable[[], None], count: int) -> list[dict[str, object]]:
    """Shake hands as livereload.js does, make the edit, return the next ``count`` messages."""
    connection = await websocket_connect(url.replace("http://", "ws://") + "livereload")
    try:
        hello = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
        await connection.write_message(json.dumps(hello))
        answer = await asyncio.wait_for(connection.read_message(), TIMEOUT)
        assert json.loads(str(answer))["command"] == "hello"
        await connection.write_message(json.dumps({"command": "info", "url": url}))
        await asyncio.sleep(0.1)
        edit()
        found = []
        for _ in range(count):
            message = await asyncio.wait_for(connection.read_message(), TIMEOUT)
            found.append(dict(json.loads(str(message))))
        return found
    finally:
        connection.close()


def test_a_livereload_client_is_told_to_reload_after_an_edit(root: Path) -> None:
    with serving(root) as served:
        edit = partial(write_article, root, "nothing")
        with ThreadPoolExecutor(1) as thread:  # away from Playwright's event loop
            message = thread.submit(asyncio.run, next_reload(served.url, edit)).result(TIMEOUT)
        assert (message["command"], message["path"]) == ("reload", "*")
        assert "added nothing." in fetch(served.url + PAGE)[1]


def test_an_edited_article_is_shown_first_then_the_whole_site_is_built(root: Path) -> None:
    with serving(root) as served:
        edit = partial(write_article, root, "nothing")
        with ThreadPoolExecutor(1) as thread:
            messages = thread.submit(asyncio.run, next_messages(served.url, edit, 2))
            assert [m["command"] for m in messages.result(TIMEOUT)] == ["reload", "reload"]
        lines = served.output().splitlines()
        page = fetch(served.url + PAGE)[1]
    previewed = rf"previewed content/{ARTICLE} in \d+\.\d\d s; building the rest"
    assert re.fullmatch(previewed, lines[-2])
    assert re.fullmatch(r"built 1 article \(\d+ files, 0 errors, 0 warnings\) in .* s", lines[-1])
    assert "added nothing." in page


def test_an_error_in_the_edited_article_is_shown_before_the_full_build(root: Path) -> None:
    with serving(root) as served:
        edit = partial(write_sidecar, root, BAD_SPEAKER)
        with ThreadPoolExecutor(1) as thread:
            messages = thread.submit(asyncio.run, next_messages(served.url, edit, 2))
            assert [m["command"] for m in messages.result(TIMEOUT)] == ["reload", "reload"]
        lines = served.output().splitlines()
        script = fetch(served.url + "__quotemark__/preview.js")[1]
    assert lines[-3:] == [
        f"previewed content/{ARTICLE}: 1 error; building the rest",
        DIAGNOSTIC,
        "build failed: 1 error, 0 warnings; serving the last good site",
    ]
    assert json.dumps(DIAGNOSTIC).replace("<", "\\u003c") in script


def test_the_server_answers_while_a_build_is_under_way(root: Path) -> None:
    base = root / "templates" / "base.html"
    with serving(root) as served:
        base.write_text(base.read_text(encoding="utf-8").replace("</body>", SLOW))
        time.sleep(1.5)  # the watcher has seen the edit: the build is under way
        status, _ = fetch(served.url + PAGE)
        builds_then = served.output().count("built 1 article")
        assert wait_until(lambda: served.output().count("built 1 article") == 2, 120)
    assert (status, builds_then) == (200, 1)


def test_every_served_page_loads_the_preview_script_once(root: Path) -> None:
    with serving(root) as served:
        status, body = fetch(served.url + PAGE)
    assert status == 200
    assert body.count('<script src="/__quotemark__/preview.js"></script></head>') == 1


def test_a_missing_page_gets_the_sites_404_page(root: Path) -> None:
    with serving(root) as served:
        status, body = fetch(served.url + "no/such/page.html")
    assert status == 404
    assert body.startswith((root / "site" / "404.html").read_text().split("</head>")[0])


def test_a_first_build_that_fails_serves_a_placeholder_with_the_diagnostics(root: Path) -> None:
    write_sidecar(root, BAD_SPEAKER)
    with serving(root) as served:
        status, body = fetch(served.url)
        script = fetch(served.url + "__quotemark__/preview.js")[1]
        log = served.output()
    assert status == 404
    assert "<h1>Nothing here yet</h1>" in body
    assert '<script src="/__quotemark__/preview.js"></script></head>' in body
    assert json.dumps(DIAGNOSTIC).replace("<", "\\u003c") in script
    assert "build failed: 1 error, 0 warnings; serving nothing until a build succeeds" in log
    assert not (root / "site").exists()


def test_ctrl_c_stops_the_server_cleanly(root: Path) -> None:
    with serving(root) as served:
        served.process.send_signal(signal.SIGINT)
        code = served.process.wait(timeout=TIMEOUT)
        log = served.output()
    assert (code, log.splitlines()[-1]) == (0, "stopped")
    assert "Traceback" not in log


def test_a_rebuild_spread_over_worker_processes_finishes_while_serving(root: Path) -> None:
    for n in range(PARALLEL_FROM):  # enough articles for the build to fork its workers
        article = root / "content" / "2021" / f"2021-01-01-note-{n}.md"
        article.parent.mkdir(parents=True, exist_ok=True)
        article.write_text(f"---\ntitle: Note {n}\ndate: 2021-01-01\n---\nNote {n}.\n")
    base = root / "templates" / "base.html"
    count = PARALLEL_FROM + 1
    with serving(root) as served:

        def builds() -> int:
            return served.output().count(f"built {count} articles")

        assert wait_until(lambda: builds() == 1, 120), served.output()
        base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- x --></body>"))
        assert wait_until(lambda: builds() == 2, 120), served.output()
        assert "<!-- x -->" in fetch(served.url + PAGE)[1]


def test_ctrl_c_during_a_build_stops_at_once_and_says_the_cache_was_not_saved(
    root: Path,
) -> None:
    base = root / "templates" / "base.html"
    with serving(root) as served:
        base.write_text(base.read_text(encoding="utf-8").replace("</body>", SLOW))
        time.sleep(1.5)  # the watcher has seen the edit: the build is under way
        served.process.send_signal(signal.SIGINT)
        code = served.process.wait(timeout=TIMEOUT)
        log = served.output()
    assert (code, log.splitlines()[-2:]) == (
        0,
        ["stopped", "build cache not saved: a build was under way"],
    )
    assert "Traceback" not in log


def test_open_shows_the_site_in_the_users_browser(root: Path) -> None:
    opened = root.parent / "opened.txt"
    browser = root.parent / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {opened}\n')
    browser.chmod(0o755)
    with serving(root, "--open", env={**os.environ, "BROWSER": str(browser)}) as served:
        assert wait_until(opened.exists), served.output()
        assert wait_until(lambda: opened.read_text() == served.url + "\n")


def serve_refused(root: Path, port: str) -> subprocess.CompletedProcess[str]:
    """Run ``build.py serve`` on a port it should refuse (so it returns at once)."""
    command = [sys.executable, "build.py", "serve", "--root", str(root), "--port", port]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT)


def test_a_port_in_use_is_a_one_line_setup_error(root: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve_refused(root, str(port))
    message = f"quotemark: error: port {port} on 127.0.0.1 is in use; choose another with --port\n"
    assert (done.returncode, done.stderr, done.stdout) == (2, message, "")
    assert not (root / "site").exists()


@pytest.mark.parametrize("port", ["-1", "70000"])
def test_a_port_out_of_range_is_a_setup_error(root: Path, port: str) -> None:
    done = serve_refused(root, port)
    message = f"quotemark: error: --port {port} is not a port number (0 to 65535)\n"
    assert (done.returncode, done.stderr) == (2, message)


def test_build_never_imports_livereload_or_watchdog(root: Path) -> None:
    served = "{'livereload', 'tornado', 'watchdog'}"
    code = (
        "import sys; from quotemark.cli import main; "
        f"code = main(['build', '-q', '--root', {str(root)!r}]); "
        f"print(code, sorted({{m.split('.')[0] for m in sys.modules}} & {served}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.stdout == "0 []\n", done.stderr


# ---------------------------------------------------------------- building


def test_a_broken_template_is_shown_with_its_line_and_the_site_kept(root: Path) -> None:
    project = make_project(str(root))
    store = Store("")
    assert rebuild(project, store) == ()
    before = (root / "site" / PAGE).read_bytes()
    write_article(root, "that it cost nothing")
    article = root / "templates" / "article.html"
    article.write_text(article.read_text() + "\n{% if %}\n")
    lines = len(article.read_text().splitlines())
    assert rebuild(project, store) == (
        f"templates/article.html:{lines}:1: error[template]: Expected an expression, got 'end of "
        "statement block'",
    )
    assert (root / "site" / PAGE).read_bytes() == before


def site_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MARKER
    }


def test_rebuilding_in_place_gives_the_site_a_clean_build_gives(root: Path) -> None:
    project, store, seen = make_project(str(root)), Store(""), Seen()
    assert rebuild(project, store, seen) == ()
    other = root / "content" / "2021" / "2021-02-01-road.md"
    other.parent.mkdir(parents=True)
    other.write_text("---\ntitle: Road Works\ndate: 2021-02-01\ntags: [roads]\n---\nDug.\n")
    assert rebuild(project, store, seen) == ()
    before = (root / "site" / PAGE).stat().st_ino
    write_article(root, "that it cost nothing")
    other.unlink()  # its page, its tag page and its year page must go
    assert rebuild(project, store, seen) == ()
    assert (root / "site" / PAGE).stat().st_ino != before  # rewritten in place
    clean = root / "clean"
    assert main(["build", "-q", "--no-cache", "--root", str(root), "--out", str(clean)]) == 0
    assert site_files(root / "site") == site_files(clean)
    assert not (root / "site" / "2021").exists()


# ---------------------------------------------------------------- watching


def sources(*files: tuple[str, int]) -> frozenset[tuple[str, int, int, int]]:
    return frozenset((name, 1, 10, mtime) for name, mtime in files)


def test_unchanged_sources_never_build() -> None:
    watch = Watch(sources(("a.md", 1)))
    for now in (0.0, 1.0, 10.0):
        watch, due = observe(watch, sources(("a.md", 1)), now)
        assert not due


def test_a_burst_of_saves_builds_once_when_it_is_over() -> None:
    watch, due_times = Watch(sources(("a.md", 1))), []
    looks = [(0.0, 1), (0.2, 2), (0.4, 3), (0.6, 3), (0.8, 3), (1.0, 3), (1.2, 3)]
    for now, mtime in looks:
        watch, due = observe(watch, sources(("a.md", mtime)), now)
        due_times += [now] * due
    assert due_times == [0.8]


def test_saves_that_never_stop_still_build_every_max_wait() -> None:
    watch, due_times = Watch(sources(("a.md", 0))), []
    for step in range(1, 21):
        now = step * 0.25
        watch, due = observe(watch, sources(("a.md", step)), now)
        due_times += [now] * due
    assert due_times == [2.25, 4.5]


def test_a_snapshot_sees_an_edit_but_not_hidden_or_backup_files(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("one")
    before = snapshot([tmp_path])
    (tmp_path / ".a.md.swp").write_text("x")
    (tmp_path / "a.md~").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_text("x")
    assert snapshot([tmp_path]) == before
    (tmp_path / "a.md").write_text("two!")
    assert snapshot([tmp_path]) != before
    assert [entry[0] for entry in snapshot([tmp_path])] == [str(tmp_path / "a.md")]
