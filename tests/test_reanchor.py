"""New values for drifted anchors: the text found, the context now around it, the position."""

from __future__ import annotations

from quotemark.anchor import AnchorText, resolve
from quotemark.model import Anchor, Loc, Position, Status
from quotemark.reanchor import Rewrite, rewrite


def fixed(text: str, anchor: Anchor) -> Rewrite | None:
    body = AnchorText(text)
    resolution = resolve(body, anchor)
    assert resolution.status in (Status.FUZZY, Status.CONTEXT_CHANGED)
    return rewrite(body, anchor, resolution)


def anchor(exact: str, **fields: object) -> Anchor:
    return Anchor(exact, Loc(1, 1), "content[0]", **fields)  # type: ignore[arg-type]


def test_a_fuzzy_anchor_takes_the_text_found_with_single_spaces() -> None:
    found = fixed(
        "He said we will  rebuild\nevery bridge now.", anchor("we will rebuild evry bridge")
    )
    assert found is not None
    assert (found.exact, found.prefix, found.suffix) == ("we will rebuild every bridge", None, None)
    assert found.position == Position(8, 37)


def test_a_fuzzy_anchor_keeps_curly_quotes_as_the_text_has_them() -> None:
    found = fixed("It’s what we will rebuild now.", anchor("It's what we wil rebuild"))
    assert found is not None and found.exact == "It’s what we will rebuild"


def test_a_context_changed_anchor_keeps_its_exact_and_gets_the_words_before_it() -> None:
    found = fixed("Later the mayor spoke.", anchor("the mayor", prefix="Earlier "))
    assert found is not None
    assert (found.exact, found.prefix, found.suffix) == ("the mayor", "Later ", None)


def test_an_occurrence_is_renumbered_when_the_new_text_matches_elsewhere_first() -> None:
    text = "The mayor said no to the plan. Then again the mayor said no to the plan."
    found = fixed(text, anchor("mayor sayd no to the plan", prefix="again the ", occurrence=1))
    assert found is not None
    assert (found.exact, found.prefix, found.occurrence) == (
        "mayor said no to the plan",
        "again the ",
        2,
    )


def test_a_side_at_the_end_of_the_text_becomes_empty() -> None:
    found = fixed("Stop the mayor", anchor("the mayor", suffix=" said"))
    assert found is not None and found.suffix == ""
