"""Benchmark YAML reading: the fast path (``yamlfast``) against the libyaml path.

    python bench/yaml_bench.py --content /tmp/qm-bench/corpus-1000/content [--runs 5]

Reads every ``.yaml`` file under the folder (sidecars, ``_site.yaml``, ``_entities.yaml``)
and every Markdown page's front matter into memory, then times parsing all of them with
``yamlsafe.parse_yaml`` (the fast path first, libyaml when it declines) and with
``yamlsafe.parse_libyaml`` (the libyaml path alone), the two interleaved run by run.
Prints the median of the runs for each, per file and in total, and the share of the
texts the fast path accepted (and checks it gave the same trees).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from quotemark.content import split_front_matter  # noqa: E402
from quotemark.model import Problem  # noqa: E402
from quotemark.yamlfast import parse_fast  # noqa: E402
from quotemark.yamlsafe import YNode, parse_libyaml, parse_yaml  # noqa: E402

Parser = Callable[[str, str, int], tuple[YNode | None, list[Problem]]]


def read_texts(content: Path) -> dict[str, list[str]]:
    """Return the YAML files' texts and the pages' front matter texts."""
    files = [p.read_text(encoding="utf-8-sig") for p in sorted(content.rglob("*.yaml"))]
    fronts = []
    for page in sorted(content.rglob("*.md")):
        parts = split_front_matter(page.read_text(encoding="utf-8-sig"))
        if parts is not None:
            fronts.append(parts[0])
    return {"yaml files": files, "front matter": fronts}


def time_all(parse: Parser, texts: list[str], line_offset: int) -> float:
    """Return the seconds it takes to parse every text."""
    start = time.perf_counter()
    for text in texts:
        parse(text, "f.yaml", line_offset)
    return time.perf_counter() - start


def accepted_share(texts: list[str], line_offset: int) -> float:
    """Return the share of texts the fast path accepts, checking its trees on the way."""
    accepted = 0
    for text in texts:
        ok, root = parse_fast(text, line_offset)
        if ok:
            accepted += 1
            if parse_libyaml(text, "f.yaml", line_offset) != (root, []):
                raise SystemExit("the fast path gave a different tree")
    return accepted / len(texts) if texts else 0.0


def measure(name: str, texts: list[str], line_offset: int, runs: int) -> None:
    """Print the medians of both paths for one kind of text."""
    fast: list[float] = []
    slow: list[float] = []
    for _ in range(runs):
        fast.append(time_all(parse_yaml, texts, line_offset))
        slow.append(time_all(parse_libyaml, texts, line_offset))
    f, s = statistics.median(fast), statistics.median(slow)
    n = max(len(texts), 1)
    share = accepted_share(texts, line_offset)
    print(
        f"{name:13} {len(texts):6} texts  fast {f:7.3f} s ({f / n * 1e3:6.3f} ms each)  "
        f"libyaml {s:7.3f} s ({s / n * 1e3:6.3f} ms each)  x{s / f:4.1f}  "
        f"accepted {share:6.1%}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--content", type=Path, required=True, help="content folder to read")
    parser.add_argument("--runs", type=int, default=5, help="runs of each path (median)")
    args = parser.parse_args(argv)
    texts = read_texts(args.content)
    measure("yaml files", texts["yaml files"], 0, args.runs)
    measure("front matter", texts["front matter"], 1, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
