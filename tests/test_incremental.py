"""Incremental builds: the cache redoes only what changed, and never changes the site."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import quotemark.incremental
import quotemark.units
from quotemark.annotate import AnnotatedArticle, annotate
from quotemark.cache import Store
from quotemark.cli import CACHE, main
from quotemark.fingerprint import Seen
from quotemark.incremental import share
from quotemark.model import ArticleSource, Entity, Problem, Sidecar
from quotemark.output import MARKER
from quotemark.pages import Page
from quotemark.plans import Plan
from quotemark.project import make_project as project_of
from quotemark.render import render_page
from quotemark.serve import rebuild
from tests.conftest import MAYOR_SIDECAR, QUOTE, TempProject, site_files, two_articles

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden-content"
BASE_URL = "https://example.org/archive/"
COALITION = (
    "2017/2017-12-30-us-led-coalition-denies-transporting-daesh-commanders-from-syrias-deir-ez-zor"
)
SHARED_ENTITIES = """\
entities:
  - id: russia
    type: country
    name: Russia
  - id: harbour-board
    type: organization
    name: Harbour Board
"""
RUSSIA = "  - id: russia\n    type: country\n    name: Russia\n"
NEW_SIDECAR = """\
schema: annotated-news/sidecar@1
entities:
  - {id: mayor-%d, name: The mayor, type: person}
attributions:
  - id: a1
    kind: direct
    source: {entity: %s, mention: The mayor}
    content:
      - "is a gift to the city of Riverton,"
"""
PNG = b"\x89PNG\r\n\x1a\n not really a picture"
UNKNOWN_KEY = "colour: red"
DUPLICATE = "  - {id: herald, type: news-agency, name: A second Herald}  # duplicate\n"

Tree = dict[str, bytes]
Stamps = dict[str, tuple[bytes, int, int]]  # path -> bytes, inode, mtime
Edit = Callable[[Path, int], None]


# ---------------------------------------------------------------- running the CLI


def run(root: Path, *args: str) -> tuple[int, str]:
    """``build -q`` in-process: its exit code and stderr."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["build", "--root", str(root), "-q", *args])
    return code, err.getvalue()


def differing(one: Tree, other: Tree) -> list[str]:
    """The paths that only one tree holds, or that the two hold with different bytes."""
    return sorted(p for p in one.keys() | other.keys() if one.get(p) != other.get(p))


def stamps(site: Path) -> Stamps:
    """Every file of a site (the marker too) with its bytes, inode and mtime."""
    found = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            stat = p.stat()
            found[p.relative_to(site).as_posix()] = (p.read_bytes(), stat.st_ino, stat.st_mtime_ns)
    return found


def rewritten(before: Stamps, after: Stamps) -> list[str]:
    """The files (but the marker) that kept their bytes yet were written again."""
    same = [p for p in after if p != MARKER and p in before and before[p][0] == after[p][0]]
    return [p for p in same if before[p] != after[p]]


def make_project(top: Path) -> Path:
    """The golden archive and the theme under ``top``; one entity moved to the shared file."""
    root = top / "proj"
    shutil.copytree(GOLDEN, root / "content")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "content" / "_entities.yaml").write_text(SHARED_ENTITIES, encoding="utf-8")
    sidecar = root / "content" / f"{COALITION}.annotations.yaml"
    text = sidecar.read_text(encoding="utf-8")
    assert RUSSIA in text
    sidecar.write_text(text.replace(RUSSIA, ""), encoding="utf-8")
    return root


# ---------------------------------------------------------------- edits


def site_settings(root: Path) -> Path:
    return root / "content" / "_site.yaml"


def articles(root: Path) -> list[Path]:
    return sorted(p for p in (root / "content").rglob("*.md") if not p.name.startswith("_"))


def sidecars(root: Path) -> list[Path]:
    return sorted((root / "content").rglob("*.annotations.yaml"))


def pick(paths: list[Path], n: int) -> Path | None:
    return paths[n % len(paths)] if paths else None


def sidecar_beside(article: Path) -> Path:
    return article.with_name(article.stem + ".annotations.yaml")


