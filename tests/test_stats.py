"""The stats command: totals and a per-article table, built from loading and anchoring."""

from __future__ import annotations

import shutil

from tests.conftest import REPO, TempProject

GOLDEN = REPO / "tests" / "golden-content"
SEED = (
    "2017/2017-12-30-us-led-coalition-denies-transporting-daesh-commanders-from-syrias-deir-ez-zor"
)

GOLDEN_TABLE = (
    "articles                  3\n"
    "  drafts left out         0\n"
    "attributions             16\n"
    "  direct                  7\n"
    "  indirect                8\n"
    "  mixed                   1\n"
    "  suggested, unreviewed   0\n"
    "entities                 12\n"
    "  person                  5\n"
    "  press-office            1\n"
    "  news-agency             3\n"
    "  coalition               1\n"
    "  country                 1\n"
    "  group                   1\n"
    "mentions                 11\n"
    "regions                   6\n"
    "anchors                  68\n"
    "  exact                  47\n"
    "  disambiguated          21\n"
    "  context-changed         0\n"
    "  fuzzy                   0\n"
    "  ambiguous               0\n"
    "  orphan                  0\n"
    "\n"
    "article                                                                         "
    "                          attributions  worst anchor\n"
    "content/2017/2017-12-30-us-led-coalition-denies-transporting-daesh-commanders-fr"
    "om-syrias-deir-ez-zor.md            10  disambiguated\n"
    "content/2021/2021-03-04-minister-regrets-remarks.md                             "
    "                                     6  disambiguated\n"
    "content/2021/2021-03-05-no-annotations-yet.md                                   "
    "                                     0  -\n"
)

EMPTY_TABLE = """\
articles                 0
  drafts left out        0
attributions             0
  direct                 0
  indirect               0
  mixed                  0
  suggested, unreviewed  0
entities                 0
mentions                 0
regions                  0
anchors                  0
  exact                  0
  disambiguated          0
  context-changed        0
  fuzzy                  0
  ambiguous              0
  orphan                 0

article  attributions  worst anchor
"""


def golden(project: TempProject) -> None:
    shutil.copytree(GOLDEN, project.root / "content", dirs_exist_ok=True)


def line(out: str, label: str) -> str:
    """The first line of the output that starts with label (after indentation)."""
    return next(row for row in out.splitlines() if row.strip().startswith(label))


def test_the_golden_archive_gives_its_table(project: TempProject) -> None:
    golden(project)
    run = project.run("stats")
    assert (run.code, run.out, run.err) == (0, GOLDEN_TABLE, "")


def test_stats_writes_nothing(project: TempProject) -> None:
    golden(project)
    before = sorted(p.relative_to(project.root) for p in project.root.rglob("*"))
    project.run("stats")
    assert sorted(p.relative_to(project.root) for p in project.root.rglob("*")) == before


def test_an_empty_archive_gives_zeros(project: TempProject) -> None:
    run = project.run("stats")
    assert (run.code, run.out, run.err) == (0, EMPTY_TABLE, "")


def test_drafts_are_left_out_and_counted_as_such(project: TempProject) -> None:
    golden(project)
    project.article("2022/2022-01-01-draft.md", "Draft text.\n", draft="true")
    run = project.run("stats")
    assert (line(run.out, "articles"), line(run.out, "drafts")) == (
        "articles                  3",
        "  drafts left out         1",
    )


def test_drafts_are_counted_with_the_drafts_option(project: TempProject) -> None:
    golden(project)
    project.article("2022/2022-01-01-draft.md", "Draft text.\n", draft="true")
    run = project.run("stats", "--drafts")
    assert (line(run.out, "articles"), line(run.out, "drafts")) == (
        "articles                  4",
        "  drafts included         1",
    )
    assert run.out.splitlines()[-1].split() == ["content/2022/2022-01-01-draft.md", "0", "-"]


def test_machine_suggestions_not_yet_reviewed_are_counted(project: TempProject) -> None:
    project.article("2020/2020-05-17-a.md", '"We go," she said. "We stay," he said.\n')
    project.write(
        "2020/2020-05-17-a.annotations.yaml",
        """\
        schema: annotated-news/sidecar@1
        attributions:
          - {id: a1, kind: direct, source: {unattributed: true}, content: ["We go,"],
             generator: quotemark-suggest/1, reviewed: false}
          - {id: a2, kind: direct, source: {unattributed: true}, content: ["We stay,"],
             generator: quotemark-suggest/1, reviewed: true}
        """,
    )
    run = project.run("stats")
    assert line(run.out, "suggested, unreviewed") == "  suggested, unreviewed  1"


def test_content_errors_give_exit_one_and_the_table_still(project: TempProject) -> None:
    golden(project)
    sidecar = project.root / "content" / f"{SEED}.annotations.yaml"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace('"WASHINGTON (Sputnik) -"', '"BERLIN (Sputnik) -"'))
    run = project.run("stats")
    assert run.code == 1
    assert run.diagnostics == [
        f"content/{SEED}.annotations.yaml:74:13: error[orphan]: regions[r-dateline].anchor "
        f'"BERLIN (Sputnik) -" not found; closest: {SEED[5:]}.md:8 "INGTON (Sputnik) -" '
        "(5 edits > budget 3)"
    ]
    assert (line(run.out, "orphan"), line(run.out, f"content/{SEED}").split()[-1]) == (
        "  orphan                  1",
        "orphan",
    )


def test_unloadable_articles_are_reported_and_not_counted(project: TempProject) -> None:
    project.write("2020/broken.md", "no front matter\n")
    run = project.run("stats")
    assert (run.code, line(run.out, "articles")) == (1, "articles                 0")
    assert run.diagnostics == [
        'content/2020/broken.md:1:1: error[missing-field]: front matter lacks "title"; start '
        'the file with "---", title:, date:, "---"'
    ]
