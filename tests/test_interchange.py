"""``export`` and ``import-annotations``, through the command line as users run them.

The Wikipedia page of the Hypothesis baselines is CC BY-SA: it is turned into an article
only inside the test's temporary folder and never shipped.
"""

from __future__ import annotations

import html.parser
import json
import re
import shutil
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from quotemark.annotate import Anchored, AnchoredAttribution
from quotemark.brat import fragments
from quotemark.model import Span, Status
from quotemark.pipeline import load_archive
from quotemark.project import make_project
from tests.conftest import REPO, SHARED, TempProject

SEED = (
    "2017/2017-12-30-us-led-coalition-denies-transporting-daesh-commanders-from-syrias-deir-ez-zor"
)
SEED_PAGE = "2017/12/us-led-coalition-denies-transporting-daesh-commanders-from-syrias-deir-ez-zor"
BASELINES = SHARED / "hypothesis-anchoring-baselines"
SCHEMA_ONLY = "schema: annotated-news/sidecar@1\n"
MINISTER = "minister-regrets-remarks"

Triple = tuple[str, str, str | None, int, int]


def with_seed(project: TempProject) -> Path:
    """The shipped content/ (the seed article and its sidecar) in the project."""
    shutil.rmtree(project.root / "content")
    shutil.copytree(REPO / "content", project.root / "content")
    return project.root / "content" / f"{SEED}.annotations.yaml"


def spans_of(root: Path) -> set[Triple]:
    """(kind, role, entity, start, end) of every highlighted span of the archive."""
    archive = load_archive(make_project(str(root)))
    found: set[Triple] = set()
    for article in archive.articles:
        for anchored in article.attributions:
            cue = anchored.attribution.cue
            addressee = cue.addressee.entity if cue and cue.addressee else None
            for role, item in anchored.anchored():
                entity = addressee if role == "addressee" else anchored.entity
                for s in item.spans:
                    found.add((anchored.attribution.kind, role, entity, s.start, s.end))
        for _, entity, mention in article.mentions:
            found |= {("mention", "mention", entity, s.start, s.end) for s in mention.spans}
    return found


def spans(item: Anchored | None) -> tuple[tuple[int, int], ...]:
    return tuple((s.start, s.end) for s in item.spans) if item else ()


def meaning_of(anchored: AnchoredAttribution) -> tuple[object, ...]:
    """Everything an attribution says, its anchors as the spans they resolve to."""
    a, cue = anchored.attribution, anchored.attribution.cue
    addressee = cue.addressee if cue else None
    return (
        *(a.id, a.kind, a.section, a.confidence, a.note, a.tags, a.responds_to, a.continues),
        *(a.generator, a.reviewed, a.source.entity, a.source.unattributed, spans(anchored.source)),
        *(cue.lemma if cue else None, cue.when if cue else None, spans(anchored.cue)),
        *(addressee.entity if addressee else None, spans(anchored.addressee)),
        tuple((spans(c), c.anchor.quoted) for c in anchored.content),
    )


def sidecar_meaning(root: Path) -> dict[str, set[tuple[object, ...]]]:
    """The archive's attributions, mentions and regions as what they say and where."""
    archive = load_archive(make_project(str(root)))
    found: dict[str, set[tuple[object, ...]]] = {"attributions": set(), "mentions": set()}
    found["regions"] = set()
    for article in archive.articles:
        found["attributions"] |= {meaning_of(a) for a in article.attributions}
        notes = {m.id: m.note for m in article.sidecar.mentions} if article.sidecar else {}
        found["mentions"] |= {(i, e, spans(m), notes[i]) for i, e, m in article.mentions}
        found["regions"] |= {
            (r.id, r.role, r.render, tuple((s.start, s.end) for s in found_spans))
            for r, found_spans in article.regions
        }
    return found


def exported_seed(project: TempProject) -> tuple[Path, Path]:
    """The seed's sidecar and its W3C export."""
    sidecar = with_seed(project)
    assert project.run("export").code == 0
    return sidecar, project.root / "export" / "w3c" / f"{SEED_PAGE}.annotations.jsonld"


def statuses_of(root: Path) -> set[Status]:
    archive = load_archive(make_project(str(root)))
    return {Status(status) for article in archive.articles for status, _ in article.statuses}


