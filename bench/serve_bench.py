"""Benchmark the live preview: how long one article edit takes to reach the browser.

    python bench/serve_bench.py [--articles 1000] [--runs 5] [--work /tmp/qm-bench-serve]
                                [--port 0] [--json PATH] [--timeout 900] [--startup-timeout 1800]

Generates a corpus once (``bench/generate.py``, kept in ``--work/corpus-N``), copies it to a
scratch project (``--work/serve-N``, replaced every time, so edits never touch the kept
corpus) and starts ``build.py serve`` on 127.0.0.1 there with the repository's templates. Once
the first build is served, a websocket client shakes hands at ``/livereload`` as livereload.js
does. Each run appends a sentence to a different article (spread evenly over the sorted
articles), then times, from just before the write:

* ``reload``: until the first ``reload`` message arrives: after the server's quick pass
  (the edited article rendered alone, "previewed … in X s" in its log), or, when the quick
  pass does not apply, after the full build;
* ``served``: until a GET of the article's page returns the new sentence;
* ``complete``: until the reload that follows the full build (the whole site up to date).

The server's own ``built … in X s`` line gives each rebuild's time; ``complete - build`` is
the rest: the watcher's polling and quiet period, walking the sources, the message. Also reported:
the server's polling delays (read from ``quotemark/serve.py``), the time one look at the
sources takes, the time to the first build, peak RSS (``VmHWM`` of the server process, and
``ru_maxrss`` from ``os.wait4``: the largest single process, build workers included), and
the share of a core the server uses over ``IDLE_S`` seconds in which nothing is edited
(its watcher's cost).
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from types import FrameType

from build_bench import ensure_corpus  # bench/ is on sys.path when this file is run
from tornado.websocket import WebSocketClientConnection, websocket_connect

REPO = Path(__file__).resolve().parent.parent
WORK = Path("/tmp/qm-bench-serve")
EDIT = "\nLive preview check {token}: the council confirmed the figures on Friday.\n"
TOKEN = "zqservebench{run}x"
SERVING = re.compile(r"serving (http://\S+/) ")
BUILT = re.compile(r"^built .* in ([0-9.]+) s$", re.MULTILINE)
PREVIEWED = re.compile(r"^previewed .* in ([0-9.]+) s; building the rest$", re.MULTILINE)
POLL_EVERY = 0.05  # seconds between two looks at the log or the page
STOP_WAIT = 10.0  # seconds allowed to each way of stopping the server
IDLE_S = 5.0  # seconds the server is watched doing nothing, for its idle CPU
HELLO = {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}


@dataclass(frozen=True)
class Run:
    run: int
    article: str  # relative to the content folder
    reload_s: float | None  # edit -> first reload message (None: none came in time)
    served_s: float | None  # edit -> the page served with the new sentence
    complete_s: float | None  # edit -> the reload after the full build
    build_s: float | None  # the server's own figure for the full rebuild
    rest_s: float | None  # complete_s - build_s: the watcher's waiting, looks and messages
    builds: int  # good rebuilds the server logged during this run (1 expected)
    quick: bool  # the server showed the article first (its quick pass)


@dataclass(frozen=True)
class Spread:
    median: float | None
    low: float | None
    high: float | None
    missing: int  # runs without this measure (it timed out)


@dataclass(frozen=True)
class Context:
    """What the runs need beside them: the watcher's delays, start-up, memory."""

    articles: int
    runs: int
    poll_ms: float | None  # quotemark.serve.POLL_MS: how often the watcher looks at the sources
    quiet: float | None  # QUIET: seconds the sources must be still before a build
    max_wait: float | None  # MAX_WAIT: a build starts at most this long after the first change
    look_s: float | None  # one look at the sources (a snapshot), timed here
    startup_s: float  # process start -> serving (first build included)
    first_build_s: float  # the first build, by the server's log
    vmhwm_mb: float | None  # the server process's peak RSS (VmHWM), before it is stopped
    tree_rss_mb: float | None  # ru_maxrss from wait4: the largest process of its tree
    idle_cpu: float | None  # share of a core the server uses while nothing changes


