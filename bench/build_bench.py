"""Benchmark the build: quotemark's full, no-op and one-edit builds beside a floor and Pelican.

    python bench/build_bench.py [--articles 1000,10000] [--runs 3] [--work /tmp/qm-bench-build]
                                [--json PATH] [--no-pelican]
    python bench/build_bench.py --profile [--articles 1000] [--top 25]

Generates a corpus per size (``bench/generate.py``, kept in ``--work`` for the next time)
and, for each run, in this order, each command in a fresh process:

* ``floor``: ``bench/floor.py`` (read, Markdown, one-line template, write; one process);
* ``quotemark full``: ``build.py build --content C --templates T --out O --cache K -q``, O and
  the build cache K removed first (a clean build);
* ``quotemark no-op``: the same command again, nothing changed;
* ``quotemark one edit``: a sentence appended to one article's body, then the same command
  (incremental: the cache and the site of the full build are there)
  (the article is restored afterwards, untimed; the sentence is looked for in its page);
* ``pelican full``: ``pelican content -s settings.py -o out -q`` on the same articles
  (``bench/pelican_bench.py``: its own venv, a minimal theme, no cache), out removed first.

Each measure is the wall time of the child, its user+system CPU time and its peak RSS
(``ru_maxrss`` from ``os.wait4`` of that child). The table gives medians with min and max
over the runs, the highest peak RSS, the output's size, and ratios of medians computed
within the same run. ``--profile`` instead runs one full build under cProfile and says
where the time goes. The generator's corpus and Pelican's venv are set up untimed.
"""

from __future__ import annotations

import argparse
import json
import marshal
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import cast

from generate import generate  # bench/ is on sys.path when this file is run
from pelican_bench import ensure_pelican, pelican_command, pelican_version, prepare

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
WORK = Path("/tmp/qm-bench-build")
EDIT = "\nBenchmark edit number {run}: the council confirmed the figures on Friday.\n"
SCENARIOS = (
    ("floor", "full"),
    ("quotemark", "full"),
    ("quotemark", "no-op"),
    ("quotemark", "one edit"),
    ("pelican", "full"),
)


@dataclass(frozen=True)
class Sample:
    seconds: float  # wall clock
    cpu: float  # user + system time of the child
    rss_mb: float  # its peak resident set size


@dataclass(frozen=True)
class Row:
    articles: int
    tool: str
    scenario: str
    runs: int
    median: float
    low: float
    high: float
    cpu: float  # median
    rss_mb: float  # highest peak over the runs
    files: int  # in the output folder after the run
    out_mb: float


@dataclass(frozen=True)
class Setup:
    """Everything one corpus size's runs need."""

    articles: int
    work: Path
    content: Path
    pelican: Path | None  # the Pelican project folder, or None to skip Pelican
    program: Path | None  # the venv's pelican program

    def out(self, tool: str) -> Path:
        return self.work / f"out-{tool}"

    def command(self, tool: str) -> list[str]:
        """The command line that builds with tool."""
        if tool == "floor":
            floor = [sys.executable, str(BENCH / "floor.py"), "--content", str(self.content)]
            return [*floor, "--out", str(self.out(tool))]
        if tool == "pelican" and self.program:
            return pelican_command(self.program, self.out(tool))
        build = [sys.executable, str(REPO / "build.py"), "build", "--content", str(self.content)]
        build += ["--cache", str(self.cache(tool))]
        return [*build, "--templates", str(REPO / "templates"), "--out", str(self.out(tool)), "-q"]

    def cache(self, tool: str) -> Path:
        return self.work / f"cache-{tool}"

    def cwd(self, tool: str) -> Path:
        return self.pelican if tool == "pelican" and self.pelican else self.work


# ---------------------------------------------------------------- running


