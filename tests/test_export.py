"""The W3C Web Annotation export, checked the way a consumer meets it: the built files.

The golden content is built through the CLI with and without ``--base-url``; every file
must meet every MUST assertion of the W3C test suite (tests/w3c.py) and our own checks:
the selectors hold the text at their position, ids are unique, IRIs resolve.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotemark.annotate import AnnotatedArticle, render_parts
from quotemark.cli import main
from quotemark.export import export_path, names_of, selectors, to_json
from quotemark.model import Span
from quotemark.pipeline import Archive, load_archive
from quotemark.project import make_project
from tests.conftest import REPO, built_files
from tests.w3c import ANNOTATION_MUSTS, COLLECTION_MUSTS, PAGE_MUSTS, SUITE, failures

CONTENT = REPO / "tests" / "golden-content"
BASE = "https://example.org/news/"
MINISTER = "2021/03/minister-regrets-remarks.annotations.jsonld"
COALITION = (
    "2017/12/us-led-coalition-denies-transporting-daesh-commanders-from-syrias-deir-ez-zor"
    ".annotations.jsonld"
)
EXPECTED_FAILING_SAMPLES = [
    "anno11.json",
    "anno12.json",
    "anno13.json",
    "collection1.json",
    "example41.json",
    "example42.json",
    "example43.json",
]

Doc = dict[str, Any]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The golden content built twice: ``plain`` without a base URL, ``based`` with one."""
    built = {}
    for name, extra in (("plain", []), ("based", ["--base-url", BASE])):
        out = tmp_path_factory.mktemp(name) / "site"
        argv = ["build", "--quiet", "--root", str(REPO), "--content", str(CONTENT)]
        assert main([*argv, "--out", str(out), *extra]) == 0
        built[name] = out
    return built


@pytest.fixture(scope="module")
def golden() -> Archive:
    return load_archive(make_project(str(REPO), str(CONTENT)))


@pytest.fixture(params=["plain", "based"])
def site(request: pytest.FixtureRequest, sites: dict[str, Path]) -> Path:
    return sites[request.param]


def exports(site: Path) -> dict[str, Doc]:
    """Every exported collection of a built site, by path."""
    return {
        p.relative_to(site).as_posix(): json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(site.rglob("*.annotations.jsonld"))
    }


def items(collection: Doc) -> list[Doc]:
    """The annotations of a collection, each with the collection's @context, as a consumer
    taking one out of the page would have it."""
    return [{"@context": collection["@context"], **a} for a in collection["first"]["items"]]


def article_of(golden: Archive, path: str) -> AnnotatedArticle:
    return next(a for a in golden.articles if export_path(a) == path)


def targets(collection: Doc) -> Iterator[Doc]:
    for annotation in collection["first"]["items"]:
        yield from annotation["target"]


def bodies(collection: Doc) -> Iterator[Doc]:
    for annotation in collection["first"]["items"]:
        yield from annotation["body"]


# ---------------------------------------------------------------- the files


def test_each_article_with_attributions_mentions_or_regions_gets_one_export(site: Path) -> None:
    assert sorted(exports(site)) == [COALITION, MINISTER]


def test_an_export_is_indented_utf8_json_with_a_final_newline(site: Path) -> None:
    data = (site / MINISTER).read_bytes()
    assert data == (json.dumps(json.loads(data), indent=2, ensure_ascii=False) + "\n").encode()
    assert "“Regrets”".encode() in data


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(st.dictionaries(st.text(), JSON_VALUES, max_size=5))
def test_the_json_is_the_bytes_of_json_dumps_with_an_indent(document: dict[str, object]) -> None:
    expected = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    assert to_json(document) == expected.encode()


def test_tuples_are_laid_out_as_json_lists() -> None:
    assert (
        to_json({"a": (1, ("x",), ())})
        == b'{\n  "a": [\n    1,\n    [\n      "x"\n    ],\n    []\n  ]\n}\n'
    )


def test_building_twice_gives_the_same_export_bytes(sites: dict[str, Path], tmp_path: Path) -> None:
    again = built_files(CONTENT, tmp_path / "site")
    first = {p.relative_to(sites["plain"]).as_posix() for p in sites["plain"].rglob("*.jsonld")}
    assert {path for path in again if path.endswith(".jsonld")} == first
    for path in first:
        assert again[path] == (sites["plain"] / path).read_bytes()


