"""Turn annotated articles and entities into the page data the templates show.

Pure: every href is computed here (and in ``cards``, ``navigation``, ``redirects``),
relative to the page that shows it. ``paths`` says where each page lives.

| pages                          | made by                       |
|--------------------------------|-------------------------------|
| articles, entities             | this module                   |
| home, years, tags              | ``navigation``                |
| redirects of old URLs          | ``redirects``                 |
"""

from __future__ import annotations

import posixpath
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quotemark.annotate import AnchoredAttribution, AnnotatedArticle
from quotemark.cards import MONTHS as MONTHS
from quotemark.cards import Catalogue, catalogue, place, speaker, speakers_of
from quotemark.cards import Placed as Placed
from quotemark.cards import card as card
from quotemark.cards import display_date as display_date
from quotemark.cards import page_entity_ids as page_entity_ids
from quotemark.cards import site_info as site_info
from quotemark.markup import render_note
from quotemark.model import Entity, Settings
from quotemark.navigation import home_page, tag_index, tag_pages, year_pages
from quotemark.pages import (
    ArticlePage,
    EntityCard,
    EntityIndexPage,
    EntityPage,
    EntityQuote,
    Note,
    Page,
    SiteInfo,
)
from quotemark.paths import article_path as article_path
from quotemark.paths import entity_path, tag_path, tag_slugs
from quotemark.paths import relative as relative
from quotemark.paths import root_of as root_of
from quotemark.redirects import redirect_pages

ENTITY_INDEX = "entities/index.html"


@dataclass(frozen=True)
class Involvement:
    """An attribution an entity takes part in, as its source or its addressee."""

    placed: Placed
    anchored: AnchoredAttribution
    role: str  # "source" or "addressee"


def assemble(
    settings: Settings, articles: Sequence[AnnotatedArticle], entities: Mapping[str, Entity]
) -> list[Page]:
    """Every page of the archive, newest article first."""
    cat = catalogue(articles, entities)
    site = site_info(settings)
    placed = place(articles)
    slugs = tag_slugs(tag for a in articles for tag in a.source.tags)
    involved = involvements(placed)
    mentions = Counter(e for p in placed for _, e, _ in p.article.mentions)
    pages: list[Page] = [article_page(site, p, cat, slugs) for p in placed]
    pages.append(home_page(site, placed, cat, settings.per_page, len(slugs)))
    pages.extend(year_pages(site, placed, cat))
    pages.append(tag_index(site, placed, slugs))
    pages.extend(tag_pages(site, placed, cat, slugs))
    pages.append(entity_index(site, involved, cat))
    for e in sorted(cat.entities):
        pages.append(entity_page(site, involved.get(e, ()), cat, e, mentions[e]))
    pages.extend(redirect_pages(site, placed))
    return pages


def spans_text(article: AnnotatedArticle, anchored: AnchoredAttribution, role: str) -> str:
    """The text of an attribution's anchors in one role, pieces joined with " … "."""
    pieces = [
        " ".join(article.text[s.start : s.end].split())
        for r, item in anchored.anchored()
        if r == role
        for s in item.spans
    ]
    return " … ".join(pieces)


def note_of(
    article: AnnotatedArticle,
    anchored: AnchoredAttribution,
    cat: Catalogue,
    page: str,
    numbers: Mapping[str, int],
) -> Note:
    """An attribution as the article's notes section shows it."""
    attribution = anchored.attribution
    cue = attribution.cue
    who = speaker(cat, anchored.entity, page) if anchored.entity else None
    addressee = cue.addressee if cue else None
    to = speaker(cat, addressee.entity, page) if addressee and addressee.entity else None
    when = None
    if cue and cue.when:
        bits = [b for b in (cue.when.date, f"({cue.when.text})" if cue.when.text else None) if b]
        when = " ".join(bits) or None
    entity = cat.entities.get(anchored.entity or "")
    return Note(
        id=attribution.id,
        number=anchored.number,
        kind=attribution.kind,
        speaker=who,
        same_as=entity.same_as if entity else (),
        cue=spans_text(article, anchored, "cue") or None,
        lemma=cue.lemma if cue else None,
        addressee=to,
        when=when,
        note_html=render_note(attribution.note) if attribution.note else None,
        quote=spans_text(article, anchored, "content"),
        section=attribution.section,
        confidence=attribution.confidence,
        responds_to=tuple((i, numbers[i]) for i in attribution.responds_to if i in numbers),
        continues=tuple((i, numbers[i]) for i in attribution.continues if i in numbers),
        machine=attribution.generator is not None and attribution.reviewed is not True,
        status=anchored.status.value,
    )


def page_entities(article: AnnotatedArticle, cat: Catalogue) -> tuple[tuple[str, int], ...]:
    """Every entity that a wrapper of the article names, with its colour."""
    return tuple((e, cat.colours[e]) for e in page_entity_ids(article))


