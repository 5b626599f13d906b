"""What lists, entity pages and search know of an article: its summary."""

from __future__ import annotations

import pytest

from quotemark.annotate import AnnotatedArticle
from quotemark.pipeline import load_archive
from quotemark.project import make_project
from quotemark.summary import Said, named_entities, summarize
from quotemark.words import tokens
from tests.conftest import REPO

GOLDEN = REPO / "tests" / "golden-content"


@pytest.fixture(scope="module")
def golden() -> dict[str, AnnotatedArticle]:
    archive = load_archive(make_project(str(REPO), content=str(GOLDEN)))
    return {a.source.slug: a for a in archive.articles}


def wrapped_entities(article: AnnotatedArticle) -> tuple[str, ...]:
    """The entities the anchored article's wrappers name (speakers, addressees, mentions)."""
    ids: set[str | None] = {a.entity for a in article.attributions}
    for anchored in article.attributions:
        cue = anchored.attribution.cue
        ids.add(cue.addressee.entity if cue and cue.addressee else None)
    ids.update(entity for _, entity, _ in article.mentions)
    return tuple(sorted(i for i in ids if i))


def test_the_entities_read_from_a_sidecar_are_those_its_anchored_wrappers_name(
    golden: dict[str, AnnotatedArticle],
) -> None:
    for article in golden.values():
        assert named_entities(article.sidecar) == wrapped_entities(article)


def test_attributions_are_summarised_in_reading_order_with_their_texts(
    golden: dict[str, AnnotatedArticle],
) -> None:
    said = summarize(golden["minister-regrets-remarks"]).said
    assert said[2] == Said(
        id="souza-listen",
        number=3,
        kind="direct",
        entity="ana-souza",
        addressee="herald",
        quote="We will listen to every fisherman and every\u200b family in this town"
        " before a sin\u00adgle stone is moved,",
        cue="told",
    )
    assert [s.number for s in said] == list(range(1, len(said) + 1))
    assert said[3].quote == "The plan is not final. … Nothing will be decided without a vote,"


def test_the_summary_places_and_dates_the_article(golden: dict[str, AnnotatedArticle]) -> None:
    summary = summarize(golden["minister-regrets-remarks"])
    assert (summary.path, summary.display_date, summary.id_order, summary.exported) == (
        "2021/03/minister-regrets-remarks.html",
        "4 March 2021",
        ("2021-03-04", "minister-regrets-remarks"),
        True,
    )


def test_its_words_are_the_visible_texts_tokens_each_once(
    golden: dict[str, AnnotatedArticle],
) -> None:
    article = golden["minister-regrets-remarks"]
    words = summarize(article).words.split()
    assert words == list(dict.fromkeys(tokens(article.visible_text())))
    assert len(words) == len(set(words))


def test_an_article_without_a_sidecar_says_nothing_and_is_not_exported(
    golden: dict[str, AnnotatedArticle],
) -> None:
    summary = summarize(golden["no-annotations-yet"])
    assert (summary.said, summary.entity_ids, summary.mentions, summary.exported) == (
        (),
        (),
        (),
        False,
    )
    assert named_entities(None) == ()