@dataclass(frozen=True)
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path
    started_s: float  # from the process start to "serving" (first build included)


@dataclass(frozen=True)
class Inbox:
    """Messages from the livereload socket with their arrival time, filled by its callback."""

    queue: asyncio.Queue[tuple[float, dict[str, object] | None]]

    def put(self, message: str | bytes | None) -> None:
        found = None if message is None else dict(json.loads(message))
        self.queue.put_nowait((time.perf_counter(), found))


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- setup


def prepare(work: Path, corpus: Path, articles: int) -> Path:
    """A fresh scratch project holding a copy of the corpus; return its folder."""
    scratch = work / f"serve-{articles}"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(corpus, scratch / "content")
    return scratch


def server_delays() -> dict[str, float]:
    """POLL_MS, QUIET and MAX_WAIT as quotemark/serve.py sets them (read, not imported:
    the package may be mid-change); a name it no longer sets is left out."""
    tree = ast.parse((REPO / "quotemark" / "serve.py").read_text(encoding="utf-8"))
    found: dict[str, float] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            name = node.targets[0]
            if isinstance(name, ast.Name) and name.id in ("POLL_MS", "QUIET", "MAX_WAIT"):
                found[name.id] = float(ast.literal_eval(node.value))
    return found


def look_seconds(content: Path) -> float | None:
    """How long the watcher's one look at the sources takes (median of 5), timed in a child
    that imports quotemark from this checkout as the server does; None if it cannot."""
    code = (
        "import statistics, sys, time\n"
        "from pathlib import Path\n"
        "from quotemark.serve import snapshot\n"
        "folders = [Path(sys.argv[1]), Path(sys.argv[2])]\n"
        "times = []\n"
        "for _ in range(5):\n"
        "    started = time.perf_counter()\n"
        "    snapshot(folders)\n"
        "    times.append(time.perf_counter() - started)\n"
        "print(statistics.median(times))\n"
    )
    command = [sys.executable, "-c", code, str(content), str(REPO / "templates")]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        note(f"cannot time the watcher's look at the sources: {last}")
        return None
    return float(done.stdout)


# ---------------------------------------------------------------- the server


def log_tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-3000:]


def fetch(url: str) -> tuple[int, str]:
    """Status and body of a GET, errors included (status 0: no answer)."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def start_server(scratch: Path, port: int, timeout: float) -> Server:
    """``build.py serve`` in the scratch project; return once its first build is served."""
    log = scratch / "serve.log"
    command = [sys.executable, str(REPO / "build.py"), "serve", "--root", str(scratch)]
    command += ["--content", str(scratch / "content"), "--templates", str(REPO / "templates")]
    command += ["--out", str(scratch / "site"), "--host", "127.0.0.1", "--port", str(port)]
    note(f"starting {' '.join(command)}")
    started = time.perf_counter()
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=scratch, stdout=sink, stderr=subprocess.STDOUT)
    try:
        url = wait_for_serving(process, log, started + timeout)
        server = Server(process, url, log, time.perf_counter() - started)
        wait_for_http(url, started + timeout)
    except BaseException:
        stop_server(process)
        raise
    return server


def wait_for_serving(process: subprocess.Popen[bytes], log: Path, deadline: float) -> str:
    """The server's address once it prints it; SystemExit if it stops or takes too long."""
    while time.perf_counter() < deadline:
        found = SERVING.findall(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return str(found[0])
        if process.poll() is not None:
            raise SystemExit(f"the server exited {process.returncode}:\n{log_tail(log)}")
        time.sleep(POLL_EVERY)
    raise SystemExit(f"the server was not serving within the startup timeout:\n{log_tail(log)}")


def wait_for_http(url: str, deadline: float) -> None:
    """Return once the server answers a GET of its home page; SystemExit if it never does."""
    while time.perf_counter() < deadline:
        if fetch(url)[0] != 0:
            return
        time.sleep(POLL_EVERY)
    raise SystemExit(f"{url} did not answer within the startup timeout")


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM of a running process, in MB (None if /proc cannot tell)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB$", status, re.MULTILINE)
    return int(found.group(1)) / 1024 if found else None


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of a running process so far (None if /proc cannot tell)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def idle_cpu(pid: int, seconds: float) -> float | None:
    """The share of a core the process uses over ``seconds`` in which nothing changes."""
    before = cpu_seconds(pid)
    time.sleep(seconds)
    after = cpu_seconds(pid)
    return None if before is None or after is None else (after - before) / seconds


def reap(process: subprocess.Popen[bytes], timeout: float) -> float | None:
    """Wait (bounded) for the process to end; its tree's largest peak RSS in MB, if it ended."""
    deadline = time.perf_counter() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid == process.pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return usage.ru_maxrss / 1024
        if time.perf_counter() >= deadline:
            return None
        time.sleep(POLL_EVERY)


def stop_server(process: subprocess.Popen[bytes]) -> float | None:
    """Stop the server: Ctrl-C, then terminate, then kill, each bounded; return ru_maxrss MB."""
    if process.returncode is not None:
        return None
    for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):  # already gone, not yet reaped
            process.send_signal(stop)
        peak = reap(process, STOP_WAIT)
        if process.returncode is not None:
            return peak
    note(f"the server (pid {process.pid}) did not stop")
    return None


