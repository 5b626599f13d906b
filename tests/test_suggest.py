"""Drafting attributions (suggest): quotation marks, cues, speakers, anchors, the sidecar
merge, the command, and the measured quality on the gold set."""

from __future__ import annotations

import difflib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotemark.anchor import AnchorText, resolve
from quotemark.annotate import Part
from quotemark.drafts import suggest_command
from quotemark.model import Attribution, Entity, Loc, Span, Status
from quotemark.project import make_project
from quotemark.quotes import pair_quotes
from quotemark.sidecaredit import EditError, add_to_sidecar, new_sidecar, quoted
from quotemark.suggest import Drafted, attributions_of, draft, minimal_anchor
from tests.conftest import TempProject

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "content" / "2017"


def items(text: str) -> list[list[str]]:
    """The content items of every quotation, as text."""
    return [[text[s.start : s.end] for s in q.items] for q in pair_quotes(text)]


def body(text: str) -> tuple[Part, ...]:
    return (Part("body", "", text, 0),)


def drafted(text: str, known: tuple[Entity, ...] = ()) -> list[Drafted]:
    return list(draft(text, body(text), known).drafts)


def shown(text: str, span: Span | None) -> str | None:
    return None if span is None else text[span.start : span.end]


def person(ident: str, name: str, *aliases: str) -> Entity:
    return Entity(ident, name, Loc(1, 1), "test", type="person", aliases=aliases)


# ---------------------------------------------------------------- quotation marks


def test_straight_quotes_pair_in_order() -> None:
    text = '"We stay," she said. "They go."'
    assert items(text) == [["We stay,"], ["They go."]]


def test_curly_quotes_pair() -> None:
    assert items("“Ready to act,” Marsh said.") == [["Ready to act,"]]


def test_guillemets_pair() -> None:
    assert items("«Italy is no longer alone,» he told reporters.") == [
        ["Italy is no longer alone,"]
    ]


def test_german_low_high_quotes_pair() -> None:
    assert items("„Housing is not a luxury,“ Lorenz said.") == [["Housing is not a luxury,"]]


def test_apostrophes_are_not_quotes() -> None:
    text = "Don't blame Syria's leaders' summit or the '90s, rock 'n' roll lives."
    assert items(text) == []


def test_single_quotes_among_apostrophes_pair() -> None:
    text = "‘It’s been hard since the ’90s,’ Hughes said. The players’ union was ‘shocked’."
    assert items(text) == [["It’s been hard since the ’90s,"], ["shocked"]]


def test_a_plural_possessive_inside_single_quotes_does_not_close_them() -> None:
    text = "'The players' union is angry,' he said."
    assert items(text) == [["The players' union is angry,"]]


def test_a_single_quote_closes_before_a_small_word() -> None:
    assert items("Villagers Say 'Nobody Warned Us' as Floods Hit") == [["Nobody Warned Us"]]


def test_single_quotes_inside_double_quotes_are_part_of_the_quotation() -> None:
    text = "\"It came as a 'calendar invite' from HR,\" he wrote."
    assert items(text) == [["It came as a 'calendar invite' from HR,"]]


def test_a_quotation_continues_into_a_paragraph_that_opens_with_a_mark() -> None:
    text = '"We tried everything.\n"So now we sit here," she said.'
    assert items(text) == [["We tried everything.", "So now we sit here,"]]


def test_an_unclosed_mark_before_a_paragraph_without_one_is_ignored() -> None:
    text = '"We tried everything.\nNobody answered.'
    assert items(text) == []


def test_a_three_paragraph_quotation_gives_three_items() -> None:
    text = "“One.\n“Two.\n“Three,” he said."
    assert items(text) == [["One.", "Two.", "Three,"]]


# ---------------------------------------------------------------- cues and speakers


