"""``fix [ARTICLE]``: drifted anchors rewritten in place, everything else byte for byte."""

from __future__ import annotations

import difflib
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from quotemark import fix
from quotemark.cli import main
from quotemark.model import Anchor, Position, Resolution
from quotemark.normalize import normalize
from quotemark.reanchor import Rewrite
from tests.conftest import REPO, TempProject

QUOTE = "We will rebuild every bridge in the valley by spring,"
BODY = f"""\
The minister said: "{QUOTE}" at a press conference.

Later the mayor added that the funds were not yet secured.
"""
TEXT = f"A test article\n{BODY.replace(chr(10) * 2, chr(10)).strip()}"
SHA = hashlib.sha256(normalize(TEXT).encode()).hexdigest()
SIDECAR = "x.annotations.yaml"
SHOWN = f"content/{SIDECAR}"
HEAD = """\
schema: annotated-news/sidecar@1
entities:
  - {id: minister, name: Minister, type: person}
attributions:
  - id: a1
    kind: direct
    source: {entity: minister}
    content:
"""


def write(project: TempProject, content: str, head: str = HEAD) -> Path:
    """The article and a sidecar whose one attribution has the given content lines."""
    project.article("x.md", BODY)
    return project.write(SIDECAR, head + content, dedent=False)


def changes(before: str, after: str) -> list[str]:
    """The removed and added lines of a diff."""
    lines = difflib.ndiff(before.splitlines(), after.splitlines())
    return [line for line in lines if line.startswith(("- ", "+ "))]


def backups(project: TempProject) -> list[str]:
    return sorted(p.name for p in (project.root / "content").glob("*.bak-*"))


# ---------------------------------------------------------------- rewriting


def test_an_edited_quote_is_rewritten_keeping_every_comment(project: TempProject) -> None:
    original = """\
# Annotations of x.md
schema: annotated-news/sidecar@1   # the schema
document:
  lang: en   # English

# people
entities:
  - id: minister   # the minister
    name: Minister
    type: person

attributions:
  # the pledge
  - id: a1
    kind: direct
    source:
      entity: minister
      mention: The minister   # who
    content:
      - exact: "We will rebuild all bridges in the valley by spring,"   # the quote
        # a note on the quote
        suffix: '" at a'
    confidence: high
"""
    path = write(project, "", head=original)
    run = project.run("fix")
    assert (run.code, run.err) == (
        0,
        f"{SHOWN}: fixed 1 anchor (1 fuzzy); backup: {SHOWN}.bak-1\n",
    )
    assert changes(original, path.read_text()) == [
        f"+   text_sha256: {SHA}",
        '-       - exact: "We will rebuild all bridges in the valley by spring,"   # the quote',
        f'+       - exact: "{QUOTE}"   # the quote',
        "+         position: {start: 35, end: 88}",
    ]


def test_the_fixed_sidecar_checks_clean(project: TempProject) -> None:
    write(project, '      - "We will rebuild all bridges in the valley by spring,"\n')
    project.run("fix")
    assert project.run("check").diagnostics == []


def test_a_context_changed_anchor_gets_the_words_now_before_it(project: TempProject) -> None:
    path = write(project, '      - {exact: "the funds", prefix: "Earlier "}\n')
    run = project.run("fix")
    assert run.err == f"{SHOWN}: fixed 1 anchor (1 context-changed); backup: {SHOWN}.bak-1\n"
    assert path.read_text().endswith(
        '      - {exact: "the funds", prefix: "that ", position: {start: 140, end: 149}}\n'
    )


def test_a_string_shorthand_becomes_a_flow_mapping_on_its_line(project: TempProject) -> None:
    path = write(project, '      - "We will rebuild all bridges in the valley by spring,"  # q\n')
    project.run("fix")
    assert path.read_text().endswith(
        f'      - {{exact: "{QUOTE}", position: {{start: 35, end: 88}}}}  # q\n'
    )