def builds_logged(log: Path, lines: re.Pattern[str] = BUILT) -> list[float]:
    """Seconds of each good build the server reported (a failed or crashed one says no time);
    with ``PREVIEWED``, of each quick pass."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return [float(s) for s in lines.findall(text)]


# ---------------------------------------------------------------- the client and the runs


async def connect(url: str, timeout: float) -> tuple[WebSocketClientConnection, Inbox]:
    """A livereload client registered with the server, as livereload.js connects."""
    inbox = Inbox(asyncio.Queue())
    socket_url = url.replace("http://", "ws://") + "livereload"
    connection = await asyncio.wait_for(
        websocket_connect(socket_url, on_message_callback=inbox.put), timeout
    )
    await connection.write_message(json.dumps(HELLO))
    _, answer = await asyncio.wait_for(inbox.queue.get(), timeout)
    if answer is None or answer.get("command") != "hello":
        raise SystemExit(f"unexpected livereload handshake answer: {answer}")
    await connection.write_message(json.dumps({"command": "info", "url": url}))
    await asyncio.sleep(0.2)  # the server registers the client when the info arrives
    return connection, inbox


def drain(inbox: Inbox) -> int:
    """Drop the messages already received; return how many were reloads."""
    reloads = 0
    while not inbox.queue.empty():
        _, message = inbox.queue.get_nowait()
        reloads += message is not None and message.get("command") == "reload"
    return reloads


async def next_reload(inbox: Inbox, deadline: float) -> float | None:
    """When the next reload message arrived (None if none before the deadline)."""
    while (left := deadline - time.perf_counter()) > 0:
        try:
            arrived, message = await asyncio.wait_for(inbox.queue.get(), left)
        except TimeoutError:
            return None
        if message is None:
            raise SystemExit("the livereload socket closed")
        if message.get("command") == "reload":
            return arrived
    return None


async def served_at(url: str, text: str, deadline: float) -> float | None:
    """When a GET of url first returned text (None if not by the deadline; one GET at least)."""
    while True:
        _, body = await asyncio.to_thread(fetch, url)
        if text in body:
            return time.perf_counter()
        if time.perf_counter() >= deadline:
            return None
        await asyncio.sleep(POLL_EVERY)


def append_sentence(path: Path, sentence: str) -> None:
    """Append to the file in one step (a hidden temporary file renamed over it)."""
    temporary = path.with_name(f".{path.name}.bench")
    temporary.write_bytes(path.read_bytes() + sentence.encode())
    os.replace(temporary, path)


def choose(articles: Sequence[Path], runs: int) -> list[Path]:
    """One article per run, spread evenly over the sorted list."""
    return [articles[(2 * i + 1) * len(articles) // (2 * runs)] for i in range(runs)]


def page_of(content: Path, article: Path) -> str:
    """The article's page, relative to the site (``YYYY/MM/<slug>.html``)."""
    return f"{article.parent.relative_to(content).as_posix()}/{article.stem[11:]}.html"


