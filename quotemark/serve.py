"""The ``serve`` command: build, serve the site with livereload, rebuild and reload on change.

The server is livereload's: its static file handler serves the output folder, its
websocket handler speaks the LiveReload protocol at ``/livereload`` and its client is
``/livereload.js``; every HTML page gets one extra script (quotemark.overlay).

Only the content and template folders are watched, never the output folder, so a build
cannot start another. They are looked at after a file-system event (quotemark.events;
on every tick, POLL_MS, where there are none) and at least every SAFETY seconds; a
build starts once they have been still for QUIET seconds (a burst of saves builds once)
or MAX_WAIT after the first change; on a large archive, where one look takes a while,
looks are spaced out to at least twice their own length.
After every build the browsers are told to reload directly: livereload's own watcher
(``LiveReloadHandler.poll_tasks``) drops a reload that comes within 3 s of the previous
one (``_last_reload_time``), which would leave a page showing an older edit, so it is not
used. A failed build leaves the last good site in place; the reloaded page shows the
failure's diagnostics over it until a build succeeds. Builds keep the build cache and the
files' digests in memory and update the site in place (``SiteWriter``): only the pages
an edit changed are rendered and written.

An edit to one article is shown at once: on the first look that sees it, the quick pass
(quotemark.quick) renders that article alone into the site and the browsers reload; the
full build follows once the sources are still. Full builds run in a thread, so the
server keeps answering meanwhile; the sources are looked at again when it is over.
"""

from __future__ import annotations

import asyncio
import errno
import gc
import os
import socket
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler, StaticFileHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.netutil import bind_sockets
from watchdog.observers.api import BaseObserver

from quotemark.building import built, save_cache, tally, template_fault, write_build
from quotemark.cache import Store, load_store
from quotemark.console import EXIT_OK, fail, note, report
from quotemark.events import SAFETY, Stirred, observe_folders, wants_look
from quotemark.fingerprint import Seen
from quotemark.fingerprint import snapshot as take_snapshot
from quotemark.model import Severity
from quotemark.output import MARKER, OutputError, check_output_folder
from quotemark.overlay import PATH, TAG, preview_script
from quotemark.project import Project
from quotemark.quick import Known, Quick, Refused, quick_pass

POLL_MS = 200
QUIET = 0.3
MAX_WAIT = 2.0
STOP_WAIT = 2.0  # seconds given to the file-system observer to stop
PLACEHOLDER = (
    b"<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
    b"<title>Not built yet</title></head>\n<body><h1>Nothing here yet</h1>\n"
    b"<p>This page is not in the site. If the build failed, its problems are listed above "
    b"and in the terminal; the site appears after the first good build.</p></body></html>\n"
)

Snapshot = frozenset[tuple[str, int, int, int]]


@dataclass(frozen=True)
class Watch:
    """The sources as last seen, and when they first and last changed since the last build."""

    sources: Snapshot
    first_change: float | None = None
    last_change: float | None = None


