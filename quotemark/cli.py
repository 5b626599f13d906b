"""The command line: ``python build.py [command] [options]`` and ``quotemark``.

Exit codes: 0 success (warnings allowed unless --strict), 1 content errors, 2 usage or
setup errors. Diagnostics go to stderr, one per line, compiler style.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from quotemark import __version__
from quotemark.archive import archive_path, write_archive
from quotemark.model import Problem, Severity
from quotemark.output import OutputError, check_output_folder, write_site
from quotemark.pipeline import Build, build_site
from quotemark.project import Project, make_project

COMMANDS = {
    "build": "build the archive into site/ (the default command); refuses to publish on errors",
    "check": "validate everything and anchor every annotation; writes nothing",
}
VALUE_OPTIONS = {"--root", "--content", "--templates", "--out", "--base-url"}
EXIT_OK, EXIT_CONTENT, EXIT_SETUP = 0, 1, 2


def common_options(suppress: bool) -> argparse.ArgumentParser:
    """Options every command takes, before or after the command name."""
    parser = argparse.ArgumentParser(add_help=False)
    default = argparse.SUPPRESS if suppress else None
    flag = argparse.SUPPRESS if suppress else False
    group = parser.add_argument_group("common options")
    group.add_argument("--root", metavar="DIR", default=default, help="project root (default: .)")
    group.add_argument(
        "--content",
        metavar="DIR",
        default=default,
        help="articles and sidecars (default: ROOT/content)",
    )
    group.add_argument(
        "--templates", metavar="DIR", default=default, help="the theme (default: ROOT/templates)"
    )
    group.add_argument(
        "--out", metavar="DIR", default=default, help="output folder (default: ROOT/site)"
    )
    group.add_argument(
        "--base-url", metavar="URL", default=default, help="absolute URL the site is published at"
    )
    group.add_argument(
        "--drafts", action="store_true", default=flag, help="include articles with draft: true"
    )
    group.add_argument(
        "--strict", action="store_true", default=flag, help="treat warnings as errors"
    )
    group.add_argument(
        "-q", "--quiet", action="store_true", default=flag, help="print only diagnostics"
    )
    group.add_argument(
        "-v", "--verbose", action="store_true", default=flag, help="say more about each step"
    )
    return parser


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build a static archive of annotated news articles from content/.",
        epilog="Exit codes: 0 success, 1 content errors, 2 usage or setup errors.",
        parents=[common_options(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"quotemark {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, text in COMMANDS.items():
        sub = commands.add_parser(name, help=text, description=text, parents=[common_options(True)])
        if name == "build":
            sub.add_argument(
                "--zip",
                action="store_true",
                help="also write archive.zip of the site beside the output folder",
            )
    return parser


def with_default_command(argv: Sequence[str]) -> list[str]:
    """Name ``build`` when no command is named (first, so build's own options work too)."""
    args, skip = list(argv), False
    for arg in args:
        if skip:
            skip = False
        elif arg in VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-") or arg in ("-h", "--help", "--version"):
            return args
    return ["build", *args]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    args = make_parser().parse_args(with_default_command(sys.argv[1:] if argv is None else argv))
    project = make_project(
        args.root, args.content, args.templates, args.out, args.base_url, args.drafts, args.strict
    )
    for folder, what in ((project.content, "content"), (project.templates, "templates")):
        if not folder.is_dir():
            return fail(f"{what} folder not found: {folder}")
    if args.command == "check":
        return check(project, args.quiet, args.verbose)
    return build(project, args.quiet, args.verbose, getattr(args, "zip", False))


def fail(message: str) -> int:
    print(f"quotemark: error: {message}", file=sys.stderr)
    return EXIT_SETUP


def report(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


def tally(build: Build) -> str:
    errors = sum(p.severity is Severity.ERROR for p in build.problems)
    warnings = len(build.problems) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def explain(result: Build) -> None:
    """With --verbose: each article's anchoring statuses."""
    for article in result.articles:
        statuses = ", ".join(f"{n} {status}" for status, n in article.statuses) or "no annotations"
        count = len(article.attributions)
        print(
            f"{article.source.rel}: {count} attribution{'s' * (count != 1)}; anchors: {statuses}",
            file=sys.stderr,
        )


def check(project: Project, quiet: bool, verbose: bool = False) -> int:
    """Validate and anchor everything; write nothing."""
    result = build_site(project)
    report(result.problems)
    if verbose:
        explain(result)
    if not quiet:
        count = len(result.articles)
        print(f"checked {count} article{'s' * (count != 1)}: {tally(result)}", file=sys.stderr)
    return EXIT_CONTENT if result.failed else EXIT_OK


def build(project: Project, quiet: bool, verbose: bool = False, zip_site: bool = False) -> int:
    """Build the archive; on any error leave the previous site untouched."""
    started = time.perf_counter()
    try:
        check_output_folder(project.out, project.root, (project.content, project.templates))
    except OutputError as error:
        return fail(str(error))
    result = build_site(project)
    report(result.problems)
    if verbose:
        explain(result)
    if result.failed:
        print(
            f"build failed: {tally(result)}; {project.display(project.out)}/ left as it was",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    try:
        written = write_site(project.out, result.outputs)
    except OSError as error:
        return fail(f"cannot write {project.out}: {error.strerror or error}")
    if not quiet:
        seconds = time.perf_counter() - started
        count = len(result.articles)
        print(
            f"built {count} article{'s' * (count != 1)} ({written} files, {tally(result)}) "
            f"in {seconds:.2f} s; open {project.display(project.out / 'index.html')}",
            file=sys.stderr,
        )
    return archive(project, result, quiet) if zip_site else EXIT_OK


def archive(project: Project, result: Build, quiet: bool) -> int:
    """Zip the site just built into ``archive.zip`` beside it (see quotemark.archive)."""
    newest = max((a.source.date for a in result.articles), default=None)
    try:
        target = write_archive(project.out, newest)
    except OSError as error:
        return fail(f"cannot write {archive_path(project.out)}: {error.strerror or error}")
    if not quiet:
        print(f"wrote {project.display(target)}", file=sys.stderr)
    return EXIT_OK
