"""Resolving text-quote anchors against an article's anchor text."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from quotemark.anchor import AnchorText, resolve
from quotemark.model import Anchor, Candidate, Loc, Position, Resolution, Span, Status
from quotemark.normalize import normalize

SHARED = Path("/work/shared")
BASELINES = SHARED / "hypothesis-anchoring-baselines"
SEED = SHARED / "seeds" / "000_3121d0f905a41dbb"

ARTICLE = (
    "US-Led Coalition Denies Transporting Daesh Commanders From Syria\u2019s Deir Ez-Zor\n"
    "\u201cThis is a laughably bad attempt at misinformation and highlights why no one trusts"
    " what Russia has to say regarding the fight against Daesh,\u201d the press service said.\n"
    "US-Led Coalition Denies Complicity With Daesh Terrorists in Syria\n"
    "\u201cDaesh fighters know that they face certain defeat,\u201d the press service added."
)


def an(
    exact: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    occurrence: int | None = None,
    position: int | None = None,
    all: bool = False,
) -> Anchor:
    """Build an anchor as the sidecar loader would."""
    hint = None if position is None else Position(position, position + len(exact))
    return Anchor(
        exact=exact,
        loc=Loc(1, 1),
        label="a",
        prefix=prefix,
        suffix=suffix,
        occurrence=occurrence,
        position=hint,
        all=all,
    )


def cut(text: str, span: Span) -> str:
    """Return the original text of a span."""
    return text[span.start : span.end]


def occurrences(haystack: str, needle: str) -> int:
    """Count the overlapping occurrences of needle in haystack."""
    return sum(haystack.startswith(needle, k) for k in range(len(haystack)))


# ---------------------------------------------------------------- properties


@given(text=st.text(min_size=1), data=st.data())
def test_a_unique_slice_is_found_where_it_was_cut(text: str, data: st.DataObject) -> None:
    """STYLE.md's property, for cuts whose edges normalise to visible characters.

    An edge character that is invisible (dropped) or whitespace (merged into its run) moves
    the span to the nearest visible character or the whole run; the next test covers those.
    """
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    first, last = normalize(text[i]), normalize(text[j - 1])
    assume(first[:1].strip() and last[-1:].strip())
    assume(occurrences(normalize(text), normalize(text[i:j])) == 1)
    assert resolve(AnchorText(text), an(text[i:j])) == Resolution(
        Status.EXACT, spans=(Span(i, j),), candidates=(Candidate(Span(i, j)),)
    )


@given(text=st.text(min_size=1), data=st.data())
def test_any_unique_slice_resolves_to_a_span_reading_the_same(
    text: str, data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    exact = normalize(text[i:j])
    assume(exact and occurrences(normalize(text), exact) == 1)
    resolution = resolve(AnchorText(text), an(text[i:j]))
    assert resolution.status is Status.EXACT
    assert normalize(cut(text, resolution.spans[0])) == exact


# ---------------------------------------------------------------- normalisation


def test_straight_quotes_in_exact_match_curly_quotes_in_the_text() -> None:
    exact = '"This is a laughably bad attempt at misinformation'
    resolution = resolve(AnchorText(ARTICLE), an(exact))
    assert resolution.status is Status.EXACT
    assert cut(ARTICLE, resolution.spans[0]) == "\u201c" + exact[1:]


def test_a_straight_apostrophe_matches_a_curly_one() -> None:
    resolution = resolve(AnchorText(ARTICLE), an("From Syria's Deir Ez-Zor"))
    assert cut(ARTICLE, resolution.spans[0]) == "From Syria\u2019s Deir Ez-Zor"


def test_plain_spaces_match_no_break_spaces() -> None:
    text = "transported commanders of\u00a0Daesh\u00a0from the city"
    resolution = resolve(AnchorText(text), an("commanders of Daesh from"))
    assert resolution.spans == (Span(12, 36),)


def test_a_folded_yaml_string_matches_across_a_line_break_or_a_block_boundary() -> None:
    text = "Al Hasakah, the press\nservice said."
    resolution = resolve(AnchorText(text), an("Al Hasakah,\nthe  press service said"))
    assert resolution.spans == (Span(0, 34),)


def test_nfd_exact_matches_nfc_text() -> None:
    text = "Caf\u00e9 M\u00fcller reopened"
    resolution = resolve(AnchorText(text), an("Cafe\u0301 Mu\u0308ller"))
    assert resolution.spans == (Span(0, 11),)


def test_nfc_exact_matches_nfd_text() -> None:
    text = "Cafe\u0301 reopened"
    resolution = resolve(AnchorText(text), an("Caf\u00e9 reopened"))
    assert resolution.spans == (Span(0, 14),)


def test_zero_width_characters_and_soft_hyphens_in_the_text_are_skipped() -> None:
    text = "an attempt at mis\u00adinforma\u200btion and"
    resolution = resolve(AnchorText(text), an("attempt at misinformation"))
    assert resolution.spans == (Span(3, 30),)


def test_an_invisible_character_at_the_edge_stays_outside_the_span() -> None:
    text = "said \u200bSputnik\u00ad today"
    assert resolve(AnchorText(text), an("Sputnik")).spans == (Span(6, 13),)


# ---------------------------------------------------------------- one match


def test_a_unique_match_with_agreeing_context_is_exact() -> None:
    anchor = an("laughably bad attempt", prefix="a ", suffix=" at")
    resolution = resolve(AnchorText(ARTICLE), anchor)
    assert resolution.status is Status.EXACT


def test_a_block_boundary_counts_as_one_space_in_the_context() -> None:
    anchor = an("US-Led Coalition Denies Complicity", prefix="the press service said. ")
    assert resolve(AnchorText(ARTICLE), anchor).status is Status.EXACT


def test_the_start_and_end_of_the_text_count_as_one_space_in_the_context() -> None:
    anchor = an("Two", prefix=" One ", suffix=" Three\n")
    assert resolve(AnchorText("One Two Three"), anchor).status is Status.EXACT


def test_a_look_alike_sentence_in_another_context_is_context_changed() -> None:
    text = "In Moscow the talks failed, officials said."
    anchor = an("the talks failed", prefix="In Kyiv ", suffix=", officials said.")
    assert resolve(AnchorText(text), anchor) == Resolution(
        Status.CONTEXT_CHANGED, spans=(Span(10, 26),), candidates=(Candidate(Span(10, 26)),)
    )


# ---------------------------------------------------------------- several matches


def test_a_repeated_phrase_is_disambiguated_by_its_suffix() -> None:
    resolution = resolve(AnchorText(ARTICLE), an("the press service", suffix=" added"))
    assert resolution.status is Status.DISAMBIGUATED
    assert resolution.spans == (Span(ARTICLE.rindex("the press"), ARTICLE.rindex(" added")),)


def test_a_repeated_phrase_is_disambiguated_by_its_prefix() -> None:
    resolution = resolve(AnchorText(ARTICLE), an("US-Led Coalition Denies", prefix="said. "))
    assert resolution.status is Status.DISAMBIGUATED
    start = ARTICLE.rindex("US-Led")
    assert resolution.spans == (Span(start, start + 23),)


def test_a_repeated_phrase_is_disambiguated_by_occurrence() -> None:
    resolution = resolve(AnchorText(ARTICLE), an("the press service", occurrence=2))
    assert resolution.status is Status.DISAMBIGUATED
    assert resolution.spans == (Span(ARTICLE.rindex("the press"), ARTICLE.rindex(" added")),)


def test_occurrence_counts_overlapping_matches() -> None:
    resolution = resolve(AnchorText("aaaa"), an("aa", occurrence=2))
    assert resolution.spans == (Span(1, 3),)


def test_an_occurrence_whose_context_disagrees_is_context_changed() -> None:
    anchor = an("the press service", occurrence=1, suffix=" added")
    resolution = resolve(AnchorText(ARTICLE), anchor)
    assert resolution.status is Status.CONTEXT_CHANGED
    assert cut(ARTICLE, resolution.spans[0]) == "the press service"
    assert resolution.spans[0].start == ARTICLE.index("the press")


def test_a_repeated_phrase_is_found_only_within_its_scope() -> None:
    start = ARTICLE.rindex("US-Led")
    scope = Span(start, ARTICLE.index("\n", start))
    resolution = resolve(AnchorText(ARTICLE), an("US-Led Coalition"), scope)
    assert (resolution.status, resolution.spans) == (Status.EXACT, (Span(start, start + 16),))


def test_a_repeated_phrase_is_disambiguated_by_its_position_hint() -> None:
    start = ARTICLE.rindex("the press")
    resolution = resolve(AnchorText(ARTICLE), an("the press service", position=start + 3))
    assert (resolution.status, resolution.spans) == (
        Status.DISAMBIGUATED,
        (Span(start, start + 17),),
    )


def test_a_position_hint_too_far_from_every_match_picks_none() -> None:
    resolution = resolve(AnchorText(ARTICLE), an("the press service", position=0))
    assert resolution.status is Status.AMBIGUOUS


def test_a_position_hint_picks_among_disagreeing_matches_as_context_changed() -> None:
    start = ARTICLE.rindex("the press")
    anchor = an("the press service", suffix=" stated", position=start)
    resolution = resolve(AnchorText(ARTICLE), anchor)
    assert (resolution.status, resolution.spans) == (
        Status.CONTEXT_CHANGED,
        (Span(start, start + 17),),
    )


def test_an_ambiguous_anchor_lists_every_candidate_and_the_shortest_separating_suffix() -> None:
    first, second = ARTICLE.index("the press"), ARTICLE.rindex("the press")
    assert resolve(AnchorText(ARTICLE), an("the press service")) == Resolution(
        Status.AMBIGUOUS,
        candidates=(Candidate(Span(first, first + 17)), Candidate(Span(second, second + 17))),
        hint='add suffix: " said."',
    )


def test_an_ambiguous_hint_may_be_a_prefix_from_the_original_text() -> None:
    text = (
        "the fight against Daesh,\u201d the press service said.\n"
        "Areas instead,\u201d the press service said.\nAreas"
    )
    resolution = resolve(AnchorText(text), an("the press service said."))
    assert resolution.hint == 'add prefix: "Daesh,\u201d "'


def test_ambiguity_among_matches_whose_context_all_disagrees_lists_them_all() -> None:
    resolution = resolve(AnchorText(ARTICLE), an("the press service", prefix="by "))
    assert (resolution.status, len(resolution.candidates), resolution.hint) == (
        Status.AMBIGUOUS,
        2,
        'add suffix: " said."',
    )


def test_indistinguishable_matches_are_told_apart_by_occurrence() -> None:
    resolution = resolve(AnchorText("ab " * 60), an("ab"))
    assert resolution.hint == "add occurrence: 1"


def test_all_marks_every_occurrence() -> None:
    resolution = resolve(AnchorText(ARTICLE), an("Daesh", all=True))
    assert resolution.status is Status.EXACT
    assert [cut(ARTICLE, s) for s in resolution.spans] == ["Daesh"] * 4


def test_all_with_no_occurrence_is_an_orphan_without_fuzzy_matching() -> None:
    resolution = resolve(AnchorText(ARTICLE), an("the press servise", all=True))
    assert (resolution.status, resolution.edits, resolution.budget) == (Status.ORPHAN, 1, 0)


# ---------------------------------------------------------------- no exact match


def test_an_edited_quote_is_fuzzy_with_the_new_text_as_suggestion() -> None:
    anchor = an(
        "This is a laughably poor attempt at misinformation",
        prefix='"',
        suffix=" and highlights",
    )
    resolution = resolve(AnchorText(ARTICLE), anchor)
    start = ARTICLE.index("This is")
    assert resolution == Resolution(
        Status.FUZZY,
        spans=(Span(start, start + 49),),
        candidates=(Candidate(Span(start, start + 49), 4),),
        edits=4,
        budget=10,
        suggestion="This is a laughably bad attempt at misinformation",
    )


def test_a_fuzzy_candidate_whose_context_changed_too_is_an_orphan() -> None:
    anchor = an(
        "This is a laughably poor attempt at misinformation",
        prefix="Moscow said: ",
        suffix=" about Ukraine",
    )
    resolution = resolve(AnchorText(ARTICLE), anchor)
    assert (resolution.status, resolution.edits, resolution.budget) == (Status.ORPHAN, 4, 10)
    assert cut(ARTICLE, resolution.candidates[0].span).startswith("This is a laughably bad")


def test_two_equally_close_fuzzy_candidates_are_ambiguous() -> None:
    text = "the coalition denied it.\nthe coalition denied it."
    resolution = resolve(AnchorText(text), an("the coalitoin denied"))
    assert resolution == Resolution(
        Status.AMBIGUOUS,
        candidates=(Candidate(Span(0, 20), 2), Candidate(Span(25, 45), 2)),
        budget=4,
        hint='add suffix: " it. the"',
    )


def test_a_long_anchor_far_from_the_text_is_an_orphan_naming_the_closest_candidate() -> None:
    resolution = resolve(AnchorText(ARTICLE), an("the press office of the Kremlin declared"))
    assert (resolution.status, resolution.budget) == (Status.ORPHAN, 8)
    assert resolution.edits > 8
    assert resolution.candidates[0].edits == resolution.edits


def test_a_short_anchor_that_vanished_is_an_orphan_without_fuzzy_matching() -> None:
    resolution = resolve(AnchorText(ARTICLE), an("the Kremlin"))
    assert (resolution.status, resolution.spans, resolution.budget) == (Status.ORPHAN, (), 0)
    assert resolution.edits == resolution.candidates[0].edits > 0


def test_a_short_edited_anchor_is_not_matched_fuzzily() -> None:
    resolution = resolve(AnchorText(ARTICLE), an("noone trust"))
    assert (resolution.status, resolution.edits) == (Status.ORPHAN, 1)


def test_an_exact_that_normalises_to_nothing_is_an_orphan() -> None:
    assert resolve(AnchorText(ARTICLE), an("\u200b")) == Resolution(Status.ORPHAN)


# ---------------------------------------------------------------- real data


class BodyText(HTMLParser):
    """Collect the text nodes of a page's <body> (and after it, as browsers do)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = self.inside or tag == "body"

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.parts.append(data)


