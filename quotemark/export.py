"""Each article's annotations as a W3C Web Annotation collection (SPEC §6).

``<YYYY>/<MM>/<slug>.annotations.jsonld`` holds an ``AnnotationCollection`` whose first
(and only) ``AnnotationPage`` embeds every annotation of the article:

- one ``Annotation`` per attribution (``motivation: describing``), id ``…#<attribution
  id>``. The attribution is one claim (this speaker said this), so its pieces stay
  together: one ``target`` per highlighted span, the content items first, then the
  source mention, cue and addressee mention, each marked with ``quotemark:role``. The
  bodies say what the claim is: a plain-text description, the kind (``classifying``),
  the speaker and the addressee (``identifying``: their name, and a ``SpecificResource``
  per IRI that resolves: the entity page when ``base_url`` is set, then its ``same_as``),
  the note (``commenting``, Markdown) and the tags (``tagging``);
- one ``Annotation`` per mention (``motivation: identifying``), the entity as its body.

Every target is a ``SpecificResource`` on the article page with two selectors for the
same span: a ``TextQuoteSelector`` (the original characters, with up to 32 code points
of context each side) and a ``TextPositionSelector`` (code points of the anchor text).

IRIs must be absolute, so without ``base_url`` everything is named in ``urn:quotemark:``:

| what | with base_url | without |
|---|---|---|
| article page (target source) | ``<base>YYYY/MM/<slug>.html`` | ``urn:quotemark:<slug>.html`` |
| collection | ``<base>YYYY/MM/<slug>.annotations.jsonld`` | ``urn:quotemark:<slug>`` |
| annotation | collection ``#<id>`` | ``urn:quotemark:<slug>:<id>`` |
| page | collection ``#page=1`` | ``urn:quotemark:<slug>:page=1`` |

Ids are slugs (``[a-z0-9-]``), so ``page=1`` and ``<slug>.html`` never meet one. The
``quotemark:`` extension terms are declared in the ``@context``. Nothing depends on the
time of the build: there is no ``created``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring  # json's own (C) string encoder

from quotemark.annotate import Anchored, AnchoredAttribution, AnnotatedArticle
from quotemark.assemble import article_path
from quotemark.model import Entity, Settings, Span
from quotemark.output import Output

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
VOCABULARY = "urn:quotemark:vocab#"
CONTEXT: list[object] = [ANNO_CONTEXT, {"quotemark": VOCABULARY}]
QUOTE_CONTEXT = 32  # code points of prefix and suffix, as the Hypothesis client keeps
KINDS = {"direct": "Direct quote", "indirect": "Reported speech", "mixed": "Mixed quote"}

Json = dict[str, object]
SCALAR = json.JSONEncoder(ensure_ascii=False)  # a value without indent: json's C encoder


@dataclass(frozen=True)
class Names:
    """The IRIs of one article's export."""

    article: str  # the annotated page: the source of every target
    collection: str
    separator: str  # between the collection IRI and an annotation id

    def annotation(self, ident: str) -> str:
        return f"{self.collection}{self.separator}{ident}"


def export_path(article: AnnotatedArticle) -> str:
    """``<YYYY>/<MM>/<slug>.annotations.jsonld``, beside the article page."""
    return article_path(article).removesuffix(".html") + ".annotations.jsonld"


def has_annotations(article: AnnotatedArticle) -> bool:
    """Whether the article gets an export: it has attributions or mentions."""
    return bool(article.attributions or article.mentions)


def names_of(article: AnnotatedArticle, base_url: str | None) -> Names:
    """The article's IRIs: under ``base_url``, else in ``urn:quotemark:``."""
    slug = article.source.slug
    if base_url is None:
        return Names(f"urn:quotemark:{slug}.html", f"urn:quotemark:{slug}", ":")
    return Names(base_url + article_path(article), base_url + export_path(article), "#")


def export_annotations(
    settings: Settings, articles: Sequence[AnnotatedArticle], entities: Mapping[str, Entity]
) -> list[Output]:
    """One ``.annotations.jsonld`` file per article with attributions or mentions."""
    return [
        Output(export_path(a), to_json(collection_of(a, entities, settings.base_url)))
        for a in sorted(articles, key=export_path)
        if has_annotations(a)
    ]


def to_json(document: Json) -> bytes:
    """Deterministic JSON: keys in the order built, two-space indent, UTF-8, final newline.

    The bytes of ``json.dumps(document, indent=2, ensure_ascii=False)``, laid out by
    ``indented`` because json's indenting encoder is its pure-Python one (twice as slow).
    """
    return (indented(document, "\n") + "\n").encode()


def indented(value: object, newline: str) -> str:
    """A JSON value laid out as ``json.dumps(indent=2)`` does, starting at ``newline``."""
    if isinstance(value, str):
        return encode_basestring(value)
    inner = newline + "  "
    if isinstance(value, dict) and value:
        items = [f"{encode_basestring(k)}: {indented(v, inner)}" for k, v in value.items()]
        return "{" + inner + f",{inner}".join(items) + newline + "}"
    if isinstance(value, list | tuple) and value:
        items = [indented(v, inner) for v in value]
        return "[" + inner + f",{inner}".join(items) + newline + "]"
    return SCALAR.encode(value)  # numbers, booleans, null, empty containers