def snapshot(folders: Sequence[Path]) -> Snapshot:
    """Each source file's path, inode, size and mtime (hidden files and ``~`` backups left out)."""
    found: set[tuple[str, int, int, int]] = set()
    for top in folders:
        for folder, dirnames, filenames in os.walk(top):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                if name.startswith(".") or name.endswith("~"):
                    continue
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:  # gone between the listing and the look
                    continue
                found.add((path, stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return frozenset(found)


def observe(watch: Watch, sources: Snapshot, now: float) -> tuple[Watch, bool]:
    """Fold one look at the sources in; say whether to build now."""
    if sources != watch.sources:
        first = now if watch.first_change is None else watch.first_change
        watch = Watch(sources, first, now)
    if watch.first_change is None or watch.last_change is None:
        return watch, False
    due = now - watch.last_change >= QUIET or now - watch.first_change >= MAX_WAIT
    return (Watch(sources), True) if due else (watch, False)


def modified(before: Snapshot, after: Snapshot) -> set[str] | None:
    """The paths of the files changed between two looks; None if any was added or removed."""
    if {entry[0] for entry in before} != {entry[0] for entry in after}:
        return None
    return {entry[0] for entry in after - before}


@dataclass(frozen=True)
class Outcome:
    """A build's outcome for the preview: the problems to show (none if good), what it knew."""

    problems: tuple[str, ...]
    known: Known | None = None


def rebuild(project: Project, store: Store, seen: Seen | None = None) -> tuple[str, ...]:
    """Build and write the site, reporting on stderr; return the problems to show (none if good).

    ``store`` is the build cache and ``seen`` the files' digests, both kept in memory
    between builds (the cache file is written when the server stops).
    """
    return rebuild_site(project, store, seen).problems


def rebuild_site(project: Project, store: Store, seen: Seen | None = None) -> Outcome:
    """``rebuild``, also keeping what a good build knew (for the quick pass)."""
    started = time.perf_counter()
    try:
        shot = take_snapshot(project, seen)
        result = write_build(project, shot, store, save=False, in_place=True)
    except OSError as error:
        message = f"quotemark: error: cannot write {project.out}: {error.strerror or error}"
        print(message, file=sys.stderr)
        return Outcome((message,))
    except Exception as error:  # a broken template, or a bug: the server keeps serving
        message = describe_crash(project, error)
        print(message, file=sys.stderr)
        return Outcome((message,))
    report(result.problems)
    if result.failed:
        kept = (project.out / MARKER).is_file()
        serving = "the last good site" if kept else "nothing until a build succeeds"
        print(f"build failed: {tally(result)}; serving {serving}", file=sys.stderr)
        return Outcome(tuple(p.format() for p in result.problems))
    print(built(result, started), file=sys.stderr)
    settle_memory()
    return Outcome((), result.known)


def settle_memory() -> None:
    """Collect this build's garbage, then keep the collector off what is left (the cache,
    the last build's knowledge), so later collections only look at newer objects."""
    gc.collect()
    gc.freeze()


def describe_crash(project: Project, error: Exception) -> str:
    """One line for a build that raised: where a template is wrong, or what broke."""
    if isinstance(error, jinja2.TemplateError):
        return template_fault(project, error)
    traceback.print_exc()
    return f"quotemark: error: the build stopped: {type(error).__name__}: {error}"


class Preview:
    """The served site's live state: the sources as last seen, the last failure's problems.

    Full builds run in a thread, so the server keeps serving while they work; the sources
    are not looked at until the build under way is over.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self.watch = Watch(snapshot(self.folders()))
        # the sources of the last full build (what the quick pass compares with), and of the
        # last quick try (not tried twice)
        self.built = self.tried = self.watch.sources
        self.problems: tuple[str, ...] = ()
        self.refused = False  # the problems shown are a quick pass's, not a full build's
        self.known: Known | None = None  # what the last good build knew
        self.quick: list[Quick] = []  # quick passes since the last full build started
        self.building: threading.Thread | None = None
        self.seen: Seen = {}
        self.next_look = 0.0  # monotonic time before which the sources are not looked at
        self.safety_at = 0.0  # monotonic time when the sources are looked at, events or not
        self.stirred: Stirred | None = None  # told of file-system events (None: polling)
        self.observer: BaseObserver | None = None
        self.store = load_store(project.cache, take_snapshot(project, self.seen).code)

    def folders(self) -> list[Path]:
        return [self.project.content, self.project.templates]

    def listen_for_events(self, loop: IOLoop) -> None:
        """Look at the sources when the file system says they changed (quotemark.events)."""
        stirred = Stirred(lambda: loop.add_callback(self.tick))
        found = observe_folders(self.folders(), stirred)
        if isinstance(found, str):
            note(f"quotemark: note: no file-system events ({found}); looking every {POLL_MS} ms")
            return
        self.stirred, self.observer = stirred, found

    def stop_listening(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(STOP_WAIT)

    def build(self, sources: Snapshot) -> None:
        """Build now, in this thread (the first build, before serving), from ``sources``."""
        self.built = self.tried = sources
        self.settle(rebuild_site(self.project, self.store, self.seen))

    def settle(self, outcome: Outcome) -> None:
        """Take a full build's outcome in; a failure undoes the quick passes it followed."""
        self.building = None
        self.problems, self.refused = outcome.problems, False
        if outcome.problems:
            for quick in reversed(self.quick):
                quick.undo()
        else:
            self.known = outcome.known
        self.quick = []

    def tick(self) -> None:
        """Look at the sources: show an edited article at once (``quick``), and once a burst of
        changes is over, build everything in the background and reload the browsers.

        A look at a large archive takes a while: the next one waits at least twice as long
        as this one took, so the watcher never keeps a core busy; and with file-system
        events, it looks only after one came (or every ``SAFETY`` seconds).
        """
        started = time.monotonic()
        if self.building is not None or started < self.next_look:
            return
        changed = None if self.stirred is None else self.stirred.flag.is_set()
        settling = self.watch.first_change is not None
        if not wants_look(started, changed, settling, self.safety_at):
            return
        if self.stirred is not None:
            self.stirred.flag.clear()  # before the look: an event during it brings another
        sources = snapshot(self.folders())
        self.safety_at = started + SAFETY
        self.watch, due = observe(self.watch, sources, started)
        self.next_look = time.monotonic() + 2 * (time.monotonic() - started)
        if sources != self.tried:
            self.tried = sources
            if self.try_quick(sources) is not None:
                Reloads.reload_waiters("*")
        if due:
            self.start_build(sources)

    def try_quick(self, sources: Snapshot) -> Quick | Refused | None:
        """Render the one edited article into the site now, if the edit allows (quick.py), or
        show the errors in its files at once; what it did (None: nothing to reload for)."""
        changed = modified(self.built, sources)  # every file the last build's knowledge misses
        if (self.problems and not self.refused) or self.known is None or not changed:
            return None
        started = time.perf_counter()
        state = self.store.sites.get(str(self.project.out))
        try:
            quick = quick_pass(self.project, self.known, changed, state)
        except Exception as error:  # the full build that follows will say what is wrong
            print(f"quotemark: note: no quick preview: {error}", file=sys.stderr)
            return None
        if quick is None:
            return None
        if isinstance(quick, Refused):  # shown over the page until the full build says more
            self.problems, self.refused = tuple(p.format() for p in quick.problems), True
            errors = sum(p.severity is Severity.ERROR for p in quick.problems)
            found = f"{errors} error{'s' * (errors != 1)}"
            print(f"previewed {quick.rel}: {found}; building the rest", file=sys.stderr)
            return quick
        self.quick.append(quick)
        self.problems, self.refused = (), False  # what a quick pass refused is mended
        seconds = time.perf_counter() - started
        print(f"previewed {quick.rel} in {seconds:.2f} s; building the rest", file=sys.stderr)
        return quick

    def start_build(self, sources: Snapshot) -> None:
        """Build in a thread; the outcome is taken in, and browsers reloaded, on the loop."""
        loop = IOLoop.current()
        self.built = self.tried = sources

        def run() -> None:
            outcome = Outcome(("quotemark: error: the build stopped",))
            try:
                outcome = rebuild_site(self.project, self.store, self.seen)
            finally:
                loop.add_callback(self.finish, outcome)

        self.building = threading.Thread(target=run, name="build", daemon=True)
        self.building.start()

    def finish(self, outcome: Outcome) -> None:
        self.settle(outcome)
        Reloads.reload_waiters("*")


class Reloads(LiveReloadHandler):  # type: ignore[misc]
    """livereload's websocket handler; ``reload_waiters`` reloads its clients, unthrottled."""

    watcher = Watcher()  # reload_waiters logs its (empty) ``filepath``


class SiteFiles(StaticFileHandler):  # type: ignore[misc]
    """livereload's static files, never cached; a missing page gets the site's 404 page."""

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-store")

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        if status_code != 404:
            super().write_error(status_code, **kwargs)
            return
        page = Path(self.root) / "404.html"
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(page.read_bytes() if page.is_file() else PLACEHOLDER)


class PreviewScript(web.RequestHandler):
    """The script every page loads: live reload, and the last failure's problems if any."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def get(self) -> None:
        self.set_header("Content-Type", "text/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(preview_script(self.preview.problems))


class AddPreviewScript(LiveScriptInjector):  # type: ignore[misc]
    """livereload's transform that puts a script before ``</head>`` of each HTML response."""

    script = TAG


def make_application(preview: Preview) -> web.Application:
    """The routes: livereload's socket and client, the page script, then the site."""
    site = {"path": str(preview.project.out), "default_filename": "index.html"}
    return web.Application(
        [
            (r"/livereload", Reloads),
            (r"/livereload\.js", LiveReloadJSHandler),
            (PATH.replace(".", r"\."), PreviewScript, {"preview": preview}),
            (r"/(.*)", SiteFiles, site),
        ],
        transforms=[AddPreviewScript],
        log_function=lambda handler: None,
    )


async def listen(preview: Preview, sockets: list[socket.socket]) -> None:
    """Serve on the bound sockets and watch the sources until cancelled (Ctrl-C)."""
    server = HTTPServer(make_application(preview))
    server.add_sockets(sockets)
    preview.listen_for_events(IOLoop.current())
    PeriodicCallback(preview.tick, POLL_MS).start()
    await asyncio.Event().wait()


def address(host: str, sockets: list[socket.socket]) -> str:
    port = sockets[0].getsockname()[1]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def bind(host: str, port: int) -> list[socket.socket] | str:
    """Listening sockets, or why none could be had."""
    if not 0 <= port <= 65535:
        return f"--port {port} is not a port number (0 to 65535)"
    try:
        return bind_sockets(port, address=host)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            return f"port {port} on {host} is in use; choose another with --port"
        return f"cannot listen on {host} port {port}: {error.strerror or error}"


def serve_command(project: Project, host: str, port: int, open_browser: bool) -> int:
    """Build, serve the site on host:port, rebuild and reload on every change; Ctrl-C stops."""
    try:
        sources = (project.content, project.templates)
        check_output_folder(project.out, project.root, sources, project.cache)
    except OutputError as error:
        return fail(str(error))
    sockets = bind(host, port)
    if isinstance(sockets, str):
        return fail(sockets)
    preview = None
    try:
        preview = Preview(project)
        preview.build(preview.watch.sources)
        url = address(host, sockets)
        watched = " and ".join(f"{project.display(f)}/" for f in preview.folders())
        print(f"serving {url} (watching {watched}; Ctrl-C stops)", file=sys.stderr)
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        asyncio.run(listen(preview, sockets))
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        for sock in sockets:
            sock.close()
        if preview is not None:
            preview.stop_listening()
        if preview is not None and preview.building is None:
            save_cache(project, preview.store)
        elif preview is not None:
            note("build cache not saved: a build was under way")
    return EXIT_OK