def rewrite(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def swap_first(text: str, pairs: list[tuple[str, str]], n: int) -> str:
    """Swap one pair (either way round) that the text holds, starting from the n-th."""
    for i in range(len(pairs)):
        old, new = pairs[(n + i) % len(pairs)]
        if old in text:
            return text.replace(old, new, 1)
        if new in text:
            return text.replace(new, old, 1)
    return text


def front_matter(text: str) -> tuple[list[str], str]:
    """The front-matter lines of an article and the rest (from the closing ``---``)."""
    end = text.index("\n---\n", 4)
    return text[4:end].split("\n"), text[end:]


def with_front(text: str, change: Callable[[list[str]], list[str]]) -> str:
    lines, rest = front_matter(text)
    return "---\n" + "\n".join(change(lines)) + rest


def toggled(lines: list[str], line: str) -> list[str]:
    """The lines with ``line`` added at the end, or taken out if they held it."""
    return [x for x in lines if x != line] if line in lines else [*lines, line]


def with_key(lines: list[str], key: str, value: str) -> list[str]:
    """The front-matter lines with ``key`` set to ``value`` (replaced, or added at the end)."""
    kept = [x for x in lines if not x.startswith(f"{key}:")]
    return [*kept, f"{key}: {value}"]


def toggle_front_line(article: Path, line: str) -> None:
    rewrite(article, lambda t: with_front(t, lambda lines: toggled(lines, line)))


def append_sentence(root: Path, n: int) -> None:
    """Append a sentence to an article's body."""
    if article := pick(articles(root), n):
        rewrite(article, lambda t: t + f"\nA sentence added by edit {n}.\n")


QUOTE_WORDS = [
    ("laughably bad attempt", "laughably poor attempt"),
    ("every fisherman and", "each fisherman and"),
    ("The plan is not final.", "The plan is not finished."),
    ("is a gift to the city", "is a gilt to the city"),
]


def change_quoted_word(root: Path, n: int) -> None:
    """Change a word inside a quoted passage (its anchor goes fuzzy, or back to exact)."""
    if article := pick(articles(root), n):
        rewrite(article, lambda t: swap_first(t, QUOTE_WORDS, n))


SIDECAR_SWAPS = [
    ("kind: direct", "kind: indirect"),
    ("entity: ana-souza, mention: {exact: Souza", "entity: tomas-ferreira, mention: {exact: Souza"),
    ("      entity: sana\n", "      entity: sputnik\n"),
    ("source: {entity: harbour-board,", "source: {entity: russia,"),
    ("kind: mixed", "kind: indirect"),
]


def change_attribution(root: Path, n: int) -> None:
    """Change an attribution's kind or speaker in a sidecar."""
    if sidecar := pick(sidecars(root), n):
        rewrite(sidecar, lambda t: swap_first(t, SIDECAR_SWAPS, n))


def rename_entity(root: Path, n: int) -> None:
    """Rename a shared entity in _entities.yaml."""
    name = ["Russia", "Harbour Board"][n % 2]
    shared = root / "content" / "_entities.yaml"
    rewrite(shared, lambda t: re.sub(f"name: {name}.*", f"name: {name} {n}", t))


def redate(root: Path, n: int) -> None:
    """Move an article to another date (its page moves to another year and month)."""
    if article := pick(articles(root), n):
        date = ["2017-12-30", "2019-07-01", "2021-03-04", "2022-02-11"][n % 4]
        rewrite(article, lambda t: with_front(t, lambda lines: with_key(lines, "date", date)))


def resummarise(root: Path, n: int) -> None:
    """Change the summary an article's cards show."""
    if article := pick(articles(root), n):
        summary = f"Summary number {n}."
        rewrite(article, lambda t: with_front(t, lambda lines: with_key(lines, "summary", summary)))


def retitle(root: Path, n: int) -> None:
    """Change the title or the publisher an article's cards show."""
    if article := pick(articles(root), n):
        key = ["title", "publisher"][n % 2]
        value = f'"Changed {key} {n}"'
        rewrite(article, lambda t: with_front(t, lambda lines: with_key(lines, key, value)))


def toggle_alias(root: Path, n: int) -> None:
    """Give an article an old URL that redirects to it, or take it away."""
    if article := pick(articles(root), n):
        toggle_front_line(article, f"aliases: [old/story-{n % 3}.html]")


def toggle_tag(root: Path, n: int) -> None:
    """Add a tag to an article's front matter, or remove it."""
    tag = ["harbour", "extra", "syria"][n % 3]

    def change(lines: list[str]) -> list[str]:
        for i, line in enumerate(lines):
            if line.startswith("tags: ["):
                tags = [t.strip() for t in line[7:-1].split(",") if t.strip()]
                tags = [t for t in tags if t != tag] if tag in tags else [*tags, tag]
                return [*lines[:i], f"tags: [{', '.join(tags)}]", *lines[i + 1 :]]
        return [*lines, f"tags: [{tag}]"]

    if article := pick(articles(root), n):
        rewrite(article, lambda t: with_front(t, change))


def change_settings(root: Path, n: int) -> None:
    """Change the site title, or page the lists one article a page (or not any more)."""
    if n % 2 == 0:
        rewrite(site_settings(root), lambda t: re.sub("title: .*", f"title: News {n}", t))
    else:
        rewrite(
            site_settings(root),
            lambda t: "\n".join(toggled(t.rstrip("\n").split("\n"), "per_page: 1")),
        )


def edit_template(root: Path, n: int) -> None:
    """Add a comment to the article or the home template."""
    template = root / "templates" / ["article.html", "home.html"][n % 2]
    comment = f"{{% block main %}}\n<!-- edit {n} -->\n"
    rewrite(template, lambda t: t.replace("{% block main %}\n", comment))


def add_article(root: Path, n: int) -> None:
    """Add an article (one of five), with a sidecar (its own or a shared speaker) or without."""
    k = n % 5
    article = root / "content" / "2022" / f"2022-0{1 + k % 3}-1{k}-new-{k}.md"
    article.parent.mkdir(exist_ok=True)
    body = 'The mayor said the bridge "is a gift to the city of Riverton," and left.\n'
    article.write_text(f'---\ntitle: "New {k}"\ndate: 2022-0{1 + k % 3}-1{k}\n---\n{body}')
    sidecar = sidecar_beside(article)
    if n % 3 == 0:
        sidecar.unlink(missing_ok=True)
    else:
        speaker = f"mayor-{k}" if n % 3 == 1 else "harbour-board"
        sidecar.write_text(NEW_SIDECAR % (k, speaker), encoding="utf-8")


def delete_article(root: Path, n: int) -> None:
    """Delete an article and its sidecar."""
    if article := pick(articles(root), n):
        article.unlink()
        sidecar_beside(article).unlink(missing_ok=True)


def toggle_draft(root: Path, n: int) -> None:
    """Make an article a draft, or publish it again."""
    if article := pick(articles(root), n):
        toggle_front_line(article, "draft: true")


def drop_sidecar(root: Path, n: int) -> None:
    """Delete a sidecar (its article stays, unannotated)."""
    if sidecar := pick(sidecars(root), n):
        sidecar.unlink()


def toggle_image(root: Path, n: int) -> None:
    """Give an article a lead image or take it away; or delete or restore the image file alone."""
    article = pick(articles(root), n)
    if article is None:
        return
    photo = article.with_name(f"{article.stem}.png")
    if n % 2 == 0:
        toggle_front_line(article, f"image: {photo.name}")
    if n % 2 == 1 and photo.exists():
        photo.unlink()
    else:
        photo.write_bytes(PNG)


def break_or_mend(root: Path, n: int) -> None:
    """Mend every error an earlier edit introduced; if there was none, introduce one: an
    unknown speaker, an unknown front-matter key or an entity declared twice."""
    if mend(root):
        return
    if n % 3 == 0 and (sidecar := pick(sidecars(root), n)):
        text = sidecar.read_text(encoding="utf-8")
        cut = text.index("attributions:")
        changed = text[cut:].replace("entity: ", "entity: missing-", 1)
        sidecar.write_text(text[:cut] + changed, encoding="utf-8")
    elif n % 3 == 1 and (article := pick(articles(root), n)):
        toggle_front_line(article, UNKNOWN_KEY)
    elif n % 3 == 2:
        rewrite(root / "content" / "_entities.yaml", lambda t: t + DUPLICATE)


def mend(root: Path) -> bool:
    """Undo every error ``break_or_mend`` introduced; whether there was one."""
    mended = False
    for path in [*articles(root), *sidecars(root), root / "content" / "_entities.yaml"]:
        text = path.read_text(encoding="utf-8")
        fixed = text.replace("entity: missing-", "entity: ").replace(DUPLICATE, "")
        fixed = fixed.replace(f"\n{UNKNOWN_KEY}\n", "\n")
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            mended = True
    return mended


def leave_alone(root: Path, n: int) -> None:
    """Change nothing."""


EDITS: list[Edit] = [
    append_sentence,
    change_quoted_word,
    change_attribution,
    rename_entity,
    toggle_tag,
    change_settings,
    redate,
    resummarise,
    retitle,
    toggle_alias,
    edit_template,
    add_article,
    delete_article,
    toggle_draft,
    drop_sidecar,
    toggle_image,
    break_or_mend,
    leave_alone,
]
STEPS = st.lists(
    st.tuples(
        st.sampled_from(EDITS),
        st.integers(0, 59),
        st.booleans(),  # --base-url
        st.booleans(),  # --drafts
        st.sampled_from([False, False, False, True]),  # --strict
    ),
    min_size=3,
    max_size=6,
)


# ---------------------------------------------------------------- the property


def check_step(top: Path, root: Path, step: int, options: list[str]) -> None:
    """Build incrementally and clean; both must say and make exactly the same."""
    site, clean = top / "site", top / f"clean-{step}"
    before = stamps(site)
    code, err = run(root, "--cache", str(top / "cache"), "--out", str(site), *options)
    clean_code, clean_err = run(root, "--no-cache", "--out", str(clean), *options)
    assert "Traceback" not in err
    assert code == clean_code
    assert err.replace(str(site), "OUT") == clean_err.replace(str(clean), "OUT")
    compare_with_clean(site, clean, before, code == 0)


def compare_with_clean(site: Path, clean: Path, before: Stamps, built: bool) -> None:
    """A good build made exactly the clean site, rewriting nothing unchanged; a failed one
    left the site as it was. The clean site is removed."""
    if built:
        assert differing(site_files(site), site_files(clean)) == []
        assert rewritten(before, stamps(site)) == []
    else:
        assert stamps(site) == before
    shutil.rmtree(clean, ignore_errors=True)


def cli_options(base_url: bool, drafts: bool, strict: bool) -> list[str]:
    """The command-line options a random step builds with."""
    options = ["--base-url", BASE_URL] if base_url else []
    return options + ["--drafts"] * drafts + ["--strict"] * strict


@settings(max_examples=20, deadline=None)
@given(STEPS)
def test_random_edits_build_incrementally_to_exactly_the_clean_build(
    steps: list[tuple[Edit, int, bool, bool, bool]],
) -> None:
    with tempfile.TemporaryDirectory() as name:
        top = Path(name).resolve()
        root = make_project(top)
        check_step(top, root, 0, [])
        for i, (edit, n, base_url, drafts, strict) in enumerate(steps, start=1):
            edit(root, n)
            options = cli_options(base_url, drafts, strict)
            check_step(top, root, i, options)


def serve_step(
    top: Path, root: Path, step: int, store: Store, seen: Seen, options: list[str]
) -> None:
    """Rebuild as ``serve`` does (in place, cache and digests in memory); compare as above."""
    site, clean = top / "site", top / f"clean-{step}"
    project = project_of(
        str(root),
        out=str(site),
        base_url=BASE_URL if "--base-url" in options else None,
        drafts="--drafts" in options,
        strict="--strict" in options,
    )
    before = stamps(site)
    with contextlib.redirect_stderr(io.StringIO()):
        problems = rebuild(project, store, seen)
    clean_code, _ = run(root, "--no-cache", "--out", str(clean), *options)
    assert (problems == ()) == (clean_code == 0), problems
    compare_with_clean(site, clean, before, not problems)


@settings(max_examples=15, deadline=None)
@given(STEPS)
def test_random_edits_rebuilt_in_place_as_serve_does_give_exactly_the_clean_build(
    steps: list[tuple[Edit, int, bool, bool, bool]],
) -> None:
    with tempfile.TemporaryDirectory() as name:
        top = Path(name).resolve()
        root = make_project(top)
        store, seen = Store(""), Seen()
        serve_step(top, root, 0, store, seen, [])
        for i, (edit, n, base_url, drafts, strict) in enumerate(steps, start=1):
            edit(root, n)
            options = cli_options(base_url, drafts, strict)
            serve_step(top, root, i, store, seen, options)


# ---------------------------------------------------------------- one behaviour each

EDITED_HEAD = '<meta name="x-edited" content="yes">\n</head>'
FUZZY = QUOTE.replace("gift", "gilt")
BRIDGE, TUNNEL = "2020/05/bridge.html", "2020/05/tunnel.html"
BOTH = ["content/2020/2020-05-18-tunnel.md", "content/2020/2020-05-17-bridge.md"]  # newest first


def edit_tunnel(project: TempProject, body: str = "The tunnel opens in May.\n") -> None:
    project.article("2020/2020-05-18-tunnel.md", body, title="Tunnel")


@dataclass
class Rendered:
    """The output paths of the pages a build rendered, in order."""

    articles: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)  # home, years, tags, entities


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Rendered:
    """Every page rendered from now on: article pages and list pages apart."""
    found = Rendered()

    def spy(into: list[str]) -> Callable[[jinja2.Environment, Page], str]:
        def render(env: jinja2.Environment, page: Page) -> str:
            into.append(page.path)
            return render_page(env, page)

        return render

    monkeypatch.setattr(quotemark.units, "render_page", spy(found.articles))
    monkeypatch.setattr(quotemark.incremental, "render_page", spy(found.lists))
    return found