# ---------------------------------------------------------------- export: w3c


def test_w3c_export_writes_the_sites_collection_of_each_article(project: TempProject) -> None:
    with_seed(project)
    assert project.run("build", "--quiet").code == 0
    run = project.run("export")
    name = f"{SEED_PAGE}.annotations.jsonld"
    assert (run.code, run.err) == (0, "exported 1 article as W3C Web Annotation to export/w3c/\n")
    exported = project.root / "export" / "w3c" / name
    assert exported.read_bytes() == (project.site / name).read_bytes()


def test_export_writes_only_the_articles_that_have_annotations(project: TempProject) -> None:
    project.article("2020/plain.md", "Nothing said here.\n")
    run = project.run("export")
    assert (run.code, run.err) == (0, "exported 0 articles as W3C Web Annotation to export/w3c/\n")
    assert sorted(p.name for p in (project.root / "export" / "w3c").iterdir()) == [
        ".quotemark-site"
    ]


def test_export_refuses_an_archive_with_errors_and_writes_nothing(
    project: TempProject,
) -> None:
    project.article("2020/a.md", "The minister spoke.\n")
    project.write(
        "2020/a.annotations.yaml",
        """\
        schema: annotated-news/sidecar@1
        mentions:
          - {id: m1, entity: nobody, anchor: "The minister"}
        """,
    )
    run = project.run("export", "--format", "brat")
    assert run.code == 1
    assert run.diagnostics == [
        'content/2020/a.annotations.yaml:3:22: error[unknown-entity]: mentions[m1].entity "nobody"'
        " is not declared; declare it under entities"
    ]
    assert run.err.endswith("export: 1 error; nothing written\n")
    assert not (project.root / "export").exists()


def test_export_never_replaces_a_folder_it_did_not_make(project: TempProject) -> None:
    with_seed(project)
    mine = project.root / "export" / "w3c" / "notes.txt"
    mine.parent.mkdir(parents=True)
    mine.write_text("mine", encoding="utf-8")
    run = project.run("export")
    out = project.root / "export" / "w3c"
    assert (run.code, run.err) == (
        2,
        f"quotemark: error: refusing to replace {out}: it is not empty and was not made by "
        "quotemark (no .quotemark-site file); remove it or choose another --out\n",
    )
    assert mine.read_text(encoding="utf-8") == "mine"


def test_a_new_export_drops_the_files_of_articles_no_longer_annotated(
    project: TempProject,
) -> None:
    sidecar = with_seed(project)
    assert project.run("export").code == 0
    sidecar.write_text(SCHEMA_ONLY, encoding="utf-8")
    assert project.run("export").code == 0
    assert not list((project.root / "export" / "w3c").rglob("*.jsonld"))


# ---------------------------------------------------------------- export: brat

SMALL_BODY = (
    '"We will rebuild," the minister said, "and we will do it fast."\n\n'
    "She added that the work would start in May.\n"
)
SMALL_SIDECAR = """\
schema: annotated-news/sidecar@1
entities:
  - {id: souza, name: Ana Souza, type: person, role: Harbour Minister}
attributions:
  - id: q1
    kind: direct
    source: {entity: souza, mention: "the minister"}
    cue: {lemma: say, anchor: said}
    content: ["We will rebuild,", "and we will do it fast."]
    confidence: high
  - id: q2
    kind: indirect
    source: {entity: souza, mention: She}
    cue: {lemma: add, anchor: added}
    content: ["the work would start in May"]
    responds_to: [q1]
    note: "Said *twice*,\\tin fact."
    generator: test
    reviewed: false
mentions:
  - {id: m1, entity: souza, anchor: {exact: "She"}}
"""
SMALL_ANN = """\
T1\tContent-direct 24 40;62 85\tWe will rebuild, and we will do it fast.
T2\tSource 42 54\tthe minister
T3\tCue 55 59\tsaid
T4\tContent-indirect 102 129\tthe work would start in May
T5\tSource 87 90\tShe
T6\tCue 91 96\tadded
T7\tMention 87 90\tShe
R1\tSaid-by Arg1:T1 Arg2:T2
R2\tCued-by Arg1:T1 Arg2:T3
R3\tSaid-by Arg1:T4 Arg2:T5
R4\tCued-by Arg1:T4 Arg2:T6
R5\tResponds-to Arg1:T4 Arg2:T1
A1\tConfidence T1 high
A2\tUnreviewed T4
#1\tAnnotatorNotes T1\tq1: Direct quote by Ana Souza (Harbour Minister); source: souza
#2\tAnnotatorNotes T2\tsouza: Ana Souza
#3\tAnnotatorNotes T3\tlemma: say
#4\tAnnotatorNotes T4\tq2: Reported speech by Ana Souza (Harbour Minister); source: souza; \
note: Said *twice*, in fact.
#5\tAnnotatorNotes T5\tsouza: Ana Souza
#6\tAnnotatorNotes T6\tlemma: add
#7\tAnnotatorNotes T7\tsouza: Ana Souza
"""


