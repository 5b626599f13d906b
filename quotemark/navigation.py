"""The ways into the archive: the home page, a page per year, a page per tag.

The home page shows the newest ``per_page`` articles and links every year; each year's
page lists all its articles by month. So every article is two links from home at most,
no page grows with the whole archive, and a new article changes only the home page,
its year's page and its tags' pages (no ``page-N.html`` whose contents shift).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from itertools import groupby

from quotemark.cards import Catalogue, card
from quotemark.pages import (
    HomePage,
    Link,
    MonthGroup,
    SiteInfo,
    TagIndexPage,
    TagLink,
    TagPage,
    YearLink,
    YearPage,
)
from quotemark.paths import relative, tag_path, year_path
from quotemark.summary import MONTHS, Summary

HOME = "index.html"
TAG_INDEX = "tags/index.html"


def home_page(
    site: SiteInfo, placed: Sequence[Summary], cat: Catalogue, per_page: int, tag_count: int
) -> HomePage:
    """The newest ``per_page`` articles, every year, and where the list goes on."""
    cards = tuple(card(p, cat, HOME) for p in placed[:per_page])
    older = None
    if len(placed) > per_page:
        date = placed[per_page].date
        target = f"{year_path(date.year)}#{month_id(date.month)}"
        older = Link(month_label(date.year, date.month), relative(HOME, target))
    years = year_links(placed, HOME)
    return HomePage(HOME, "", site, cards, years, len(cat.entities), len(placed), tag_count, older)


def year_links(placed: Sequence[Summary], page: str) -> tuple[YearLink, ...]:
    """Every year that has articles, newest first, with its count, linked from ``page``."""
    counts = Counter(p.date.year for p in placed)
    return tuple(
        YearLink(f"{year:04d}", relative(page, year_path(year)), counts[year])
        for year in sorted(counts, reverse=True)
    )


def month_label(year: int, month: int) -> str:
    """A month for readers: ``December 2017``."""
    return f"{MONTHS[month - 1]} {year:04d}"


def month_id(month: int) -> str:
    """The fragment of a month on its year's page."""
    return f"month-{month:02d}"


def year_counts(placed: Sequence[Summary]) -> dict[int, int]:
    """Every year that has articles, with its number of articles."""
    return dict(Counter(p.date.year for p in placed))


def year_page(
    site: SiteInfo,
    year: int,
    articles: Sequence[Summary],
    counts: Mapping[int, int],
    cat: Catalogue,
) -> YearPage:
    """A year's page: its ``articles`` (newest first) by month, and the years around it."""
    page = year_path(year)
    links = tuple(
        YearLink(f"{y:04d}", relative(page, year_path(y)), counts[y])
        for y in sorted(counts, reverse=True)
    )
    i = sorted(counts, reverse=True).index(year)
    newer = links[i - 1] if i > 0 else None
    older = links[i + 1] if i + 1 < len(links) else None
    months = months_of(year, articles, cat, page)
    count = sum(len(m.articles) for m in months)
    return YearPage(page, "../", site, f"{year:04d}", count, months, newer, older, links)


def months_of(
    year: int, placed: Sequence[Summary], cat: Catalogue, page: str
) -> tuple[MonthGroup, ...]:
    """A year's articles (newest first) grouped by month."""
    return tuple(
        MonthGroup(
            month_label(year, month),
            month_id(month),
            tuple(card(p, cat, page) for p in articles),
        )
        for month, articles in groupby(placed, key=lambda p: p.date.month)
    )


def tagged(placed: Sequence[Summary]) -> dict[str, list[Summary]]:
    """Every tag with its articles (in the order given), each article once."""
    found: defaultdict[str, list[Summary]] = defaultdict(list)
    for p in placed:
        for tag in dict.fromkeys(p.tags):
            found[tag].append(p)
    return dict(found)


def tag_order(tag: str) -> tuple[str, str]:
    """Sort tags as readers look them up: ignoring case, then exactly."""
    return (tag.casefold(), tag)


def tag_index(site: SiteInfo, placed: Sequence[Summary], slugs: Mapping[str, str]) -> TagIndexPage:
    """Every tag by name, with its number of articles."""
    tags = tagged(placed)
    links = tuple(
        TagLink(tag, relative(TAG_INDEX, tag_path(slugs[tag])), len(tags[tag]))
        for tag in sorted(tags, key=tag_order)
    )
    return TagIndexPage(TAG_INDEX, "../", site, links)


def tag_page(
    site: SiteInfo,
    tag: str,
    articles: Sequence[Summary],
    cat: Catalogue,
    slugs: Mapping[str, str],
) -> TagPage:
    """A tag's page: its ``articles``, newest first."""
    page = tag_path(slugs[tag])
    return TagPage(page, "../", site, tag, tuple(card(p, cat, page) for p in articles))