def clean_build(project: TempProject, out: Path, *options: str) -> Tree:
    run_ = project.run("build", "-q", "--no-cache", "--out", str(out), *options)
    assert (run_.code, run_.err) == (0, "")
    return site_files(out)


def test_editing_one_article_renders_only_its_page(
    project: TempProject, rendered: Rendered
) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    assert sorted(rendered.articles) == [BRIDGE, TUNNEL]
    rendered.articles.clear()
    edit_tunnel(project)
    assert project.run("build").code == 0
    assert rendered.articles == [TUNNEL]


def test_editing_an_article_s_text_alone_renders_no_list_page(
    project: TempProject, rendered: Rendered
) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    rendered.lists.clear()
    edit_tunnel(project)
    assert project.run("build").code == 0
    assert rendered.lists == []


def test_retitling_an_article_renders_the_list_pages_that_show_it(
    project: TempProject, rendered: Rendered
) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    rendered.lists.clear()
    project.article("2020/2020-05-18-tunnel.md", "The tunnel opens next year.\n", title="Tube")
    assert project.run("build").code == 0
    assert sorted(rendered.lists) == ["2020/index.html", "index.html"]


def test_editing_one_article_rewrites_its_page_and_links_every_other_file(
    project: TempProject,
) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    before = stamps(project.site)
    edit_tunnel(project)
    assert project.run("build").code == 0
    after = stamps(project.site)
    assert b"opens in May" in after[TUNNEL][0]
    assert after[TUNNEL][1] != before[TUNNEL][1]
    changed = {p for p in after if after[p][1:] != before.get(p, (b"", 0, 0))[1:]}
    assert changed == {TUNNEL, MARKER, "assets/search-index.js"}


