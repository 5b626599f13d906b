"""The ``stats`` command: a table of what the archive holds and how well it anchors.

Runs the build's loading, checking and anchoring (no page is rendered, nothing is
written), prints its diagnostics to stderr like ``check``, and the tables to stdout:
the totals (articles, attributions by kind, unreviewed machine suggestions, entities by
type, mentions, regions, anchors by status), then one row per article with its
attributions and its worst anchoring status. Drafts are left out unless ``--drafts``.
Exit 1 when the content has errors (the tables show what could be read), else 0.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from quotemark.annotate import STATUS_ORDER, AnnotatedArticle
from quotemark.content import load_articles
from quotemark.model import Attribution, Entity, Problem, has_errors
from quotemark.pipeline import load_archive
from quotemark.project import Project
from quotemark.sidecar import ENTITY_TYPES, KINDS, SUFFIX

EXIT_OK, EXIT_CONTENT = 0, 1
GAP = "  "


@dataclass(frozen=True)
class Loaded:
    """The archive as the build sees it before rendering."""

    articles: tuple[AnnotatedArticle, ...]
    entities: tuple[Entity, ...]  # shared ones and those of the counted articles' sidecars
    drafts: int  # drafts in the archive (counted only with --drafts)
    problems: tuple[Problem, ...]


def stats_command(project: Project) -> int:
    """Print the archive's statistics; return 1 if the content has errors."""
    loaded = load(project)
    for problem in loaded.problems:
        print(problem.format(), file=sys.stderr)
    print(format_tables(loaded, project.drafts), end="")
    return EXIT_CONTENT if has_errors(loaded.problems) else EXIT_OK


def load(project: Project) -> Loaded:
    """Load, check and anchor everything, as ``build`` does before it renders."""
    archive = load_archive(project)
    everything, _ = load_articles(project.content, project.root, drafts=True)
    drafts = sum(a.draft for a in everything)
    shared = [e for e in archive.entities.values() if not e.origin.endswith(SUFFIX)]
    local = [e for a in archive.articles if a.sidecar for e in a.sidecar.entities]
    entities = {e.id: e for e in [*shared, *local]}
    annotated, problems = archive.articles, archive.problems
    return Loaded(tuple(annotated), tuple(entities.values()), drafts, tuple(problems))


def totals(loaded: Loaded, drafts_included: bool) -> list[tuple[str, int]]:
    """The rows of the totals table: label and number."""
    articles = loaded.articles
    attributions = [a.attribution for article in articles for a in article.attributions]
    kinds = Counter(a.kind for a in attributions)
    types = Counter(e.type for e in loaded.entities)
    statuses: Counter[str] = Counter()
    for article in articles:
        statuses.update(dict(article.statuses))
    sidecars = [a.sidecar for a in articles if a.sidecar is not None]
    draft_label = "drafts included" if drafts_included else "drafts left out"
    return [
        ("articles", len(articles)),
        (f"  {draft_label}", loaded.drafts),
        ("attributions", len(attributions)),
        *((f"  {kind}", kinds[kind]) for kind in KINDS),
        ("  suggested, unreviewed", sum(is_unreviewed(a) for a in attributions)),
        ("entities", len(loaded.entities)),
        *((f"  {kind}", types[kind]) for kind in ENTITY_TYPES if types[kind]),
        ("mentions", sum(len(s.mentions) for s in sidecars)),
        ("regions", sum(len(s.regions) for s in sidecars)),
        ("anchors", sum(statuses.values())),
        *((f"  {status.value}", statuses[status.value]) for status in STATUS_ORDER),
    ]


def per_article(articles: Sequence[AnnotatedArticle]) -> list[tuple[str, str, str]]:
    """One row per article: its path, attribution count and worst anchoring status."""
    rows = [("article", "attributions", "worst anchor")]
    for article in articles:
        present = [s for s in STATUS_ORDER if dict(article.statuses).get(s.value)]
        worst = present[-1].value if present else "-"
        rows.append((article.source.rel, str(len(article.attributions)), worst))
    return rows


def format_tables(loaded: Loaded, drafts_included: bool) -> str:
    """Both tables as aligned plain text, a blank line between them."""
    rows = totals(loaded, drafts_included)
    label_width = max(len(label) for label, _ in rows)
    number_width = max(len(str(n)) for _, n in rows)
    first = [f"{label:<{label_width}}{GAP}{n:>{number_width}}" for label, n in rows]
    table = per_article(loaded.articles)
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    second = [
        f"{path:<{widths[0]}}{GAP}{count:>{widths[1]}}{GAP}{worst}".rstrip()
        for path, count, worst in table
    ]
    return "\n".join(first) + "\n\n" + "\n".join(second) + "\n"


def is_unreviewed(attribution: Attribution) -> bool:
    """A machine suggestion not reviewed yet: ``reviewed: false``, or a generator and no
    ``reviewed: true``."""
    reviewed = attribution.reviewed
    return reviewed is False or (attribution.generator is not None and reviewed is not True)