def small_article(project: TempProject) -> Path:
    project.article("2020/harbour.md", SMALL_BODY, title="Minister plans harbour")
    project.write("2020/harbour.annotations.yaml", SMALL_SIDECAR)
    return project.root / "export" / "brat" / "2020" / "05" / "harbour"


def test_brat_export_writes_the_ann_of_an_article(project: TempProject) -> None:
    stem = small_article(project)
    run = project.run("export", "--format", "brat")
    assert (run.code, run.err) == (0, "exported 1 article as brat standoff to export/brat/\n")
    assert stem.with_suffix(".ann").read_text(encoding="utf-8") == SMALL_ANN


def test_brat_text_is_the_anchor_text_exactly(project: TempProject) -> None:
    stem = small_article(project)
    project.run("export", "--format", "brat")
    assert stem.with_suffix(".txt").read_bytes() == (
        b"Minister plans harbour\n"
        b'"We will rebuild," the minister said, "and we will do it fast."\n'
        b"She added that the work would start in May."
    )


def test_brat_offsets_slice_the_text_to_the_annotated_text(project: TempProject) -> None:
    with_seed(project)
    project.run("export", "--format", "brat")
    stem = project.root / "export" / "brat" / SEED_PAGE
    text = stem.with_suffix(".txt").read_text(encoding="utf-8")
    bounds = [line.split("\t") for line in stem.with_suffix(".ann").read_text().splitlines()]
    textbounds = [(b[1], b[2]) for b in bounds if b[0].startswith("T")]
    assert len(textbounds) == 39
    for where, quoted in textbounds:
        pieces = [p.split() for p in where.split(" ", 1)[1].split(";")]
        assert " ".join(text[int(a) : int(b)] for a, b in pieces) == quoted


def test_brat_export_describes_its_types_beside_the_documents(project: TempProject) -> None:
    small_article(project)
    project.run("export", "--format", "brat")
    folder = project.root / "export" / "brat"
    conf = (folder / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]\nContent-direct\nContent-indirect\nContent-mixed\nSource\nCue\n" in conf
    assert "Said-by\tArg1:<CONTENT>, Arg2:Source\n" in conf
    assert "Content-direct | Direct quote | Direct\n" in (folder / "visual.conf").read_text()