def test_renaming_a_speaker_renders_only_the_article_that_shows_the_name(
    project: TempProject, rendered: Rendered
) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    rendered.articles.clear()
    rendered.lists.clear()
    project.write(
        "2020/2020-05-17-bridge.annotations.yaml",
        (MAYOR_SIDECAR % QUOTE).replace("name: The mayor", "name: Mayor Ada Quill"),
        dedent=False,
    )
    assert project.run("build").code == 0
    assert rendered.articles == [BRIDGE]
    assert "entities/mayor.html" in rendered.lists
    assert b"Mayor Ada Quill" in (project.site / "entities/mayor.html").read_bytes()


def test_a_template_edit_renders_every_page_again(
    project: TempProject, rendered: Rendered, tmp_path: Path
) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    articles, lists = sorted(rendered.articles), sorted(rendered.lists)
    rendered.articles.clear()
    rendered.lists.clear()
    rewrite(project.root / "templates" / "base.html", lambda t: t.replace("</head>", EDITED_HEAD))
    assert project.run("build").code == 0
    assert (sorted(rendered.articles), sorted(rendered.lists)) == (articles, lists)
    html = [p for p in site_files(project.site) if p.endswith(".html") and p != "404.html"]
    assert [p for p in html if EDITED_HEAD.encode() not in site_files(project.site)[p]] == []
    assert site_files(project.site) == clean_build(project, tmp_path / "clean")


