"""Benchmark the search index of the live preview: one article replaced, with and without a memo.

    python bench/search_memo_bench.py [--articles 10000] [--runs 5] [--seed 1]

Makes ``--articles`` synthetic summaries (Zipf-distributed words from ``bench/generate.py``'s
vocabulary, about 170 distinct tokens each as in its corpus, 3–8 quotes by 200 entities),
then times ``search_outputs``: without a memo (the whole index, as every build did), the
first call with a fresh memo (it fills it), and a call after one article was replaced by
an edited copy (a word of its text changed, its title and one quote revised), a
different article each run; and, the worst case of a replacement, a call after one
article was replaced by a wholly different one. Each memo call's outputs are checked
against a call without a memo (untimed). Medians of ``--runs``, in seconds.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from generate import Words, make_entities, make_vocabulary  # bench/ is on sys.path

from quotemark.model import Entity, Loc, Settings
from quotemark.output import Output
from quotemark.render import make_environment
from quotemark.search import search_outputs
from quotemark.searchmemo import SearchMemo
from quotemark.summary import Said, Summary
from quotemark.words import tokens

REPO = Path(__file__).resolve().parent.parent
FIRST_DAY = dt.date(2015, 1, 1)


def make_summary(rng: random.Random, words: Words, ids: Sequence[str], n: int) -> Summary:
    """A synthetic article's summary."""
    said = tuple(
        Said(f"a{k}", k + 1, rng.choice(["direct", "indirect"]), rng.choice(ids), None,
             words.sentence(10, 25), "said")
        for k in range(rng.randint(3, 8))
    )  # fmt: skip
    text = " ".join([words.phrase(330, 380), *(s.quote for s in said)])
    date = FIRST_DAY + dt.timedelta(days=n * 3650 // 10_000)
    return Summary(
        rel=f"content/{date:%Y}/{date}-story-{n}.md",
        path=f"{date:%Y}/{date:%m}/story-{n}.html",
        slug=f"story-{n}",
        date=date,
        title=words.sentence(5, 10).rstrip("."),
        publisher="Daily Ledger",
        summary=None,
        tags=("politics",),
        aliases=(),
        said=said,
        mentions=(),
        entity_ids=tuple(sorted({s.entity for s in said if s.entity})),
        words=" ".join(dict.fromkeys(tokens(text))),
        statuses=(("exact", len(said)),),
        exported=True,
    )


def make_archive(count: int, seed: int) -> tuple[list[Summary], dict[str, Entity], Words]:
    """``count`` summaries and the entities they quote."""
    rng = random.Random(seed)
    words = Words(rng, make_vocabulary(rng))
    people = make_entities(rng, 200)
    entities = {
        p.id: Entity(p.id, p.name, Loc(1, 1), "_entities.yaml", type=p.type, aliases=p.aliases)
        for p in people
    }
    ids = [p.id for p in people]
    return [make_summary(rng, words, ids, n) for n in range(count)], entities, words


def edited(article: Summary, words: Words) -> Summary:
    """The article after a small edit: one word changed, title and a quote revised."""
    text = article.words.split()
    text[len(text) // 2] = "galrigalkaedited"
    first = dataclasses.replace(article.said[0], quote=article.said[0].quote + " Indeed.")
    return dataclasses.replace(
        article,
        title=article.title + " (updated)",
        said=(first, *article.said[1:]),
        words=" ".join(text),
    )


def timed(
    call: Callable[[list[Summary], SearchMemo | None], list[Output]],
    articles: list[Summary],
    memo: SearchMemo | None = None,
) -> tuple[float, list[Output]]:
    """The wall time of one call, and what it returned."""
    started = time.perf_counter()
    outputs = call(articles, memo)
    return time.perf_counter() - started, outputs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    archive, entities, words = make_archive(args.articles, args.seed)
    env, settings = make_environment(REPO / "templates"), Settings()

    def index(articles: list[Summary], memo: SearchMemo | None = None) -> list[Output]:
        return search_outputs(env, settings, articles, entities, memo=memo)

    size = sum(len(o.data or b"") for o in index(archive)[1:])
    print(f"{args.articles} articles, index {size:,} bytes")
    times: dict[str, list[float]] = {"no memo": [], "first": [], "one edited": [], "one new": []}
    rng = random.Random(args.seed)
    for run in range(args.runs):
        times["no memo"].append(timed(index, archive)[0])
        memo = SearchMemo()
        times["first"].append(timed(index, archive, memo)[0])
        for label in ("one edited", "one new"):
            n = rng.randrange(len(archive))
            new = edited(archive[n], words)
            if label == "one new":  # the same place, everything else new
                new = make_summary(rng, words, list(entities), n)
            archive = [*archive[:n], new, *archive[n + 1 :]]
            took, outputs = timed(index, archive, memo)
            assert outputs == index(archive), "the memo changed the index"
            times[label].append(took)
        print(f"run {run + 1}: " + ", ".join(f"{k} {v[-1]:.3f}" for k, v in times.items()))
    print(f"median of {args.runs} (s): " + ", ".join(
        f"{k} {statistics.median(v):.3f}" for k, v in times.items()))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