def body_text(path: Path) -> str:
    """Return the joined text nodes of an HTML file's body."""
    parser = BodyText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return "".join(parser.parts)


def quote_selectors(path: Path) -> list[Anchor]:
    """Return the TextQuoteSelectors of a Hypothesis API response as anchors."""
    rows = json.loads(path.read_text(encoding="utf-8"))["rows"]
    selectors = [s for row in rows for t in row["target"] for s in t["selector"]]
    quotes = [s for s in selectors if s["type"] == "TextQuoteSelector"]
    return [an(q["exact"], prefix=q["prefix"], suffix=q["suffix"]) for q in quotes]


def test_the_hypothesis_minimal_baseline_resolves_exactly() -> None:
    text = AnchorText(body_text(BASELINES / "minimal.html"))
    [anchor] = quote_selectors(BASELINES / "minimal.json")
    assert resolve(text, anchor).spans == (Span(4, 7),)


def test_the_hypothesis_wikipedia_baseline_resolves_four_exact_and_one_disambiguated() -> None:
    text = AnchorText(body_text(BASELINES / "wikipedia-regression-testing.html"))
    anchors = quote_selectors(BASELINES / "wikipedia-regression-testing.json")
    resolutions = [resolve(text, anchor) for anchor in anchors]
    assert [r.status for r in resolutions] == [Status.EXACT] * 4 + [Status.DISAMBIGUATED]
    found = [normalize(cut(text.text, r.spans[0])) for r in resolutions]
    assert found == [normalize(a.exact) for a in anchors]


