"""Articles and speakers as every page lists them: placed, dated, coloured and linked.

Pure: every href is relative to the page that shows the card.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quotemark.annotate import AnnotatedArticle
from quotemark.model import Entity, Settings
from quotemark.pages import PALETTE_SIZE, ArticleCard, SiteInfo, Speaker
from quotemark.paths import article_path, entity_path, relative

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
class Placed:
    """An annotated article with its output path."""

    article: AnnotatedArticle
    path: str

    @property
    def id_order(self) -> tuple[str, str]:
        return (self.article.source.date.isoformat(), self.article.source.slug)


@dataclass(frozen=True)
class Catalogue:
    """The archive's entities with their palette colours."""

    entities: Mapping[str, Entity]
    colours: Mapping[str, int]


def place(articles: Sequence[AnnotatedArticle]) -> list[Placed]:
    """Every article with its page, newest first (by date, then slug, descending)."""
    placed = sorted((Placed(a, article_path(a)) for a in articles), key=lambda p: p.id_order)
    placed.reverse()
    return placed


def catalogue(articles: Sequence[AnnotatedArticle], entities: Mapping[str, Entity]) -> Catalogue:
    """The declared entities, and a colour for every entity any article names."""
    ids = sorted({*entities, *(e for a in articles for e in page_entity_ids(a))})
    return Catalogue(entities, assign_colours(articles, ids))


def display_date(article: AnnotatedArticle) -> str:
    """The article's date for readers: ``30 December 2017``."""
    date = article.source.date
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def site_info(settings: Settings) -> SiteInfo:
    """What every page shows of the site settings."""
    return SiteInfo(
        settings.title,
        settings.description,
        settings.lang,
        settings.dir,
        settings.author,
        settings.base_url,
    )


def assign_colours(articles: Sequence[AnnotatedArticle], ids: Sequence[str]) -> dict[str, int]:
    """A colour per entity, stable across pages: its hashed slot unless an entity it shares
    an article with took that slot first (ids in sorted order), then the next free one."""
    together: defaultdict[str, set[str]] = defaultdict(set)
    for article in articles:
        present = set(page_entity_ids(article))
        for e in present:
            together[e] |= present - {e}
    colours: dict[str, int] = {}
    for e in sorted(ids):
        taken = {colours[o] for o in together[e] if o in colours}
        start = int(hashlib.sha256(e.encode()).hexdigest(), 16) % PALETTE_SIZE
        slots = [(start + i) % PALETTE_SIZE for i in range(PALETTE_SIZE)]
        colours[e] = next((s for s in slots if s not in taken), start)
    return colours


def page_entity_ids(article: AnnotatedArticle) -> tuple[str, ...]:
    """Every entity that a wrapper of the article names, sorted."""
    ids = {a.entity for a in article.attributions if a.entity}
    for anchored in article.attributions:
        cue = anchored.attribution.cue
        if cue and cue.addressee and cue.addressee.entity:
            ids.add(cue.addressee.entity)
    ids.update(entity for _, entity, _ in article.mentions)
    return tuple(sorted(ids))


def speaker(cat: Catalogue, entity_id: str, page: str, count: int = 0) -> Speaker:
    """An entity as a page lists it, linked to its entity page."""
    entity = cat.entities.get(entity_id)
    name = entity.name if entity else entity_id
    href = relative(page, entity_path(entity_id))
    kind = entity.type if entity else "unknown"
    role = entity.role if entity else None
    return Speaker(entity_id, name, href, cat.colours[entity_id], kind, role, count)


def speakers_of(article: AnnotatedArticle, cat: Catalogue, page: str) -> tuple[Speaker, ...]:
    """The article's speakers in order of first appearance, with their attribution counts."""
    counts = Counter(a.entity for a in article.attributions if a.entity)
    order = dict.fromkeys(a.entity for a in article.attributions if a.entity)
    return tuple(speaker(cat, e, page, counts[e]) for e in order)


def card(placed: Placed, cat: Catalogue, page: str) -> ArticleCard:
    """An article as a list on ``page`` shows it."""
    article = placed.article
    return ArticleCard(
        title=article.source.title,
        href=relative(page, placed.path),
        date=display_date(article),
        date_iso=article.source.date.isoformat(),
        publisher=article.source.publisher,
        summary=article.source.summary,
        speakers=speakers_of(article, cat, page),
        quote_count=len(article.attributions),
    )
