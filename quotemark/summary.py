"""What the archive's lists need to know of one annotated article, and nothing more.

Home, year, tag and entity pages, redirects, the search index and the sitemap are made
from summaries, so the build can forget an article's pages once they are written (and
the cache can keep a summary instead of the article). A summary is small and plain: it
is pickled into the build cache and sent back from worker processes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quotemark.annotate import AnchoredAttribution, AnnotatedArticle, speaker_of
from quotemark.model import Sidecar
from quotemark.paths import article_path
from quotemark.words import tokens

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Said:
    """One attribution as lists, entity pages and search show it."""

    id: str
    number: int
    kind: str  # direct | indirect | mixed
    entity: str | None  # the speaker (inherited through ``continues``)
    addressee: str | None
    quote: str  # the content's text, pieces joined with " … "
    cue: str | None  # the cue's text


@dataclass(frozen=True)
class Summary:
    """An annotated article reduced to what pages other than its own show of it."""

    rel: str  # the article file, as diagnostics name it
    path: str  # its page, ``<YYYY>/<MM>/<slug>.html``
    slug: str
    date: dt.date
    title: str
    publisher: str | None
    summary: str | None
    tags: tuple[str, ...]
    aliases: tuple[str, ...]
    said: tuple[Said, ...]  # in document order
    mentions: tuple[str, ...]  # the entity of each mention
    entity_ids: tuple[str, ...]  # every entity a wrapper of its page names, sorted
    words: str  # its searchable words (visible text), each once, space-separated
    statuses: tuple[tuple[str, int], ...]  # anchoring status -> count
    exported: bool  # it has a ``.annotations.jsonld`` file

    @property
    def id_order(self) -> tuple[str, str]:
        """Its place in the archive: by date, then slug."""
        return (self.date.isoformat(), self.slug)

    @property
    def display_date(self) -> str:
        """Its date for readers: ``30 December 2017``."""
        return f"{self.date.day} {MONTHS[self.date.month - 1]} {self.date.year}"


def summarize(article: AnnotatedArticle) -> Summary:
    """The summary of an annotated article."""
    source = article.source
    regions = article.sidecar.regions if article.sidecar else ()
    return Summary(
        rel=source.rel,
        path=article_path(article),
        slug=source.slug,
        date=source.date,
        title=source.title,
        publisher=source.publisher,
        summary=source.summary,
        tags=source.tags,
        aliases=source.aliases,
        said=tuple(said_of(article, a) for a in article.attributions),
        mentions=tuple(entity for _, entity, _ in article.mentions),
        entity_ids=named_entities(article.sidecar),
        words=" ".join(dict.fromkeys(tokens(article.visible_text()))),
        statuses=article.statuses,
        exported=bool(article.attributions or article.mentions or regions),
    )


def said_of(article: AnnotatedArticle, anchored: AnchoredAttribution) -> Said:
    """An attribution's summary."""
    cue = anchored.attribution.cue
    return Said(
        id=anchored.attribution.id,
        number=anchored.number,
        kind=anchored.attribution.kind,
        entity=anchored.entity,
        addressee=cue.addressee.entity if cue and cue.addressee else None,
        quote=spans_text(article, anchored, "content"),
        cue=spans_text(article, anchored, "cue") or None,
    )


def spans_text(article: AnnotatedArticle, anchored: AnchoredAttribution, role: str) -> str:
    """The text of an attribution's anchors in one role, pieces joined with " … "."""
    pieces = [
        " ".join(article.text[s.start : s.end].split())
        for r, item in anchored.anchored()
        if r == role
        for s in item.spans
    ]
    return " … ".join(pieces)


def named_entities(sidecar: Sidecar | None) -> tuple[str, ...]:
    """Every entity the sidecar's wrappers name (speakers, addressees, mentions), sorted.

    Read from the sidecar alone, so that colours can be given out before anchoring.
    """
    if sidecar is None:
        return ()
    by_id = {a.id: a for a in sidecar.attributions}
    ids = {speaker_of(a, by_id) for a in sidecar.attributions}
    for attribution in sidecar.attributions:
        cue = attribution.cue
        ids.add(cue.addressee.entity if cue and cue.addressee else None)
    ids.update(m.entity for m in sidecar.mentions)
    return tuple(sorted(i for i in ids if i))
