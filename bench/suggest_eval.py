"""Measure `suggest` against hand annotations: precision, recall and F1 per category.

    python bench/suggest_eval.py [--cold] [--verbose] [DIR ...]

DIR defaults to ``content/`` and ``tests/gold/``. Every article that has a sidecar is
drafted by the pure core (``quotemark.suggest.draft``) and compared with its human
attributions:

- direct content (exact): a content item of a ``direct`` attribution has exactly the
  span of a human one; (overlap): it overlaps one (recall: a human item overlapped by a
  drafted one);
- indirect content (exact/overlap): the same for ``indirect`` and ``mixed``;
- source (mention + entity): the mention has the human span and names the same entity;
  source (mention): the span alone;
- cue: the cue has the human span.

By default the known entities are the archive's shared ones plus the sidecar's own (the
usual case: entities are declared, attributions are drafted). ``--cold`` drafts with the
shared entities only; a proposed entity then counts as the same as a human one when their
names or aliases agree.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from quotemark.annotate import AnnotatedArticle, annotate  # noqa: E402
from quotemark.content import load_articles  # noqa: E402
from quotemark.model import Entity, Span  # noqa: E402
from quotemark.references import check_references  # noqa: E402
from quotemark.sidecar import load_entities, load_sidecars  # noqa: E402
from quotemark.speakers import fold, keys_of  # noqa: E402
from quotemark.suggest import Proposal, draft  # noqa: E402

CATEGORIES = (
    "direct content (exact)",
    "direct content (overlap)",
    "indirect content (exact)",
    "indirect content (overlap)",
    "source (mention + entity)",
    "source (mention)",
    "cue",
)


@dataclass
class Score:
    """Counts for one category: drafted items that hit, human items found, totals."""

    hits: int = 0  # drafted items that match a human one
    found: int = 0  # human items matched by a drafted one
    drafted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.hits / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.hits += other.hits
        self.found += other.found
        self.drafted += other.drafted
        self.gold += other.gold


@dataclass
class Report:
    articles: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {c: Score() for c in CATEGORIES})
    misses: list[str] = field(default_factory=list)


def exact_score(drafted: set[object], gold: set[object]) -> Score:
    both = len(drafted & gold)
    return Score(both, both, len(drafted), len(gold))


def overlap_score(drafted: set[Span], gold: set[Span]) -> Score:
    def meets(a: Span, others: Iterable[Span]) -> bool:
        return any(a.start < b.end and b.start < a.end for b in others)

    return Score(
        sum(meets(d, gold) for d in drafted),
        sum(meets(g, drafted) for g in gold),
        len(drafted),
        len(gold),
    )


def human_sets(article: AnnotatedArticle) -> dict[str, set[object]]:
    """The human spans per category (spans of anchors that resolved)."""
    sets: dict[str, set[object]] = {"direct": set(), "indirect": set(), "source": set()}
    sets["cue"] = set()
    for anchored in article.attributions:
        kind = "direct" if anchored.attribution.kind == "direct" else "indirect"
        sets[kind] |= {a.spans[0] for a in anchored.content if a.spans}
        if anchored.source is not None and anchored.source.spans:
            sets["source"].add((anchored.source.spans[0], anchored.entity))
        if anchored.cue is not None and anchored.cue.spans:
            sets["cue"].add(anchored.cue.spans[0])
    return sets


def drafted_sets(proposal: Proposal, same: Mapping[str, str]) -> dict[str, set[object]]:
    """The drafted spans per category, entities mapped to the human ids they stand for."""
    sets: dict[str, set[object]] = {"direct": set(), "indirect": set(), "source": set()}
    sets["cue"] = set()
    for item in proposal.drafts:
        kind = "direct" if item.kind == "direct" else "indirect"
        sets[kind] |= set(item.content)
        if item.source is not None:
            entity = same.get(item.entity or "", item.entity)
            sets["source"].add((item.source, entity))
        if item.cue is not None:
            sets["cue"].add(item.cue)
    return sets


def equivalents(proposed: Sequence[Entity], human: Sequence[Entity]) -> dict[str, str]:
    """Proposed entity id -> the human entity with a common name or alias."""
    out = {}
    for entity in proposed:
        names = {fold(k) for k in keys_of(entity)}
        match = next((h for h in human if names & {fold(k) for k in keys_of(h)}), None)
        if match is not None:
            out[entity.id] = match.id
    return out


def score_article(article: AnnotatedArticle, proposal: Proposal, human: Sequence[Entity]) -> Report:
    """Compare one article's drafts with its human attributions."""
    gold = human_sets(article)
    got = drafted_sets(proposal, equivalents(proposal.entities, human))
    report = Report(articles=1)
    s = report.scores
    s["direct content (exact)"] = exact_score(got["direct"], gold["direct"])
    s["direct content (overlap)"] = overlap_score(spans(got["direct"]), spans(gold["direct"]))
    s["indirect content (exact)"] = exact_score(got["indirect"], gold["indirect"])
    s["indirect content (overlap)"] = overlap_score(spans(got["indirect"]), spans(gold["indirect"]))
    s["source (mention + entity)"] = exact_score(got["source"], gold["source"])
    s["source (mention)"] = exact_score(first(got["source"]), first(gold["source"]))
    s["cue"] = exact_score(got["cue"], gold["cue"])
    report.misses = describe_misses(article, got, gold)
    return report