def test_brat_export_is_deterministic(project: TempProject) -> None:
    with_seed(project)
    folder = project.root / "export" / "brat"
    project.run("export", "--format", "brat")
    first = {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    project.run("export", "--format", "brat")
    assert {p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} == first


def test_brat_fragments_are_cut_at_line_breaks() -> None:
    assert fragments("ab\ncd\n\nef", [Span(1, 8)]) == ((1, 2), (3, 5), (7, 8))


def test_brat_fragments_of_overlapping_spans_merge() -> None:
    assert fragments("abcdefgh", [Span(4, 6), Span(0, 2), Span(1, 3)]) == ((0, 3), (4, 6))


@given(text=st.text(alphabet="ab \n\u2028", min_size=1), data=st.data())
def test_brat_fragments_hold_every_character_of_the_span_but_line_breaks(
    text: str, data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    pieces = fragments(text, [Span(start, end)])
    assert "".join(text[a:b] for a, b in pieces) == re.sub("[\n\u2028]", "", text[start:end])
    assert all(a < b for a, b in pieces)


# ---------------------------------------------------------------- import: our own export


def test_the_seed_round_trips_through_the_w3c_export(project: TempProject) -> None:
    sidecar, exported = exported_seed(project)
    original = sidecar_meaning(project.root)
    sidecar.write_text(SCHEMA_ONLY, encoding="utf-8")
    run = project.run("import-annotations", str(exported))
    assert run.code == 0
    imported = sidecar_meaning(project.root)
    assert imported["attributions"] == original["attributions"]
    assert imported["mentions"] == original["mentions"]
    assert len(original["attributions"]) == 10
    assert statuses_of(project.root) == {Status.EXACT, Status.DISAMBIGUATED}
    assert project.run("check").code == 0


def test_the_seed_regions_round_trip_through_the_w3c_export(project: TempProject) -> None:
    sidecar, exported = exported_seed(project)
    original = sidecar_meaning(project.root)["regions"]
    sidecar.write_text(SCHEMA_ONLY, encoding="utf-8")
    assert project.run("import-annotations", str(exported)).code == 0
    assert sidecar_meaning(project.root)["regions"] == original
    assert len(original) == 5


def test_the_golden_hard_cases_round_trip_through_the_w3c_export(project: TempProject) -> None:
    shutil.rmtree(project.root / "content")
    shutil.copytree(REPO / "tests" / "golden-content", project.root / "content")
    sidecar = project.root / "content" / "2021" / f"2021-03-04-{MINISTER}.annotations.yaml"
    annotated = sidecar.read_text(encoding="utf-8").replace("quoted: false", "quoted: true")
    sidecar.write_text(annotated.replace("the Herald}", 'the Herald, note: "A rival."}'), "utf-8")
    assert project.run("export").code == 0
    original = sidecar_meaning(project.root)
    sidecar.write_text(SCHEMA_ONLY, encoding="utf-8")
    exported = project.root / "export" / "w3c" / "2021" / "03" / f"{MINISTER}.annotations.jsonld"
    assert project.run("import-annotations", str(exported)).code == 0
    imported = sidecar_meaning(project.root)
    assert imported["attributions"] == original["attributions"]
    assert imported["mentions"] == original["mentions"]
    assert ("m-herald", "herald", ((318, 328),), "A rival.") in imported["mentions"]
    assert '      - {exact: "she “regrets” her remarks", quoted: true}\n' in sidecar.read_text()


def test_importing_reports_what_it_wrote_and_where_the_backup_is(project: TempProject) -> None:
    sidecar, exported = exported_seed(project)
    sidecar.write_text(SCHEMA_ONLY, encoding="utf-8")
    run = project.run("import-annotations", str(exported))
    shown = f"content/{SEED}.annotations.yaml"
    assert run.err == (
        f"{shown}: imported 10 attributions, 8 mentions, 5 regions and 8 new entities from "
        f"{exported.name}; backup: {shown}.bak-1\n"
    )
    assert Path(f"{sidecar}.bak-1").read_text(encoding="utf-8") == SCHEMA_ONLY


def test_an_exported_human_attribution_comes_back_human(project: TempProject) -> None:
    sidecar = import_small_export(project)
    q1 = sidecar.split('  - id: "q2"')[0].split('  - id: "q1"')[1]
    assert q1 == (
        "\n    kind: direct\n"
        '    source: {entity: "souza", mention: {exact: "the minister"}}\n'
        '    cue: {lemma: "say", anchor: {exact: "said"}}\n'
        "    content:\n"
        '      - {exact: "We will rebuild,"}\n'
        '      - {exact: "and we will do it fast."}\n'
        "    confidence: high\n"
    )


def test_an_exported_machine_suggestion_comes_back_unreviewed(project: TempProject) -> None:
    sidecar = import_small_export(project)
    assert sidecar.split('  - id: "q2"')[1].split("\nmentions:")[0] == (
        "\n    kind: indirect\n"
        '    source: {entity: "souza", mention: {exact: "She"}}\n'
        '    cue: {lemma: "add", anchor: {exact: "added"}}\n'
        "    content:\n"
        '      - {exact: "the work would start in May"}\n'
        '    note: "Said *twice*,\\tin fact."\n'
        '    responds_to: ["q1"]\n'
        '    generator: "test"\n'
        "    reviewed: false\n"
    )
    assert (
        "  # import-annotations: 2 attributions from harbour.annotations.jsonld, 1 unreviewed\n"
        in sidecar
    )


def import_small_export(project: TempProject) -> str:
    """The small article's sidecar after exporting it, emptying it and importing it back."""
    small_article(project)
    assert project.run("export").code == 0
    exported = project.root / "export" / "w3c" / "2020" / "05" / "harbour.annotations.jsonld"
    sidecar = project.root / "content" / "2020" / "harbour.annotations.yaml"
    sidecar.write_text(SCHEMA_ONLY, encoding="utf-8")
    assert project.run("import-annotations", str(exported)).code == 0
    assert project.run("check").code == 0
    return sidecar.read_text(encoding="utf-8")


def test_an_export_without_the_extension_properties_is_marked_unreviewed(
    project: TempProject,
) -> None:
    sidecar, exported = exported_seed(project)
    collection = json.loads(exported.read_text(encoding="utf-8"))
    page = collection["first"]
    page["items"] = [a for a in page["items"] if a["motivation"] != "classifying"]
    for item in page["items"]:
        for key in [k for k in item if k.startswith("quotemark:")]:
            del item[key]
    old = write_file(project, json.dumps(collection))
    sidecar.write_text(SCHEMA_ONLY, encoding="utf-8")
    assert project.run("import-annotations", str(old)).code == 0
    text = sidecar.read_text(encoding="utf-8")
    assert text.count('generator: "import-annotations/w3c"\n    reviewed: false\n') == 10


def test_an_extension_value_the_sidecar_rejects_refuses_the_annotation(
    project: TempProject,
) -> None:
    sidecar, exported = exported_seed(project)
    collection = json.loads(exported.read_text(encoding="utf-8"))
    collection["first"]["items"][0]["quotemark:section"] = "footer"
    bad = write_file(project, json.dumps(collection))
    sidecar.write_text(SCHEMA_ONLY, encoding="utf-8")
    run = project.run("import-annotations", str(bad))
    assert run.code == 1
    assert run.err.splitlines()[0] == (
        "in.json: error[bad-value]: first.items[0] (urn:quotemark:us-led-coalition-denies-"
        "transporting-daesh-commanders-from-syrias-deir-ez-zor:a01-headline-denial): its "
        "quotemark:section 'footer' is not one of headline, standfirst, caption, body, related;"
        " not imported"
    )


def test_importing_what_the_sidecar_already_holds_adds_nothing(project: TempProject) -> None:
    sidecar, exported = exported_seed(project)
    before = sidecar.read_bytes()
    run = project.run("import-annotations", str(exported))
    assert (run.code, run.err) == (
        0,
        f"content/{SEED}.annotations.yaml: nothing to import (23 already in the sidecar)\n",
    )
    assert sidecar.read_bytes() == before


def test_importing_keeps_every_human_annotation_and_suffixes_clashing_ids(
    project: TempProject,
) -> None:
    small_article(project)
    project.run("export")
    exported = project.root / "export" / "w3c" / "2020" / "05" / "harbour.annotations.jsonld"
    sidecar = project.root / "content" / "2020" / "harbour.annotations.yaml"
    human = SMALL_SIDECAR.replace('content: ["the work would start in May"]', 'content: ["May"]')
    sidecar.write_text(human, encoding="utf-8")
    run = project.run("import-annotations", str(exported))
    assert run.code == 0
    text = sidecar.read_text(encoding="utf-8")
    assert text.startswith(human.split("mentions:")[0])
    assert text.endswith(human.split("\nmentions:\n")[1])
    assert '  - id: "q2-2"\n    kind: indirect\n' in text
    assert '    responds_to: ["q1"]\n    generator: "test"\n' in text.split('"q2-2"')[1]
    assert project.run("check").code == 0


def test_a_w3c_file_names_its_article_by_its_target(project: TempProject) -> None:
    project.article("2020/harbour.md", SMALL_BODY, title="Minister plans harbour")
    file = project.root / "one.jsonld"
    file.write_text(json.dumps(foreign_annotation("urn:quotemark:harbour.html")), "utf-8")
    run = project.run("import-annotations", str(file))
    assert run.code == 0
    sidecar = (project.root / "content" / "2020" / "harbour.annotations.yaml").read_text()
    assert '  - id: "h-n1"\n    kind: direct\n    source: {unattributed: true}\n' in sidecar
    assert '    tags: ["harbour"]\n' in sidecar


def foreign_annotation(source: str) -> dict[str, object]:
    """A W3C Annotation from another tool: a quote, a comment and two tags."""
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://example.org/anno/n1",
        "type": "Annotation",
        "body": [
            {"type": "TextualBody", "value": "Bold claim.", "purpose": "commenting"},
            {"type": "TextualBody", "value": "Direct", "purpose": "tagging"},
            {"type": "TextualBody", "value": "harbour", "purpose": "tagging"},
        ],
        "target": {
            "source": source,
            "selector": {"type": "TextQuoteSelector", "exact": "We will rebuild,"},
        },
    }


# ---------------------------------------------------------------- import: Hypothesis


class Blocks(html.parser.HTMLParser):
    """The text of an HTML page's blocks, each with its whitespace runs as one space."""

    BREAKS = frozenset(
        {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th", "dt", "dd"}
        | {"div", "tr", "ul", "ol", "table", "form", "caption", "pre", "br"}
    )
    SKIP = frozenset({"script", "style", "head", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.text: list[str] = []
        self.skipping = 0

    def flush(self) -> None:
        block = " ".join("".join(self.text).split())
        self.blocks += [block] if block else []
        self.text = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skipping += tag in self.SKIP
        if tag in self.BREAKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        self.skipping -= tag in self.SKIP
        if tag in self.BREAKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.text.append(data)


def markdown_of(block: str) -> str:
    """A block of plain text as a Markdown paragraph that renders to the same text."""
    escaped = re.sub(r"([\\`*_{}\[\]()#+\-.!>|])", r"\\\1", block)
    return escaped.replace("&", "&amp;").replace("<", "&lt;")


def wikipedia_article(project: TempProject) -> Path:
    """The Wikipedia baseline page as an article: its h1 the headline, the rest the body."""
    parser = Blocks()
    parser.feed((BASELINES / "wikipedia-regression-testing.html").read_text(encoding="utf-8"))
    parser.flush()
    title, *body = parser.blocks
    text = "\n\n".join(markdown_of(b) for b in body) + "\n"
    return project.article("2016/regression-testing.md", text, title=title)


def test_every_hypothesis_annotation_of_the_baseline_imports_and_anchors(
    project: TempProject,
) -> None:
    article = wikipedia_article(project)
    file = BASELINES / "wikipedia-regression-testing.json"
    run = project.run("import-annotations", str(file), "--article", str(article))
    assert (run.code, run.err) == (
        0,
        "content/2016/regression-testing.annotations.yaml: imported 5 attributions, 0 mentions,"
        " 0 regions and 0 new entities from wikipedia-regression-testing.json\n",
    )
    rows = json.loads(file.read_text(encoding="utf-8"))["rows"]
    quotes = {s["exact"] for r in rows for s in r["target"][0]["selector"] if "exact" in s}
    archive = load_archive(make_project(str(project.root)))
    (annotated,) = archive.articles
    found = {
        annotated.text[s.start : s.end] for a in annotated.attributions for s in a.content[0].spans
    }
    assert found == quotes
    assert statuses_of(project.root) == {Status.EXACT, Status.DISAMBIGUATED}
    assert project.run("check").err == "checked 1 article: 0 errors, 0 warnings\n"


def test_a_hypothesis_highlight_becomes_an_unattributed_unreviewed_attribution(
    project: TempProject,
) -> None:
    article = wikipedia_article(project)
    file = BASELINES / "wikipedia-regression-testing.json"
    project.run("import-annotations", str(file), "--article", str(article))
    sidecar = article.with_name("regression-testing.annotations.yaml").read_text()
    assert (
        '  - id: "h-wy1stsobeeaqlychltexbg"\n'
        "    kind: indirect\n"
        "    source: {unattributed: true}\n"
        "    content:\n"
        '      - {exact: "The purpose of regression testing is to ensure that changes such as'
        ' those mentioned above have not introduced new faults"}\n'
        "    confidence: low\n"
        '    note: "Introduction"\n'
        '    generator: "import-annotations/hypothesis"\n'
        "    reviewed: false\n"
    ) in sidecar


def test_a_hypothesis_export_needs_the_article(project: TempProject) -> None:
    file = BASELINES / "minimal.json"
    run = project.run("import-annotations", str(file))
    assert (run.code, run.err) == (
        2,
        f"quotemark: error: {file.as_posix()}: a Hypothesis export does not say which article "
        "of the archive it annotates; name it with --article ARTICLE\n",
    )


# ---------------------------------------------------------------- import: bad input


def write_file(project: TempProject, text: str) -> Path:
    path = project.root / "in.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_that_is_not_json_is_refused(project: TempProject) -> None:
    run = project.run("import-annotations", str(write_file(project, "rows: []\n")))
    assert (run.code, run.err) == (
        2,
        "quotemark: error: in.json: not JSON (line 1, column 1: Expecting value)\n",
    )


def test_json_of_another_shape_is_refused(project: TempProject) -> None:
    run = project.run("import-annotations", str(write_file(project, '{"items": []}')))
    assert (run.code, run.err) == (
        2,
        "quotemark: error: in.json: neither W3C Web Annotation JSON-LD (an Annotation, "
        'AnnotationPage or AnnotationCollection) nor a Hypothesis export ({"rows": [...]})\n',
    )


def test_a_missing_file_is_refused(project: TempProject) -> None:
    run = project.run("import-annotations", str(project.root / "gone.json"))
    missing = project.root / "gone.json"
    assert (run.code, run.err) == (2, f"quotemark: error: annotations file not found: {missing}\n")


def test_an_annotation_without_a_text_quote_is_reported_and_left_out(
    project: TempProject,
) -> None:
    article = project.article("2020/harbour.md", SMALL_BODY, title="Minister plans harbour")
    rows = [
        {"id": "note1", "text": "A page note", "target": [{"source": "x"}]},
        {
            "id": "q",
            "text": "Promise",
            "tags": ["direct"],
            "target": [{"selector": [{"type": "TextQuoteSelector", "exact": "We will rebuild,"}]}],
        },
    ]
    file = write_file(project, json.dumps({"rows": rows}))
    run = project.run("import-annotations", str(file), "--article", str(article))
    assert run.code == 1
    assert run.err.splitlines() == [
        "in.json: error[no-quote]: rows[0] (note1): has no target with a TextQuoteSelector;"
        " not imported",
        "content/2020/harbour.annotations.yaml: imported 1 attribution, 0 mentions, 0 regions"
        " and 0 new entities from in.json",
    ]


def test_an_annotation_that_does_not_anchor_is_reported_and_left_out(
    project: TempProject,
) -> None:
    article = project.article("2020/harbour.md", SMALL_BODY, title="Minister plans harbour")
    quote = {"type": "TextQuoteSelector", "exact": "the harbour will close"}
    file = write_file(project, json.dumps({"rows": [{"id": "x", "target": [{"selector": quote}]}]}))
    run = project.run("import-annotations", str(file), "--article", str(article))
    assert (run.code, run.err.splitlines()) == (
        1,
        [
            'in.json: error[orphan]: rows[0] (x): "the harbour will close" is not in the article;'
            " not imported",
            "content/2020/harbour.annotations.yaml: nothing to import",
        ],
    )
    assert not article.with_name("harbour.annotations.yaml").exists()


def test_a_target_article_that_does_not_exist_is_refused(project: TempProject) -> None:
    file = BASELINES / "minimal.json"
    run = project.run("import-annotations", str(file), "--article", "content/nope.md")
    assert (run.code, run.err) == (
        2,
        f"quotemark: error: content/nope.md: not a Markdown article (.md) inside "
        f"{project.root / 'content'}\n",
    )


def test_a_w3c_target_that_names_no_article_of_the_archive_is_refused(
    project: TempProject,
) -> None:
    project.article("2020/harbour.md", SMALL_BODY, title="Minister plans harbour")
    file = write_file(project, json.dumps(foreign_annotation("urn:quotemark:elsewhere.html")))
    run = project.run("import-annotations", str(file))
    assert (run.code, run.err) == (
        2,
        "quotemark: error: in.json: its target urn:quotemark:elsewhere.html is no article of "
        "this archive; name the article with --article ARTICLE\n",
    )