def test_a_missing_document_is_added_after_the_schema(project: TempProject) -> None:
    path = write(project, '      - "We will rebuild all bridges in the valley by spring,"\n')
    project.run("fix")
    assert path.read_text().startswith(
        f"schema: annotated-news/sidecar@1\ndocument:\n  text_sha256: {SHA}\nentities:\n"
    )


def test_a_folded_exact_is_refolded_at_its_old_line_breaks(project: TempProject) -> None:
    content = """\
      - exact: >-
          We will rebuild all
          bridges in the valley by spring,
        # a comment below
"""
    path = write(project, content)
    project.run("fix")
    assert path.read_text().endswith(
        """\
      - exact: >-
          We will rebuild every
          bridge in the valley by spring,
        position: {start: 35, end: 88}
        # a comment below
"""
    )


def test_a_plain_exact_stays_plain(project: TempProject) -> None:
    path = write(project, "      - exact: We will rebuild all bridges in the valley by spring,\n")
    project.run("fix")
    assert path.read_text().endswith(
        f"      - exact: {QUOTE}\n        position: {{start: 35, end: 88}}\n"
    )


def test_a_single_quoted_exact_stays_single_quoted(project: TempProject) -> None:
    path = write(
        project, "      - {exact: 'We will rebuild all bridges in the valley by spring,'}\n"
    )
    project.run("fix")
    assert path.read_text().endswith(
        f"      - {{exact: '{QUOTE}', position: {{start: 35, end: 88}}}}\n"
    )


def test_a_flow_mapping_gets_its_new_keys_inside_the_braces(project: TempProject) -> None:
    content = '      - {exact: "the funds", suffix: " are", position: {start: 1, end: 2}}  # x\n'
    path = write(project, content)
    project.run("fix")
    assert path.read_text().endswith(
        '      - {exact: "the funds", suffix: " were", position: {start: 140, end: 149}}  # x\n'
    )


def test_a_block_position_keeps_its_layout(project: TempProject) -> None:
    content = """\
      - exact: the funds
        suffix: " are"
        position:
          start: 1
          end: 2
"""
    path = write(project, content)
    project.run("fix")
    assert path.read_text().endswith(
        '      - exact: the funds\n        suffix: " were"\n'
        "        position:\n          start: 140\n          end: 149\n"
    )


def test_a_fuzzy_anchor_keeps_the_prefix_that_tells_two_places_apart(
    project: TempProject,
) -> None:
    body = (
        "The mayor said the funds would come soon. The governor said the funds would come soon.\n"
    )
    project.article("x.md", body)
    content = '      - {exact: "the funds will come soon", prefix: "governor said "}\n'
    path = project.write(SIDECAR, HEAD + content, dedent=False)
    assert project.run("fix").code == 0
    assert path.read_text().endswith(
        '      - {exact: "the funds would come soon", prefix: "governor said ", '
        "position: {start: 75, end: 100}}\n"
    )


def test_a_context_changed_anchor_gets_a_new_side_when_one_is_not_enough(
    project: TempProject,
) -> None:
    body = "He said the funds would come. She said the funds would come.\n"
    project.article("x.md", body)
    position = "position: {start: 54, end: 74}"
    content = f'      - {{exact: "the funds would come", suffix: ". They", {position}}}\n'
    path = project.write(SIDECAR, HEAD + content, dedent=False)
    assert project.run("fix").code == 0
    assert path.read_text().endswith(
        '      - {exact: "the funds would come", prefix: "She said ", suffix: ".", '
        "position: {start: 54, end: 74}}\n"
    )


