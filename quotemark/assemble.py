"""Turn annotated articles and entities into the page data the templates show.

Pure: every href is computed here, relative to the page that shows it.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quotemark.annotate import AnchoredAttribution, AnnotatedArticle
from quotemark.markup import render_note
from quotemark.model import Entity, Settings
from quotemark.pages import (
    PALETTE_SIZE,
    ArticleCard,
    ArticlePage,
    EntityCard,
    EntityIndexPage,
    EntityPage,
    EntityQuote,
    HomePage,
    Note,
    Page,
    SiteInfo,
    Speaker,
)

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


def article_path(article: AnnotatedArticle) -> str:
    date = article.source.date
    return f"{date.year:04d}/{date.month:02d}/{article.source.slug}.html"


def relative(from_page: str, target: str) -> str:
    """The relative href from one output file to another (both site-relative)."""
    base = posixpath.dirname(from_page) or "."
    path, _, fragment = target.partition("#")
    rel = posixpath.relpath(path, base)
    return f"{rel}#{fragment}" if fragment else rel


def root_of(page: str) -> str:
    return "../" * page.count("/")


def display_date(article: AnnotatedArticle) -> str:
    date = article.source.date
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def site_info(settings: Settings) -> SiteInfo:
    return SiteInfo(
        settings.title,
        settings.description,
        settings.lang,
        settings.dir,
        settings.author,
        settings.base_url,
    )


@dataclass(frozen=True)
class Catalogue:
    """The archive's entities with their palette colours."""

    entities: Mapping[str, Entity]
    colours: Mapping[str, int]


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


def assemble(
    settings: Settings, articles: Sequence[AnnotatedArticle], entities: Mapping[str, Entity]
) -> list[Page]:
    """Every page of the archive, newest article first."""
    ids = sorted({*entities, *(e for a in articles for e in page_entity_ids(a))})
    cat = Catalogue(entities, assign_colours(articles, ids))
    site = site_info(settings)
    placed = sorted((Placed(a, article_path(a)) for a in articles), key=lambda p: p.id_order)
    placed.reverse()
    pages: list[Page] = [article_page(site, p, cat) for p in placed]
    pages.append(home_page(site, placed, cat))
    pages.append(entity_index(site, placed, cat))
    pages.extend(entity_page(site, placed, cat, e) for e in sorted(cat.entities))
    return pages


def speaker(cat: Catalogue, entity_id: str, page: str, count: int = 0) -> Speaker:
    entity = cat.entities.get(entity_id)
    name = entity.name if entity else entity_id
    href = relative(page, f"entities/{entity_id}.html")
    kind = entity.type if entity else "unknown"
    role = entity.role if entity else None
    return Speaker(entity_id, name, href, cat.colours[entity_id], kind, role, count)


def speakers_of(article: AnnotatedArticle, cat: Catalogue, page: str) -> tuple[Speaker, ...]:
    """The article's speakers in order of first appearance, with their attribution counts."""
    counts = Counter(a.entity for a in article.attributions if a.entity)
    order = dict.fromkeys(a.entity for a in article.attributions if a.entity)
    return tuple(speaker(cat, e, page, counts[e]) for e in order)


def spans_text(article: AnnotatedArticle, anchored: AnchoredAttribution, role: str) -> str:
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


def page_entity_ids(article: AnnotatedArticle) -> tuple[str, ...]:
    """Every entity that a wrapper of the article names, sorted."""
    ids = {a.entity for a in article.attributions if a.entity}
    for anchored in article.attributions:
        cue = anchored.attribution.cue
        if cue and cue.addressee and cue.addressee.entity:
            ids.add(cue.addressee.entity)
    ids.update(entity for _, entity, _ in article.mentions)
    return tuple(sorted(ids))


def article_page(site: SiteInfo, placed: Placed, cat: Catalogue) -> ArticlePage:
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
        tags=tuple((t, "") for t in source.tags),
        lang=source.lang or site.lang,
        dir=source.dir or site.dir,
        speakers=speakers_of(article, cat, page),
        notes=notes,
        entity_colours=page_entities(article, cat),
        annotations_href=posixpath.basename(page).removesuffix(".html") + ".annotations.jsonld",
    )


def card(placed: Placed, cat: Catalogue, page: str) -> ArticleCard:
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


def home_page(site: SiteInfo, placed: Sequence[Placed], cat: Catalogue) -> HomePage:
    page = "index.html"
    cards = tuple(card(p, cat, page) for p in placed)
    return HomePage(page, "", site, cards, (), len(cat.entities), len(placed))


def entity_index(site: SiteInfo, placed: Sequence[Placed], cat: Catalogue) -> EntityIndexPage:
    page = "entities/index.html"
    quotes: Counter[str] = Counter()
    articles: defaultdict[str, set[str]] = defaultdict(set)
    for p in placed:
        for anchored in p.article.attributions:
            if anchored.entity:
                quotes[anchored.entity] += 1
                articles[anchored.entity].add(p.path)
    cards = [
        EntityCard(speaker(cat, e, page, quotes[e]), quotes[e], len(articles[e]))
        for e in cat.entities
    ]
    cards.sort(key=lambda c: (-c.attributions, c.speaker.name.casefold(), c.speaker.id))
    return EntityIndexPage(page, "../", site, tuple(cards))


def entity_page(
    site: SiteInfo, placed: Sequence[Placed], cat: Catalogue, entity_id: str
) -> EntityPage:
    page = f"entities/{entity_id}.html"
    entity = cat.entities[entity_id]
    quotes, mentions = [], 0
    for p in placed:
        article = p.article
        mentions += sum(1 for _, e, _ in article.mentions if e == entity_id)
        for anchored in article.attributions:
            cue = anchored.attribution.cue
            to = cue.addressee.entity if cue and cue.addressee else None
            for role in [
                r for r, e in (("source", anchored.entity), ("addressee", to)) if e == entity_id
            ]:
                quotes.append(
                    EntityQuote(
                        article=article.source.title,
                        article_href=relative(page, p.path),
                        date=display_date(article),
                        date_iso=article.source.date.isoformat(),
                        kind=anchored.attribution.kind,
                        role=role,
                        quote=spans_text(article, anchored, "content"),
                        href=relative(page, f"{p.path}#an-{anchored.attribution.id}"),
                        cue=spans_text(article, anchored, "cue") or None,
                    )
                )
    members = tuple(
        speaker(cat, e.id, page) for e in cat.entities.values() if e.member_of == entity_id
    )
    parent = None
    if entity.member_of is not None and entity.member_of in cat.entities:
        parent = speaker(cat, entity.member_of, page)
    return EntityPage(
        path=page,
        root="../",
        site=site,
        speaker=speaker(cat, entity_id, page, sum(q.role == "source" for q in quotes)),
        description=entity.description,
        note=entity.note,
        aliases=entity.aliases,
        same_as=entity.same_as,
        member_of=parent,
        members=tuple(sorted(members, key=lambda s: s.id)),
        quotes=tuple(quotes),
        mention_count=mentions,
    )
