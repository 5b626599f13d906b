"""The command line: ``python build.py [command] [options]`` and ``quotemark``.

Parses arguments and calls the package; each command's work lives in its own module.
Exit codes: 0 success (warnings allowed unless --strict), 1 content errors, 2 usage or
setup errors. Diagnostics go to stderr, one per line, compiler style.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from quotemark import __version__
from quotemark.console import fail
from quotemark.project import Project, make_project

COMMANDS = {
    "build": "build the archive into site/ (the default command); refuses to publish on errors",
    "check": "validate everything and anchor every annotation; writes nothing",
    "serve": "build, serve site/ on 127.0.0.1 with live reload, rebuild on every change",
    "new": "scaffold an article and its empty sidecar dated today",
    "import": "turn raw scraped article text (or Markdown/HTML) into content articles",
    "suggest": "draft attributions for an article beside the human ones (backed up first)",
    "fix": "re-anchor drifted anchors in place (comments and order kept, backed up first)",
    "export": "write every annotation of the archive in an interchange format",
    "import-annotations": "turn W3C Web Annotation or Hypothesis JSON into sidecar anchors",
    "stats": "print a table of articles, attributions by kind, entities and anchoring statuses",
}
CACHE = ".quotemark-cache"
VALUE_OPTIONS = {"--root", "--content", "--templates", "--out", "--base-url", "--cache"}


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
        "--cache",
        metavar="DIR",
        default=default,
        help="build cache, safe to delete (default: ROOT/.quotemark-cache)",
    )
    group.add_argument(
        "--no-cache",
        action="store_true",
        default=flag,
        help="neither read nor write the build cache (a clean build)",
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


def add_command_options(name: str, sub: argparse.ArgumentParser) -> None:
    """The options and arguments of one command."""
    if name == "build":
        sub.add_argument(
            "--zip", action="store_true", help="also write archive.zip beside the output folder"
        )
    elif name == "serve":
        sub.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
        sub.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
        sub.add_argument("--open", action="store_true", help="open the site in a web browser")
    elif name == "new":
        sub.add_argument("title", help="the headline")
        sub.add_argument("--date", type=iso_date, help="publication date (default: today)")
    elif name == "import":
        sub.add_argument("files", nargs="+", type=Path, metavar="FILE", help="files to import")
    elif name in ("suggest", "fix"):
        nargs = None if name == "suggest" else "?"
        sub.add_argument(
            "article", nargs=nargs, type=Path, metavar="ARTICLE", help="an article (.md)"
        )
    elif name == "export":
        sub.add_argument("--format", choices=("w3c", "brat"), default="w3c", help="(default: w3c)")
    elif name == "import-annotations":
        sub.add_argument("file", type=Path, metavar="FILE", help="W3C JSON-LD or Hypothesis JSON")
        sub.add_argument("--article", type=Path, help="the article the annotations target")


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r}; write YYYY-MM-DD") from None


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
        add_command_options(name, sub)
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


def with_cache(project: Project, cache: str | None, off: bool) -> Project:
    """The project with its build cache folder (none with ``--no-cache``)."""
    folder = None if off else Path(cache).resolve() if cache else project.root / CACHE
    return dataclasses.replace(project, cache=folder)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code."""
    args = make_parser().parse_args(with_default_command(sys.argv[1:] if argv is None else argv))
    project = make_project(
        args.root, args.content, args.templates, args.out, args.base_url, args.drafts, args.strict
    )
    project = with_cache(project, args.cache, args.no_cache)
    if args.command != "new":
        for folder, what in ((project.content, "content"), (project.templates, "templates")):
            if not folder.is_dir():
                return fail(f"{what} folder not found: {folder}")
    return HANDLERS[args.command](project, args)


def run_build(project: Project, args: argparse.Namespace) -> int:
    from quotemark.fingerprint import snapshot, up_to_date
    from quotemark.output import OutputError, check_output_folder

    try:  # checked here too, so that an unchanged project answers before the heavy imports
        sources = (project.content, project.templates)
        check_output_folder(project.out, project.root, sources, project.cache)
    except OutputError as error:
        return fail(str(error))
    shot = snapshot(project)
    if not (args.verbose or args.zip) and up_to_date(project, shot.inputs, args.quiet):
        return 0
    from quotemark.building import build

    return build(project, args.quiet, args.verbose, args.zip, shot)


def run_check(project: Project, args: argparse.Namespace) -> int:
    from quotemark.building import check

    return check(project, args.quiet, args.verbose)


def run_serve(project: Project, args: argparse.Namespace) -> int:
    from quotemark.serve import serve_command  # livereload is imported by serve only

    return serve_command(project, args.host, args.port, args.open)


def run_new(project: Project, args: argparse.Namespace) -> int:
    from quotemark.scaffold import new_command

    return new_command(project, args.title, args.date or dt.date.today())


def run_import(project: Project, args: argparse.Namespace) -> int:
    from quotemark.importer import import_command

    return import_command(project, args.files, args.quiet)


def run_suggest(project: Project, args: argparse.Namespace) -> int:
    from quotemark.drafts import suggest_command

    return suggest_command(project, args.article)


def run_fix(project: Project, args: argparse.Namespace) -> int:
    from quotemark.fix import fix_command

    return fix_command(project, args.article)


def run_export(project: Project, args: argparse.Namespace) -> int:
    from quotemark.interchange import export_command

    return export_command(project, args.format)


def run_import_annotations(project: Project, args: argparse.Namespace) -> int:
    from quotemark.interchange import import_annotations_command

    return import_annotations_command(project, args.file, args.article)


def run_stats(project: Project, args: argparse.Namespace) -> int:
    from quotemark.stats import stats_command

    return stats_command(project)


HANDLERS: dict[str, Callable[[Project, argparse.Namespace], int]] = {
    "build": run_build,
    "check": run_check,
    "serve": run_serve,
    "new": run_new,
    "import": run_import,
    "suggest": run_suggest,
    "fix": run_fix,
    "export": run_export,
    "import-annotations": run_import_annotations,
    "stats": run_stats,
}