def test_a_cue_after_the_quotation_with_its_subject_before_it() -> None:
    text = '"This is a bad attempt," the press service said.'
    [found] = drafted(text)
    assert (found.kind, shown(text, found.source), shown(text, found.cue), found.lemma) == (
        "direct",
        "the press service",
        "said",
        "say",
    )


def test_an_inverted_cue_takes_the_whole_noun_phrase_after_it() -> None:
    text = '"We will not go back," said Mark Delaney, the general secretary of the union.'
    [found] = drafted(text)
    assert shown(text, found.source) == "Mark Delaney, the general secretary of the union"


def test_a_trailing_adverbial_is_not_part_of_the_source() -> None:
    text = '"We are part of the solution," said Copa-Cogeca, the farmers\' union, in a statement.'
    [found] = drafted(text)
    assert shown(text, found.source) == "Copa-Cogeca, the farmers' union"


def test_a_cue_before_the_quotation() -> None:
    text = 'In a post on LinkedIn, one engineer wrote: "It ended with an invite from HR."'
    [found] = drafted(text)
    assert (shown(text, found.source), shown(text, found.cue), found.lemma) == (
        "one engineer",
        "wrote",
        "write",
    )


def test_a_split_quotation_is_one_attribution_with_two_items() -> None:
    text = '"The members voted," Delaney said, "and the members will decide."'
    [found] = drafted(text)
    assert [shown(text, s) for s in found.content] == [
        "The members voted,",
        "and the members will decide.",
    ]


def test_a_quotation_continued_after_its_cue_sentence_joins_the_attribution() -> None:
    text = '"We have heard that before," Delaney said. "It is the same old tune."'
    [found] = drafted(text)
    assert len(found.content) == 2


def test_a_multi_paragraph_quotation_is_one_attribution() -> None:
    text = "“We are not in a recession.\n“We have room to cut,” Marsh said."
    [found] = drafted(text)
    assert [shown(text, s) for s in found.content] == [
        "We are not in a recession.",
        "We have room to cut,",
    ]


def test_a_scare_quote_is_not_an_attribution() -> None:
    text = 'Leaders agreed to set up "controlled centres" for migrants.'
    assert drafted(text) == []


def test_a_pronoun_source_names_the_nearest_person_before_it() -> None:
    text = 'Mark Delaney led the strike. Vos left. "We stay," he said.'
    known = (person("delaney", "Mark Delaney"), person("vos", "Ingrid Vos"))
    [found] = drafted(text, known)
    assert (shown(text, found.source), found.entity) == ("he", "vos")


def test_a_possessive_is_not_an_antecedent() -> None:
    text = 'Ana Souza spoke to Ferreira\'s party. "We stay," she said.'
    known = (person("souza", "Ana Souza"), person("ferreira", "Tomás Ferreira"))
    [found] = drafted(text, known)
    assert found.entity == "souza"


def test_a_known_entity_is_matched_by_its_surname() -> None:
    text = '"We listen," Souza told reporters.'
    [found] = drafted(text, (person("ana-souza", "Ana Souza"),))
    assert found.entity == "ana-souza"


def test_an_unknown_person_is_proposed_from_the_name_in_the_phrase() -> None:
    text = "Health Minister Karen Doyle denied that hospitals were in crisis."
    proposal = draft(text, body(text), ())
    [entity] = proposal.entities
    assert (entity.id, entity.name, entity.type, entity.role) == (
        "karen-doyle",
        "Karen Doyle",
        "person",
        "Health Minister",
    )


def test_an_unnamed_group_is_proposed_as_a_group() -> None:
    text = "Shipping firms said the strike had already delayed 40 vessels."
    [entity] = draft(text, body(text), ()).entities
    assert (entity.id, entity.type) == ("shipping-firms", "group")


def test_reported_speech_with_that_excludes_that_and_the_stop() -> None:
    text = "The Public Affairs Office added that terrorists were fleeing to the south."
    [found] = drafted(text)
    assert (found.kind, shown(text, found.content[0]), shown(text, found.cue)) == (
        "indirect",
        "terrorists were fleeing to the south",
        "added",
    )


