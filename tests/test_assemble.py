"""Page data as the built site shows it: article tags, entity counts and entity pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quotemark.assemble import involvements
from quotemark.cards import place
from quotemark.project import make_project
from tests.conftest import TempProject, summaries_of

BRIDGE = 'The mayor said the bridge "is a gift to the city of Riverton," and that it cost less.\n'
ROAD = "The mayor said that the road is finished, the engineer told the council.\n"
ENTITIES = """\
entities:
  - {id: mayor, name: The mayor, type: person}
  - {id: engineer, name: The engineer, type: person}
  - {id: council, name: The council, type: government}
"""


def sidecar(*attributions: str) -> str:
    return "schema: annotated-news/sidecar@1\nattributions:\n" + "".join(attributions)


def attribution(id: str, kind: str, entity: str, content: str, extra: str = "") -> str:
    return (
        f"  - id: {id}\n    kind: {kind}\n    source: {{entity: {entity}}}\n"
        f"    content: [{content}]\n{extra}"
    )


@pytest.fixture
def quoted(project: TempProject) -> Path:
    """The mayor quoted three times in two articles, a year apart; the engineer never."""
    project.write("_entities.yaml", ENTITIES)
    project.write("2020/bridge.md", '---\ntitle: "Bridge"\ndate: 2020-05-17\n---\n' + BRIDGE)
    project.write(
        "2020/bridge.annotations.yaml",
        sidecar(
            attribution("a1", "direct", "mayor", '"is a gift to the city of Riverton,"'),
            attribution("a2", "indirect", "mayor", "it cost less"),
        ),
    )
    project.write("2021/road.md", '---\ntitle: "Road"\ndate: 2021-02-01\n---\n' + ROAD)
    addressee = "    cue: {addressee: {entity: council}}\n"
    project.write(
        "2021/road.annotations.yaml",
        sidecar(attribution("a1", "indirect", "mayor", "the road is finished", addressee)),
    )
    run = project.run("build")
    assert (run.code, run.diagnostics) == (0, [])
    return project.site


def rows(html: str) -> list[list[str]]:
    """The entity table's rows as lists of cell texts."""
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in body.split("<tr>")[1:]]
    return [[re.sub(r"<[^>]+>", "", c) for c in row] for row in cells]


def test_the_entity_index_counts_attributions_by_kind_articles_and_dates(quoted: Path) -> None:
    assert rows((quoted / "entities/index.html").read_text()) == [
        ["The mayor", "person", "3", "1", "2", "0", "2", "17 May 2020", "1 February 2021"],
        ["The council", "government", "0", "0", "0", "0", "0", "–none", "–none"],
        ["The engineer", "person", "0", "0", "0", "0", "0", "–none", "–none"],
    ]


def test_the_entity_page_sums_up_its_attributions(quoted: Path) -> None:
    html = (quoted / "entities/mayor.html").read_text()
    assert (
        "The mayor is the source of 3 attributions (1 direct, 2 reported, 0 mixed) in 2 articles, "
        'from <time datetime="2020-05-17">17 May 2020</time> to '
        '<time datetime="2021-02-01">1 February 2021</time>. Newest first:'
    ) in html


def test_the_entity_page_lists_its_attributions_newest_article_first(quoted: Path) -> None:
    html = (quoted / "entities/mayor.html").read_text()
    assert re.findall(r'<a href="([^"]+)">In context', html) == [
        "../2021/02/road.html#an-a1",
        "../2020/05/bridge.html#an-a1",
        "../2020/05/bridge.html#an-a2",
    ]


def test_an_addressee_page_lists_what_was_said_to_it_without_counting_it(quoted: Path) -> None:
    html = (quoted / "entities/council.html").read_text()
    assert re.findall(r'<a href="([^"]+)">In context', html) == ["../2021/02/road.html#an-a1"]
    assert "is the source of" not in html


def test_an_entity_takes_part_as_source_or_as_addressee(project: TempProject, quoted: Path) -> None:
    placed = place(summaries_of(make_project(str(project.root))))
    found = {
        entity: [(i.placed.path, i.said.id, i.role) for i in involved]
        for entity, involved in involvements(placed).items()
    }
    assert found == {
        "mayor": [
            ("2021/02/road.html", "a1", "source"),
            ("2020/05/bridge.html", "a1", "source"),
            ("2020/05/bridge.html", "a2", "source"),
        ],
        "council": [("2021/02/road.html", "a1", "addressee")],
    }


def test_a_note_shows_the_words_of_its_quote_and_cue(project: TempProject) -> None:
    project.write("_entities.yaml", ENTITIES)
    project.write("2020/bridge.md", '---\ntitle: "Bridge"\ndate: 2020-05-17\n---\n' + BRIDGE)
    cue = "    cue: {lemma: say, anchor: said}\n"
    content = '"is a gift", "it cost\n      less"'
    project.write(
        "2020/bridge.annotations.yaml", sidecar(attribution("a1", "mixed", "mayor", content, cue))
    )
    run = project.run("build")
    assert (run.code, run.diagnostics) == (0, [])
    html = (project.site / "2020/05/bridge.html").read_text()
    assert '<p class="an-note-quote an-mixed">is a gift … it cost less</p>' in html
    assert '<dd>“said” <span class="lemma">(say)</span></dd>' in html
