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
- one ``Annotation`` per mention (``motivation: identifying``), the entity as its body
  (and its note, ``commenting``);
- one ``Annotation`` per region (``motivation: classifying``): a region says what a span
  of the page *is* (a byline, a photo credit), which is what W3C's ``classifying`` means
  ("to classify the Target as being of a particular type"); its body is the role as a
  ``classifying`` TextualBody. ``highlighting`` would claim the span deserves attention
  (a hidden boilerplate region does not) and ``identifying`` names a thing, not a kind.

What the W3C model has no term for is said in ``quotemark:`` extension properties, so
that ``import-annotations`` can read our own export back without loss:

| property (``quotemark:``) | on | value |
|---|---|---|
| ``kind``, ``section``, ``confidence`` | attribution | as in the sidecar |
| ``lemma`` | attribution | the cue's lemma |
| ``when`` | attribution | ``{quotemark:date, quotemark:text, quotemark:note}`` |
| ``respondsTo``, ``continues`` | attribution | the other annotations' ids (``@id``) |
| ``generator``, ``reviewed`` | attribution | a machine suggestion's; none for a human one |
| ``quoted`` | content target | ``true``: this part of a mixed quote is verbatim |
| ``region`` | region | ``{quotemark:role, quotemark:render}`` |

Nested keys are prefixed too: a JSON-LD processor drops keys its context does not define.

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
from quotemark.model import Attribution, Entity, Region, Settings, Span, When
from quotemark.output import Output
from quotemark.paths import article_path

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
VOCABULARY = "urn:quotemark:vocab#"
CONTEXT: list[object] = [
    ANNO_CONTEXT,
    {
        "quotemark": VOCABULARY,
        "quotemark:respondsTo": {"@type": "@id"},
        "quotemark:continues": {"@type": "@id"},
    },
]
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
    """Whether the article gets an export: it has attributions, mentions or regions."""
    regions = article.sidecar.regions if article.sidecar else ()
    return bool(article.attributions or article.mentions or regions)


def names_of(article: AnnotatedArticle, base_url: str | None) -> Names:
    """The article's IRIs: under ``base_url``, else in ``urn:quotemark:``."""
    slug = article.source.slug
    if base_url is None:
        return Names(f"urn:quotemark:{slug}.html", f"urn:quotemark:{slug}", ":")
    return Names(base_url + article_path(article), base_url + export_path(article), "#")


def export_annotations(
    settings: Settings, articles: Sequence[AnnotatedArticle], entities: Mapping[str, Entity]
) -> list[Output]:
    """One ``.annotations.jsonld`` file per article with attributions, mentions or regions."""
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
    notes = {m.id: m.note for m in article.sidecar.mentions} if article.sidecar else {}
    items += [
        mention_annotation(
            article, (ident, entity, notes.get(ident)), anchored, names, entities, base_url
        )
        for ident, entity, anchored in article.mentions
    ]
    items += [region_annotation(article, r, spans, names) for r, spans in article.regions]
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
        target(names.article, article.text, span, role) | quoted_flag(item)
        for role, item in anchored.anchored()
        for span in item.spans
    ]
    iri = names.annotation(attribution.id)
    return annotation(iri, "describing", body, targets, extension(attribution, names))


def quoted_flag(item: Anchored) -> Json:
    """``quotemark:quoted`` for a verbatim part of a mixed quote, else nothing."""
    return {"quotemark:quoted": True} if item.anchor.quoted else {}


def extension(attribution: Attribution, names: Names) -> Json:
    """What an attribution says beyond the W3C model, as ``quotemark:`` properties."""
    cue = attribution.cue
    found: dict[str, object] = {
        "quotemark:kind": attribution.kind,
        "quotemark:section": attribution.section,
        "quotemark:confidence": attribution.confidence,
        "quotemark:lemma": cue.lemma if cue else None,
        "quotemark:when": when_json(cue.when) if cue and cue.when else None,
        "quotemark:respondsTo": [names.annotation(i) for i in attribution.responds_to],
        "quotemark:continues": [names.annotation(i) for i in attribution.continues],
        "quotemark:generator": attribution.generator,
        "quotemark:reviewed": attribution.reviewed,
    }
    return present(found)


def when_json(when: When) -> Json:
    """When a statement was made, with the fields it has."""
    fields = {"date": when.date, "text": when.text, "note": when.note}
    return present({f"quotemark:{k}": v for k, v in fields.items()})


def present(fields: Mapping[str, object]) -> Json:
    """The fields that hold something (``False`` does; ``None``, ``[]`` and ``{}`` do not)."""
    return {k: v for k, v in fields.items() if v is not None and v != [] and v != {}}


def mention_annotation(
    article: AnnotatedArticle,
    mention: tuple[str, str, str | None],
    anchored: Anchored,
    names: Names,
    entities: Mapping[str, Entity],
    base_url: str | None,
) -> Json:
    """One mention (id, entity, note): the entity it names, at each of its spans."""
    ident, entity, note = mention
    body = entity_bodies(entity, "mention", entities, base_url)
    if note:
        body.append(textual("commenting", note, "text/markdown"))
    targets = [target(names.article, article.text, span, "mention") for span in anchored.spans]
    return annotation(names.annotation(ident), "identifying", body, targets)


def region_annotation(
    article: AnnotatedArticle, region: Region, spans: Sequence[Span], names: Names
) -> Json:
    """One region: the kind of text its spans are, and how the archive renders them."""
    body = [textual("classifying", region.role)]
    targets = [target(names.article, article.text, span, "region") for span in spans]
    kind: Json = {"quotemark:role": region.role, "quotemark:render": region.render}
    iri = names.annotation(region.id)
    return annotation(iri, "classifying", body, targets, {"quotemark:region": kind})


def annotation(
    iri: str, motivation: str, body: list[Json], targets: list[Json], extra: Json | None = None
) -> Json:
    """An Annotation: id, type and motivation, the extension properties, body and targets."""
    return {
        "id": iri,
        "type": "Annotation",
        "motivation": motivation,
        **(extra or {}),
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
