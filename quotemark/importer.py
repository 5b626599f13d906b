"""The ``import FILE...`` command: files from outside become content articles with sidecars.

Each file is read by its kind (``.md``: ``markdownpage``; ``.html``: ``htmlpage``;
anything else: ``rawtext``, the scrape format of ``seeds/``, unless it looks like HTML or
Markdown), checked as ``check`` would check the article it becomes, and written as
``content/<YYYY>/<date>-<slug of title>.md`` plus a new ``<same name>.annotations.yaml``
holding the regions the import recognised (``importsidecar``). Nothing is ever replaced:
an article that is already there with the same text is a no-op; one with other text is
refused. The written pair is checked again (the sidecar must anchor cleanly); if it does
not, both files are removed.

Output: the created paths on stdout; notes (``already imported: …``) on stderr unless
``-q``; problems with an input file as ``file:line:col: error[code]: message`` (exit 1); a
refusal to overwrite as ``import: …`` (exit 1); a missing or unreadable file as
``quotemark: error: …`` (exit 2). With several files each is imported on its own and the
exit code is the worst.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from quotemark import console
from quotemark.annotate import annotate, shorten
from quotemark.clipping import Clipping
from quotemark.console import EXIT_CONTENT, EXIT_OK, fail, has_errors
from quotemark.content import (
    check_body,
    display_path,
    read_article,
    read_front_matter,
    split_front_matter,
)
from quotemark.htmlpage import read_html
from quotemark.importsidecar import find_regions, sidecar_text
from quotemark.markdownpage import read_markdown
from quotemark.model import ArticleSource, Loc, Problem, Severity
from quotemark.placement import (
    article_target,
    sidecar_path,
    slug_of_title,
    slugs_in_use,
    write_new,
)
from quotemark.project import Project
from quotemark.rawtext import read_scrape
from quotemark.schema import Check
from quotemark.sidecar import read_sidecar
from quotemark.yamlsafe import (
    MAX_BYTES,
    YMap,
    control_offsets,
    describe_char,
    parse_yaml,
    read_source,
)

TOP = Loc(1, 1)
Reader = Callable[[str, str], tuple[Clipping | None, list[Problem]]]


def import_command(project: Project, files: Sequence[Path], quiet: bool) -> int:
    """Import each file into the content folder; return the worst exit code."""
    return max(import_file(project, file, quiet) for file in files)


def import_file(project: Project, file: Path, quiet: bool) -> int:
    """Import one file: read, check, place, write, verify."""
    display = project.display(file)
    if not file.is_file():
        return fail(f"{display}: {'is a folder, not a file' if file.is_dir() else 'no such file'}")
    try:
        clipping, problems = read_clipping(file, display)
    except OSError as error:
        return fail(f"cannot read {display}: {error.strerror or error}")
    if clipping is None:
        return report(problems)
    article, problems = place(project, clipping, display)
    if article is None:
        return report(problems)
    return write_import(project, clipping, article, file, quiet)


def place(
    project: Project, clipping: Clipping, display: str
) -> tuple[ArticleSource | None, list[Problem]]:
    """The article as ``check`` reads it, at the path it is to be written to."""
    slug = clipping.slug or slug_of_title(clipping.title)
    if slug is None:
        message = (
            f'the title "{shorten(clipping.title, 60)}" has no Latin letters or digits to make '
            "a file name of; import it as Markdown with slug: in its front matter"
        )
        return None, [Problem(display, 1, 1, Severity.ERROR, "bad-slug", message)]
    folder = project.content / f"{clipping.date.year:04d}"
    provisional = folder / f"{clipping.date.isoformat()}-{slug}.md"
    article, problems = read_composed(clipping.text, provisional, display, project.content)
    if article is None or has_errors(problems):
        return None, problems
    fixed = clipping.slug is not None
    target = article_target(project, clipping.date, article.slug, clipping.text, fixed)
    taken = taken_slug(project, article, target) if fixed else []
    return (None, taken) if taken else (dataclasses.replace(article, path=target), problems)


# ---------------------------------------------------------------- reading


def read_clipping(file: Path, display: str) -> tuple[Clipping | None, list[Problem]]:
    """Read an input file as text and hand it to the reader for its kind."""
    text, problems = read_text(file, display)
    if text is None:
        return None, problems
    return reader_for(file.suffix.lower(), text)(text, display)


def read_text(file: Path, display: str) -> tuple[str | None, list[Problem]]:
    """The file's text (UTF-8, line ends made ``\\n``), or why it is not importable text."""
    with file.open("rb") as f:
        head = f.read(MAX_BYTES + 1)
    if b"\0" in head:
        message = "a binary file, not text; import scraped text, Markdown (.md) or HTML (.html)"
        return None, [Problem(display, 1, 1, Severity.ERROR, "bad-value", message)]
    text, problems = read_source(file, display)
    if text is None:
        return None, problems
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        message = "the file is empty; there is nothing to import"
        return None, [Problem(display, 1, 1, Severity.ERROR, "bad-value", message)]
    controls = control_offsets(text)
    if controls:
        at = controls[0]
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        message = f"{describe_char(text[at])} in the text; remove it"
        return None, [Problem(display, line, col, Severity.ERROR, "bad-value", message)]
    return text, []


