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
from quotemark.cards import Catalogue, speaker, speakers_of
from quotemark.markup import render_note
from quotemark.pages import (
    ArticlePage,
    EntityCard,
    EntityIndexPage,
    EntityPage,
    EntityQuote,
    Note,
    SiteInfo,
)
from quotemark.paths import entity_path, relative, root_of, tag_path
from quotemark.summary import Said, Summary

ENTITY_INDEX = "entities/index.html"


@dataclass(frozen=True)
class Involvement:
    """An attribution an entity takes part in, as its source or its addressee."""

    placed: Summary
    said: Said
    role: str  # "source" or "addressee"


def note_of(
    anchored: AnchoredAttribution,
    said: Said,
    cat: Catalogue,
    page: str,
    numbers: Mapping[str, int],
) -> Note:
    """An attribution as the article's notes section shows it (its texts from its summary)."""
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
        cue=said.cue,
        lemma=cue.lemma if cue else None,
        addressee=to,
        when=when,
        note_html=render_note(attribution.note) if attribution.note else None,
        quote=said.quote,
        section=attribution.section,
        confidence=attribution.confidence,
        responds_to=tuple((i, numbers[i]) for i in attribution.responds_to if i in numbers),
        continues=tuple((i, numbers[i]) for i in attribution.continues if i in numbers),
        machine=attribution.generator is not None and attribution.reviewed is not True,
        status=anchored.status.value,
    )


def article_page(
    site: SiteInfo,
    article: AnnotatedArticle,
    summary: Summary,
    cat: Catalogue,
    slugs: Mapping[str, str],
) -> ArticlePage:
    """An article with its highlights, notes, legend and tag links."""
    page, source = summary.path, article.source
    numbers = {a.attribution.id: a.number for a in article.attributions}
    notes = tuple(
        note_of(a, said, cat, page, numbers)
        for a, said in zip(article.attributions, summary.said, strict=True)
    )
    return ArticlePage(
        path=page,
        root=root_of(page),
        site=site,
        title=source.title,
        title_html=article.part("headline") or "",
        summary_html=article.part("summary"),
        caption_html=article.part("caption"),
        body_html=article.part("body") or "",
        date=summary.display_date,
        date_iso=source.date.isoformat(),
        publisher=source.publisher,
        author=source.author,
        url=source.url,
        image=source.image,
        credit=source.credit,
        tags=tuple((t, relative(page, tag_path(slugs[t]))) for t in dict.fromkeys(source.tags)),
        lang=source.lang or site.lang,
        dir=source.dir or site.dir,
        speakers=speakers_of(summary, cat, page),
        notes=notes,
        entity_colours=tuple((e, cat.colours[e]) for e in summary.entity_ids),
        annotations_href=posixpath.basename(page).removesuffix(".html") + ".annotations.jsonld",
    )


def involvements(placed: Sequence[Summary]) -> dict[str, list[Involvement]]:
    """Every attribution each entity is the source or addressee of, in article order."""
    found: defaultdict[str, list[Involvement]] = defaultdict(list)
    for p in placed:
        for said in p.said:
            for role, entity in (("source", said.entity), ("addressee", said.addressee)):
                if entity:
                    found[entity].append(Involvement(p, said, role))
    return dict(found)


def entity_stats(
    cat: Catalogue, entity_id: str, involved: Sequence[Involvement], page: str
) -> EntityCard:
    """An entity's attributions as a source: by kind, in how many articles, first and last."""
    said = [i for i in involved if i.role == "source"]
    kinds = Counter(i.said.kind for i in said)
    dated = sorted(said, key=lambda i: i.placed.id_order)
    first = dated[0].placed if dated else None
    last = dated[-1].placed if dated else None
    return EntityCard(
        speaker(cat, entity_id, page, len(said)),
        len(said),
        len({i.placed.path for i in said}),
        direct=kinds["direct"],
        indirect=kinds["indirect"],
        mixed=kinds["mixed"],
        first=first.display_date if first else None,
        first_iso=first.date.isoformat() if first else None,
        last=last.display_date if last else None,
        last_iso=last.date.isoformat() if last else None,
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
    p, said = involvement.placed, involvement.said
    return EntityQuote(
        article=p.title,
        article_href=relative(page, p.path),
        date=p.display_date,
        date_iso=p.date.isoformat(),
        kind=said.kind,
        role=involvement.role,
        quote=said.quote,
        href=relative(page, f"{p.path}#an-{said.id}"),
        cue=said.cue,
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