def test_told_skips_the_addressee_and_the_time() -> None:
    text = "The office told Sputnik on Saturday that no militants were carried."
    [found] = drafted(text)
    assert shown(text, found.content[0]) == "no militants were carried"


def test_the_subject_is_found_before_an_infinitive_cue() -> None:
    text = "Later, Russian President Vladimir Putin was the first to announce that the war ended."
    [found] = drafted(text)
    assert (shown(text, found.source), shown(text, found.cue)) == (
        "Russian President Vladimir Putin",
        "announce",
    )


def test_a_cue_word_used_as_a_noun_is_not_a_cue() -> None:
    text = "Only a tenth has been paid, according to a report by the foundation."
    [found] = drafted(text)
    assert (shown(text, found.cue), shown(text, found.source)) == (
        "according to",
        "a report by the foundation",
    )


def test_a_clause_before_its_cue_is_reported_speech() -> None:
    text = "WASHINGTON (Sputnik) - No militants were carried to Al Hasakah, the office said."
    [found] = drafted(text)
    assert (shown(text, found.content[0]), shown(text, found.source)) == (
        "No militants were carried to Al Hasakah",
        "the office",
    )


def test_according_to_names_the_source() -> None:
    text = "According to the statistics office, rents have risen by 42 percent."
    [found] = drafted(text)
    assert (shown(text, found.source), shown(text, found.cue), found.lemma) == (
        "the statistics office",
        "According to",
        "according to",
    )


def test_a_reported_clause_with_quoted_words_is_mixed() -> None:
    text = 'Governor Helena Marsh told a news conference that the bank was "ready to act".'
    [found] = drafted(text)
    assert (found.kind, shown(text, found.content[0])) == (
        "mixed",
        'the bank was "ready to act"',
    )


def test_a_headline_cue_drafts_the_headline() -> None:
    text = "US-Led Coalition Denies Transporting Daesh Commanders\nThe body."
    parts = (Part("headline", "", text.split("\n")[0], 0), Part("body", "", "The body.", 54))
    [found] = draft(text, parts, ()).drafts
    assert (found.section, shown(text, found.source), shown(text, found.cue)) == (
        "headline",
        "US-Led Coalition",
        "Denies",
    )


# ---------------------------------------------------------------- anchors


def test_a_unique_span_gets_a_bare_exact() -> None:
    text = AnchorText("the press service said.")
    anchor = minimal_anchor(text, Span(0, 17), "x")
    assert (anchor.exact, anchor.prefix, anchor.suffix) == ("the press service", None, None)


def test_a_repeated_span_gets_the_shortest_context_that_singles_it_out() -> None:
    text = AnchorText("he said no. she said yes.")
    anchor = minimal_anchor(text, Span(16, 20), "x")
    assert (anchor.exact, anchor.prefix, anchor.suffix) == ("said", None, " yes.")


@settings(deadline=None, max_examples=60)
@given(
    words=st.lists(st.sampled_from(["said", "he", "she", "told", "x."]), min_size=1, max_size=12),
    data=st.data(),
)
def test_a_minimal_anchor_resolves_cleanly_to_its_span(
    words: list[str], data: st.DataObject
) -> None:
    text = " ".join(words)
    i = data.draw(st.integers(0, len(words) - 1))
    start = len(" ".join(words[:i])) + (1 if i else 0)
    span = Span(start, start + len(words[i]))
    found = resolve(AnchorText(text), minimal_anchor(AnchorText(text), span, "x"))
    assert (found.status in (Status.EXACT, Status.DISAMBIGUATED), found.spans) == (True, (span,))


# ---------------------------------------------------------------- sidecar text


def sample_attributions(text: str) -> tuple[Attribution, ...]:
    return attributions_of(drafted(text), AnchorText(text), ())


