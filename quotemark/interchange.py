"""The ``export`` and ``import-annotations`` commands: annotations in and out of the archive.

``export [--format w3c|brat]`` loads and anchors the whole archive as ``check`` does and
refuses (exit 1, nothing written) on any error. It writes into ``<root>/export/<format>/``,
a folder it owns: the folder is rebuilt beside the old one and swapped in, like the site,
and a folder there that quotemark did not make is never replaced.

- ``w3c``: ``<YYYY>/<MM>/<slug>.annotations.jsonld`` per annotated article, byte for
  byte the site's own export (``export``): one ``AnnotationCollection`` each, whose IRIs
  name the site's pages;
- ``brat``: ``<YYYY>/<MM>/<slug>.txt`` (the anchor text, exactly) and ``.ann`` per
  article (``brat``), with ``annotation.conf`` and ``visual.conf`` at the top.

``import-annotations FILE [--article ARTICLE]`` reads W3C Web Annotation JSON-LD or a
Hypothesis export (``importanno``), anchors it on the article (``imported``) and adds what
anchors cleanly to the article's sidecar (``additions``): the sidecar is backed up first
(``<name>.annotations.yaml.bak-<n>``), nothing in it is changed, and the result is checked
like ``check`` would; on an error the original is put back. Annotations that do not anchor
are reported and not written (exit 1 when any was left out). The article is ``--article``,
else the one whose page the W3C targets name (``urn:quotemark:<slug>.html`` or
``…/<YYYY>/<MM>/<slug>.html``); a Hypothesis export needs ``--article``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from quotemark import additions, brat
from quotemark.annotate import annotate, render_parts
from quotemark.console import EXIT_CONTENT, EXIT_OK, fail, note, refuse, report
from quotemark.content import display_path, load_articles, read_article
from quotemark.drafts import back_up, find_article, restore, verify
from quotemark.export import export_annotations
from quotemark.importanno import InputError, Parsed, parse_annotations
from quotemark.imported import Plan, plan_import
from quotemark.model import ArticleSource, Entity, Severity, Sidecar
from quotemark.output import Output, OutputError, check_output_folder, write_atomic, write_site
from quotemark.paths import source_path
from quotemark.pipeline import Archive, load_archive
from quotemark.project import Project
from quotemark.references import check_references
from quotemark.sidecar import SUFFIX, load_entities, load_sidecars
from quotemark.sidecaredit import EditError

EXPORT_FOLDER = "export"
PAGE_IRI = re.compile(r"(?:^urn:quotemark:|/)([a-z0-9]+(?:-[a-z0-9]+)*)\.html$")
IMPORTING = "import-annotations"  # the command's name, before its refusals
FORMATS = {"w3c": "W3C Web Annotation", "brat": "brat standoff"}


# ---------------------------------------------------------------- export


def export_command(project: Project, fmt: str) -> int:
    """Write every annotation of the archive in an interchange format."""
    archive = load_archive(project)
    report(archive.problems)
    errors = sum(p.severity is Severity.ERROR for p in archive.problems)
    if errors:
        note(f"export: {errors} error{'s' * (errors != 1)}; nothing written")
        return EXIT_CONTENT
    out = project.root / EXPORT_FOLDER / fmt
    outputs = w3c_outputs(archive) if fmt == "w3c" else brat_outputs(archive)
    try:
        check_output_folder(out, project.root, (project.content, project.templates, project.out))
        write_site(out, outputs)
    except OutputError as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"cannot write {out}: {error.strerror or error}")
    articles = len(outputs) if fmt == "w3c" else len(archive.articles)
    note(
        f"exported {articles} article{'s' * (articles != 1)} as {FORMATS[fmt]} "
        f"to {project.display(out)}/"
    )
    return EXIT_OK


def w3c_outputs(archive: Archive) -> list[Output]:
    """The site's ``.annotations.jsonld`` files, one per annotated article."""
    return export_annotations(archive.settings, archive.articles, archive.entities)


def brat_outputs(archive: Archive) -> list[Output]:
    """A ``.txt`` and an ``.ann`` per article, and brat's two configuration files."""
    outputs = [
        Output("annotation.conf", brat.ANNOTATION_CONF.encode()),
        Output("visual.conf", brat.VISUAL_CONF.encode()),
    ]
    for article in sorted(archive.articles, key=lambda a: source_path(a.source)):
        stem = source_path(article.source).removesuffix(".html")
        outputs.append(Output(f"{stem}.txt", article.text.encode("utf-8")))
        outputs.append(
            Output(f"{stem}.ann", brat.ann_of(article, archive.entities).encode("utf-8"))
        )
    return outputs


# ---------------------------------------------------------------- import