def article_page(
    site: SiteInfo, placed: Placed, cat: Catalogue, slugs: Mapping[str, str]
) -> ArticlePage:
    """An article with its highlights, notes, legend and tag links."""
    article, page = placed.article, placed.path
    source = article.source
    numbers = {a.attribution.id: a.number for a in article.attributions}
    notes = tuple(note_of(article, a, cat, page, numbers) for a in article.attributions)
    return ArticlePage(
        path=page,
        root=root_of(page),
        site=site,
        title=source.title,
        title_html=article.part("headline") or "",
        summary_html=article.part("summary"),
        caption_html=article.part("caption"),
        body_html=article.part("body") or "",
        date=display_date(article),
        date_iso=source.date.isoformat(),
        publisher=source.publisher,
        author=source.author,
        url=source.url,
        image=source.image,
        credit=source.credit,
        tags=tuple((t, relative(page, tag_path(slugs[t]))) for t in dict.fromkeys(source.tags)),
        lang=source.lang or site.lang,
        dir=source.dir or site.dir,
        speakers=speakers_of(article, cat, page),
        notes=notes,
        entity_colours=page_entities(article, cat),
        annotations_href=posixpath.basename(page).removesuffix(".html") + ".annotations.jsonld",
    )


def involvements(placed: Sequence[Placed]) -> dict[str, list[Involvement]]:
    """Every attribution each entity is the source or addressee of, in article order."""
    found: defaultdict[str, list[Involvement]] = defaultdict(list)
    for p in placed:
        for anchored in p.article.attributions:
            cue = anchored.attribution.cue
            to = cue.addressee.entity if cue and cue.addressee else None
            for role, entity in (("source", anchored.entity), ("addressee", to)):
                if entity:
                    found[entity].append(Involvement(p, anchored, role))
    return dict(found)


def entity_stats(
    cat: Catalogue, entity_id: str, involved: Sequence[Involvement], page: str
) -> EntityCard:
    """An entity's attributions as a source: by kind, in how many articles, first and last."""
    said = [i for i in involved if i.role == "source"]
    kinds = Counter(i.anchored.attribution.kind for i in said)
    dated = sorted(said, key=lambda i: i.placed.id_order)
    first = dated[0].placed.article if dated else None
    last = dated[-1].placed.article if dated else None
    return EntityCard(
        speaker(cat, entity_id, page, len(said)),
        len(said),
        len({i.placed.path for i in said}),
        direct=kinds["direct"],
        indirect=kinds["indirect"],
        mixed=kinds["mixed"],
        first=display_date(first) if first else None,
        first_iso=first.source.date.isoformat() if first else None,
        last=display_date(last) if last else None,
        last_iso=last.source.date.isoformat() if last else None,
    )


def entity_index(
    site: SiteInfo, involved: Mapping[str, Sequence[Involvement]], cat: Catalogue
) -> EntityIndexPage:
    """Every declared entity with its counts, most quoted first."""
    cards = [entity_stats(cat, e, involved.get(e, ()), ENTITY_INDEX) for e in cat.entities]
    cards.sort(key=lambda c: (-c.attributions, c.speaker.name.casefold(), c.speaker.id))
    return EntityIndexPage(ENTITY_INDEX, "../", site, tuple(cards))


def entity_quote(involvement: Involvement, page: str) -> EntityQuote:
    """One attribution on an entity's page, linked to its place in the article."""
    p, anchored = involvement.placed, involvement.anchored
    article = p.article
    return EntityQuote(
        article=article.source.title,
        article_href=relative(page, p.path),
        date=display_date(article),
        date_iso=article.source.date.isoformat(),
        kind=anchored.attribution.kind,
        role=involvement.role,
        quote=spans_text(article, anchored, "content"),
        href=relative(page, f"{p.path}#an-{anchored.attribution.id}"),
        cue=spans_text(article, anchored, "cue") or None,
    )


def entity_page(
    site: SiteInfo,
    involved: Sequence[Involvement],
    cat: Catalogue,
    entity_id: str,
    mentions: int,
) -> EntityPage:
    """An entity: who it is, and every attribution to it, newest article first."""
    page = entity_path(entity_id)
    entity = cat.entities[entity_id]
    members = tuple(
        speaker(cat, e.id, page) for e in cat.entities.values() if e.member_of == entity_id
    )
    parent = None
    if entity.member_of is not None and entity.member_of in cat.entities:
        parent = speaker(cat, entity.member_of, page)
    stats = entity_stats(cat, entity_id, involved, page)
    return EntityPage(
        path=page,
        root="../",
        site=site,
        speaker=stats.speaker,
        description=entity.description,
        note=entity.note,
        aliases=entity.aliases,
        same_as=entity.same_as,
        member_of=parent,
        members=tuple(sorted(members, key=lambda s: s.id)),
        quotes=tuple(entity_quote(i, page) for i in involved),
        mention_count=mentions,
        stats=stats,
    )