def reader_for(suffix: str, text: str) -> Reader:
    """The reader of a file's kind: by its suffix, else by how it starts."""
    if suffix in (".md", ".markdown"):
        return read_markdown
    if suffix in (".html", ".htm", ".xhtml") or text.lstrip().startswith("<"):
        return read_html
    if text.startswith("---\n"):
        return read_markdown
    return read_scrape


def read_composed(
    text: str, target: Path, display: str, content: Path
) -> tuple[ArticleSource | None, list[Problem]]:
    """Check the article text to be written as ``check`` would, reporting on the input file."""
    parts = split_front_matter(text)
    if parts is None:
        raise AssertionError("a clipping always has front matter")
    yaml_text, body, body_line = parts
    check = Check(display)
    check_body(body, body_line, check)
    node, problems = parse_yaml(yaml_text, display, line_offset=1)
    front = check.mapping(node if node is not None else YMap((), TOP), "front matter")
    if problems or front is None:
        return None, problems + check.problems
    base = ArticleSource(target, display, "", dt.date.min, "", body, body_line)
    return read_front_matter(front, base, check, content), check.problems


def taken_slug(project: Project, article: ArticleSource, target: Path) -> list[Problem]:
    """An author's slug that another article of the archive already uses."""
    others = sorted(slugs_in_use(project).get(article.slug, set()) - {target})
    if not others:
        return []
    loc = article.slug_loc or TOP
    message = (
        f'slug "{article.slug}" is already used by {display_path(others[0], project.root)}; '
        "set a different slug"
    )
    return [Problem(article.rel, loc.line, loc.col, Severity.ERROR, "duplicate-slug", message)]


# ---------------------------------------------------------------- writing


def write_import(
    project: Project, clipping: Clipping, article: ArticleSource, file: Path, quiet: bool
) -> int:
    """Write the article and its sidecar unless either is there already."""
    display, target = project.display(file), article.path
    sidecar = sidecar_path(target)
    if target.exists() or target.is_symlink():
        if target.is_file() and target.read_bytes() == clipping.text.encode("utf-8"):
            note(quiet, f"already imported: {project.display(target)}")
            return EXIT_OK
        return refuse(
            f"{display}: {project.display(target)} exists with different content; not "
            f"overwritten (rename or remove it to import {display} again)"
        )
    if sidecar.exists() or sidecar.is_symlink():
        return refuse(
            f"{display}: {project.display(sidecar)} exists already (with no article beside it); "
            "not overwritten (move it away to import again)"
        )
    regions = find_regions(article, clipping.blocks)
    annotations = sidecar_text(target.name, clipping.date, regions, file.name)
    return write_pair(project, (target, clipping.text), (sidecar, annotations), display)


def write_pair(
    project: Project, article: tuple[Path, str], sidecar: tuple[Path, str], display: str
) -> int:
    """Create both files, check them together, and print their paths (or remove them)."""
    written: list[Path] = []
    try:
        for path, text in (article, sidecar):
            write_new(path, text)
            written.append(path)
    except OSError as error:
        remove(written)
        return fail(f"cannot write {project.display(path)}: {error.strerror or error}")
    problems = verify(project, article[0], sidecar[0])
    report(problems)
    if has_errors(problems):
        remove(written)
        return refuse(f"{display}: the imported article does not check; nothing written")
    for path in written:
        print(project.display(path))
    return EXIT_OK


def verify(project: Project, article_path: Path, sidecar_file: Path) -> list[Problem]:
    """What ``check`` reports about the written article and sidecar."""
    rel = display_path(article_path, project.root)
    article, problems = read_article(article_path, rel, project.content)
    sidecar_rel = display_path(sidecar_file, project.root)
    sidecar, found = read_sidecar(sidecar_file, sidecar_rel, project.content)
    problems += found
    if article is not None and sidecar is not None:
        problems += annotate(article, sidecar, {})[1]
    return problems


def remove(paths: Sequence[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


# ---------------------------------------------------------------- messages


def report(problems: Sequence[Problem]) -> int:
    """Print problems; exit code 1 if one is an error."""
    console.report(problems)
    return EXIT_CONTENT if has_errors(problems) else EXIT_OK


def refuse(message: str) -> int:
    return console.refuse("import", [], message)


def note(quiet: bool, message: str) -> None:
    if not quiet:
        console.note(message)
