"""The ``build`` and ``check`` commands: run the pipeline, report, write the site."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

import jinja2
from tqdm import tqdm

from quotemark.archive import archive_path, write_archive
from quotemark.cache import Store, load_store, save_store
from quotemark.console import EXIT_CONTENT, EXIT_OK, EXIT_SETUP, fail, note, report
from quotemark.fingerprint import Record, Snapshot, snapshot
from quotemark.model import Severity
from quotemark.output import OutputError, SiteWriter, check_output_folder
from quotemark.parallel import Progress, quietly
from quotemark.pipeline import Build, build_site
from quotemark.project import Project

PROGRESS_FROM = 200  # items: smaller stages finish before a bar would help
T = TypeVar("T")


def tally(build: Build) -> str:
    errors = sum(p.severity is Severity.ERROR for p in build.problems)
    warnings = len(build.problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def built(result: Build, started: float) -> str:
    """What a good build made, and how long it took since ``started`` (perf_counter)."""
    count, written = len(result.articles), len(result.writer.paths) if result.writer else 0
    seconds = time.perf_counter() - started
    return (
        f"built {count} article{'s' * (count != 1)} ({written} files, {tally(result)}) "
        f"in {seconds:.2f} s"
    )


def explain(result: Build) -> None:
    """With --verbose: what the build did, and each article's anchoring statuses."""
    print(result.work.describe(), file=sys.stderr)
    for article in sorted(result.articles, key=lambda a: a.rel):
        statuses = ", ".join(f"{n} {status}" for status, n in article.statuses) or "no annotations"
        count = len(article.said)
        print(
            f"{article.rel}: {count} attribution{'s' * (count != 1)}; anchors: {statuses}",
            file=sys.stderr,
        )


def template_fault(project: Project, error: jinja2.TemplateError) -> str:
    """One line saying where the theme is broken (a setup error: the site cannot render)."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = project.display(Path(error.filename)) if error.filename else error.name
        return f"{where}:{error.lineno}:1: error[template]: {error.message}"
    return f"quotemark: error: template: {error.message}"


def progress_bar(quiet: bool) -> Progress:
    """Anchoring progress on a terminal (tqdm; silent when stderr is not a terminal)."""

    def bar(items: Iterable[T], total: int, what: str) -> Iterable[T]:
        shown = not quiet and sys.stderr.isatty() and total >= PROGRESS_FROM
        return tqdm(items, total=total, desc=what, leave=False, disable=not shown)

    return bar


def run_pipeline(
    project: Project,
    shot: Snapshot,
    store: Store,
    writer: SiteWriter | None = None,
    quiet: bool = True,
) -> Build | int:
    """Run the build; a broken template is reported here and gives the setup exit code."""
    try:
        return build_site(project, shot, store, writer, progress_bar(quiet))
    except jinja2.TemplateError as error:
        print(template_fault(project, error), file=sys.stderr)
        return EXIT_SETUP


def run_and_report(
    project: Project,
    shot: Snapshot,
    store: Store,
    writer: SiteWriter | None,
    quiet: bool,
    verbose: bool,
) -> Build | int:
    """Run the pipeline and print its diagnostics (and, verbose, each article's statuses)."""
    result = run_pipeline(project, shot, store, writer, quiet)
    if not isinstance(result, int):
        report(result.problems)
        if verbose:
            explain(result)
    return result


def check(project: Project, quiet: bool, verbose: bool = False) -> int:
    """Validate and anchor everything; write nothing (the build cache is read, not written)."""
    shot = snapshot(project)
    store = load_store(project.cache, shot.code)
    result = run_and_report(project, shot, store, None, quiet, verbose)
    if isinstance(result, int):
        return result
    if not quiet:
        count = len(result.articles)
        print(f"checked {count} article{'s' * (count != 1)}: {tally(result)}", file=sys.stderr)
    return EXIT_CONTENT if result.failed else EXIT_OK


def build(
    project: Project,
    quiet: bool,
    verbose: bool = False,
    zip_site: bool = False,
    shot: Snapshot | None = None,
) -> int:
    """Build the archive; on any error leave the previous site untouched.

    ``shot``: the snapshot of the inputs the caller already took.
    """
    started = time.perf_counter()
    try:
        sources = (project.content, project.templates)
        check_output_folder(project.out, project.root, sources, project.cache)
    except OutputError as error:
        return fail(str(error))
    shot = shot or snapshot(project)
    store = load_store(project.cache, shot.code)
    try:
        result = write_build(project, shot, store, progress_bar(quiet))
    except jinja2.TemplateError as error:
        print(template_fault(project, error), file=sys.stderr)
        return EXIT_SETUP
    except OSError as error:
        return fail(f"cannot write {project.out}: {error.strerror or error}")
    report(result.problems)
    if verbose:
        explain(result)
    if result.failed:
        where = project.display(project.out)
        print(f"build failed: {tally(result)}; {where}/ left as it was", file=sys.stderr)
        return EXIT_CONTENT
    if not quiet:
        where = project.display(project.out / "index.html")
        print(f"{built(result, started)}; open {where}", file=sys.stderr)
    return archive(project, result, quiet) if zip_site else EXIT_OK


def write_build(
    project: Project,
    shot: Snapshot,
    store: Store,
    progress: Progress = quietly,
    save: bool = True,
    in_place: bool = False,
) -> Build:
    """Build into a new tree and swap it in if the build succeeded; save the cache either way
    (unless not ``save``: the caller keeps ``store`` and saves it later). ``in_place``:
    update the site file by file instead (the live preview; see ``SiteWriter``).

    Raises what the pipeline raises: ``jinja2.TemplateError`` (a broken theme) and
    ``OSError`` (the site or the cache cannot be written).
    """
    with SiteWriter(project.out, in_place) as writer:
        result = build_site(project, shot, store, writer, progress)
        if not result.failed and result.state is not None:
            lines = tuple(p.format() for p in result.problems)
            writer.commit(Record(shot.inputs, lines, len(result.articles)).to_bytes())
            result.state.inputs = shot.inputs
            store.sites[str(project.out)] = result.state
        if save:
            save_cache(project, store)
        return result


def save_cache(project: Project, store: Store) -> None:
    """Keep what this build worked out; a cache that cannot be written is only a note."""
    try:
        save_store(project.cache, store)
    except OSError as error:
        note(f"build cache not saved ({project.cache}): {error.strerror or error}")


def archive(project: Project, result: Build, quiet: bool) -> int:
    """Zip the site just built into ``archive.zip`` beside it (see quotemark.archive)."""
    newest = max((a.date for a in result.articles), default=None)
    try:
        target = write_archive(project.out, newest)
    except OSError as error:
        return fail(f"cannot write {archive_path(project.out)}: {error.strerror or error}")
    if not quiet:
        print(f"wrote {project.display(target)}", file=sys.stderr)
    return EXIT_OK