HUMAN = """# A human sidecar: comments and layout must survive.
schema: annotated-news/sidecar@1
entities:
  - id: vos   # the port's boss
    type: person
    name: Ingrid Vos

attributions:
    - id: a01
      kind: direct
      source: {entity: vos}
      content: ["We stay,"]

# mentions follow
mentions: []
"""


def test_quoted_strings_escape_invisible_characters() -> None:
    assert quoted('a "b"\u2028c\u00ad') == '"a \\"b\\"\\u2028c\\u00ad"'


def test_adding_suggestions_keeps_every_human_byte() -> None:
    text = '"We go," said the mayor.'
    merged = add_to_sidecar(HUMAN, sample_attributions(text), ())
    inserted = merged[merged.index("    # quotemark-suggest/1") : merged.index("# mentions follow")]
    assert (merged.replace(inserted, ""), only_insertions(HUMAN, merged)) == (HUMAN, True)


def test_suggestions_join_the_list_at_its_own_indentation() -> None:
    merged = add_to_sidecar(HUMAN, sample_attributions('"We go," said the mayor.'), ())
    assert '    - id: "s01-we-go"\n      kind: direct\n' in merged


def test_a_sidecar_without_attributions_gets_the_list_at_its_end() -> None:
    original = "schema: annotated-news/sidecar@1\n"
    merged = add_to_sidecar(original, sample_attributions('"We go," said the mayor.'), ())
    assert merged.startswith(original + "\nattributions:\n  # quotemark-suggest/1: 1 machine")


def test_a_sidecar_with_crlf_line_ends_gets_crlf_suggestions() -> None:
    original = HUMAN.replace("\n", "\r\n")
    merged = add_to_sidecar(original, sample_attributions('"We go," said the mayor.'), ())
    assert (merged.count("\n"), only_insertions(original, merged)) == (merged.count("\r\n"), True)


def test_a_flow_list_of_attributions_is_refused() -> None:
    with pytest.raises(EditError):
        add_to_sidecar(
            "schema: x\nattributions: []\n", sample_attributions('"A b c," he said.'), ()
        )


def test_a_new_sidecar_says_every_attribution_is_unreviewed() -> None:
    text = new_sidecar(sample_attributions('"We go," said the mayor.'), ())
    assert 'generator: "quotemark-suggest/1"\n    reviewed: false\n' in text


# ---------------------------------------------------------------- the command

ARTICLE = """Dock workers will stay off the job, union leaders said on Tuesday.

"We don't want to hurt the city," said Mark Delaney, the union's general secretary.

"The members voted for this strike," he said, "and the members will decide."
"""

SIDECAR = """# hand-made
schema: annotated-news/sidecar@1
entities:
  - {id: mark-delaney, type: person, name: Mark Delaney, aliases: [Delaney]}
attributions:
  - id: h01-hurt   # checked by hand
    kind: direct
    source: {entity: mark-delaney, mention: "Mark Delaney, the union's general secretary"}
    content: ["We don't want to hurt the city,"]
"""


def only_insertions(before: str, after: str) -> bool:
    """Tell whether after is before with whole lines inserted and nothing else changed."""
    lines = difflib.SequenceMatcher(None, before.splitlines(True), after.splitlines(True))
    return all(op in ("equal", "insert") for op, *_ in lines.get_opcodes())


def run_suggest(project: TempProject, rel: str) -> int:
    return suggest_command(make_project(str(project.root)), Path(project.root / "content" / rel))


def test_suggest_writes_a_new_sidecar_that_checks(project: TempProject) -> None:
    project.article("2019/strike.md", ARTICLE)
    assert run_suggest(project, "2019/strike.md") == 0
    assert (project.root / "content/2019/strike.annotations.yaml").is_file()
    assert project.run("check", "--strict").code == 0


