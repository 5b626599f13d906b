"""The list pages, each with a digest of what it is made from, made only when needed.

A list page (home, a year, the tags, a tag, the entities, an entity, a redirect) shows
the summaries of some articles and the catalogue. A page's basis is: the catalogue's
digest (site settings, every entity and its colour), the ``shown_digest`` of each
article it shows, in order (what any list page can show of it: not its searchable
words, so an edit of an article's text alone changes no list page), and the few
numbers it prints about the rest of the archive. A page whose basis is unchanged since
the previous build is linked from there without computing its data at all.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from quotemark.assemble import ENTITY_INDEX, Involvement, entity_index, entity_page, involvements
from quotemark.cache import key_of
from quotemark.cards import Catalogue
from quotemark.model import Entity, Loc
from quotemark.navigation import (
    HOME,
    TAG_INDEX,
    home_page,
    tag_index,
    tag_order,
    tag_page,
    tagged,
    year_counts,
    year_page,
)
from quotemark.pages import Page, SiteInfo
from quotemark.paths import entity_path, tag_path, year_path
from quotemark.redirects import redirect_pages
from quotemark.summary import Summary

NOWHERE = Loc(0, 0)


NOT_SHOWN = frozenset({"words", "statuses"})  # Summary fields no list page shows
SHOWN = tuple(f.name for f in dataclasses.fields(Summary) if f.name not in NOT_SHOWN)


@dataclass(frozen=True)
class Plan:
    """A page to write: where, the digest of what it is made from, and how to make it."""

    path: str
    basis: str
    make: Callable[[], Page]
    weight: int = 1  # the articles it lists: what making it costs, roughly


def shown_digest(summary: Summary) -> str:
    """The digest of every field of a summary that a list page may show."""
    return key_of(repr(tuple(getattr(summary, name) for name in SHOWN)))


def neutral(entity: Entity | None) -> Entity | None:
    """An entity without where it is declared (moving a declaration changes no page)."""
    if entity is None:
        return None
    return dataclasses.replace(entity, loc=NOWHERE, origin="", id_loc=None, member_of_loc=None)


def catalogue_digest(site: SiteInfo, cat: Catalogue) -> str:
    """The digest of the settings, every entity and every colour."""
    entities = [(e, neutral(cat.entities[e])) for e in sorted(cat.entities)]
    return key_of(repr(site), repr(sorted(cat.colours.items())), repr(entities))


def plan_lists(
    site: SiteInfo,
    per_page: int,
    placed: Sequence[Summary],
    shown: Sequence[str],
    cat: Catalogue,
    slugs: Mapping[str, str],
) -> list[Plan]:
    """Every page but the articles' own; ``placed``: newest first; ``shown``: their
    ``shown_digest``s."""
    base = catalogue_digest(site, cat)
    key = dict(zip((p.path for p in placed), shown, strict=True))

    def basis(*parts: object) -> str:
        return key_of(base, repr(parts))

    def keys_of(articles: Sequence[Summary]) -> list[str]:
        return [key[a.path] for a in articles]

    redirects = redirect_pages(site, placed)
    counts = year_counts(placed)
    head = placed[: per_page + 1]
    plans = [
        Plan(
            HOME,
            basis("home", keys_of(head), counts, len(placed), len(slugs), per_page),
            lambda: home_page(site, placed, cat, per_page, len(slugs)),
            len(head),
        )
    ]
    plans += year_plans(site, placed, cat, counts, basis, keys_of)
    plans += tag_plans(site, placed, cat, slugs, basis, keys_of)
    plans += entity_plans(site, placed, cat, basis, keys_of)
    plans += [Plan(p.path, basis(repr(p)), functools.partial(same, p)) for p in redirects]
    return plans


def same(page: Page) -> Page:
    return page


Basis = Callable[..., str]
Keys = Callable[[Sequence[Summary]], list[str]]


def year_plans(
    site: SiteInfo,
    placed: Sequence[Summary],
    cat: Catalogue,
    counts: Mapping[int, int],
    basis: Basis,
    keys_of: Keys,
) -> list[Plan]:
    """A page per year."""
    by_year: defaultdict[int, list[Summary]] = defaultdict(list)
    for p in placed:
        by_year[p.date.year].append(p)
    return [
        Plan(
            year_path(year),
            basis("year", year, keys_of(articles), counts),
            functools.partial(year_page, site, year, articles, counts, cat),
            len(articles),
        )
        for year, articles in by_year.items()
    ]


def tag_plans(
    site: SiteInfo,
    placed: Sequence[Summary],
    cat: Catalogue,
    slugs: Mapping[str, str],
    basis: Basis,
    keys_of: Keys,
) -> list[Plan]:
    """The tag index and a page per tag."""
    tags = tagged(placed)
    listed = [(t, slugs[t], len(tags[t])) for t in sorted(tags, key=tag_order)]
    plans = [Plan(TAG_INDEX, basis("tags", listed), lambda: tag_index(site, placed, slugs))]
    for tag, articles in sorted(tags.items(), key=lambda item: tag_order(item[0])):
        plans.append(
            Plan(
                tag_path(slugs[tag]),
                basis("tag", tag, slugs[tag], keys_of(articles)),
                functools.partial(tag_page, site, tag, articles, cat, slugs),
                len(articles),
            )
        )
    return plans


def entity_plans(
    site: SiteInfo, placed: Sequence[Summary], cat: Catalogue, basis: Basis, keys_of: Keys
) -> list[Plan]:
    """The entity index and a page per entity (their involvements worked out once, if needed)."""
    involving: defaultdict[str, list[Summary]] = defaultdict(list)
    for p in placed:
        for e in dict.fromkeys(e for s in p.said for e in (s.entity, s.addressee) if e):
            involving[e].append(p)
    mentions = Counter(e for p in placed for e in p.mentions)
    anyone = [p for p in placed if any(s.entity or s.addressee for s in p.said)]

    @functools.cache
    def involved() -> dict[str, list[Involvement]]:
        return involvements(placed)

    def index() -> Page:
        return entity_index(site, involved(), cat)

    def page(entity: str) -> Page:
        return entity_page(site, involved().get(entity, []), cat, entity, mentions[entity])

    plans = [Plan(ENTITY_INDEX, basis("entities", keys_of(anyone)), index, len(anyone))]
    for e in sorted(cat.entities):
        listing = involving.get(e, [])
        plans.append(
            Plan(
                entity_path(e),
                basis("entity", e, keys_of(listing), mentions[e]),
                functools.partial(page, e),
                len(listing),
            )
        )
    return plans
