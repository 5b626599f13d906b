"""The live preview's quick pass: the edited article's own files, exactly as the full build
makes them, or nothing at all."""

from __future__ import annotations

import contextlib
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotemark.cache import SiteState
from quotemark.project import Project, make_project
from quotemark.quick import Known, Quick, Refused
from quotemark.serve import Preview, snapshot
from tests.conftest import site_files
from tests.test_incremental import (
    BASE_URL,
    COALITION,
    EDITS,
    Edit,
    append_sentence,
    change_attribution,
    change_quoted_word,
    differing,
    resummarise,
    rewrite,
    run,
    toggle_alias,
)
from tests.test_incremental import make_project as make_root

PAGE = "2017/12/us-led-coalition-denies-transporting-daesh-commanders-from-syrias-deir-ez-zor"
ARTICLE = f"content/{COALITION}.md"
SIDECAR = f"content/{COALITION}.annotations.yaml"


class Driven:
    """``serve``'s own preview state, driven by hand: each look, quick try and full build runs
    in this thread when the test says, with the server's messages kept off the terminal."""

    def __init__(
        self, root: Path, strict: bool = False, base_url: str | None = None, drafts: bool = False
    ) -> None:
        self.root = root
        site = str(root.parent / "site")
        self.project = make_project(
            str(root), out=site, base_url=base_url, drafts=drafts, strict=strict
        )
        with contextlib.redirect_stderr(io.StringIO()):
            self.serve = Preview(self.project)
        assert self.build() == ()

    @property
    def known(self) -> Known | None:
        return self.serve.known

    @property
    def quick(self) -> list[Quick]:
        return self.serve.quick

    def state(self) -> SiteState:
        return self.serve.store.sites[str(self.project.out)]

    def build(self) -> tuple[str, ...]:
        """A full build as serve runs it; a failure undoes the quick passes before it."""
        with contextlib.redirect_stderr(io.StringIO()):
            self.serve.build(snapshot(self.serve.folders()))
        return self.serve.problems

    def try_quick(self) -> Quick | Refused | None:
        """The quick pass over what changed since the last full build (None: it declined)."""
        with contextlib.redirect_stderr(io.StringIO()):
            return self.serve.try_quick(snapshot(self.serve.folders()))


@pytest.fixture
def preview(tmp_path: Path) -> Driven:
    return Driven(make_root(tmp_path))


def clean_build(project: Project, folder: Path) -> dict[str, bytes] | None:
    """The site a clean build makes with the same options (None if it fails)."""
    return clean_run(project, folder)[0]


def clean_run(project: Project, folder: Path) -> tuple[dict[str, bytes] | None, str]:
    """A clean build with the same options: its site (None if it fails) and its messages."""
    options = ["--no-cache", "--out", str(folder)]
    options += ["--base-url", project.base_url] if project.base_url else []
    options += ["--strict"] if project.strict else []
    options += ["--drafts"] if project.drafts else []
    code, err = run(project.root, *options)
    return (site_files(folder) if code == 0 else None), err


# ---------------------------------------------------------------- what it writes


def test_an_appended_sentence_is_shown_by_the_quick_pass_alone(preview: Driven) -> None:
    rewrite(preview.root / ARTICLE, lambda t: t + "\nA sentence added while annotating.\n")
    quick = preview.try_quick()
    assert isinstance(quick, Quick)
    assert [path for path, _ in quick.before] == [f"{PAGE}.annotations.jsonld", f"{PAGE}.html"]
    page = (preview.project.out / f"{PAGE}.html").read_text(encoding="utf-8")
    assert "A sentence added while annotating." in page


def test_the_quick_pass_writes_exactly_the_files_the_full_build_makes(
    preview: Driven, tmp_path: Path
) -> None:
    change_quoted_word(preview.root, 0)
    quick = preview.try_quick()
    assert isinstance(quick, Quick)
    clean = clean_build(preview.project, tmp_path / "clean")
    assert clean is not None
    site = site_files(preview.project.out)
    assert [p for p, _ in quick.before if site[p] != clean[p]] == []