# ---------------------------------------------------------------- the W3C suite


def test_every_annotation_meets_every_w3c_must(site: Path) -> None:
    failed = {
        annotation["id"]: found
        for collection in exports(site).values()
        for annotation in items(collection)
        if (found := failures(annotation, ANNOTATION_MUSTS))
    }
    assert failed == {}


def test_every_collection_meets_the_collection_and_page_musts(site: Path) -> None:
    failed = {
        path: found
        for path, collection in exports(site).items()
        if (found := failures(collection, COLLECTION_MUSTS) + failures(collection, PAGE_MUSTS))
    }
    assert failed == {}


def test_the_suite_passes_its_correct_samples_but_the_seven_it_lists() -> None:
    folder = SUITE / "tools" / "samples" / "correct"
    failing = [
        p.name
        for p in sorted(folder.glob("*.json"))
        if failures(json.loads(p.read_text(encoding="utf-8")), ANNOTATION_MUSTS)
    ]
    assert failing == EXPECTED_FAILING_SAMPLES


def test_the_suite_fails_every_incorrect_sample_that_is_json() -> None:
    parsed = []
    for path in sorted((SUITE / "tools" / "samples" / "incorrect").glob("*.json")):
        try:
            parsed.append((path.name, json.loads(path.read_text(encoding="utf-8"))))
        except ValueError:
            continue
    passing = [name for name, sample in parsed if not failures(sample, ANNOTATION_MUSTS)]
    assert (len(parsed), passing) == (22, [])


def test_the_suite_tells_a_collection_from_an_annotation() -> None:
    folder = SUITE / "tools" / "samples" / "correct"
    collection = json.loads((folder / "collection1.json").read_text(encoding="utf-8"))
    annotation = json.loads((folder / "anno1.json").read_text(encoding="utf-8"))
    assert failures(collection, COLLECTION_MUSTS) + failures(collection, PAGE_MUSTS) == []
    assert failures(annotation, COLLECTION_MUSTS) != []
    assert failures(annotation, PAGE_MUSTS) != []


# ---------------------------------------------------------------- ids and IRIs


def test_ids_hang_off_the_file_url_with_a_base_url(sites: dict[str, Path]) -> None:
    collection = exports(sites["based"])[MINISTER]
    assert collection["id"] == BASE + MINISTER
    assert collection["first"]["id"] == BASE + MINISTER + "#page=1"
    assert [a["id"] for a in collection["first"]["items"]] == [
        BASE + MINISTER + "#" + ident
        for ident in (
            *("souza-regrets", "critics-insult", "souza-listen", "souza-not-final"),
            *("ferreira-too-little", "ferreira-repeated", "m-cross", "m-party", "m-herald"),
            "r-dateline",
        )
    ]


def test_ids_are_urns_without_a_base_url(sites: dict[str, Path]) -> None:
    collection = exports(sites["plain"])[MINISTER]
    assert collection["id"] == "urn:quotemark:minister-regrets-remarks"
    assert collection["first"]["id"] == "urn:quotemark:minister-regrets-remarks:page=1"
    first = collection["first"]["items"][0]
    assert first["id"] == "urn:quotemark:minister-regrets-remarks:souza-regrets"
    assert {t["source"] for t in first["target"]} == {"urn:quotemark:minister-regrets-remarks.html"}


def test_every_id_of_a_site_is_unique(site: Path) -> None:
    ids = [
        node["id"]
        for collection in exports(site).values()
        for node in (collection, collection["first"], *collection["first"]["items"])
    ]
    assert len(ids) == len(set(ids))


def test_targets_point_at_the_article_page_in_the_site(sites: dict[str, Path]) -> None:
    for path, collection in exports(sites["based"]).items():
        page = path.removesuffix(".annotations.jsonld") + ".html"
        assert {t["source"] for t in targets(collection)} == {BASE + page}
        assert (sites["based"] / page).is_file()