def run_child(command: Sequence[str], cwd: Path, log: Path) -> Sample:
    """Run one command in a fresh process: its wall time, CPU time and peak RSS."""
    with log.open("wb") as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{' '.join(command)} exited {child.returncode}:\n{tail}")
    return Sample(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def run_tool(setup: Setup, tool: str, fresh: bool) -> Sample:
    """Build with tool (its output folder and build cache removed first when fresh)."""
    if fresh:
        shutil.rmtree(setup.out(tool), ignore_errors=True)
        shutil.rmtree(setup.cache(tool), ignore_errors=True)
    log = setup.work / f"{tool}.log"
    return run_child(setup.command(tool), setup.cwd(tool), log)


def edit_and_build(setup: Setup, article: Path, run: int) -> tuple[Sample, bool]:
    """Append a sentence to the article, rebuild, restore it; say if the page shows it."""
    original = article.read_bytes()
    sentence = EDIT.format(run=run)
    try:
        article.write_bytes(original + sentence.encode())
        sample = run_tool(setup, "quotemark", fresh=False)
    finally:
        article.write_bytes(original)
    page = setup.out("quotemark") / article.parent.relative_to(setup.content)
    page = page / f"{article.stem[11:]}.html"
    shown = page.is_file() and sentence.strip()[:24] in page.read_text(encoding="utf-8")
    return sample, shown


def folder_size(folder: Path) -> tuple[int, float]:
    """Files and megabytes under folder."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files) / 1e6


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure(setup: Setup, runs: int) -> tuple[list[Row], list[str]]:
    """All scenarios, interleaved run by run; rows of medians and any warnings."""
    samples: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    sizes: dict[str, tuple[int, float]] = {}
    warnings: list[str] = []
    articles = sorted(setup.content.rglob("*.md"))
    edited = articles[len(articles) // 2]
    for run in range(1, runs + 1):
        for tool, scenario in SCENARIOS:
            if tool == "pelican" and setup.program is None:
                continue
            if scenario == "one edit":
                sample, shown = edit_and_build(setup, edited, run)
                if not shown:
                    warnings.append(f"N={setup.articles} run {run}: the edit is not in its page")
            else:
                sample = run_tool(setup, tool, fresh=scenario == "full")
            samples[tool, scenario].append(sample)
            sizes[tool] = folder_size(setup.out(tool))
            note(
                f"N={setup.articles} run {run}/{runs} {tool} {scenario}: {sample.seconds:.2f} s, "
                f"CPU {sample.cpu:.2f} s, {sample.rss_mb:.0f} MB"
            )
    rows = [
        summarise(setup.articles, tool, s, found, sizes[tool])
        for (tool, s), found in samples.items()
    ]
    return rows, warnings


def summarise(
    articles: int, tool: str, scenario: str, found: Sequence[Sample], size: tuple[int, float]
) -> Row:
    seconds = [s.seconds for s in found]
    return Row(
        articles,
        tool,
        scenario,
        len(found),
        statistics.median(seconds),
        min(seconds),
        max(seconds),
        statistics.median(s.cpu for s in found),
        max(s.rss_mb for s in found),
        *size,
    )


# ---------------------------------------------------------------- report


def ratios(rows: Sequence[Row], cpu: bool = False) -> dict[str, dict[str, float]]:
    """Ratios of medians (wall time, or CPU time) within the same run, per corpus size."""
    out: dict[str, dict[str, float]] = {}
    for n in sorted({r.articles for r in rows}):
        t = {(r.tool, r.scenario): r.cpu if cpu else r.median for r in rows if r.articles == n}
        full, floor = t[("quotemark", "full")], t[("floor", "full")]
        found = {
            "quotemark full / floor": full / floor,
            "quotemark no-op / quotemark full": t[("quotemark", "no-op")] / full,
            "quotemark one edit / quotemark full": t[("quotemark", "one edit")] / full,
        }
        if ("pelican", "full") in t:
            found["pelican full / floor"] = t[("pelican", "full")] / floor
            found["pelican full / quotemark full"] = t[("pelican", "full")] / full
        out[str(n)] = found
    return out


def format_table(rows: Sequence[Row]) -> str:
    """A plain-text table of the rows."""
    head = (
        "N",
        "tool",
        "scenario",
        "median s",
        "min s",
        "max s",
        "CPU s",
        "peak MB",
        "files",
        "out MB",
    )
    lines = ["  ".join(f"{h:>9}" if i > 2 else f"{h:<9}" for i, h in enumerate(head))]
    for r in rows:
        cells = [f"{r.articles:<9}", f"{r.tool:<9}", f"{r.scenario:<9}"]
        cells += [f"{v:>9.2f}" for v in (r.median, r.low, r.high, r.cpu)]
        cells += [f"{r.rss_mb:>9.0f}", f"{r.files:>9}", f"{r.out_mb:>9.1f}"]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def format_ratios(wall: dict[str, dict[str, float]], cpu: dict[str, dict[str, float]]) -> str:
    lines = [f"{'ratio of medians':<48}{'wall':>8}{'CPU':>8}"]
    for n, values in wall.items():
        for name, value in values.items():
            lines.append(f"{f'N={n}: {name}':<48}{value:>8.2f}{cpu[n][name]:>8.2f}")
    return "\n".join(lines)


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    return {
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


# ---------------------------------------------------------------- setup


def ensure_corpus(work: Path, articles: int) -> Path:
    """The generated content folder for this size (generated once, then reused)."""
    folder = work / f"corpus-{articles}"
    done = folder / "generated.txt"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        note(f"generating {articles} articles into {folder / 'content'}")
        generate(folder / "content", articles)
        done.write_text(str(articles))
    return folder / "content"


def make_setup(work: Path, articles: int, pelican: bool) -> Setup:
    content = ensure_corpus(work, articles)
    folder = work / f"corpus-{articles}"
    if not pelican:
        return Setup(articles, folder, content, None, None)
    program = ensure_pelican()
    prepare(content, folder / "pelican")
    return Setup(articles, folder, content, folder / "pelican", program)


# ---------------------------------------------------------------- profile

Func = tuple[str, int, str]
Entry = tuple[int, int, float, float, dict[Func, tuple[int, int, float, float]]]
STAGES = {
    "loading (YAML, front matter, schema, references)": (
        *("yaml", "quotemark.yamlsafe", "quotemark.schema", "quotemark.sidecar"),
        *("quotemark.content", "quotemark.references", "quotemark.redirects"),
        "quotemark.reading",
    ),
    "Markdown + sanitising": ("markdown", "nh3", "quotemark.markup"),
    "anchoring (anchor text, matching, checks)": (
        *("quotemark.anchor", "quotemark.approx", "quotemark.normalize", "quotemark.htmltext"),
        *("quotemark.locate", "quotemark.checks", "quotemark.quotes", "quotemark.annotate"),
    ),
    "highlighting": ("quotemark.highlight",),
    "pages + templates": (
        *("jinja2", "markupsafe", "quotemark.assemble", "quotemark.render", "quotemark.pages"),
        *("quotemark.paths", "quotemark.navigation", "quotemark.cards", "quotemark.pipeline"),
        *("quotemark.summary", "quotemark.units", "quotemark.plans", "quotemark.incremental"),
    ),
    "export, search, feeds": (
        *("quotemark.export", "quotemark.search", "quotemark.words", "quotemark.publish"),
    ),
    "writing (site, build cache)": (
        *("quotemark.output", "quotemark.building", "quotemark.archive", "quotemark.cache"),
        "quotemark.fingerprint",
    ),
}


def module_of(filename: str) -> str | None:
    """quotemark.<module> or a third-party package; None for the stdlib and builtins."""
    path = Path(filename)
    if "site-packages" in path.parts:
        return path.parts[path.parts.index("site-packages") + 1].removesuffix(".py")
    if path.parent == REPO / "quotemark":
        return f"quotemark.{path.stem}"
    return None


def shares(
    stats: dict[Func, Entry], func: Func, memo: dict[Func, dict[str, float]], busy: set[Func]
) -> dict[str, float]:
    """The modules a function's own time is charged to: its own, or (stdlib and builtins)
    its callers', split by the time spent on behalf of each (recursive calls skipped)."""
    own = module_of(func[0])
    if own is not None:
        return {own: 1.0}
    if func not in memo:
        busy.add(func)
        callers = {c: n[2] for c, n in stats[func][4].items() if c in stats and c not in busy}
        total = sum(callers.values())
        found: dict[str, float] = defaultdict(float)
        for caller, seconds in callers.items():
            for module, part in shares(stats, caller, memo, busy).items():
                found[module] += part * seconds / total if total > 0 else 0.0
        busy.discard(func)
        memo[func] = dict(found) if total > 0 else {"(interpreter, stdlib)": 1.0}
    return memo[func]


def time_by_module(path: Path) -> dict[str, float]:
    """Own time per module, stdlib and builtin calls charged to who called them."""
    with path.open("rb") as f:
        stats = cast(dict[Func, Entry], marshal.load(f))
    memo: dict[Func, dict[str, float]] = {}
    found: dict[str, float] = defaultdict(float)
    for func, entry in stats.items():
        for module, part in shares(stats, func, memo, set()).items():
            found[module] += entry[2] * part
    return dict(found)


def time_by_stage(modules: dict[str, float]) -> dict[str, float]:
    stage_of = {m: stage for stage, names in STAGES.items() for m in names}
    found: dict[str, float] = defaultdict(float)
    for module, seconds in modules.items():
        found[stage_of.get(module, "startup, CLI, other")] += seconds
    return dict(found)


def format_shares(found: dict[str, float], limit: int) -> Iterable[str]:
    total = sum(found.values())
    for name, seconds in sorted(found.items(), key=lambda kv: -kv[1])[:limit]:
        yield f"{seconds:8.2f} s {100 * seconds / total:5.1f} %  {name}"


def profile(work: Path, articles: int, top: int) -> None:
    """One clean full build under cProfile, on one core (so that no work hides in worker
    processes the profiler does not see): the top functions and where the time goes."""
    setup = Setup(articles, work / f"corpus-{articles}", ensure_corpus(work, articles), None, None)
    result = work / f"quotemark-{articles}.prof"
    command = setup.command("quotemark")
    command[1:1] = ["-m", "cProfile", "-o", str(result)]
    if shutil.which("taskset"):
        command[:0] = ["taskset", "-c", "0"]
    run_tool(setup, "quotemark", fresh=True)  # warm the disk cache first
    shutil.rmtree(setup.out("quotemark"))
    shutil.rmtree(setup.cache("quotemark"))
    sample = run_child(command, setup.work, setup.work / "profile.log")
    print(f"profiled full build of {articles} articles: {sample.seconds:.2f} s under cProfile")
    print(f"profile: {result}\n")
    stats = pstats.Stats(str(result), stream=sys.stdout).strip_dirs()
    for key in ("cumulative", "tottime"):
        print(f"---- top {top} by {key}")
        stats.sort_stats(key).print_stats(top)
    modules = time_by_module(result)
    print("---- where the time goes (own time; stdlib and builtins charged to their caller)")
    print("\n".join(format_shares(time_by_stage(modules), 20)))
    print("\n---- by module")
    print("\n".join(format_shares(modules, 30)))


# ---------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", default="1000", help="corpus sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (default: 3)")
    parser.add_argument("--work", type=Path, default=WORK, help=f"(default: {WORK})")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--no-pelican", action="store_true", help="skip Pelican")
    parser.add_argument("--profile", action="store_true", help="profile one full build instead")
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in args.articles.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    if args.profile:
        profile(args.work, sizes[0], args.top)
        return 0
    before = machine()
    rows: list[Row] = []
    warnings: list[str] = []
    for n in sizes:
        found, problems = measure(make_setup(args.work, n, not args.no_pelican), args.runs)
        rows += found
        warnings += problems
    found_ratios, cpu_ratios = ratios(rows), ratios(rows, cpu=True)
    result = {
        "command": [Path(sys.argv[0]).name, *(argv if argv is not None else sys.argv[1:])],
        "runs": args.runs,
        "machine": {**before, "load_average_after": os.getloadavg()},
        "pelican": None if args.no_pelican else pelican_version(),
        "rows": [asdict(r) for r in rows],
        "ratios": found_ratios,
        "cpu_ratios": cpu_ratios,
        "warnings": warnings,
    }
    print(format_table(rows), format_ratios(found_ratios, cpu_ratios), *warnings, sep="\n\n")
    print(f"\n{args.runs} runs each; machine: {json.dumps(result['machine'])}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
