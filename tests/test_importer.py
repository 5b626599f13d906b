"""The import command: raw scraped text, Markdown and HTML files become content articles
with a sidecar of the regions found; nothing is ever overwritten; every bad input is
refused with its reason."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from quotemark.annotate import render_parts
from quotemark.content import read_article
from tests.conftest import REPO, SHARED, TempProject

SAMPLES = REPO / "tests" / "import-samples"
SEED = SHARED / "seeds" / "000_3121d0f905a41dbb.txt"
SHIPPED = REPO / "content" / "2017"
SEED_NAME = (
    "2017-12-30-us-led-coalition-denies-transporting-daesh-commanders-from-syrias-deir-ez-zor"
)
SEED_ARTICLE = f"content/2017/{SEED_NAME}.md"
SEED_SIDECAR = f"content/2017/{SEED_NAME}.annotations.yaml"


def inbox(project: TempProject, name: str, data: str | bytes) -> Path:
    """Write an input file under the project root (so messages show inbox/<name>)."""
    path = project.root / "inbox" / name
    path.parent.mkdir(exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


Regions = list[dict[str, Any]]


def imported(project: TempProject, sample: str) -> tuple[str, dict[str, Any], Regions]:
    """Import a sample; return the article's body, its front matter and the sidecar's regions."""
    run = project.run("import", str(SAMPLES / sample))
    assert (run.code, run.err) == (0, "")
    article_rel, sidecar_rel = run.out.splitlines()
    text = (project.root / article_rel).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    sidecar = yaml.safe_load((project.root / sidecar_rel).read_text(encoding="utf-8"))
    return body, yaml.safe_load(front), sidecar["regions"]


def rendered(path: Path, root: Path) -> str:
    article, problems = read_article(path, path.relative_to(root).as_posix(), root / "content")
    assert article is not None and problems == []
    return "\n".join(p.text for p in render_parts(article))


# ---------------------------------------------------------------- the seed


def test_the_seed_becomes_the_shipped_article_less_its_tags(project: TempProject) -> None:
    run = project.run("import", str(SEED))
    assert (run.code, run.out, run.err) == (0, f"{SEED_ARTICLE}\n{SEED_SIDECAR}\n", "")
    shipped = (SHIPPED / f"{SEED_NAME}.md").read_text(encoding="utf-8")
    expected = shipped.replace("tags: [syria, daesh, us-led-coalition]\n", "")
    assert (project.root / SEED_ARTICLE).read_text(encoding="utf-8") == expected


def test_the_seed_has_the_anchor_text_of_the_shipped_article(project: TempProject) -> None:
    project.run("import", str(SEED))
    shipped = project.write(f"x/{SEED_NAME}.md", (SHIPPED / f"{SEED_NAME}.md").read_text())
    assert rendered(project.root / SEED_ARTICLE, project.root) == rendered(shipped, project.root)


def test_the_seed_keeps_its_no_break_spaces(project: TempProject) -> None:
    project.run("import", str(SEED))
    text = (project.root / SEED_ARTICLE).read_text(encoding="utf-8")
    assert text.count("\u00a0") == SEED.read_text(encoding="utf-8").count("\u00a0") == 30


def test_the_seed_sidecar_marks_the_regions_of_the_hand_annotation(project: TempProject) -> None:
    project.run("import", str(SEED))
    ours = yaml.safe_load((project.root / SEED_SIDECAR).read_text(encoding="utf-8"))
    hand = yaml.safe_load((SHIPPED / f"{SEED_NAME}.annotations.yaml").read_text(encoding="utf-8"))

    def regions(sidecar: dict[str, Regions]) -> set[tuple[str, ...]]:
        return {
            (r["id"], r["role"], r.get("render", "show"), r["anchor"]["exact"])
            for r in sidecar["regions"]
        }

    assert regions(ours) == regions(hand)


def test_the_seed_sidecar_is_written_in_full(project: TempProject) -> None:
    project.run("import", str(SEED))
    assert (project.root / SEED_SIDECAR).read_text(encoding="utf-8") == (
        '# Imported by `python build.py import` from "000_3121d0f905a41dbb.txt".\n'
        "# The regions below are what the import recognised; add entities, attributions and\n"
        "# mentions (SPEC §3), then run `python build.py check`.\n"
        "schema: annotated-news/sidecar@1\n"
        "document:\n"
        f"  path: {SEED_NAME}.md\n"
        '  published: "2017-12-30"\n'
        "\n"
        "regions:\n"
        "  - id: r-title\n"
        "    role: title\n"
        '    anchor: {exact: "US-Led Coalition Denies Transporting Daesh Commanders From '
        "Syria's Deir Ez-Zor\"}\n"
        "  - id: r-caption\n"
        "    role: photo-caption\n"
        "    anchor: {exact: \"Syrian Army's offensive operation to the east of Deir-ez-Zor. "
        'File photo"}\n'
        "  - id: r-dateline\n"
        "    role: dateline\n"
        '    anchor: {exact: "WASHINGTON (Sputnik) -"}\n'
        "  - id: r-photo-credit\n"
        "    role: photo-credit\n"
        "    render: aside\n"
        '    anchor: {exact: "© AFP 2017/ US NAVY / MC2 JACOB G. SISCO"}\n'
        "  - id: r-related\n"
        "    role: related-article-teaser\n"
        "    render: aside\n"
        '    anchor: {exact: "US-Led Coalition Denies Complicity With Daesh Terrorists in Syria"}\n'
    )


def test_the_imported_seed_checks_clean(project: TempProject) -> None:
    project.run("import", str(SEED))
    run = project.run("check")
    assert (run.code, run.err) == (0, "checked 1 article: 0 errors, 0 warnings\n")


def test_the_hand_annotation_anchors_on_the_imported_seed(project: TempProject) -> None:
    project.run("import", str(SEED))
    shutil.copy(SHIPPED / f"{SEED_NAME}.annotations.yaml", project.root / SEED_SIDECAR)
    run = project.run("check")
    assert (run.code, run.err) == (0, "checked 1 article: 0 errors, 0 warnings\n")


# ---------------------------------------------------------------- never overwrite


def test_importing_again_is_a_no_op_that_says_so(project: TempProject) -> None:
    project.run("import", str(SEED))
    sidecar = project.root / SEED_SIDECAR
    sidecar.write_text("schema: annotated-news/sidecar@1\n# my notes\n", encoding="utf-8")
    run = project.run("import", str(SEED))
    assert (run.code, run.out, run.err) == (0, "", f"already imported: {SEED_ARTICLE}\n")
    assert sidecar.read_text(encoding="utf-8") == "schema: annotated-news/sidecar@1\n# my notes\n"


def test_quiet_importing_again_prints_nothing(project: TempProject) -> None:
    project.run("import", str(SEED))
    run = project.run("import", "-q", str(SEED))
    assert (run.code, run.out, run.err) == (0, "", "")


def test_an_edited_article_is_not_overwritten(project: TempProject) -> None:
    project.run("import", str(SEED))
    article = project.root / SEED_ARTICLE
    article.write_text(article.read_text(encoding="utf-8") + "\nMy edit.\n", encoding="utf-8")
    source = inbox(project, "seed.txt", SEED.read_bytes())
    run = project.run("import", str(source))
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        f"import: inbox/seed.txt: {SEED_ARTICLE} exists with different content; not overwritten "
        "(rename or remove it to import inbox/seed.txt again)\n"
    )
    assert article.read_text(encoding="utf-8").endswith("\nMy edit.\n")


def test_a_sidecar_without_its_article_is_not_overwritten(project: TempProject) -> None:
    project.write(f"2017/{SEED_NAME}.annotations.yaml", "schema: annotated-news/sidecar@1\n")
    source = inbox(project, "seed.txt", SEED.read_bytes())
    run = project.run("import", str(source))
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        f"import: inbox/seed.txt: {SEED_SIDECAR} exists already (with no article beside it); "
        "not overwritten (move it away to import again)\n"
    )
    assert not (project.root / SEED_ARTICLE).exists()


def test_the_same_headline_on_another_day_gets_the_next_slug(project: TempProject) -> None:
    project.article("2016/2016-01-01-council-meets.md", "Old.\n", title="Council Meets")
    source = inbox(project, "new.txt", " date 2019-05-01 x\n    Council Meets\n    PARIS - Text.\n")
    run = project.run("import", str(source))
    assert run.out.splitlines()[0] == "content/2019/2019-05-01-council-meets-2.md"
    assert project.run("check").code == 0


def test_an_import_moved_elsewhere_is_found_again(project: TempProject) -> None:
    project.run("import", str(SEED))
    moved = project.root / "content" / "syria"
    moved.mkdir()
    for name in (SEED_ARTICLE, SEED_SIDECAR):
        (project.root / name).rename(moved / Path(name).name)
    run = project.run("import", str(SEED))
    assert (run.code, run.err) == (0, f"already imported: content/syria/{SEED_NAME}.md\n")


# ---------------------------------------------------------------- more scrapes


def test_a_reuters_scrape_without_caption(project: TempProject) -> None:
    body, front, regions = imported(project, "reuters-beirut-no-caption.txt")
    assert front == {
        "title": "Lebanon to Present Draft Budget Within Two Weeks, Minister Says",
        "date": dt.date(2019, 3, 14),
        "publisher": "Reuters",
    }
    assert [(r["id"], r["anchor"]) for r in regions] == [
        ("r-title", {"exact": "Lebanon to Present Draft Budget Within Two Weeks, Minister Says"}),
        ("r-dateline", {"exact": "BEIRUT, March 14 (Reuters) -"}),
    ]
    assert body.startswith("BEIRUT, March 14 (Reuters) - Lebanon's finance minister said")
    assert "around 1\u00a0percent" in body


def test_a_sputnik_scrape_with_credits_and_teasers(project: TempProject) -> None:
    body, front, regions = imported(project, "sputnik-moscow-credits-teasers.txt")
    assert (front["publisher"], front["credit"]) == ("Sputnik", "© Sputnik / Ilya Pitalev")
    assert front["caption"] == (
        "Russian Foreign Minister Sergei Lavrov during a press conference in Moscow. File photo"
    )
    assert [(r["id"], r["role"], r.get("render"), r["anchor"]["exact"]) for r in regions] == [
        (
            "r-title",
            "title",
            None,
            "Lavrov Says Moscow Ready to Discuss Arms Control With Washington",
        ),
        ("r-caption", "photo-caption", None, front["caption"]),
        ("r-dateline", "dateline", None, "MOSCOW (Sputnik) —"),
        ("r-photo-credit", "photo-credit", "aside", "© AP Photo / Evan Vucci"),
        ("r-related", "related-article-teaser", "aside", "Trump Says He Is Open to Meeting Putin"),
        (
            "r-related-2",
            "related-article-teaser",
            "aside",
            "Read more: Kremlin Comments on Prospects of New START Extension",
        ),
    ]
    assert body.split("\n\n")[2:4] == [
        "© AP Photo / Evan Vucci",
        "Trump Says He Is Open to Meeting Putin",
    ]


def test_a_scrape_without_dateline_keeps_markdown_characters_as_text(project: TempProject) -> None:
    imported(project, "no-dateline-markdown-characters.txt")
    (path,) = (project.root / "content" / "2020").glob("*.md")
    raw = (SAMPLES / "no-dateline-markdown-characters.txt").read_text(encoding="utf-8")
    lines = [line.strip() for line in raw.splitlines()[3:]]
    article_text = rendered(path, project.root).split("\n")
    assert article_text == [
        "Counting Continues in Arizona as Margins Narrow",
        "Election workers count ballots at the county office in Phoenix, Arizona, on November 4, "
        "2020.",
        *lines,
    ]


def test_a_scrape_without_dateline_has_no_publisher(project: TempProject) -> None:
    _, front, regions = imported(project, "no-dateline-markdown-characters.txt")
    assert "publisher" not in front
    assert [r["id"] for r in regions] == ["r-title", "r-caption", "r-photo-credit"]


def test_a_scrape_with_windows_line_ends_and_tabs(project: TempProject) -> None:
    body, front, regions = imported(project, "afp-paris-crlf-standalone-teaser.txt")
    assert (front["title"], front["publisher"]) == (
        "French Unions Vow to Keep Up Pension Strike",
        "AFP",
    )
    assert "\r" not in body and "\t" not in body
    assert [r["id"] for r in regions] == ["r-title", "r-dateline", "r-related"]


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir()))
def test_every_sample_checks_clean(project: TempProject, sample: str) -> None:
    assert project.run("import", str(SAMPLES / sample)).code == 0
    run = project.run("check")
    assert (run.code, run.err) == (0, "checked 1 article: 0 errors, 0 warnings\n")


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir()))
def test_every_sample_imports_once(project: TempProject, sample: str) -> None:
    first = project.run("import", str(SAMPLES / sample))
    again = project.run("import", str(SAMPLES / sample))
    assert (again.code, again.err) == (0, f"already imported: {first.out.splitlines()[0]}\n")


# ---------------------------------------------------------------- Markdown and HTML


def test_a_markdown_heading_becomes_the_title(project: TempProject) -> None:
    project.run("import", str(SAMPLES / "harbour-vote.md"))
    path = project.root / "content/2021/2021-04-10-council-approves-harbour-plan.md"
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        "date: 2021-04-10\n"
        "publisher: The Coastal Herald\n"
        "tags: [harbour]\n"
        'title: "Council Approves Harbour Plan"\n'
        "---\n"
        "PORTVILLE – The town council approved the harbour plan on Friday by *seven votes* to "
        "two.\n"
        "\n"
        "“The plan is final,” Harbour Minister Ana Souza said.\n"
    )


def test_a_markdown_dateline_is_a_region(project: TempProject) -> None:
    _, _, regions = imported(project, "harbour-vote.md")
    assert regions == [
        {"id": "r-title", "role": "title", "anchor": {"exact": "Council Approves Harbour Plan"}},
        {"id": "r-dateline", "role": "dateline", "anchor": {"exact": "PORTVILLE –"}},
    ]


def test_a_markdown_article_with_front_matter_is_kept_as_written(project: TempProject) -> None:
    text = '---\ntitle: "Kept"\ndate: 2020-01-02\nslug: kept-as-is\n---\nBody *text*.\n'
    run = project.run("import", str(inbox(project, "kept.md", text)))
    assert run.out == (
        "content/2020/2020-01-02-kept-as-is.md\ncontent/2020/2020-01-02-kept-as-is.annotations.yaml\n"
    )
    assert (project.root / "content/2020/2020-01-02-kept-as-is.md").read_text() == text


def test_an_html_page_becomes_markdown_paragraphs(project: TempProject) -> None:
    body, front, regions = imported(project, "lyon-mayor.html")
    assert front == {
        "title": "Mayor Opens New Tram Line",
        "date": dt.date(2019, 4, 2),
        "publisher": "AFP",
        "caption": "The new tram at Perrache station.",
    }
    assert body == (
        "LYON (AFP) - The mayor opened the city's sixth tram line on Tuesday, saying it was "
        '"a promise kept & a line for everyone".\n'
        "\n"
        "The line links Perrache\u00a0station to the university campus in twelve minutes. "
        "Trams run every six minutes.\n"
        "\n"
        "Officials said 40,000 passengers a day were expected.\n"
    )
    assert [r["id"] for r in regions] == ["r-title", "r-caption", "r-dateline"]


def test_an_html_time_element_gives_the_date(project: TempProject) -> None:
    page = '<h1>Quiet Day</h1><time datetime="2022-08-09">9 August</time><p>Nothing.</p>'
    run = project.run("import", str(inbox(project, "page.htm", page)))
    assert run.out.splitlines()[0] == "content/2022/2022-08-09-quiet-day.md"


# ---------------------------------------------------------------- bad input


BAD_INPUT = [
    (
        "huge.txt",
        "a" * (1 << 20) + "b",
        "1:1: error[file-too-large]: file is 1048577 bytes, over the 1 MiB limit; split it up",
    ),
    ("empty.txt", "", "1:1: error[bad-value]: the file is empty; there is nothing to import"),
    (
        "blank.md",
        " \n\n\t\n",
        "1:1: error[bad-value]: the file is empty; there is nothing to import",
    ),
    (
        "photo.jpg",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        "1:1: error[bad-value]: a binary file, not text; import scraped text, Markdown (.md) or "
        "HTML (.html)",
    ),
    (
        "latin1.txt",
        " date 2017-12-30 x\n    Caf\xe9 Opens\n".encode("latin-1"),
        "2:8: error[not-utf8]: byte 0xe9 is not valid UTF-8; save the file as UTF-8",
    ),
    (
        "control.txt",
        " date 2017-12-30 x\n    Headline\n    PARIS - a\x0bb.\n",
        "3:14: error[bad-value]: control character U+000B in the text; remove it",
    ),
    (
        "notes.txt",
        "Just some notes.\n",
        '1:1: error[missing-field]: no date found: a scraped article starts with the line "date '
        'YYYY-MM-DD …"; add it (or import the article as Markdown or HTML with its date)',
    ),
    (
        "no-title.txt",
        " date 2017-12-30 Register\n",
        "1:1: error[missing-field]: no title found: the headline should follow the scrape line; "
        "add it",
    ),
    (
        "no-date.md",
        "# A Title\n\nText.\n",
        "1:1: error[missing-field]: no date found: add date: YYYY-MM-DD to the front matter "
        '(between "---" lines)',
    ),
    (
        "no-title.md",
        "---\ndate: 2020-01-02\n---\nText.\n",
        '1:1: error[missing-field]: no title found: add title: "…" to the front matter or start '
        'the text with "# Title"',
    ),
    (
        "unclosed.md",
        "---\ntitle: X\n",
        '1:1: error[yaml-syntax]: front matter opened with "---" on line 1 is never closed; end '
        'it with "---"',
    ),
    (
        "bad-date.md",
        "---\ntitle: X\ndate: 2020-02-30\n---\n",
        '3:7: error[bad-value]: date: "2020-02-30" is not a calendar date (day must be in 1..29 '
        "for 2020-02); write YYYY-MM-DD",
    ),
    (
        "unknown-key.md",
        "---\ntitle: X\ndate: 2020-01-02\nauthr: Me\n---\n",
        '4:1: error[unknown-key]: unknown key "authr" in front matter; did you mean "author"?',
    ),
    (
        "bad-slug.md",
        "---\ntitle: X\ndate: 2020-01-02\nslug: Not A Slug\n---\n",
        '4:7: error[bad-slug]: "Not A Slug" is not a valid slug; use lower-case letters, digits '
        'and single hyphens, e.g. "not-a-slug"',
    ),
    (
        "russian.txt",
        " date 2017-12-30 x\n    Путин заявил\n    МОСКВА - Текст.\n",
        '1:1: error[bad-slug]: the title "Путин заявил" has no Latin letters or digits to make a '
        "file name of; import it as Markdown with slug: in its front matter",
    ),
    (
        "no-title.html",
        '<meta name="date" content="2020-01-02"><p>Text.</p>',
        "1:1: error[missing-field]: no title found: add a <title> or an <h1> with the headline",
    ),
    (
        "no-date.html",
        "<title>T</title><p>Text.</p>",
        '1:1: error[missing-field]: no date found: add <meta name="date" content="YYYY-MM-DD"> '
        'to the <head> or <time datetime="YYYY-MM-DD"> to the article',
    ),
    (
        "bad-date.html",
        '<title>T</title>\n  <meta name="date" content="yesterday">',
        '2:3: error[bad-value]: "yesterday" is not a date; write YYYY-MM-DD (a time may follow)',
    ),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_its_reason(
    project: TempProject, name: str, data: str | bytes, message: str
) -> None:
    run = project.run("import", str(inbox(project, name, data)))
    assert (run.code, run.out, run.err) == (1, "", f"inbox/{name}:{message}\n")
    assert list((project.root / "content").rglob("*")) == []


def test_a_missing_file_is_a_usage_error(project: TempProject) -> None:
    run = project.run("import", str(project.root / "inbox" / "nope.txt"))
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "quotemark: error: inbox/nope.txt: no such file\n",
    )


def test_a_folder_is_a_usage_error(project: TempProject) -> None:
    (project.root / "inbox").mkdir()
    run = project.run("import", str(project.root / "inbox"))
    assert (run.code, run.err) == (2, "quotemark: error: inbox: is a folder, not a file\n")


def test_a_slug_of_the_front_matter_taken_by_another_article_is_refused(
    project: TempProject,
) -> None:
    project.article("2016/2016-01-01-budget.md", "Old.\n")
    text = "---\ntitle: New Budget\ndate: 2020-01-02\nslug: budget\n---\nText.\n"
    run = project.run("import", str(inbox(project, "budget.md", text)))
    assert (run.code, run.err) == (
        1,
        'inbox/budget.md:4:7: error[duplicate-slug]: slug "budget" is already used by '
        "content/2016/2016-01-01-budget.md; set a different slug\n",
    )


def test_each_file_is_imported_on_its_own_and_the_worst_code_wins(project: TempProject) -> None:
    missing = project.root / "inbox" / "nope.txt"
    empty = inbox(project, "empty.txt", "")
    run = project.run("import", str(missing), str(SEED), str(empty))
    assert run.code == 2
    assert run.out == f"{SEED_ARTICLE}\n{SEED_SIDECAR}\n"
    assert run.err == (
        "quotemark: error: inbox/nope.txt: no such file\n"
        "inbox/empty.txt:1:1: error[bad-value]: the file is empty; there is nothing to import\n"
    )


def test_content_errors_alone_give_exit_code_one(project: TempProject) -> None:
    empty = inbox(project, "empty.txt", "")
    assert project.run("import", str(SEED), str(empty)).code == 1
