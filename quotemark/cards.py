"""Articles and speakers as every page lists them: placed, dated, coloured and linked.

Pure: every href is relative to the page that shows the card.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from quotemark.model import Entity, Settings
from quotemark.pages import PALETTE_SIZE, ArticleCard, SiteInfo, Speaker
from quotemark.paths import entity_path, relative
from quotemark.summary import Summary


@dataclass(frozen=True)
class Catalogue:
    """The archive's entities with their palette colours."""

    entities: Mapping[str, Entity]
    colours: Mapping[str, int]


def place(articles: Iterable[Summary]) -> list[Summary]:
    """Every article, newest first (by date, then slug, descending)."""
    return sorted(articles, key=lambda s: s.id_order, reverse=True)


def catalogue(named: Sequence[Sequence[str]], entities: Mapping[str, Entity]) -> Catalogue:
    """The declared entities, and a colour for every entity any article names.

    ``named`` holds, for each article, the entities it names (``Summary.entity_ids``).
    """
    ids = sorted({*entities, *(e for article in named for e in article)})
    return Catalogue(entities, assign_colours(named, ids))


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


def assign_colours(named: Sequence[Sequence[str]], ids: Sequence[str]) -> dict[str, int]:
    """A colour per entity, stable across pages: its hashed slot unless an entity it shares
    an article with took that slot first (ids in sorted order), then the next free one."""
    together: defaultdict[str, set[str]] = defaultdict(set)
    for article in named:
        present = set(article)
        for e in present:
            together[e] |= present - {e}
    colours: dict[str, int] = {}
    for e in sorted(ids):
        taken = {colours[o] for o in together[e] if o in colours}
        start = int(hashlib.sha256(e.encode()).hexdigest(), 16) % PALETTE_SIZE
        slots = [(start + i) % PALETTE_SIZE for i in range(PALETTE_SIZE)]
        colours[e] = next((s for s in slots if s not in taken), start)
    return colours


def speaker(cat: Catalogue, entity_id: str, page: str, count: int = 0) -> Speaker:
    """An entity as a page lists it, linked to its entity page."""
    entity = cat.entities.get(entity_id)
    name = entity.name if entity else entity_id
    href = relative(page, entity_path(entity_id))
    kind = entity.type if entity else "unknown"
    role = entity.role if entity else None
    return Speaker(entity_id, name, href, cat.colours[entity_id], kind, role, count)


def speakers_of(article: Summary, cat: Catalogue, page: str) -> tuple[Speaker, ...]:
    """The article's speakers in order of first appearance, with their attribution counts."""
    counts = Counter(a.entity for a in article.said if a.entity)
    order = dict.fromkeys(a.entity for a in article.said if a.entity)
    return tuple(speaker(cat, e, page, counts[e]) for e in order)


def card(article: Summary, cat: Catalogue, page: str) -> ArticleCard:
    """An article as a list on ``page`` shows it."""
    return ArticleCard(
        title=article.title,
        href=relative(page, article.path),
        date=article.display_date,
        date_iso=article.date.isoformat(),
        publisher=article.publisher,
        summary=article.summary,
        speakers=speakers_of(article, cat, page),
        quote_count=len(article.said),
    )
