"""The ``new "Title" [--date D]`` command: an article and an empty sidecar to start from.

The article is ``content/<YYYY>/<YYYY-MM-DD>-<slug of the title>.md`` with only a title
and a date in its front matter; the sidecar beside it holds ``schema:`` and, commented
out, the shape of each list (SPEC §3) to fill in. Both pass ``check`` as they are.
Nothing is replaced: an existing file is a refusal (exit 1). A title that makes no slug
(no Latin letters or digits) is a usage error (exit 2). The paths go to stdout.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from quotemark.console import EXIT_CONTENT, EXIT_OK, fail
from quotemark.placement import article_target, sidecar_path, slug_of_title, write_new
from quotemark.project import Project
from quotemark.sidecar import SCHEMA
from quotemark.sidecaredit import quoted
from quotemark.yamlsafe import control_offsets

SKELETON = """\
# Annotations of the article beside this file (SPEC §3). Uncomment what you need. An
# anchor quotes the article's text as "exact", with a prefix or suffix only where that
# text occurs more than once.
schema: {schema}

# entities:
#   - id: jane-doe
#     type: person          # organization, press-office, government, news-agency, ...
#     name: Jane Doe
#     role: Mayor of Portville
#
# regions:
#   - id: r-dateline
#     role: dateline        # title, standfirst, byline, photo-caption, photo-credit, ...
#     anchor: "PORTVILLE -"
#
# attributions:
#   - id: a01
#     kind: direct          # direct (in quotation marks) | indirect | mixed
#     source: {{entity: jane-doe, mention: Mayor Jane Doe}}
#     cue: {{anchor: said, lemma: say}}
#     content:
#       - "the words strictly between the quotation marks,"
#
# mentions:
#   - {{id: m01, entity: jane-doe, anchor: {{exact: Doe, suffix: " added"}}}}
"""


def new_command(project: Project, title: str, date: dt.date) -> int:
    """Write a new article and its sidecar; return the exit code."""
    title = title.strip()
    unusable = title_problem(title)
    if unusable is not None:
        return fail(unusable)
    slug = slug_of_title(title)
    if slug is None:
        return fail(
            f'the title "{title}" has no Latin letters or digits to make a file name of; '
            "give it in Latin letters (e.g. transliterated), then edit title: in the article"
        )
    article = article_target(project, date, slug)
    sidecar = sidecar_path(article)
    for path in (article, sidecar):
        if path.exists() or path.is_symlink():
            print(
                f"new: {project.display(path)} exists already; not overwritten "
                "(choose another title or --date)",
                file=sys.stderr,
            )
            return EXIT_CONTENT
    files = (article, article_text(title, date)), (sidecar, sidecar_text())
    return write_both(project, *files)


def title_problem(title: str) -> str | None:
    """Why a title cannot be a headline, or None."""
    if not title:
        return 'the title is empty; write it in quotes: new "The Headline"'
    if "\n" in title or "\r" in title or control_offsets(title):
        return "the title has a line break or a control character; write it on one line"
    return None


def article_text(title: str, date: dt.date) -> str:
    return f"---\ntitle: {quoted(title)}\ndate: {date.isoformat()}\n---\n"


def sidecar_text() -> str:
    return SKELETON.format(schema=SCHEMA)


def write_both(project: Project, *files: tuple[Path, str]) -> int:
    """Create the files (removing them again if one cannot be written); print their paths."""
    written: list[Path] = []
    for path, text in files:
        try:
            write_new(path, text)
        except OSError as error:
            for done in written:
                done.unlink(missing_ok=True)
            return fail(f"cannot write {project.display(path)}: {error.strerror or error}")
        written.append(path)
    for path in written:
        print(project.display(path))
    return EXIT_OK