def test_entity_iris_are_entity_pages_of_the_site_or_same_as_uris(
    golden: Archive, site: Path
) -> None:
    same_as = {
        u for a in golden.articles if a.sidecar for e in a.sidecar.entities for u in e.same_as
    }
    linked = {b["source"] for c in exports(site).values() for b in bodies(c) if "source" in b}
    pages = {iri for iri in linked if iri not in same_as}
    assert {iri.startswith(BASE + "entities/") for iri in pages} <= {True}
    assert [iri for iri in pages if not (site / iri.removeprefix(BASE)).is_file()] == []
    assert linked & same_as == same_as


def test_without_a_base_url_only_same_as_uris_are_linked(sites: dict[str, Path]) -> None:
    linked = {
        b["source"] for c in exports(sites["plain"]).values() for b in bodies(c) if "source" in b
    }
    assert linked == {"https://www.wikidata.org/wiki/Q7747", "https://www.wikidata.org/wiki/Q22686"}


def test_every_key_is_a_term_of_the_context_or_a_declared_prefix(site: Path) -> None:
    context = json.loads((SUITE / "context" / "anno.jsonld").read_text(encoding="utf-8"))
    terms = set(context["@context"])
    for collection in exports(site).values():
        extra = collection["@context"][1]
        undeclared = sorted(
            key
            for key in keys_of(collection)
            if not key.startswith("@") and key not in terms and key.partition(":")[0] not in extra
        )
        assert undeclared == []