def test_line_endings_and_a_byte_order_mark_are_kept(project: TempProject) -> None:
    project.article("x.md", BODY)
    path = project.root / "content" / SIDECAR
    text = HEAD + '      - exact: "We will rebuild all bridges in the valley by spring,"'
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    project.run("fix")
    assert path.read_bytes().endswith(
        f'      - exact: "{QUOTE}"\r\n        position: {{start: 35, end: 88}}'.encode()
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbfschema: annotated-news/sidecar@1\r\n")


# ---------------------------------------------------------------- backups and reruns


def test_the_backup_holds_the_original_bytes(project: TempProject) -> None:
    path = write(project, '      - "We will rebuild all bridges in the valley by spring,"\n')
    original = path.read_bytes()
    project.run("fix")
    assert (path.parent / f"{SIDECAR}.bak-1").read_bytes() == original


def test_a_second_run_has_nothing_to_fix_and_writes_no_backup(project: TempProject) -> None:
    path = write(project, '      - "We will rebuild all bridges in the valley by spring,"\n')
    project.run("fix")
    fixed = path.read_bytes()
    run = project.run("fix")
    assert (run.code, run.err) == (0, f"{SHOWN}: nothing to fix\n")
    assert path.read_bytes() == fixed
    assert backups(project) == [f"{SIDECAR}.bak-1"]


def test_a_clean_sidecar_is_not_written(project: TempProject) -> None:
    path = write(project, f'      - "{QUOTE}"\n')
    before = path.read_bytes()
    assert project.run("fix").err == f"{SHOWN}: nothing to fix\n"
    assert (path.read_bytes(), backups(project)) == (before, [])


def test_a_rewrite_that_does_not_check_is_undone(
    project: TempProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(project, '      - "We will rebuild all bridges in the valley by spring,"\n')
    before = path.read_bytes()

    def wrong(text: object, anchor: Anchor, res: Resolution, scope: object) -> Rewrite:
        span = res.spans[0]
        position = Position(span.start, span.end)
        return Rewrite(anchor, res.status, span, "the funds", None, None, None, position)

    monkeypatch.setattr(fix, "rewrite", wrong)
    run = project.run("fix")
    assert (run.code, path.read_bytes(), backups(project)) == (1, before, [])
    assert run.err.splitlines() == [
        f'{SHOWN}: attributions[a1].content[0] "We will rebuild all bridges i…": '
        "fuzzy became exact",
        f"fix: {SHOWN}: not fixed; the rewritten anchors did not check, left unchanged",
    ]


# ---------------------------------------------------------------- what needs a human


def test_an_ambiguous_anchor_is_left_alone_and_fails(project: TempProject) -> None:
    project.article("x.md", "The mayor said yes. The mayor said no.\n")
    path = project.write(SIDECAR, HEAD + '      - "The mayor said"\n', dedent=False)
    before = path.read_bytes()
    run = project.run("fix")
    assert run.code == 1
    assert run.err.splitlines() == [
        f'{SHOWN}:9:9: error[ambiguous]: attributions[a1].content[0] "The mayor said" matches '
        '2 places (x.md:5, x.md:5); add suffix: " yes."',
        f"{SHOWN}: nothing to fix; 1 anchor left for a human (1 ambiguous)",
    ]
    assert (path.read_bytes(), backups(project)) == (before, [])


def test_an_orphan_is_reported_while_the_rest_is_fixed(project: TempProject) -> None:
    content = (
        '      - "We will rebuild all bridges in the valley by spring,"\n'
        '      - "nothing like this is in the article at all"\n'
    )
    path = write(project, content)
    run = project.run("fix")
    assert run.code == 1
    assert run.diagnostics == [
        f"{SHOWN}:10:9: error[orphan]: attributions[a1].content[1] "
        '"nothing like this is in the a…" not found; '
        'closest: x.md:5 "rebuild every bridge in the v…" (28 edits > budget 8)'
    ]
    assert run.err.endswith(
        f"{SHOWN}: fixed 1 anchor (1 fuzzy); backup: {SHOWN}.bak-1; "
        "1 anchor left for a human (1 orphan)\n"
    )
    assert '"nothing like this is in the article at all"' in path.read_text()


# ---------------------------------------------------------------- which files


def test_a_sidecar_with_yaml_errors_is_not_touched(project: TempProject) -> None:
    path = write(project, '      - "We will rebuild all bridges\n')
    before = path.read_bytes()
    run = project.run("fix")
    assert run.code == 1
    assert run.err.splitlines() == [
        f"{SHOWN}:9:9: error[yaml-syntax]: the quoted text starting here is never closed; "
        'end it with a matching "',
        f"fix: {SHOWN}: not fixed; fix the errors above first",
    ]
    assert (path.read_bytes(), backups(project)) == (before, [])


def test_an_article_outside_content_is_a_usage_error(project: TempProject) -> None:
    outside = project.root / "elsewhere.md"
    outside.write_text("---\ntitle: x\ndate: 2020-01-01\n---\nText.\n")
    run = project.run("fix", str(outside))
    assert (run.code, run.err) == (
        2,
        f"quotemark: error: {outside}: not a Markdown article (.md) inside content/\n",
    )


def test_fix_with_an_article_touches_only_its_sidecar(project: TempProject) -> None:
    write(project, '      - "We will rebuild all bridges in the valley by spring,"\n')
    project.article("y.md", BODY)
    other = project.write("y.annotations.yaml", HEAD + '      - "rebuild all bridges in"\n')
    before = other.read_bytes()
    run = project.run("fix", "content/x.md")
    assert (run.code, run.err) == (0, f"{SHOWN}: fixed 1 anchor (1 fuzzy); backup: {SHOWN}.bak-1\n")
    assert other.read_bytes() == before


def test_fix_without_an_article_fixes_every_sidecar(project: TempProject) -> None:
    write(project, '      - "We will rebuild all bridges in the valley by spring,"\n')
    project.article("y.md", BODY)
    project.write("y.annotations.yaml", HEAD + f'      - "{QUOTE}"\n', dedent=False)
    run = project.run("fix")
    assert run.err.splitlines() == [
        f"{SHOWN}: fixed 1 anchor (1 fuzzy); backup: {SHOWN}.bak-1",
        "content/y.annotations.yaml: nothing to fix",
    ]


def test_an_article_without_a_sidecar_has_nothing_to_fix(project: TempProject) -> None:
    project.article("x.md", BODY)
    run = project.run("fix", "content/x.md")
    assert (run.code, run.err) == (0, "content/x.md: no annotations; nothing to fix\n")


# ---------------------------------------------------------------- the property


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(REPO / "templates", root / "templates")
        (root / "content").mkdir()
        yield root


EDITS = st.lists(
    st.tuples(st.integers(3, len(QUOTE) - 12), st.sampled_from(["", "x", "Q", "e"])),
    min_size=1,
    max_size=3,
)


@settings(deadline=None, max_examples=40)  # edits stay off the ends: fuzzy ties move ends
@given(edits=EDITS)
def test_a_small_edit_to_a_quote_is_fixed_to_the_edited_text(
    sandbox: Path, edits: list[tuple[int, str]]
) -> None:
    quote = QUOTE
    for at, new in edits:
        quote = quote[:at] + new + quote[at + 1 :]
    content = sandbox / "content"
    for old in content.glob("*.bak-*"):
        old.unlink()
    (content / "x.md").write_text(
        f'---\ntitle: A test article\ndate: 2020-05-17\n---\nHe said: "{quote}" at noon.\n'
    )
    (content / SIDECAR).write_text(HEAD + f'      - "{QUOTE}"\n')
    assert main(["fix", "--root", str(sandbox)]) == 0
    item = yaml.safe_load((content / SIDECAR).read_text())["attributions"][0]["content"][0]
    exact = item if isinstance(item, str) else item["exact"]
    assert normalize(exact) == normalize(quote)
    fixed = (content / SIDECAR).read_bytes()
    assert main(["fix", "--root", str(sandbox)]) == 0
    assert (content / SIDECAR).read_bytes() == fixed
    assert not (content / f"{SIDECAR}.bak-2").exists()