def collection_of(
    article: AnnotatedArticle, entities: Mapping[str, Entity], base_url: str | None
) -> Json:
    """The article's ``AnnotationCollection`` with every annotation in its first page."""
    names = names_of(article, base_url)
    items = [
        attribution_annotation(article, a, names, entities, base_url) for a in article.attributions
    ]
    items += [
        mention_annotation(article, ident, entity, anchored, names, entities, base_url)
        for ident, entity, anchored in article.mentions
    ]
    kept = [item for item in items if item["target"]]
    return {
        "@context": CONTEXT,
        "id": names.collection,
        "type": "AnnotationCollection",
        "label": article.source.title,
        "total": len(kept),
        "first": {
            "id": names.annotation("page=1"),
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": kept,
        },
    }


def attribution_annotation(
    article: AnnotatedArticle,
    anchored: AnchoredAttribution,
    names: Names,
    entities: Mapping[str, Entity],
    base_url: str | None,
) -> Json:
    """One attribution: what it is in the bodies, every span it covers as a target."""
    attribution = anchored.attribution
    cue = attribution.cue
    addressee = cue.addressee.entity if cue and cue.addressee else None
    body: list[Json] = [
        textual("describing", describe(anchored, entities)),
        textual("classifying", attribution.kind),
    ]
    if anchored.entity is not None:
        body += entity_bodies(anchored.entity, "source", entities, base_url)
    if addressee is not None:
        body += entity_bodies(addressee, "addressee", entities, base_url)
    if attribution.note:
        body.append(textual("commenting", attribution.note, "text/markdown"))
    body += [textual("tagging", tag) for tag in attribution.tags]
    targets = [
        target(names.article, article.text, span, role)
        for role, item in anchored.anchored()
        for span in item.spans
    ]
    return annotation(names.annotation(attribution.id), "describing", body, targets)


def mention_annotation(
    article: AnnotatedArticle,
    ident: str,
    entity: str,
    anchored: Anchored,
    names: Names,
    entities: Mapping[str, Entity],
    base_url: str | None,
) -> Json:
    """One mention: the entity it names, at each of its spans."""
    body = entity_bodies(entity, "mention", entities, base_url)
    targets = [target(names.article, article.text, span, "mention") for span in anchored.spans]
    return annotation(names.annotation(ident), "identifying", body, targets)


def annotation(iri: str, motivation: str, body: list[Json], targets: list[Json]) -> Json:
    return {
        "id": iri,
        "type": "Annotation",
        "motivation": motivation,
        "body": body,
        "target": targets,
    }


def describe(anchored: AnchoredAttribution, entities: Mapping[str, Entity]) -> str:
    """``Direct quote by Ana Souza (Harbour Minister)`` and the like."""
    kind = KINDS.get(anchored.attribution.kind, anchored.attribution.kind)
    if anchored.entity is None:
        source = anchored.attribution.source
        return f"{kind}, {'unattributed' if source.unattributed else 'speaker unknown'}"
    entity = entities.get(anchored.entity)
    if entity is None:
        return f"{kind} by {anchored.entity}"
    return f"{kind} by {entity.name}" + (f" ({entity.role})" if entity.role else "")


def textual(purpose: str, value: str, media_type: str = "text/plain") -> Json:
    return {"type": "TextualBody", "purpose": purpose, "value": value, "format": media_type}


def entity_bodies(
    entity_id: str, role: str, entities: Mapping[str, Entity], base_url: str | None
) -> list[Json]:
    """The entity by name and id, then as a resource for each IRI of it that resolves."""
    entity = entities.get(entity_id)
    named = textual("identifying", entity.name if entity else entity_id)
    named |= {"quotemark:role": role, "quotemark:entity": entity_id}
    linked: list[Json] = [
        {
            "type": "SpecificResource",
            "purpose": "identifying",
            "source": iri,
            "quotemark:role": role,
        }
        for iri in entity_iris(entity_id, entity, base_url)
    ]
    return [named, *linked]


def entity_iris(entity_id: str, entity: Entity | None, base_url: str | None) -> list[str]:
    """The entity's page in the archive (only with ``base_url``), then its ``same_as``."""
    if entity is None:
        return []
    page = [f"{base_url}entities/{entity_id}.html"] if base_url is not None else []
    return page + list(entity.same_as)


def target(source: str, text: str, span: Span, role: str) -> Json:
    """A span of the article: its quote and its position in the anchor text."""
    return {
        "type": "SpecificResource",
        "source": source,
        "quotemark:role": role,
        "selector": selectors(text, span),
    }


def selectors(text: str, span: Span) -> list[Json]:
    """A TextQuoteSelector and a TextPositionSelector for the same span of the text."""
    quote: Json = {"type": "TextQuoteSelector", "exact": text[span.start : span.end]}
    prefix = text[max(0, span.start - QUOTE_CONTEXT) : span.start]
    suffix = text[span.end : span.end + QUOTE_CONTEXT]
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    position: Json = {"type": "TextPositionSelector", "start": span.start, "end": span.end}
    return [quote, position]
