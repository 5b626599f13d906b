"""A Markdown file, read into a ``Clipping``: its front matter and body are kept as written.

The title is the front matter's ``title``, else a ``# Title`` heading on the body's first
line (moved into the front matter, added after its last line so that every other line
keeps its number); the date is the front matter's ``date``. A ``slug`` given there names
the file. The whole front matter is checked later, like any article's.
"""

from __future__ import annotations

import re

from quotemark.clipping import Clipping
from quotemark.content import split_front_matter
from quotemark.model import Loc, Problem
from quotemark.schema import Check
from quotemark.sidecaredit import quoted
from quotemark.yamlsafe import YMap, parse_yaml

HEADING = re.compile(r"#[ \t]+(?P<title>.*?)(?:[ \t]+#+)?[ \t]*")
TOP = Loc(1, 1)
NO_TITLE = 'no title found: add title: "…" to the front matter or start the text with "# Title"'
NO_DATE = 'no date found: add date: YYYY-MM-DD to the front matter (between "---" lines)'


def read_markdown(text: str, display: str) -> tuple[Clipping | None, list[Problem]]:
    """Read a Markdown file; None with problems when it has no title or no date."""
    check = Check(display)
    parts = split_front_matter(text)
    if parts is None and text.split("\n", 1)[0].rstrip() == "---":
        message = 'front matter opened with "---" on line 1 is never closed; end it with "---"'
        check.error(TOP, "yaml-syntax", message)
        return None, check.problems
    yaml_text, body, _ = parts if parts is not None else ("", text, 1)
    node, problems = parse_yaml(yaml_text, display, line_offset=1)
    front = check.mapping(node if node is not None else YMap((), TOP), "front matter")
    if problems or front is None:
        return None, problems + check.problems
    title = check.text(front.get("title"), "title")
    date = check.date(front.get("date"), "date")
    slug = check.string(front.get("slug"), "slug")
    if check.problems:
        return None, check.problems
    heading, rest = first_heading(body)
    lines = yaml_text + "\n" if yaml_text else ""
    if title is None and heading is not None:
        title, body, lines = heading, rest, lines + f"title: {quoted(heading)}\n"
    if title is None:
        check.error(TOP, "missing-field", NO_TITLE)
    if date is None:
        check.error(TOP, "missing-field", NO_DATE)
    if title is None or date is None:
        return None, check.problems
    return Clipping(title, date, lines, body, slug=slug), []


def first_heading(body: str) -> tuple[str | None, str]:
    """The text of a ``# Title`` on the body's first non-blank line, and the body without it."""
    lines = body.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    found = HEADING.fullmatch(lines[first]) if first is not None else None
    if first is None or found is None or not found.group("title").strip():
        return None, body
    rest = lines[first + 1 :]
    while rest and not rest[0].strip():
        rest = rest[1:]
    return found.group("title").strip(), "\n".join(rest)