def import_annotations_command(project: Project, file: Path, article: Path | None) -> int:
    """Add the annotations of a W3C or Hypothesis file to an article's sidecar."""
    if not file.is_file():
        return fail(f"annotations file not found: {file}")
    shown = project.display(file)
    try:
        parsed = parse_annotations(file.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        return fail(f"{shown}: not UTF-8 text")
    except InputError as error:
        return fail(f"{shown}: {error}")
    path = target_article(project, parsed, shown, article)
    if isinstance(path, str):
        return fail(path)
    rel = display_path(path, project.root)
    source, problems = read_article(path, rel, project.content)
    if source is None:
        return refuse(
            "import-annotations", problems, f"{rel}: cannot read the article; fix it first"
        )
    return import_into(project, source, parsed, file)


def target_article(
    project: Project, parsed: Parsed, shown: str, article: Path | None
) -> Path | str:
    """The article to import into (``--article``, else the one the targets name), or why
    there is none."""
    if article is not None:
        path = find_article(project, article)
        return path or f"{article}: not a Markdown article (.md) inside {project.content}"
    if parsed.form == "hypothesis":
        return (
            f"{shown}: a Hypothesis export does not say which article of the archive it "
            "annotates; name it with --article ARTICLE"
        )
    sources = sorted({t.source or "" for a in parsed.annotations for t in a.targets})
    if len(sources) != 1:
        named = ", ".join(s or "(none)" for s in sources) or "none"
        return (
            f"{shown}: its targets name {len(sources)} documents ({named}); "
            "name the article with --article ARTICLE"
        )
    found = PAGE_IRI.search(sources[0])
    articles, _ = load_articles(project.content, project.root, True)
    path = next((a.path for a in articles if found and a.slug == found.group(1)), None)
    return path or (
        f"{shown}: its target {sources[0]} is no article of this archive; "
        "name the article with --article ARTICLE"
    )


def import_into(project: Project, source: ArticleSource, parsed: Parsed, file: Path) -> int:
    """Plan the import on the article and its sidecar, then write it."""
    sidecar_path = source.path.with_name(source.path.name.removesuffix(".md") + SUFFIX)
    shown = display_path(sidecar_path, project.root)
    shared, _ = load_entities(project.content, project.root)
    sidecars, loading = load_sidecars(project.content, project.root)
    own = next((s for s in sidecars if s.path.resolve() == sidecar_path.resolve()), None)
    if sidecar_path.exists() and own is None:
        mine = [p for p in loading if p.path == shown]
        return refuse(
            "import-annotations", mine, f"{shown}: the sidecar cannot be read; fix it first"
        )
    table, _ = check_references(shared, sidecars)
    existing, _ = annotate(source, own, table) if own else (None, [])
    text = "\n".join(p.text for p in render_parts(source))
    plan = plan_import(parsed, text, table, existing, shown)
    for refusal in plan.refused:
        note(f"{project.display(file)}: error[{refusal.code}]: {refusal.label}: {refusal.message}")
    written = write_plan(project, source, sidecar_path, own, table, plan, file.name)
    if written != EXIT_OK:
        return written
    return EXIT_CONTENT if plan.refused else EXIT_OK


def write_plan(
    project: Project,
    source: ArticleSource,
    sidecar_path: Path,
    own: Sidecar | None,
    table: Mapping[str, Entity],
    plan: Plan,
    origin: str,
) -> int:
    """Back up, write and check the sidecar; put the original back on an error."""
    shown = display_path(sidecar_path, project.root)
    blocks = additions.blocks_of(
        plan.attributions, plan.mentions, plan.entities, origin, plan.regions
    )
    if not blocks:
        note(f"{shown}: nothing to import{present(plan)}")
        return EXIT_OK
    original = sidecar_path.read_bytes() if own else None
    try:
        new_text = (
            additions.add_blocks(original.decode("utf-8"), blocks)
            if original is not None
            else additions.new_sidecar(blocks, origin)
        )
    except EditError as error:
        return refuse(IMPORTING, [], f"{shown}: cannot add the annotations: {error}")
    backup = back_up(sidecar_path, original) if original is not None else None
    write_atomic(sidecar_path, new_text.encode("utf-8"))
    problems = verify(project, source, sidecar_path, dict(table), plan.entities)
    if problems:
        restore(sidecar_path, original)
        return refuse(
            "import-annotations",
            problems,
            f"{shown}: the imported sidecar does not check; left unchanged",
        )
    kept = f"; backup: {display_path(backup, project.root)}" if backup else ""
    note(f"{shown}: imported {counted(plan)} from {origin}{present(plan)}{kept}")
    return EXIT_OK


def counted(plan: Plan) -> str:
    """``2 attributions, 1 mention, 0 regions and 0 new entities``."""
    a, m, r = len(plan.attributions), len(plan.mentions), len(plan.regions)
    e = len(plan.entities)
    return (
        f"{a} attribution{'s' * (a != 1)}, {m} mention{'s' * (m != 1)}, "
        f"{r} region{'s' * (r != 1)} and {e} new entit{'ies' if e != 1 else 'y'}"
    )


def present(plan: Plan) -> str:
    n = plan.present
    return f" ({n} already in the sidecar)" if n else ""


# ---------------------------------------------------------------- messages
