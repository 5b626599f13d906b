"""Cross-file checks: one archive-wide entity table, and every referenced id exists."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from quotemark.model import (
    Addressee,
    Anchor,
    Attribution,
    Cue,
    Document,
    Entity,
    Loc,
    Mention,
    Problem,
    Region,
    Severity,
    Sidecar,
    Source,
)
from quotemark.references import check_references
from quotemark.sidecar import load_sidecars

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
SHARED = "content/_entities.yaml"
PATH = "content/2017/x.annotations.yaml"


def error(line: int, col: int, code: str, message: str, path: str = PATH) -> Problem:
    return Problem(path, line, col, Severity.ERROR, code, message)


def entity(ident: str, line: int, origin: str = SHARED, member_of: str | None = None) -> Entity:
    return Entity(ident, ident.title(), Loc(line, 5), origin, member_of=member_of)


def anchor(label: str, line: int, within: str | None = None) -> Anchor:
    return Anchor("text", Loc(line, 9), label, within=within)


def attribution(
    ident: str,
    line: int,
    source: str | None = "cjtf-oir-pao",
    responds_to: tuple[str, ...] = (),
    continues: tuple[str, ...] = (),
    cue: Cue | None = None,
) -> Attribution:
    label = f"attributions[{ident}]"
    return Attribution(
        id=ident,
        kind="direct",
        source=Source(Loc(line + 1, 15), entity=source, unattributed=source is None),
        content=(anchor(f"{label}.content[0]", line + 2),),
        loc=Loc(line, 5),
        cue=cue,
        responds_to=responds_to,
        continues=continues,
    )


def sidecar(
    entities: tuple[Entity, ...] = (),
    regions: tuple[Region, ...] = (),
    attributions: tuple[Attribution, ...] = (),
    mentions: tuple[Mention, ...] = (),
    rel: str = PATH,
    document: Document | None = None,
) -> Sidecar:
    path = Path("/p") / rel
    document = document or Document()
    return Sidecar(path, rel, path, document, entities, regions, attributions, mentions)


SHARED_ENTITIES = (entity("cjtf-oir-pao", 2), entity("sputnik", 5))


def test_the_seed_sidecar_refers_only_to_what_it_declares(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(SEEDS / "000_3121d0f905a41dbb.annotations.yaml", content)
    (content / "000_3121d0f905a41dbb.txt").write_text("text\n", encoding="utf-8")
    sidecars, _ = load_sidecars(content, tmp_path)
    table, problems = check_references([], sidecars)
    assert problems == []
    assert sorted(table) == [
        *("cia-director", "cjtf-oir-pao", "putin", "russia", "sana", "sputnik", "trump"),
        "us-led-coalition",
    ]


def test_the_table_holds_shared_and_sidecar_entities() -> None:
    local = entity("sana", 20, origin=PATH)
    table, problems = check_references(SHARED_ENTITIES, [sidecar(entities=(local,))])
    assert problems == []
    assert table == {
        "cjtf-oir-pao": SHARED_ENTITIES[0],
        "sputnik": SHARED_ENTITIES[1],
        "sana": local,
    }


def test_an_entity_declared_in_the_shared_file_and_a_sidecar_is_a_duplicate() -> None:
    again = entity("sputnik", 30, origin=PATH)
    _, problems = check_references(SHARED_ENTITIES, [sidecar(entities=(again,))])
    message = (
        'entity "sputnik" is already declared at content/_entities.yaml:5; declare it only once'
    )
    assert problems == [error(30, 5, "duplicate-id", message)]


def test_an_entity_declared_in_two_sidecars_is_a_duplicate_in_the_second() -> None:
    first = sidecar(entities=(entity("sana", 12, origin="content/a.annotations.yaml"),))
    second = sidecar(entities=(entity("sana", 14, origin="content/b.annotations.yaml"),))
    _, problems = check_references([], [first, second])
    message = (
        'entity "sana" is already declared at content/a.annotations.yaml:12; declare it only once'
    )
    assert problems == [error(14, 5, "duplicate-id", message, "content/b.annotations.yaml")]


def test_an_unknown_source_entity_suggests_the_closest() -> None:
    wrong = attribution("a04", 41, source="cjtf-oir")
    _, problems = check_references(SHARED_ENTITIES, [sidecar(attributions=(wrong,))])
    message = (
        'attributions[a04].source.entity "cjtf-oir" is not declared; did you mean "cjtf-oir-pao"?'
    )
    assert problems == [error(42, 15, "unknown-entity", message)]


def test_an_unknown_addressee_mention_entity_member_or_publisher_is_reported() -> None:
    cue = Cue(Loc(12, 7), addressee=Addressee(Loc(14, 17), entity="nobody"))
    other = entity("sana", 30, origin=PATH, member_of="arab-league")
    reported = sidecar(
        entities=(other,),
        attributions=(attribution("a1", 10, cue=cue),),
        mentions=(Mention("m1", "sputnic", anchor("mentions[m1].anchor", 50), Loc(50, 5)),),
        document=Document(publisher="sputnick"),
    )
    _, problems = check_references(SHARED_ENTITIES, [reported])
    assert problems == [
        error(
            30,
            5,
            "unknown-entity",
            'entities[sana].member_of "arab-league" is not declared; declare it under entities',
        ),
        error(
            1,
            1,
            "unknown-entity",
            'document.publisher "sputnick" is not declared; did you mean "sputnik"?',
        ),
        error(
            14,
            17,
            "unknown-entity",
            'attributions[a1].cue.addressee.entity "nobody" '
            "is not declared; declare it under entities",
        ),
        error(
            50,
            5,
            "unknown-entity",
            'mentions[m1].entity "sputnic" is not declared; did you mean "sputnik"?',
        ),
    ]


def test_an_unattributed_source_refers_to_no_entity() -> None:
    unattributed = attribution("a1", 10, source=None)
    assert check_references([], [sidecar(attributions=(unattributed,))])[1] == []


def test_within_must_name_a_region_of_the_same_sidecar() -> None:
    region = Region("r-title", "title", anchor("regions[r-title].anchor", 3), Loc(3, 5))
    mention = Mention(
        "m1", "sputnik", anchor("mentions[m1].anchor", 9, within="r-titel"), Loc(9, 5)
    )
    inside = Mention(
        "m2", "sputnik", anchor("mentions[m2].anchor", 10, within="r-title"), Loc(10, 5)
    )
    found = sidecar(regions=(region,), mentions=(mention, inside))
    _, problems = check_references(SHARED_ENTITIES, [found])
    message = (
        'mentions[m1].anchor.within "r-titel" is not a '
        'region of this sidecar; did you mean "r-title"?'
    )
    assert problems == [error(9, 9, "unknown-ref", message)]


def test_responds_to_and_continues_must_name_attributions_of_the_same_sidecar() -> None:
    attributions = (
        attribution("a03-sana-claim", 10),
        attribution("a04", 20, responds_to=("a03-sana",), continues=("zzz",)),
    )
    _, problems = check_references(SHARED_ENTITIES, [sidecar(attributions=attributions)])
    assert problems == [
        error(
            20,
            5,
            "unknown-ref",
            'attributions[a04].responds_to "a03-sana" is not an '
            'attribution of this sidecar; did you mean "a03-sana-claim"?',
        ),
        error(
            20,
            5,
            "unknown-ref",
            'attributions[a04].continues "zzz" is not an attribution of this sidecar',
        ),
    ]


def test_a_continues_chain_may_not_loop() -> None:
    attributions = (
        attribution("a1", 10, continues=("a2",)),
        attribution("a2", 20, continues=("a1",)),
        attribution("a3", 30, continues=("a2",)),
    )
    _, problems = check_references(SHARED_ENTITIES, [sidecar(attributions=attributions)])
    assert problems == [
        error(
            10, 5, "bad-value", "attributions[a1].continues leads back to itself; break the cycle"
        ),
        error(
            20, 5, "bad-value", "attributions[a2].continues leads back to itself; break the cycle"
        ),
    ]


def test_anchors_everywhere_in_an_attribution_are_checked_for_within() -> None:
    cue = Cue(
        Loc(12, 7),
        anchor=anchor("attributions[a1].cue.anchor", 13, within="r9"),
        addressee=Addressee(
            Loc(14, 17), mention=anchor("attributions[a1].cue.addressee.mention", 15, within="r9")
        ),
    )
    _, problems = check_references(
        SHARED_ENTITIES, [sidecar(attributions=(attribution("a1", 10, cue=cue),))]
    )
    assert [p.message for p in problems] == [
        'attributions[a1].cue.anchor.within "r9" is not a region of this sidecar',
        'attributions[a1].cue.addressee.mention.within "r9" is not a region of this sidecar',
    ]


def test_each_reference_is_reported_where_its_id_stands() -> None:
    council = Entity(
        "council", "Council", Loc(2, 5), SHARED, member_of="cityhall", member_of_loc=Loc(4, 16)
    )
    a1 = replace(
        attribution("a1", 10, continues=("a9", "a1x")),
        content=(replace(anchor("c", 12, within="r9"), within_loc=Loc(12, 40)),),
        continues_locs=(Loc(14, 17), Loc(14, 21)),
    )
    mention = Mention(
        "m1", "mayer", anchor("mentions[m1].anchor", 21), Loc(20, 5), entity_loc=Loc(21, 13)
    )
    found = sidecar(
        attributions=(a1,),
        mentions=(mention,),
        document=Document(publisher="sputnick", publisher_loc=Loc(3, 14)),
    )
    _, problems = check_references([*SHARED_ENTITIES, council], [found])
    assert [(p.path, p.line, p.col, p.code) for p in problems] == [
        (SHARED, 4, 16, "unknown-entity"),
        (PATH, 3, 14, "unknown-entity"),
        (PATH, 21, 13, "unknown-entity"),
        (PATH, 12, 40, "unknown-ref"),
        (PATH, 14, 17, "unknown-ref"),
        (PATH, 14, 21, "unknown-ref"),
    ]


def test_a_duplicate_entity_is_reported_at_its_id_value() -> None:
    first = replace(entity("sana", 12, origin="content/a.annotations.yaml"), id_loc=Loc(13, 9))
    again = replace(entity("sana", 14, origin="content/b.annotations.yaml"), id_loc=Loc(15, 9))
    _, problems = check_references([], [sidecar(entities=(first,)), sidecar(entities=(again,))])
    message = (
        'entity "sana" is already declared at content/a.annotations.yaml:13; declare it only once'
    )
    assert problems == [error(15, 9, "duplicate-id", message, "content/b.annotations.yaml")]
