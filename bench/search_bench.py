"""Benchmark the search page: index size and query time in real headless Chromium.

    python bench/search_bench.py --articles 10000 [--work /tmp/qm-bench] [--runs 5]
    python bench/search_bench.py --site /tmp/qm-bench/site-10000   (reuse a built site)

Generates a corpus (``bench/generate.py``), builds it with ``build.py``, reports the
size of ``assets/search-index*.js`` (total, manifest and per shard), then opens
``search.html`` from ``file://`` in Chromium (``/usr/bin/chromium`` through playwright,
a fresh profile per run) and types each query into the box, a key at a time. It times,
inside the page, from the last keystroke until the results are in the DOM (and until the
next frame after that): ``cold`` on a freshly loaded page (the index shards the query
needs are loaded then), ``warm`` when the same query is typed again. Medians of the runs.
Needs ``pip install playwright`` in the venv (no ``playwright install``: the system
Chromium is used).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generate import generate  # bench/ is on sys.path when this file is run
from playwright.sync_api import BrowserContext, Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUERIES = [
    "government",  # in nearly every article
    "minister budget",  # two words
    "harbour auth",  # the last word is a prefix
    "ruth almeida",  # a speaker
    "galrigalka",  # a rarer word
    "qzxv",  # nothing
]

TYPE_AND_TIME = """
async (query) => {
  const input = document.getElementById("search-q");
  const results = document.getElementById("search-results");
  const rendered = new Promise((resolve) => {
    const check = () => results.getAttribute("data-query") === query.trim();
    const observer = new MutationObserver(() => {
      if (check()) { observer.disconnect(); resolve(performance.now()); }
    });
    observer.observe(results, { attributes: true });
  });
  input.value = "";
  input.dispatchEvent(new Event("input", { bubbles: true }));
  let start = 0;
  for (let i = 1; i <= query.length; i += 1) {
    input.value = query.slice(0, i);
    start = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
  const dom = await rendered;
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const painted = performance.now();
  return [dom - start, painted - start, Number(results.getAttribute("data-count"))];
}
"""


@dataclass(frozen=True)
class Timing:
    query: str
    count: int
    cold_dom: float
    cold_frame: float
    warm_dom: float
    warm_frame: float


def build_site(articles: int, work: Path, seed: int) -> Path:
    """Generate a corpus of ``articles`` and build it; return the site folder."""
    corpus, site = work / f"corpus-{articles}", work / f"site-{articles}"
    if not corpus.exists():
        started = time.perf_counter()
        generate(corpus, articles, seed)
        print(f"generated {articles} articles in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    command = [sys.executable, str(REPO / "build.py"), "build", "--root", str(REPO)]
    command += ["--content", str(corpus), "--out", str(site), "-q"]
    subprocess.run(command, check=True)
    print(f"built the site in {time.perf_counter() - started:.1f} s")
    return site


def report_sizes(site: Path) -> None:
    """Print the index size: total, manifest, and per shard."""
    assets = site / "assets"
    manifest = assets / "search-index.js"
    shards = sorted(assets.glob("search-index-*.js"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    sizes = [p.stat().st_size for p in shards]
    total = manifest.stat().st_size + sum(sizes)
    print(f"index: {total:,} bytes in {1 + len(shards)} files")
    print(f"  manifest search-index.js: {manifest.stat().st_size:,} bytes")
    if sizes:
        print(
            f"  {len(sizes)} shards: min {min(sizes):,}, median {int(statistics.median(sizes)):,},"
            f" max {max(sizes):,} bytes"
        )
        for path, size in zip(shards, sizes, strict=True):
            print(f"    {path.name}: {size:,}")


def open_search(context: BrowserContext, site: Path) -> tuple[Page, float]:
    """Open search.html from file:// and wait until the index manifest is read."""
    page = context.new_page()
    started = time.perf_counter()
    page.goto((site / "search.html").as_uri())
    page.wait_for_selector("form[data-ready]", state="attached")
    return page, (time.perf_counter() - started) * 1000


def run_once(context: BrowserContext, site: Path, query: str) -> tuple[list[float], int, float]:
    """Cold then warm timings of one query on a fresh page."""
    page, ready = open_search(context, site)
    cold_dom, cold_frame, count = page.evaluate(TYPE_AND_TIME, query)
    warm_dom, warm_frame, _ = page.evaluate(TYPE_AND_TIME, query)
    page.close()
    return [cold_dom, cold_frame, warm_dom, warm_frame], int(count), ready


def measure(site: Path, queries: Sequence[str], runs: int) -> tuple[list[Timing], list[float]]:
    """Median timings of each query over ``runs`` fresh pages, and the page-ready times."""
    timings, ready_times = [], []
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="qm-chromium-") as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=ARGS
        )
        try:
            for query in queries:
                samples, count = [], 0
                for _ in range(runs):
                    values, count, ready = run_once(context, site, query)
                    samples.append(values)
                    ready_times.append(ready)
                medians = [statistics.median(column) for column in zip(*samples, strict=True)]
                timings.append(Timing(query, count, *medians))
        finally:
            context.close()
    return timings, ready_times


def report_timings(timings: Sequence[Timing], ready: Sequence[float], runs: int) -> None:
    print(f"page load until the manifest is read: median {statistics.median(ready):.0f} ms")
    print(
        f"query time (ms, median of {runs} fresh pages;"
        " dom = results in the DOM, frame = the next frame after)"
    )
    print(
        f"  {'query':<18}{'results':>8}{'cold dom':>10}{'cold frame':>12}"
        f"{'warm dom':>10}{'warm frame':>12}"
    )
    for t in timings:
        print(
            f"  {t.query:<18}{t.count:>8}{t.cold_dom:>10.1f}{t.cold_frame:>12.1f}"
            f"{t.warm_dom:>10.1f}{t.warm_frame:>12.1f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "qm-bench")
    parser.add_argument("--site", type=Path, help="a built site to measure (skips the build)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", action="append", help="a query (repeatable; default: a set)")
    args = parser.parse_args(argv)
    site = args.site or build_site(args.articles, args.work, args.seed)
    report_sizes(site)
    timings, ready = measure(site, args.query or QUERIES, args.runs)
    report_timings(timings, ready, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