def spans(items: set[object]) -> set[Span]:
    return {i for i in items if isinstance(i, Span)}


def first(items: set[object]) -> set[object]:
    return {i[0] for i in items if isinstance(i, tuple)}


def describe_misses(
    article: AnnotatedArticle, got: dict[str, set[object]], gold: dict[str, set[object]]
) -> list[str]:
    """Lines naming each missed human item and each spurious drafted item."""
    text = article.text
    out = []
    for category in ("direct", "indirect", "source", "cue"):
        for sign, items in (
            ("-", gold[category] - got[category]),
            ("+", got[category] - gold[category]),
        ):
            for item in sorted(items, key=str):
                span = item[0] if isinstance(item, tuple) else item
                extra = f" -> {item[1]}" if isinstance(item, tuple) else ""
                if isinstance(span, Span):
                    shown = " ".join(text[span.start : span.end].split())
                    out.append(f"  {sign} {category}: {shown[:90]!r}{extra}")
    return out


def evaluate(folders: Sequence[Path], cold: bool = False) -> Report:
    """Draft every annotated article of the folders and sum the scores."""
    total = Report()
    for folder in folders:
        shared, _ = load_entities(folder, REPO)
        articles, _ = load_articles(folder, REPO, drafts=True)
        sidecars, _ = load_sidecars(folder, REPO)
        table, _ = check_references(shared, sidecars)
        by_article = {s.article.resolve(): s for s in sidecars}
        for source in articles:
            sidecar = by_article.get(source.path.resolve())
            if sidecar is None:
                continue
            annotated, _ = annotate(source, sidecar, table)
            known = [*shared, *(() if cold else sidecar.entities)]
            parts = annotated.parts
            proposal = draft(annotated.text, parts, known, table)
            report = score_article(annotated, proposal, [*shared, *sidecar.entities])
            total.articles += 1
            for name, score in report.scores.items():
                total.scores[name].add(score)
            if report.misses:
                total.misses += [source.rel, *report.misses]
    return total


def table(report: Report) -> str:
    lines = [f"{'category':28} {'gold':>5} {'drafted':>8} {'P':>6} {'R':>6} {'F1':>6}"]
    for name in CATEGORIES:
        s = report.scores[name]
        lines.append(
            f"{name:28} {s.gold:5d} {s.drafted:8d} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, help="content folders")
    parser.add_argument("--cold", action="store_true", help="draft with shared entities only")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    folders = args.folders or [REPO / "content", REPO / "tests" / "gold"]
    report = evaluate(folders, args.cold)
    mode = "shared entities only (--cold)" if args.cold else "shared + sidecar entities"
    print(f"suggest on {report.articles} annotated articles; known entities: {mode}")
    print(table(report))
    if args.verbose:
        print("\n".join(report.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
