"""Pelican on the same corpus: a throwaway venv, the articles converted, a minimal theme.

    python bench/pelican_bench.py --content DIR --work DIR [--venv /tmp/qm-bench-pelican]

Installs Pelican into its own venv (``python -m venv VENV && pip install pelican
markdown``, once), converts each quotemark article into Pelican's Markdown metadata
format (``Title:``, ``Date:``, ``Slug:``, ``Tags:``, ``Summary:`` lines; sidecars are
ignored: Pelican has nothing to do with them) and writes a settings file and a minimal
theme doing similar work to quotemark's: one page per article (``YYYY/MM/<slug>.html``),
an index listing every article, one page per tag and per year. Feeds, category, author
and archive pages, pagination and caching are off; the output folder is deleted first.
Markdown uses quotemark's extensions. ``bench/build_bench.py`` times
``pelican content -s settings.py -o out -q``; run alone, this builds once and says where.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import yaml
from floor import EXTENSIONS, split_front_matter  # bench/ is on sys.path when run

VENV = Path("/tmp/qm-bench-pelican")
SETTINGS = f"""\
AUTHOR = "Benchmark"
SITENAME = "Benchmark archive"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
RELATIVE_URLS = True
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
DIRECT_TEMPLATES = ["index"]
ARTICLE_URL = ARTICLE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{slug}}.html"
TAG_URL = TAG_SAVE_AS = "tags/{{slug}}.html"
YEAR_ARCHIVE_URL = YEAR_ARCHIVE_SAVE_AS = "{{date:%Y}}/index.html"
CATEGORY_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
STATIC_PATHS = []
MARKDOWN = {{
    "extension_configs": {{"markdown.extensions." + e: {{}} for e in {list(EXTENSIONS)!r}}},
    "output_format": "html",
}}
"""
BASE = """\
<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{% block title %}{{ SITENAME }}{% endblock %}</title>
<link rel="stylesheet" href="{{ SITEURL }}/theme/style.css"></head>
<body><header><a href="{{ SITEURL }}/index.html">{{ SITENAME }}</a></header>
<main>{% block content %}{% endblock %}</main></body></html>
"""
LISTING = """\
<ul>{% for a in ARTICLES %}<li><a href="{{ SITEURL }}/{{ a.url }}">{{ a.title }}</a>
<time datetime="{{ a.date.isoformat() }}">{{ a.locale_date }}</time>
<div>{{ a.summary }}</div></li>{% endfor %}</ul>
"""
THEME = {
    "base.html": BASE,
    "article.html": """\
{% extends "base.html" %}{% block title %}{{ article.title }}{% endblock %}
{% block content %}<article><h1>{{ article.title }}</h1>
<time datetime="{{ article.date.isoformat() }}">{{ article.locale_date }}</time>
<ul class="tags">{% for tag in article.tags %}
<li><a href="{{ SITEURL }}/{{ tag.url }}">{{ tag }}</a></li>{% endfor %}</ul>
<div class="summary">{{ article.summary }}</div>
{{ article.content }}</article>{% endblock %}
""",
    "index.html": '{% extends "base.html" %}{% block content %}<h1>All articles</h1>'
    + LISTING.replace("ARTICLES", "articles")
    + "{% endblock %}\n",
    "tag.html": '{% extends "base.html" %}{% block content %}<h1>{{ tag }}</h1>'
    + LISTING.replace("ARTICLES", "articles")
    + "{% endblock %}\n",
    "period_archives.html": '{% extends "base.html" %}{% block content %}'
    + "<h1>{{ period | join(' ') }}</h1>"
    + LISTING.replace("ARTICLES", "dates")
    + "{% endblock %}\n",
    "category.html": '{% extends "base.html" %}\n',  # looked up, never written
    "author.html": '{% extends "base.html" %}\n',
    "static/style.css": "body { font-family: serif; max-width: 40em; margin: auto; }\n",
}


def ensure_pelican(venv: Path = VENV) -> Path:
    """The venv's ``pelican`` program, creating the venv and installing Pelican if needed."""
    program = venv / "bin" / "pelican"
    if not program.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "pelican", "markdown"], check=True)
    return program


def pelican_version(venv: Path = VENV) -> str:
    """The installed Pelican's version."""
    done = subprocess.run(
        [str(venv / "bin" / "pelican"), "--version"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def metadata_value(value: object) -> str:
    """A front-matter value as one line of Pelican metadata."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def convert_article(text: str, name: str) -> str:
    """A quotemark article (YAML front matter) as a Pelican Markdown article."""
    front, body = split_front_matter(text)
    data = yaml.safe_load(front) or {}
    slug = name[11:] if name[:4].isdigit() and name[10:11] == "-" else name
    lines = [f"Slug: {slug}"]
    for key in ("title", "date", "tags", "summary"):
        if key in data:
            lines.append(f"{key.capitalize()}: {metadata_value(data[key])}")
    return "\n".join(lines) + "\n\n" + body


def convert_corpus(content: Path, target: Path) -> int:
    """Convert every article under content into target/content; return how many."""
    written = 0
    for path in sorted(content.rglob("*.md")):
        out = target / "content" / path.relative_to(content)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(convert_article(path.read_text(encoding="utf-8"), path.stem), "utf-8")
        written += 1
    return written


def write_project(target: Path) -> Path:
    """Write settings.py and the theme into target; return the settings file."""
    for name, text in THEME.items():
        path = target / "theme" / "templates" / name
        if name.startswith("static/"):
            path = target / "theme" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    settings = target / "settings.py"
    settings.write_text(SETTINGS, encoding="utf-8")
    return settings


def prepare(content: Path, target: Path) -> int:
    """Convert the corpus and write the project unless target already holds it."""
    done = target / "converted.txt"
    if done.exists():
        return int(done.read_text())
    count = convert_corpus(content, target)
    write_project(target)
    done.write_text(str(count))
    return count


def pelican_command(program: Path, out: Path) -> list[str]:
    """The build command, run in the project folder."""
    return [str(program), "content", "-s", "settings.py", "-o", str(out), "-q"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--content", type=Path, required=True, help="quotemark content folder")
    parser.add_argument("--work", type=Path, required=True, help="folder for the Pelican project")
    parser.add_argument("--venv", type=Path, default=VENV, help=f"(default: {VENV})")
    args = parser.parse_args(argv)
    program = ensure_pelican(args.venv)
    count = prepare(args.content, args.work)
    out = args.work / "out"
    subprocess.run(pelican_command(program, out), cwd=args.work, check=True)
    print(f"{pelican_version(args.venv)}: built {count} articles into {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