def test_deleting_the_cache_folder_gives_the_same_site(
    project: TempProject, tmp_path: Path
) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    shutil.rmtree(project.root / CACHE)
    edit_tunnel(project)
    run_ = project.run("build", "-q")
    assert (run_.code, run_.err) == (0, "")
    assert site_files(project.site) == clean_build(project, tmp_path / "clean")


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"not a pickle at all",
        b"\x80\x05\x95\x00\x01",  # a pickle cut short
        b"I1x\n.",  # unpickling fails with ValueError
    ],
)
def test_a_cache_file_of_garbage_gives_the_same_site(
    project: TempProject, tmp_path: Path, garbage: bytes
) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    (project.root / CACHE / "build.pickle").write_bytes(garbage)
    edit_tunnel(project)
    run_ = project.run("build", "-q")
    assert (run_.code, run_.err) == (0, "")
    assert site_files(project.site) == clean_build(project, tmp_path / "clean")


def test_no_cache_reads_and_writes_no_cache_folder(project: TempProject) -> None:
    two_articles(project)
    assert project.run("build", "--no-cache").code == 0
    assert project.run("check", "--no-cache").code == 0
    assert not (project.root / CACHE).exists()


def test_the_cache_option_names_the_cache_folder(project: TempProject, tmp_path: Path) -> None:
    two_articles(project)
    assert project.run("build", "--cache", str(tmp_path / "elsewhere")).code == 0
    assert [p.name for p in (tmp_path / "elsewhere").iterdir()] == ["build.pickle"]
    assert not (project.root / CACHE).exists()