def test_suggest_keeps_the_human_sidecar_byte_for_byte_and_backs_it_up(
    project: TempProject,
) -> None:
    project.article("2019/strike.md", ARTICLE)
    sidecar = project.write("2019/strike.annotations.yaml", SIDECAR)
    assert run_suggest(project, "2019/strike.md") == 0
    merged = sidecar.read_text(encoding="utf-8")
    assert only_insertions(SIDECAR, merged)
    assert (project.root / "content/2019/strike.annotations.yaml.bak-1").read_text() == SIDECAR


def test_a_suggestion_overlapping_a_human_attribution_is_dropped(project: TempProject) -> None:
    project.article("2019/strike.md", ARTICLE)
    sidecar = project.write("2019/strike.annotations.yaml", SIDECAR)
    run_suggest(project, "2019/strike.md")
    assert sidecar.read_text(encoding="utf-8").count("We don't want to hurt the city,") == 1


def test_running_suggest_again_changes_nothing(project: TempProject) -> None:
    project.article("2019/strike.md", ARTICLE)
    sidecar = project.write("2019/strike.annotations.yaml", SIDECAR)
    run_suggest(project, "2019/strike.md")
    first = sidecar.read_bytes()
    assert run_suggest(project, "2019/strike.md") == 0
    assert sidecar.read_bytes() == first
    assert not (project.root / "content/2019/strike.annotations.yaml.bak-2").exists()


def test_a_second_backup_never_overwrites_the_first(project: TempProject) -> None:
    project.article("2019/strike.md", ARTICLE)
    project.write("2019/strike.annotations.yaml", SIDECAR)
    project.write("2019/strike.annotations.yaml.bak-1", "older backup\n")
    run_suggest(project, "2019/strike.md")
    folder = project.root / "content/2019"
    assert (folder / "strike.annotations.yaml.bak-1").read_text() == "older backup\n"
    assert (folder / "strike.annotations.yaml.bak-2").read_text() == SIDECAR


def test_suggest_refuses_a_path_outside_the_content_folder(project: TempProject) -> None:
    outside = project.root / "notes.md"
    outside.write_text("---\ntitle: x\ndate: 2020-01-01\n---\n", encoding="utf-8")
    assert suggest_command(make_project(str(project.root)), outside) == 2


def test_suggest_refuses_to_touch_a_sidecar_it_cannot_read(project: TempProject) -> None:
    project.article("2019/strike.md", ARTICLE)
    sidecar = project.write("2019/strike.annotations.yaml", "schema: [unclosed\n")
    assert run_suggest(project, "2019/strike.md") == 1
    assert sidecar.read_text() == "schema: [unclosed\n"


def test_the_seed_article_is_fully_annotated_already(
    project: TempProject, capsys: pytest.CaptureFixture[str]
) -> None:
    for file in SEED.iterdir():
        project.write(f"2017/{file.name}", file.read_text(encoding="utf-8"), dedent=False)
    article = next((project.root / "content/2017").glob("*.md"))
    assert suggest_command(make_project(str(project.root)), article) == 0
    assert "no new suggestions (10 drafted" in capsys.readouterr().err


# ---------------------------------------------------------------- measured quality


def load_eval() -> ModuleType:
    """Import bench/suggest_eval.py (bench/ is scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(
        "suggest_eval", REPO / "bench" / "suggest_eval.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["suggest_eval"] = module
    spec.loader.exec_module(module)
    return module


def test_direct_quotes_on_the_gold_set_stay_at_the_measured_floor() -> None:
    report = load_eval().evaluate([REPO / "tests" / "gold"])
    score = report.scores["direct content (exact)"]
    assert (score.precision >= 1.0, score.recall >= 1.0) == (True, True)


def test_reported_speech_on_the_gold_set_stays_at_the_measured_floor() -> None:
    report = load_eval().evaluate([REPO / "tests" / "gold"])
    score = report.scores["indirect content (overlap)"]
    assert (score.precision >= 0.97, score.recall >= 0.95) == (True, True)