def test_a_second_quick_pass_keeps_the_first_ones_edit(preview: Driven, tmp_path: Path) -> None:
    rewrite(preview.root / ARTICLE, lambda t: t + "\nA sentence added first.\n")
    assert isinstance(preview.try_quick(), Quick)
    rewrite(preview.root / SIDECAR, lambda t: t.replace("kind: direct", "kind: indirect", 1))
    assert isinstance(preview.try_quick(), Quick)
    clean = clean_build(preview.project, tmp_path / "clean")
    assert clean is not None
    assert site_files(preview.project.out)[f"{PAGE}.html"] == clean[f"{PAGE}.html"]
    assert b"A sentence added first." in clean[f"{PAGE}.html"]


def test_the_full_build_after_a_quick_pass_renders_the_article_again(preview: Driven) -> None:
    rewrite(preview.root / ARTICLE, lambda t: t + "\nOne sentence more.\n")
    state = preview.state()
    assert f"{PAGE}.html" in state.keys
    assert isinstance(preview.try_quick(), Quick)
    assert f"{PAGE}.html" not in state.keys  # forgotten: not taken as unchanged
    assert preview.build() == ()
    assert f"{PAGE}.html" in preview.state().keys


def test_undo_puts_back_the_last_good_sites_bytes(preview: Driven) -> None:
    before = site_files(preview.project.out)
    rewrite(preview.root / ARTICLE, lambda t: t + "\nA sentence soon taken back.\n")
    quick = preview.try_quick()
    assert isinstance(quick, Quick) and differing(site_files(preview.project.out), before) != []
    quick.undo()
    assert differing(site_files(preview.project.out), before) == []


def test_a_full_build_that_fails_after_a_quick_pass_leaves_the_last_good_site(
    preview: Driven,
) -> None:
    before = site_files(preview.project.out)
    toggle_alias(preview.root, 0)  # an alias no other article claims: the quick pass applies
    assert isinstance(preview.try_quick(), Quick)
    articles = sorted((preview.root / "content").rglob("*.md"))
    other = next(a for a in articles if a.name != Path(ARTICLE).name and a.name[0] != "_")
    rewrite(other, lambda t: t.replace("---\n", "---\naliases: [old/story-0.html]\n", 1))
    problems = preview.build()  # the same alias twice: the build fails
    assert any("alias" in line for line in problems), problems
    assert differing(site_files(preview.project.out), before) == []


# ---------------------------------------------------------------- when it declines


def test_an_edit_to_two_articles_is_left_to_the_full_build(preview: Driven) -> None:
    append_sentence(preview.root, 0)
    append_sentence(preview.root, 1)
    assert preview.try_quick() is None


def test_a_new_file_is_left_to_the_full_build(preview: Driven) -> None:
    rewrite(preview.root / ARTICLE, lambda t: t + "\nMore.\n")
    (preview.root / "content" / "notes.md").write_text("---\ntitle: N\ndate: 2020-01-01\n---\nN\n")
    assert preview.try_quick() is None


def test_a_template_edit_is_left_to_the_full_build(preview: Driven) -> None:
    rewrite(preview.root / "templates" / "base.html", lambda t: t.replace("</body>", "\n</body>"))
    assert preview.try_quick() is None


def test_settings_are_left_to_the_full_build(preview: Driven) -> None:
    rewrite(preview.root / "content" / "_site.yaml", lambda t: t + "\n")
    assert preview.try_quick() is None


def test_a_new_tag_is_left_to_the_full_build(preview: Driven) -> None:
    rewrite(preview.root / ARTICLE, lambda t: t.replace("tags: [", "tags: [brand-new, ", 1))
    assert preview.try_quick() is None


def test_a_dropped_tag_is_left_to_the_full_build(preview: Driven) -> None:
    rewrite(preview.root / ARTICLE, lambda t: t.replace("tags: [syria, ", "tags: [", 1))
    assert preview.try_quick() is None


def test_a_tag_another_article_has_may_be_added(preview: Driven) -> None:
    known = preview.known
    assert known is not None and "harbour" in known.renderer.slugs
    rewrite(preview.root / ARTICLE, lambda t: t.replace("tags: [", "tags: [harbour, ", 1))
    assert isinstance(preview.try_quick(), Quick)


def test_a_date_in_another_month_is_left_to_the_full_build(preview: Driven) -> None:
    rewrite(preview.root / ARTICLE, lambda t: t.replace("date: 2017-12-30", "date: 2017-11-30"))
    assert preview.try_quick() is None