def keys_of(node: object) -> Iterator[str]:
    """Every object key in a JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from keys_of(value)
    elif isinstance(node, list):
        for value in node:
            yield from keys_of(value)


# ---------------------------------------------------------------- selectors


def test_every_quote_is_the_anchor_text_at_its_position(golden: Archive, site: Path) -> None:
    for path, collection in exports(site).items():
        article = article_of(golden, path)
        text = "\n".join(p.text for p in render_parts(article.source))
        for target in targets(collection):
            quote, position = target["selector"]
            start, end = position["start"], position["end"]
            assert 0 <= start < end <= len(text)
            assert quote["exact"] == text[start:end]
            assert quote.get("prefix", "") == text[max(0, start - 32) : start]
            assert quote.get("suffix", "") == text[end : end + 32]


def test_the_quote_keeps_the_original_characters(sites: dict[str, Path]) -> None:
    collection = exports(sites["plain"])[MINISTER]
    first = collection["first"]["items"][0]["target"][0]["selector"][0]
    assert first == {
        "type": "TextQuoteSelector",
        "exact": "she “regrets” her remarks",
        "prefix": "na Souza said on Wednesday that ",
        "suffix": ", which\ncritics called “an insul",
    }


@given(text=st.text(max_size=120), data=st.data())
def test_selectors_describe_the_same_span(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    quote, position = selectors(text, Span(start, end))
    assert (position["start"], position["end"]) == (start, end)
    assert quote["exact"] == text[start:end]
    assert text[:start].endswith(str(quote.get("prefix", "")))
    assert len(str(quote.get("prefix", ""))) == min(32, start)
    assert text[end:].startswith(str(quote.get("suffix", "")))
    assert len(str(quote.get("suffix", ""))) == min(32, len(text) - end)


# ---------------------------------------------------------------- what is said


def test_an_attribution_lists_its_spans_by_role(sites: dict[str, Path]) -> None:
    listen = exports(sites["plain"])[MINISTER]["first"]["items"][2]
    assert listen["motivation"] == "describing"
    roles = [t["quotemark:role"] for t in listen["target"]]
    assert roles == ["content", "source", "cue", "addressee"]


def test_an_attribution_body_says_kind_speaker_and_addressee(sites: dict[str, Path]) -> None:
    listen = exports(sites["based"])[MINISTER]["first"]["items"][2]
    assert [(b["purpose"], b.get("value", b.get("source"))) for b in listen["body"]] == [
        ("describing", "Direct quote by Ana Souza (Harbour Minister)"),
        ("classifying", "direct"),
        ("identifying", "Ana Souza"),
        ("identifying", BASE + "entities/ana-souza.html"),
        ("identifying", "The Coastal Herald"),
        ("identifying", BASE + "entities/herald.html"),
    ]
    assert [b["quotemark:role"] for b in listen["body"][2:]] == ["source"] * 2 + ["addressee"] * 2


def test_a_mention_identifies_its_entity(sites: dict[str, Path]) -> None:
    herald = exports(sites["plain"])[MINISTER]["first"]["items"][-2]
    del herald["target"][0]["selector"]
    assert herald == {
        "id": "urn:quotemark:minister-regrets-remarks:m-herald",
        "type": "Annotation",
        "motivation": "identifying",
        "body": [
            {
                "type": "TextualBody",
                "purpose": "identifying",
                "value": "The Coastal Herald",
                "format": "text/plain",
                "quotemark:role": "mention",
                "quotemark:entity": "herald",
            }
        ],
        "target": [
            {
                "type": "SpecificResource",
                "source": "urn:quotemark:minister-regrets-remarks.html",
                "quotemark:role": "mention",
            }
        ],
    }


def test_an_attribution_says_what_w3c_has_no_term_for_in_extension_properties(
    sites: dict[str, Path],
) -> None:
    regrets = exports(sites["plain"])[MINISTER]["first"]["items"][0]
    extension = {k: v for k, v in regrets.items() if k.startswith("quotemark:")}
    assert extension == {
        "quotemark:kind": "mixed",
        "quotemark:lemma": "say",
        "quotemark:when": {"quotemark:date": "2021-03-03", "quotemark:text": "on Wednesday"},
    }


def test_references_to_other_attributions_are_their_annotation_ids(
    sites: dict[str, Path],
) -> None:
    items = {a["id"]: a for a in exports(sites["based"])[MINISTER]["first"]["items"]}
    repeated = items[BASE + MINISTER + "#ferreira-repeated"]
    not_final = items[BASE + MINISTER + "#souza-not-final"]
    assert repeated["quotemark:respondsTo"] == [BASE + MINISTER + "#souza-regrets"]
    assert not_final["quotemark:continues"] == [BASE + MINISTER + "#souza-listen"]
    assert all(i in items for i in [*repeated["quotemark:respondsTo"]])


def test_reference_properties_are_declared_as_ids_in_the_context(site: Path) -> None:
    for collection in exports(site).values():
        extra = collection["@context"][1]
        assert extra["quotemark:respondsTo"] == extra["quotemark:continues"] == {"@type": "@id"}


def test_a_human_attribution_carries_no_provenance(site: Path) -> None:
    for collection in exports(site).values():
        for item in collection["first"]["items"]:
            assert "quotemark:generator" not in item
            assert "quotemark:reviewed" not in item


def test_a_region_classifies_its_span_and_says_how_it_is_rendered(
    sites: dict[str, Path],
) -> None:
    dateline = exports(sites["plain"])[MINISTER]["first"]["items"][-1]
    del dateline["target"][0]["selector"]
    assert dateline == {
        "id": "urn:quotemark:minister-regrets-remarks:r-dateline",
        "type": "Annotation",
        "motivation": "classifying",
        "quotemark:region": {"quotemark:role": "dateline", "quotemark:render": "show"},
        "body": [
            {
                "type": "TextualBody",
                "purpose": "classifying",
                "value": "dateline",
                "format": "text/plain",
            }
        ],
        "target": [
            {
                "type": "SpecificResource",
                "source": "urn:quotemark:minister-regrets-remarks.html",
                "quotemark:role": "region",
            }
        ],
    }


def test_aside_regions_keep_their_render(sites: dict[str, Path]) -> None:
    items = exports(sites["plain"])[COALITION]["first"]["items"]
    regions = {
        a["id"].rsplit(":", 1)[1]: a["quotemark:region"] for a in items if "quotemark:region" in a
    }
    assert {k: v["quotemark:render"] for k, v in regions.items()} == {
        "r-caption": "show",
        "r-title": "show",
        "r-dateline": "show",
        "r-photo-credit": "aside",
        "r-related": "aside",
    }


def test_the_collection_is_labelled_and_counts_its_annotations(site: Path) -> None:
    collection = exports(site)[MINISTER]
    assert collection["label"] == "Minister “Regrets” Remarks on Harbour Plan"
    assert collection["total"] == len(collection["first"]["items"]) == 10


def test_names_without_a_base_url_are_urns(golden: Archive) -> None:
    article = article_of(golden, MINISTER)
    names = names_of(article, None)
    assert (names.article, names.collection, names.annotation("x")) == (
        "urn:quotemark:minister-regrets-remarks.html",
        "urn:quotemark:minister-regrets-remarks",
        "urn:quotemark:minister-regrets-remarks:x",
    )
