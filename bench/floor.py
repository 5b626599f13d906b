"""The floor: the least any Markdown site generator does, to compare builds against.

    python bench/floor.py --content DIR --out DIR

Reads every article (``*.md`` under the content folder; front matter split off, only the
title read from it), renders the body with Python-Markdown (a fresh ``Markdown`` per page
and the same extensions as quotemark, no sanitising), fills a one-line Jinja2 template and
writes one HTML file per article (``YYYY/MM/<name>.html``), in one process. No sidecars,
no anchoring, no index, tag or entity pages, no assets. ``bench/build_bench.py`` runs it.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from pathlib import Path

import jinja2
import markdown

EXTENSIONS = ("abbr", "fenced_code", "footnotes", "tables", "sane_lists")  # as quotemark.markup
TEMPLATE = "<!doctype html><title>{{ title }}</title><article>{{ body|safe }}</article>\n"
TITLE = re.compile(r"^title:\s*\"?(.*?)\"?\s*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str, str]:
    """Split a ``---`` fenced front matter block off the body."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 3)
        if end >= 0:
            return text[4:end], text[end + 5 :]
    return "", text


def title_of(front: str, fallback: str) -> str:
    """The title line of the front matter, or the fallback."""
    found = TITLE.search(front)
    return found.group(1) if found else fallback


def build_floor(content: Path, out: Path) -> int:
    """Render every article of the content folder into out; return the pages written."""
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    written = 0
    for path in sorted(content.rglob("*.md")):
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        html = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html").convert(body)
        page = template.render(title=title_of(front, path.stem), body=html)
        target = out / path.relative_to(content).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        written += 1
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--content", type=Path, required=True, help="content folder to read")
    parser.add_argument("--out", type=Path, required=True, help="folder to write pages into")
    args = parser.parse_args(argv)
    build_floor(args.content, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