def seed_anchors(node: Any) -> list[dict[str, Any]]:
    """Return every anchor mapping (anything with an ``exact``) in a sidecar, in order."""
    if isinstance(node, dict):
        found = [node] if "exact" in node else []
        return found + [a for value in node.values() for a in seed_anchors(value)]
    if isinstance(node, list):
        return [a for item in node for a in seed_anchors(item)]
    return []


def test_every_anchor_of_the_seed_annotation_resolves_uniquely() -> None:
    sidecar = yaml.safe_load(SEED.with_suffix(".annotations.yaml").read_text(encoding="utf-8"))
    text = AnchorText(SEED.with_suffix(".txt").read_text(encoding="utf-8"))
    regions = {r["id"]: resolve(text, an(**r["anchor"])).spans[0] for r in sidecar["regions"]}
    statuses = set()
    for fields in seed_anchors(sidecar):
        within = fields.pop("within", None)
        resolution = resolve(text, an(**fields), regions[within] if within else None)
        assert resolution.status in (Status.EXACT, Status.DISAMBIGUATED), fields
        statuses.add(resolution.status)
    assert statuses == {Status.EXACT, Status.DISAMBIGUATED}


def test_a_fuzzy_match_holds_whole_words_when_an_edge_word_was_edited() -> None:
    text = AnchorText("She said: Nothing will stop us now, and left.")
    found = resolve(text, an("Nothing will stop us then"))
    assert found.status is Status.FUZZY
    assert found.suggestion == "Nothing will stop us now"