def test_a_sidecar_that_names_another_speaker_is_left_to_the_full_build(
    preview: Driven,
) -> None:
    text = (preview.root / SIDECAR).read_text(encoding="utf-8")
    assert "source: {entity: harbour-board," in text or "entity: sana\n" in text
    change_attribution(preview.root, 2)  # sana -> sputnik: the sidecar names other entities
    assert preview.try_quick() is None


def test_a_sidecar_error_is_shown_at_once_with_the_full_builds_diagnostics(
    preview: Driven, tmp_path: Path
) -> None:
    before = site_files(preview.project.out)
    rewrite(preview.root / SIDECAR, lambda t: t.replace("entity: sana", "entity: sanaa", 1))
    refused = preview.try_quick()
    assert isinstance(refused, Refused)
    assert differing(site_files(preview.project.out), before) == []
    shown = [p.format() for p in refused.problems]
    assert shown == [
        f"{SIDECAR}:122:15: error[unknown-entity]: attributions[a03-sana-claim].source.entity "
        '"sanaa" is not declared; did you mean "sana"?'
    ]
    assert preview.serve.problems == tuple(shown)
    assert preview.build() == tuple(shown)  # the full build says the same


def test_a_sidecar_mended_after_a_refusal_is_shown_by_the_next_quick_pass(
    preview: Driven,
) -> None:
    text = (preview.root / SIDECAR).read_text(encoding="utf-8")
    rewrite(preview.root / SIDECAR, lambda t: t.replace("entity: sana", "entity: sanaa", 1))
    assert isinstance(preview.try_quick(), Refused)
    (preview.root / SIDECAR).write_text(text.replace("kind: direct", "kind: indirect", 1))
    assert isinstance(preview.try_quick(), Quick)
    assert preview.serve.problems == ()


def test_a_new_warning_under_strict_is_shown_at_once_as_an_error(tmp_path: Path) -> None:
    preview = Driven(make_root(tmp_path), strict=True)
    change_quoted_word(preview.root, 0)  # the quote's anchor goes fuzzy: a warning
    refused = preview.try_quick()
    assert isinstance(refused, Refused)
    assert [(p.severity.value, p.code) for p in refused.problems] == [("error", "fuzzy")]


# ---------------------------------------------------------------- the property

LOCAL: list[Edit] = [append_sentence, change_quoted_word, change_attribution, resummarise]
STEPS = st.lists(
    st.tuples(st.sampled_from(LOCAL * 3 + EDITS), st.integers(0, 59), st.booleans()),
    min_size=2,
    max_size=5,
)


@settings(max_examples=12, deadline=None)
@given(st.booleans(), st.booleans(), st.booleans(), STEPS)
def test_random_edits_previewed_quickly_then_built_give_exactly_the_clean_build(
    strict: bool, base_url: bool, drafts: bool, steps: list[tuple[Edit, int, bool]]
) -> None:
    """After each edit: the quick pass (when it applies) writes exactly the clean build's
    files, or refuses with errors the clean build also reports; the full build after it
    gives exactly the clean build, or, failing, the last good site (``build_now``: a step
    where the full build waits for a second edit)."""
    with tempfile.TemporaryDirectory() as name:
        top = Path(name).resolve()
        preview = Driven(make_root(top), strict, BASE_URL if base_url else None, drafts)
        good = site_files(preview.project.out)
        for i, (edit, n, build_now) in enumerate(steps):
            edit(preview.root, n)
            quick = preview.try_quick()
            clean, said = clean_run(preview.project, top / f"clean-{i}")
            if isinstance(quick, Quick) and clean is not None:
                site = site_files(preview.project.out)
                assert [p for p, _ in quick.before if site.get(p) != clean.get(p)] == []
            if isinstance(quick, Refused):  # the clean build stops on the same errors
                assert clean is None
                assert [p.format() for p in quick.problems if p.format() not in said] == []
            if not build_now and i < len(steps) - 1:
                continue
            problems = preview.build()
            assert (problems == ()) == (clean is not None), problems
            if clean is not None:
                assert differing(site_files(preview.project.out), clean) == []
                good = clean
            else:
                assert differing(site_files(preview.project.out), good) == []
            shutil.rmtree(top / f"clean-{i}", ignore_errors=True)