async def one_edit(
    server: Server, inbox: Inbox, content: Path, article: Path, run: int, timeout: float
) -> Run:
    """Edit one article; time the first reload, the new page, the full build's reload."""
    token = TOKEN.format(run=run)
    before = len(builds_logged(server.log))
    previews = len(builds_logged(server.log, PREVIEWED))
    started = time.perf_counter()
    append_sentence(article, EDIT.format(token=token))
    deadline = started + timeout
    reloaded = await next_reload(inbox, deadline)
    quick = len(builds_logged(server.log, PREVIEWED)) > previews
    shown = await served_at(server.url + page_of(content, article), token, deadline)
    complete = reloaded
    if quick and reloaded is not None:  # the full build's reload comes next
        complete = await next_reload(inbox, deadline)
    if complete is not None and len(builds_logged(server.log)) == before:
        note(f"run {run}: a reload without a good build; see {server.log}")
    builds = builds_logged(server.log)[before:]
    times = [None if t is None else t - started for t in (reloaded, shown, complete)]
    reload_s, served_s, complete_s = times
    build_s = builds[-1] if builds else None
    rest_s = None if complete_s is None or build_s is None else complete_s - build_s
    name = article.relative_to(content).as_posix()
    return Run(run, name, reload_s, served_s, complete_s, build_s, rest_s, len(builds), quick)


async def measure(server: Server, content: Path, runs: int, timeout: float) -> list[Run]:
    """Every run, one after the other, over one livereload connection."""
    connection, inbox = await connect(server.url, timeout)
    results: list[Run] = []
    try:
        articles = sorted(content.glob("*/*/*.md"))
        for run, article in enumerate(choose(articles, runs), start=1):
            stray = drain(inbox)
            if stray:
                note(f"run {run}: {stray} reload(s) arrived between runs")
            result = await one_edit(server, inbox, content, article, run, timeout)
            results.append(result)
            note(f"run {run}/{runs}: {format_run(result)}")
    finally:
        connection.close()
    return results


# ---------------------------------------------------------------- report


def seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def format_run(r: Run) -> str:
    builds = "" if r.builds == 1 else f", {r.builds} builds (the last is shown)"
    quick = "quick pass, " if r.quick else "no quick pass, "
    return (
        f"{quick}reload {seconds(r.reload_s)} s, served {seconds(r.served_s)} s, "
        f"complete {seconds(r.complete_s)} s, build {seconds(r.build_s)} s, "
        f"rest {seconds(r.rest_s)} s{builds} ({r.article})"
    )


def spread(values: Sequence[float | None]) -> Spread:
    """Median, min and max of the measured values, and how many runs had none."""
    found = [v for v in values if v is not None]
    if not found:
        return Spread(None, None, None, len(values))
    return Spread(statistics.median(found), min(found), max(found), len(values) - len(found))


def summarise(runs: Sequence[Run]) -> dict[str, Spread]:
    """Median, min and max of each measure over the runs."""
    return {
        "edit -> reload": spread([r.reload_s for r in runs]),
        "edit -> served": spread([r.served_s for r in runs]),
        "edit -> complete": spread([r.complete_s for r in runs]),
        "build (server log)": spread([r.build_s for r in runs]),
        "complete - build": spread([r.rest_s for r in runs]),
    }


def format_table(runs: Sequence[Run], summary: dict[str, Spread]) -> str:
    """Each run, then median, min and max of each column, in seconds."""
    lines = [f"{'run':<7}" + "".join(f"{name:>20}" for name in summary) + "  article"]
    for r in runs:
        cells = (r.reload_s, r.served_s, r.complete_s, r.build_s, r.rest_s)
        lines.append(f"{r.run:<7}" + "".join(f"{seconds(c):>20}" for c in cells) + f"  {r.article}")
    for key in ("median", "low", "high"):
        cells = tuple(getattr(s, key) for s in summary.values())
        label = {"low": "min", "high": "max"}.get(key, key)
        lines.append(f"{label:<7}" + "".join(f"{seconds(c):>20}" for c in cells))
    return "\n".join(lines)