def test_a_build_writes_the_cache_under_the_project_root_by_default(project: TempProject) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    assert [p.name for p in (project.root / CACHE).iterdir()] == ["build.pickle"]


@pytest.fixture
def anchored(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The display path of every article anchored, in order."""
    rels: list[str] = []

    def spy(
        article: ArticleSource, sidecar: Sidecar | None, entities: Mapping[str, Entity]
    ) -> tuple[AnnotatedArticle, list[Problem]]:
        rels.append(article.rel)
        return annotate(article, sidecar, entities)

    monkeypatch.setattr(quotemark.units, "annotate", spy)
    return rels


def test_check_writes_nothing_but_reads_the_cache_a_build_wrote(
    project: TempProject, anchored: list[str]
) -> None:
    two_articles(project)
    project.write("2020/2020-05-17-bridge.annotations.yaml", MAYOR_SIDECAR % FUZZY, dedent=False)
    assert project.run("check").code == 0
    assert not (project.root / CACHE).exists()
    assert project.run("build").code == 0
    anchored.clear()
    clean, cached = project.run("check", "--no-cache"), project.run("check")
    assert clean.code == cached.code == 0
    assert len(clean.diagnostics) == 1 and "warning[fuzzy]" in clean.diagnostics[0]
    assert clean.err == cached.err
    assert anchored == BOTH  # the --no-cache check anchored; the other took the cache


def test_a_build_after_a_check_still_renders_every_article(
    project: TempProject, anchored: list[str], tmp_path: Path
) -> None:
    two_articles(project)
    assert project.run("check").code == 0
    anchored.clear()
    assert project.run("build").code == 0
    assert anchored == BOTH  # a page needs the anchored article, not only its cached summary
    assert site_files(project.site) == clean_build(project, tmp_path / "clean")


def test_a_site_rebuilt_without_the_cache_is_not_mistaken_for_the_one_it_knows(
    project: TempProject, tmp_path: Path
) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    edit_tunnel(project)
    assert project.run("build", "--no-cache").code == 0  # the site now says "May"
    edit_tunnel(project, "The tunnel opens next year.\n")  # what the cache last saw built
    assert project.run("build").code == 0
    assert b"next year" in (project.site / TUNNEL).read_bytes()
    assert site_files(project.site) == clean_build(project, tmp_path / "clean")


def test_a_failed_build_leaves_the_site_and_the_next_build_is_right(
    project: TempProject, tmp_path: Path
) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    before = stamps(project.site)
    project.write(
        "2020/2020-05-17-bridge.annotations.yaml", MAYOR_SIDECAR % "not there", dedent=False
    )
    edit_tunnel(project)
    assert project.run("build").code == 1
    assert stamps(project.site) == before
    project.write("2020/2020-05-17-bridge.annotations.yaml", MAYOR_SIDECAR % QUOTE, dedent=False)
    assert project.run("build").code == 0
    assert b"opens in May" in (project.site / TUNNEL).read_bytes()
    assert site_files(project.site) == clean_build(project, tmp_path / "clean")


def test_two_output_folders_can_share_one_cache(project: TempProject, tmp_path: Path) -> None:
    two_articles(project)
    other = tmp_path / "other"
    assert project.run("build").code == 0
    assert project.run("build", "--out", str(other)).code == 0
    edit_tunnel(project)
    assert project.run("build").code == 0
    edit_tunnel(project, "The tunnel opens in June.\n")
    assert project.run("build", "--out", str(other)).code == 0
    assert site_files(other) == clean_build(project, tmp_path / "clean")
    edit_tunnel(project)
    assert project.run("build").code == 0
    assert site_files(project.site) == clean_build(project, tmp_path / "clean-again")


def test_a_cache_folder_inside_the_output_folder_is_refused(project: TempProject) -> None:
    two_articles(project)
    run_ = project.run("build", "-q", "--cache", str(project.site / "cache"))
    cache = (project.site / "cache").resolve()
    assert (run_.code, run_.err) == (
        2,
        f"quotemark: error: refusing to keep the build cache in {cache}: "
        f"it is inside {project.site.resolve()}\n",
    )
    assert not project.site.exists()


def test_verbose_says_what_was_anchored_rendered_and_kept(project: TempProject) -> None:
    two_articles(project)
    first = project.run("build", "-v")
    assert first.err.splitlines()[0] == (
        "anchored 2 of 2 articles (the rest from the build cache); rendered 7 pages, "
        "kept 0 unchanged from the previous site"
    )
    edit_tunnel(project)  # its text alone: no list page shows that
    again = project.run("build", "-v")
    assert again.err.splitlines()[0] == (
        "anchored 1 of 2 articles (the rest from the build cache); rendered 1 page, "
        "kept 6 unchanged from the previous site"
    )


def test_verbose_check_says_what_it_anchored(project: TempProject) -> None:
    two_articles(project)
    assert project.run("build").code == 0
    edit_tunnel(project)
    run_ = project.run("check", "-v")
    assert run_.err.splitlines()[0] == "anchored 1 of 2 articles (the rest from the build cache)"


def unmade() -> Page:
    raise AssertionError("a plan that is only weighed is never made")


def test_list_pages_to_render_weigh_their_share_of_the_archive_in_articles() -> None:
    plans = [Plan("a.html", "", unmade, 30), Plan("b.html", "", unmade, 10)]
    assert share(1000, plans, plans) == 1000  # a clean build: the whole archive
    assert share(1000, plans[1:], plans) == 250
    assert share(1000, [], plans) == 0
    assert share(0, [], []) == 0
