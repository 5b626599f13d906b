"""Sidecars and entities: every field of SPEC §3 validated where it stands."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotemark.model import (
    Addressee,
    Anchor,
    Attribution,
    Cue,
    Document,
    Entity,
    Loc,
    Mention,
    Position,
    Problem,
    Region,
    Severity,
    Sidecar,
    Source,
    When,
)
from quotemark.sidecar import load_entities, load_sidecars, resolves_inside

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
SEED = "000_3121d0f905a41dbb"
PATH = "content/x.annotations.yaml"
HEAD = "schema: annotated-news/sidecar@1\n"


def error(line: int, col: int, code: str, message: str, path: str = PATH) -> Problem:
    return Problem(path, line, col, Severity.ERROR, code, message)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "x.md").write_text("---\ntitle: X\ndate: 2020-01-01\n---\n")
    return tmp_path


def write(root: Path, text: str, rel: str = "x.annotations.yaml") -> Path:
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(root: Path) -> tuple[list[Sidecar], list[Problem]]:
    return load_sidecars(root / "content", root)


def problems_of(root: Path, text: str) -> list[Problem]:
    write(root, HEAD + textwrap.dedent(text))
    return load(root)[1]


def one_attribution(root: Path, text: str) -> tuple[Attribution | None, list[Problem]]:
    write(root, HEAD + "attributions:\n" + textwrap.indent(textwrap.dedent(text), "  "))
    sidecars, problems = load(root)
    attributions = sidecars[0].attributions if sidecars else ()
    return (attributions[0] if attributions else None), problems


# ---------------------------------------------------------------- the seed


def test_the_seed_sidecar_loads_cleanly_beside_its_article(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SEEDS / f"{SEED}.annotations.yaml", content)
    (content / f"{SEED}.txt").write_text("raw article text\n", encoding="utf-8")
    sidecars, problems = load_sidecars(content, tmp_path)
    assert problems == []
    [sidecar] = sidecars
    assert (sidecar.rel, sidecar.article) == (
        f"content/{SEED}.annotations.yaml",
        content.absolute() / f"{SEED}.txt",
    )
    assert [len(sidecar.entities), len(sidecar.regions)] == [8, 6]
    assert [len(sidecar.attributions), len(sidecar.mentions)] == [10, 8]


def test_the_seed_sidecar_reads_every_kind_of_field(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SEEDS / f"{SEED}.annotations.yaml", content)
    (content / f"{SEED}.txt").write_text("raw article text\n", encoding="utf-8")
    [sidecar], _ = load_sidecars(content, tmp_path)
    assert sidecar.document == Document(
        path=f"{SEED}.txt",
        lang="en",
        published="2017-12-30",
        publisher="sputnik",
        publisher_loc=Loc(20, 14),
        title="US-Led Coalition Denies Transporting Daesh Commanders From Syria's Deir Ez-Zor",
    )
    label = "attributions[a02-no-transport]"
    a02 = sidecar.attributions[1]
    assert a02.cue == Cue(
        Loc(116, 7),
        anchor=Anchor(
            "told",
            Loc(117, 15),
            f"{label}.cue.anchor",
            prefix="Public Affairs Office ",
            suffix=" Sputnik on Saturday",
        ),
        lemma="tell",
        addressee=Addressee(
            Loc(119, 17),
            entity="sputnik",
            mention=Anchor(
                "Sputnik",
                Loc(120, 18),
                f"{label}.cue.addressee.mention",
                prefix="Office told ",
                suffix=" on Saturday",
            ),
        ),
        when=When(date="2017-12-30", text="on Saturday"),
    )
    assert a02.content[0].exact.startswith("The US-led coalition has not carried any militants")
    assert sidecar.attributions[3].responds_to == ("a03-sana-claim",)
    assert sidecar.entities[4].same_as == ("https://www.wikidata.org/wiki/Q7747",)
    assert sidecar.regions[0].render == "hide"
    assert sidecar.mentions[0] == Mention(
        "m01",
        "sputnik",
        Anchor("Sputnik", Loc(276, 40), "mentions[m01].anchor", prefix="WASHINGTON (", suffix=")"),
        Loc(276, 5),
        entity_loc=Loc(276, 23),
    )


# ---------------------------------------------------------------- top level and document


def test_a_minimal_sidecar_annotates_the_article_of_the_same_name(root: Path) -> None:
    path = write(root, HEAD)
    assert load(root) == (
        [Sidecar(path, PATH, root / "content" / "x.md", Document())],
        [],
    )


def test_a_sidecar_without_its_article_is_a_missing_article(root: Path) -> None:
    write(root, HEAD, rel="y.annotations.yaml")
    message = 'no article "y.md" for this sidecar; create it or set document.path'
    path = "content/y.annotations.yaml"
    assert load(root) == ([], [error(1, 1, "missing-article", message, path)])


def test_a_document_path_that_names_no_file_is_a_missing_article(root: Path) -> None:
    message = 'document.path "story.md" names no file (paths are relative to the sidecar)'
    assert problems_of(root, "document:\n  path: story.md\n") == [
        error(3, 9, "missing-article", message)
    ]


def test_a_document_path_may_not_leave_the_content_folder(root: Path) -> None:
    message = 'document.path: "../secret.md" points outside the content folder'
    assert problems_of(root, "document: {path: ../secret.md}\n") == [
        error(2, 18, "bad-value", message)
    ]


def test_the_schema_line_is_required(root: Path) -> None:
    write(root, "regions: []\n")
    message = 'sidecar lacks "schema"; add schema: annotated-news/sidecar@1'
    assert load(root)[1] == [error(1, 1, "missing-field", message)]


def test_another_schema_is_not_read(root: Path) -> None:
    write(root, "schema: annotated-news/sidecar@2\nbogus: 1\n")
    message = (
        'schema: "annotated-news/sidecar@2" is not '
        "supported; this tool reads annotated-news/sidecar@1"
    )
    assert load(root) == ([], [error(1, 9, "bad-value", message)])


def test_document_fields_are_checked(root: Path) -> None:
    text = "document:\n  url: ftp://x\n  published: 2017-13-01\n  text_sha256: abc\n  titel: T\n"
    assert problems_of(root, text) == [
        error(6, 3, "unknown-key", 'unknown key "titel" in document; did you mean "title"?'),
        error(
            4,
            14,
            "bad-value",
            'document.published: "2017-13-01" is not a calendar date (month must be in 1..12); '
            "write YYYY-MM-DD",
        ),
        error(
            3,
            8,
            "bad-value",
            'document.url: "ftp://x" is not an http(s) address like https://example.org/',
        ),
        error(5, 16, "bad-value", "document.text_sha256: expected 64 lower-case hex digits"),
    ]


def test_yaml_problems_stop_the_sidecar(root: Path) -> None:
    write(root, HEAD + "regions: &r []\n")
    message = "anchors are not allowed (&r); write each value out in full"
    assert load(root) == ([], [error(2, 10, "yaml-alias", message)])


def test_an_unknown_top_level_key_suggests_the_known_one(root: Path) -> None:
    message = 'unknown key "atributions" in sidecar; did you mean "attributions"?'
    assert problems_of(root, "atributions: []\nx-mine: 1\n") == [
        error(2, 1, "unknown-key", message)
    ]


def test_a_section_that_is_not_a_list_is_a_bad_type(root: Path) -> None:
    message = "regions: expected a list, got a mapping"
    assert problems_of(root, "regions: {a: b}\n") == [error(2, 10, "bad-type", message)]


# ---------------------------------------------------------------- attributions


def test_an_attribution_reads_source_cue_and_content(root: Path) -> None:
    attribution, problems = one_attribution(
        root,
        """\
        - id: a04
          kind: mixed
          source: {entity: cjtf-oir-pao, mention: the press service}
          cue: {anchor: said, lemma: say}
          content:
            - {exact: "This is", quoted: true}
            - exact: >-
                laughably
                bad
              occurrence: 2
              position: {start: 3, end: 12}
          section: body
          confidence: high
          tags: [denial]
          responds_to: a03
          continues: [a01, a02]
          generator: suggest
          reviewed: true
        """,
    )
    label = "attributions[a04]"
    assert problems == []
    assert attribution == Attribution(
        id="a04",
        kind="mixed",
        source=Source(
            Loc(5, 22),
            entity="cjtf-oir-pao",
            mention=Anchor("the press service", Loc(5, 45), f"{label}.source.mention"),
        ),
        content=(
            Anchor("This is", Loc(8, 9), f"{label}.content[0]", quoted=True),
            Anchor(
                "laughably bad",
                Loc(9, 9),
                f"{label}.content[1]",
                occurrence=2,
                position=Position(3, 12),
            ),
        ),
        loc=Loc(3, 5),
        cue=Cue(Loc(6, 10), anchor=Anchor("said", Loc(6, 19), f"{label}.cue.anchor"), lemma="say"),
        section="body",
        confidence="high",
        tags=("denial",),
        responds_to=("a03",),
        continues=("a01", "a02"),
        generator="suggest",
        reviewed=True,
        responds_to_locs=(Loc(17, 18),),
        continues_locs=(Loc(18, 17), Loc(18, 22)),
    )


def test_an_unattributed_source_has_no_entity(root: Path) -> None:
    attribution, problems = one_attribution(
        root, "- {id: a1, kind: direct, source: {unattributed: true}, content: [x]}\n"
    )
    assert problems == []
    assert attribution is not None
    assert attribution.source == Source(Loc(3, 36), unattributed=True)


def test_a_source_with_both_entity_and_unattributed_is_a_bad_value(root: Path) -> None:
    _, problems = one_attribution(
        root, "- {id: a1, kind: direct, source: {entity: e, unattributed: true}, content: [x]}\n"
    )
    message = (
        "attributions[a1].source: an unattributed source "
        "has no entity; remove entity or unattributed"
    )
    assert problems == [error(3, 45, "bad-value", message)]


def test_a_source_with_neither_entity_nor_unattributed_is_missing_a_field(root: Path) -> None:
    _, problems = one_attribution(
        root, "- {id: a1, kind: direct, source: {mention: x}, content: [x]}\n"
    )
    message = 'attributions[a1].source lacks "entity" (or unattributed: true)'
    assert problems == [error(3, 36, "missing-field", message)]


def test_an_attribution_lacking_required_fields_is_dropped(root: Path) -> None:
    attribution, problems = one_attribution(root, "- id: a1\n  note: n\n")
    assert attribution is None
    assert problems == [
        error(3, 5, "missing-field", 'attributions[a1] lacks "kind"'),
        error(3, 5, "missing-field", 'attributions[a1] lacks "source"'),
        error(3, 5, "missing-field", 'attributions[a1] lacks "content"'),
    ]


def test_enums_list_their_allowed_values(root: Path) -> None:
    _, problems = one_attribution(
        root,
        "- {id: a1, kind: quote, source: {entity: e}, content: [x], section: lede,"
        " confidence: sure}\n",
    )
    assert problems == [
        error(
            3,
            20,
            "bad-value",
            'attributions[a1].kind: "quote" is not one of direct, indirect, mixed',
        ),
        error(
            3,
            71,
            "bad-value",
            'attributions[a1].section: "lede" is not one of '
            "headline, standfirst, caption, body, related",
        ),
        error(
            3,
            89,
            "bad-value",
            'attributions[a1].confidence: "sure" is not one of high, medium, low',
        ),
    ]


def test_content_must_list_at_least_one_anchor(root: Path) -> None:
    _, problems = one_attribution(
        root, "- {id: a1, kind: direct, source: {entity: e}, content: []}\n"
    )
    message = "attributions[a1].content: must list at least one anchor"
    assert problems == [error(3, 58, "bad-value", message)]


def test_an_id_must_be_a_slug(root: Path) -> None:
    _, problems = one_attribution(
        root, "- {id: A 1, kind: direct, source: {entity: e}, content: [x]}\n"
    )
    message = (
        'attributions[A 1].id: "A 1" is not a valid id; use lower-case letters, digits and '
        "single hyphens"
    )
    assert problems == [error(3, 10, "bad-value", message)]


def test_responds_to_must_be_an_id_or_a_list(root: Path) -> None:
    _, problems = one_attribution(
        root,
        "- {id: a1, kind: direct, source: {entity: e}, content: [x], responds_to: {a: b}}\n",
    )
    message = "attributions[a1].responds_to: expected an id or a list of ids, got a mapping"
    assert problems == [error(3, 76, "bad-type", message)]


def test_a_bad_id_in_a_list_of_refs_drops_only_itself_and_its_place(root: Path) -> None:
    attribution, problems = one_attribution(
        root,
        "- {id: a1, kind: direct, source: {entity: e}, content: [x], continues: [a0, yes, a2]}\n",
    )
    message = 'attributions[a1].continues[1]: yes is read by YAML as a boolean; quote it: "yes"'
    assert problems == [error(3, 79, "yaml-coercion", message)]
    assert attribution is not None
    assert attribution.continues == ("a0", "a2")
    assert attribution.continues_locs == (Loc(3, 75), Loc(3, 84))


def test_an_anchor_keeps_where_its_within_id_stands(root: Path) -> None:
    attribution, problems = one_attribution(
        root,
        "- {id: a1, kind: direct, source: {entity: e}, content: [{exact: x, within: r1}]}\n",
    )
    assert problems == []
    assert attribution is not None
    assert attribution.content[0].within_loc == Loc(3, 78)


def test_cue_addressee_and_when_are_checked(root: Path) -> None:
    _, problems = one_attribution(
        root,
        """\
        - id: a1
          kind: direct
          source: {entity: e}
          content: [x]
          cue:
            lema: say
            addressee: {}
            when: {date: Saturday}
        """,
    )
    assert problems == [
        error(
            8, 7, "unknown-key", 'unknown key "lema" in attributions[a1].cue; did you mean "lemma"?'
        ),
        error(9, 18, "missing-field", 'attributions[a1].cue.addressee lacks "entity"'),
        error(
            10,
            20,
            "bad-value",
            'attributions[a1].cue.when.date: "Saturday" is not a date; write YYYY-MM-DD',
        ),
    ]


# ---------------------------------------------------------------- anchors


def test_a_plain_no_in_exact_must_be_quoted(root: Path) -> None:
    _, problems = one_attribution(
        root,
        "- id: a04\n  kind: direct\n  source: {entity: e}\n  content:\n    - exact: No\n",
    )
    message = 'attributions[a04].content[0].exact: No is read by YAML as a boolean; quote it: "No"'
    assert problems == [error(7, 16, "yaml-coercion", message)]


def test_a_plain_date_as_shorthand_anchor_must_be_quoted(root: Path) -> None:
    _, problems = one_attribution(
        root, "- {id: a1, kind: direct, source: {entity: e}, content: [2017-12-30]}\n"
    )
    message = (
        'attributions[a1].content[0]: 2017-12-30 is read by YAML as a date; quote it: "2017-12-30"'
    )
    assert problems == [error(3, 59, "yaml-coercion", message)]


def test_a_misspelt_anchor_key_suggests_the_right_one(root: Path) -> None:
    _, problems = one_attribution(
        root, "- {id: a04, kind: direct, source: {entity: e}, content: [{exact: x, prefx: y}]}\n"
    )
    message = 'unknown key "prefx" in attributions[a04].content[0]; did you mean "prefix"?'
    assert problems == [error(3, 71, "unknown-key", message)]


def test_all_is_only_for_regions_and_mentions(root: Path) -> None:
    _, problems = one_attribution(
        root, "- {id: a1, kind: direct, source: {entity: e}, content: [{exact: x, all: true}]}\n"
    )
    message = "attributions[a1].content[0].all: only regions and mentions may mark every occurrence"
    assert problems == [error(3, 75, "bad-value", message)]


def test_quoted_is_only_for_content_of_mixed_attributions(root: Path) -> None:
    _, problems = one_attribution(
        root,
        "- {id: a1, kind: direct, source: {entity: e}, content: [{exact: x, quoted: true}]}\n",
    )
    message = (
        "attributions[a1].content[0].quoted: only content items of mixed attributions may be "
        "marked quoted"
    )
    assert problems == [error(3, 78, "bad-value", message)]


def test_anchor_numbers_are_checked(root: Path) -> None:
    _, problems = one_attribution(
        root,
        "- id: a1\n  kind: direct\n  source: {entity: e}\n  content:\n"
        "    - {exact: x, occurrence: 0, position: {start: 5, end: 2}}\n"
        "    - {exact: '', position: {start: a}}\n"
        "    - [x]\n",
    )
    label = "attributions[a1].content"
    assert problems == [
        error(
            7, 32, "bad-value", f"{label}[0].occurrence: must be 1 or more (the first match is 1)"
        ),
        error(
            7, 45, "bad-value", f"{label}[0].position: needs 0 <= start <= end, got start 5, end 2"
        ),
        error(8, 17, "bad-value", f"{label}[1].exact: must not be empty"),
        error(
            8, 39, "bad-type", f"{label}[1].position.start: expected a whole number, got a string"
        ),
        error(8, 31, "missing-field", f'{label}[1].position lacks "end"'),
        error(
            9, 9, "bad-type", f"{label}[2]: expected an anchor (a string or a mapping), got a list"
        ),
    ]


def test_an_anchor_mapping_needs_exact(root: Path) -> None:
    _, problems = one_attribution(
        root, "- {id: a1, kind: direct, source: {entity: e}, content: [{prefix: x}]}\n"
    )
    message = 'attributions[a1].content[0] lacks "exact"'
    assert problems == [error(3, 59, "missing-field", message)]


# ---------------------------------------------------------------- regions, mentions, ids


def test_regions_and_mentions_read_their_fields(root: Path) -> None:
    write(
        root,
        HEAD
        + "regions:\n  - {id: r-title, role: title, anchor: Title, render: aside}\n"
        + "mentions:\n  - {id: m1, entity: e, anchor: {exact: E, all: true}, note: n}\n",
    )
    [sidecar], problems = load(root)
    assert problems == []
    assert sidecar.regions == (
        Region(
            "r-title",
            "title",
            Anchor("Title", Loc(3, 40), "regions[r-title].anchor"),
            Loc(3, 5),
            "aside",
        ),
    )
    assert sidecar.mentions == (
        Mention(
            "m1",
            "e",
            Anchor("E", Loc(5, 33), "mentions[m1].anchor", all=True),
            Loc(5, 5),
            "n",
            entity_loc=Loc(5, 22),
        ),
    )


def test_a_region_role_and_render_are_checked(root: Path) -> None:
    text = "regions:\n  - {id: r1, role: headline, anchor: x, render: hidden}\n"
    assert problems_of(root, text) == [
        error(
            3,
            20,
            "bad-value",
            'regions[r1].role: "headline" is not one of title, '
            "standfirst, dateline, byline, photo-caption, "
            "photo-credit, related-article-teaser, scrape-metadata, "
            'boilerplate; did you mean "dateline"?',
        ),
        error(
            3,
            49,
            "bad-value",
            'regions[r1].render: "hidden" is not one of show, hide, aside; did you mean "hide"?',
        ),
    ]


def test_ids_are_unique_across_regions_attributions_and_mentions(root: Path) -> None:
    text = (
        "regions:\n  - {id: x1, role: title, anchor: a}\n"
        "attributions:\n  - {id: x1, kind: direct, source: {entity: e}, content: [c]}\n"
        "mentions:\n  - {id: m1, entity: e, anchor: a}\n  - {id: m1, entity: e, anchor: b}\n"
    )
    suffix = "; ids of regions, attributions and mentions must be unique in a sidecar"
    assert problems_of(root, text) == [
        error(5, 10, "duplicate-id", f'attributions[x1].id "x1" is already used at line 3{suffix}'),
        error(8, 10, "duplicate-id", f'mentions[m1].id "m1" is already used at line 7{suffix}'),
    ]


# ---------------------------------------------------------------- entities


def test_entities_load_from_the_shared_file(root: Path) -> None:
    write(
        root,
        """\
        entities:
          - id: putin
            name: Vladimir Putin
            type: person
            role: President of Russia
            aliases: [Putin]
            same_as: [https://www.wikidata.org/wiki/Q7747]
            member_of: russia
            description: d
            note: n
        """,
        rel="_entities.yaml",
    )
    assert load_entities(root / "content", root) == (
        [
            Entity(
                "putin",
                "Vladimir Putin",
                Loc(2, 5),
                "content/_entities.yaml",
                "person",
                "President of Russia",
                ("Putin",),
                ("https://www.wikidata.org/wiki/Q7747",),
                "russia",
                "d",
                "n",
                id_loc=Loc(2, 9),
                member_of_loc=Loc(8, 16),
            )
        ],
        [],
    )


def test_no_shared_entities_file_means_no_entities(root: Path) -> None:
    assert load_entities(root / "content", root) == ([], [])


def test_entity_fields_are_checked(root: Path) -> None:
    write(
        root,
        "entities:\n  - {id: e1, type: human, same_as: [wikidata]}\n  - name: [x]\nother: 1\n",
        rel="_entities.yaml",
    )
    path = "content/_entities.yaml"
    assert load_entities(root / "content", root) == (
        [],
        [
            error(
                4,
                1,
                "unknown-key",
                'unknown key "other" in _entities.yaml; '
                "known keys: entities (and x-* for your own)",
                path,
            ),
            error(2, 5, "missing-field", 'entities[e1] lacks "name"', path),
            error(
                2,
                20,
                "bad-value",
                'entities[e1].type: "human" is not one of person, organization, '
                "press-office, government, news-agency, coalition, country, group, unknown",
                path,
            ),
            error(
                2,
                37,
                "bad-value",
                'entities[e1].same_as[0]: "wikidata" is not '
                "an http(s) address like https://example.org/",
                path,
            ),
            error(3, 5, "missing-field", 'entities[1] lacks "id"', path),
            error(3, 11, "bad-type", "entities[1].name: expected a string, got a list", path),
        ],
    )


def test_entities_declared_in_a_sidecar_name_it_as_origin(root: Path) -> None:
    write(root, HEAD + "entities:\n  - {id: sana, name: SANA, type: news-agency}\n")
    [sidecar], problems = load(root)
    assert problems == []
    assert sidecar.entities == (
        Entity("sana", "SANA", Loc(3, 5), PATH, "news-agency", id_loc=Loc(3, 10)),
    )


# ---------------------------------------------------------------- resolves_inside


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder ``c`` with a sub-folder, a file, and symlinks in, out, dangling and looping."""
    top = tmp_path_factory.mktemp("tree")
    (top / "c" / "d").mkdir(parents=True)
    (top / "c" / "d" / "x.md").write_text("x")
    (top / "out").mkdir()
    (top / "c" / "in").symlink_to(top / "c" / "d")
    (top / "c" / "away").symlink_to(top / "out")
    (top / "c" / "gone").symlink_to(top / "nowhere")
    (top / "c" / "loop").symlink_to(top / "c" / "loop")
    (top / "link").symlink_to(top / "c")
    return top


@given(
    folder=st.lists(st.sampled_from(["c", "d", "link", "in", ".."]), min_size=1, max_size=3),
    below=st.lists(
        st.sampled_from(["c", "d", "x.md", "in", "away", "gone", "loop", "..", "new"]),
        max_size=4,
    ),
)
@settings(deadline=None)
def test_resolves_inside_answers_as_resolving_both_paths(
    tree: Path, folder: list[str], below: list[str]
) -> None:
    top = tree.joinpath(*folder)
    for path in (top.joinpath(*below), Path(os.path.normpath(top.joinpath(*below)))):
        try:
            expected: bool | str = path.resolve().is_relative_to(top.resolve())
        except RuntimeError as error:
            expected = str(error)
        try:
            assert resolves_inside(path, top) == expected
        except RuntimeError as error:
            assert str(error) == expected