def format_context(c: Context) -> str:
    """What a reader needs beside the figures: the watcher's delays, start-up, memory."""
    look = "-" if c.look_s is None else f"{1000 * c.look_s:.1f}"
    poll, quiet, wait = (("?" if v is None else f"{v:g}") for v in (c.poll_ms, c.quiet, c.max_wait))
    return "\n".join(
        (
            f"watcher: looks every {poll} ms; builds once the sources have been still "
            f"for {quiet} s (at most {wait} s after the first change)",
            f"one look at {c.articles} articles' sources: {look} ms "
            "(median of 5, timed in a child process)",
            f"start until serving: {seconds(c.startup_s)} s "
            f"(first build {seconds(c.first_build_s)} s by the server's log)",
            f"peak RSS: server process {mb(c.vmhwm_mb)} MB (VmHWM), "
            f"largest process of its tree {mb(c.tree_rss_mb)} MB (ru_maxrss)",
            f"while idle ({IDLE_S:g} s, nothing edited) the server used "
            f"{'-' if c.idle_cpu is None else f'{100 * c.idle_cpu:.1f}'} % of a core",
        )
    )


def mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    return {
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


# ---------------------------------------------------------------- main


def run_server(args: argparse.Namespace, scratch: Path) -> tuple[list[Run], Context]:
    """Start the server, measure every run, stop it; the runs and their context."""
    delays = server_delays()
    look = look_seconds(scratch / "content")
    server = start_server(scratch, args.port, args.startup_timeout)
    tree_rss, vmhwm = None, None
    try:
        note(f"serving {server.url} after {server.started_s:.2f} s")
        first = builds_logged(server.log)
        if not first:
            raise SystemExit(f"the first build did not succeed:\n{log_tail(server.log)}")
        idle = idle_cpu(server.process.pid, IDLE_S)
        runs = asyncio.run(measure(server, scratch / "content", args.runs, args.timeout))
        vmhwm = peak_rss_mb(server.process.pid)
    finally:
        tree_rss = stop_server(server.process)
    context = Context(
        args.articles,
        args.runs,
        delays.get("POLL_MS"),
        delays.get("QUIET"),
        delays.get("MAX_WAIT"),
        look,
        server.started_s,
        first[0],
        vmhwm,
        tree_rss,
        idle,
    )
    return runs, context


def interrupt(signum: int, frame: FrameType | None) -> None:
    """A SIGTERM ends the benchmark as Ctrl-C does, so the server is stopped on the way out."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # `timeout` signals the child and its group
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1000, help="corpus size (default: 1000)")
    parser.add_argument("--runs", type=int, default=5, help="edits, one per run (default: 5)")
    parser.add_argument("--work", type=Path, default=WORK, help=f"(default: {WORK})")
    parser.add_argument("--port", type=int, default=0, help="port (default: 0, any free one)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--timeout", type=float, default=900, help="seconds allowed to one edit (default: 900)"
    )
    parser.add_argument(
        "--startup-timeout",
        type=float,
        default=1800,
        help="seconds allowed to the first build (default: 1800)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.runs <= args.articles:
        parser.error("--runs must be between 1 and --articles")
    signal.signal(signal.SIGTERM, interrupt)
    args.work.mkdir(parents=True, exist_ok=True)
    scratch = prepare(args.work, ensure_corpus(args.work, args.articles), args.articles)
    before = machine()
    runs, context = run_server(args, scratch)
    summary = summarise(runs)
    result = {
        "command": [Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])],
        "machine": {**before, "load_average_after": os.getloadavg()},
        "context": asdict(context),
        "runs": [asdict(r) for r in runs],
        "summary": {name: asdict(found) for name, found in summary.items()},
    }
    print(format_table(runs, summary), format_context(context), sep="\n\n")
    print(f"\n{args.runs} runs; times in seconds; machine: {json.dumps(result['machine'])}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    missing = any(r.reload_s is None or r.served_s is None for r in runs)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
