"""The ``suggest ARTICLE`` command: draft attributions and add them to the article's sidecar.

Reads the article, the archive's entities and the sidecar (if any); drafts with
``suggest.draft``; drops every draft whose content overlaps an attribution already in
the sidecar (a human one always wins, and the tool's own earlier suggestions count too,
so running it again adds nothing); then writes. An existing sidecar is first copied to
``<name>.annotations.yaml.bak-<n>`` (a new number each time, never overwriting) and the
new items are inserted without changing a byte of it (``sidecaredit``). The result is
checked like ``python build.py check`` would; if it has an error, the original is put
back and nothing is left changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quotemark import sidecaredit
from quotemark.anchor import AnchorText
from quotemark.annotate import annotate, render_parts
from quotemark.console import EXIT_OK, fail, note, refuse
from quotemark.content import display_path, read_article
from quotemark.model import ArticleSource, Entity, Problem, Severity, Sidecar, Span
from quotemark.output import write_atomic
from quotemark.project import Project
from quotemark.references import check_references
from quotemark.sidecar import SUFFIX, load_entities, load_sidecars, read_sidecar
from quotemark.suggest import Drafted, attributions_of, draft


def suggest_command(project: Project, article: Path) -> int:
    """Draft attributions for one article into its sidecar; return the exit code."""
    path = find_article(project, article)
    if path is None:
        return fail(f"{article}: not a Markdown article (.md) inside {project.content}")
    rel = display_path(path, project.root)
    source, problems = read_article(path, rel, project.content)
    if source is None:
        return refuse("suggest", problems, f"{rel}: cannot read the article; fix it first")
    sidecar_path = path.with_name(path.name.removesuffix(".md") + SUFFIX)
    shared, _ = load_entities(project.content, project.root)
    sidecars, loading = load_sidecars(project.content, project.root)
    own = next((s for s in sidecars if same_file(s.path, sidecar_path)), None)
    if sidecar_path.exists() and own is None:
        mine = [p for p in loading if p.path == display_path(sidecar_path, project.root)]
        return refuse("suggest", mine, f"{rel}: its sidecar cannot be read; fix it first")
    table, _ = check_references(shared, sidecars)
    known = [*shared, *(own.entities if own else ())]
    return write_suggestions(project, source, sidecar_path, own, known, table)


def write_suggestions(
    project: Project,
    source: ArticleSource,
    sidecar_path: Path,
    own: Sidecar | None,
    known: Sequence[Entity],
    table: dict[str, Entity],
) -> int:
    """Draft, keep what no attribution covers yet, and write the sidecar.

    Speakers are matched against the shared entities and the sidecar's own; new ids
    avoid every id of the archive.
    """
    parts = render_parts(source)
    text = "\n".join(p.text for p in parts)
    proposal = draft(text, parts, known, table)
    covered = existing_content(source, own, table)
    fresh = [d for d in proposal.drafts if not any(hits(d, c) for c in covered)]
    shown = display_path(sidecar_path, project.root)
    if not fresh:
        note(f"{shown}: no new suggestions ({len(proposal.drafts)} drafted, all already annotated)")
        return EXIT_OK
    taken = {a.id for a in own.attributions} if own else set()
    attributions = attributions_of(fresh, AnchorText(text), taken)
    wanted = {a.source.entity for a in attributions} | {
        a.cue.addressee.entity for a in attributions if a.cue and a.cue.addressee
    }
    entities = [e for e in proposal.entities if e.id in wanted]
    original = sidecar_path.read_bytes() if own else None
    try:
        new_text = (
            sidecaredit.add_to_sidecar(original.decode("utf-8"), attributions, entities)
            if original is not None
            else sidecaredit.new_sidecar(attributions, entities)
        )
    except sidecaredit.EditError as error:
        return refuse("suggest", [], f"{shown}: cannot add suggestions: {error}")
    backup = back_up(sidecar_path, original) if original is not None else None
    write_atomic(sidecar_path, new_text.encode("utf-8"))
    problems = verify(project, source, sidecar_path, table, entities)
    if problems:
        restore(sidecar_path, original)
        return refuse(
            "suggest", problems, f"{shown}: the drafted sidecar does not check; left unchanged"
        )
    kept = f"; backup: {display_path(backup, project.root)}" if backup else ""
    note(
        f"{shown}: {len(attributions)} suggestion{'s' * (len(attributions) != 1)} "
        f"and {len(entities)} proposed entit{'ies' if len(entities) != 1 else 'y'} written "
        f"(generator quotemark-suggest/1, reviewed: false){kept}"
    )
    return EXIT_OK


def find_article(project: Project, article: Path) -> Path | None:
    """The article's absolute path: as given, else under the root; inside content/."""
    for candidate in (article, project.root / article):
        if candidate.suffix == ".md" and candidate.is_file():
            path = candidate.resolve()
            return path if path.is_relative_to(project.content.resolve()) else None
    return None


def same_file(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def existing_content(
    source: ArticleSource, own: Sidecar | None, table: dict[str, Entity]
) -> list[Span]:
    """Where the sidecar's attributions (human or earlier suggestions) already sit."""
    if own is None:
        return []
    annotated, _ = annotate(source, own, table)
    return [s for a in annotated.attributions for c in a.content for s in c.spans]


def hits(item: Drafted, span: Span) -> bool:
    return any(c.start < span.end and span.start < c.end for c in item.content)


def back_up(path: Path, data: bytes) -> Path:
    """Copy the sidecar to the next free ``.bak-<n>`` beside it (never overwriting one)."""
    n = 1
    while True:
        backup = path.with_name(f"{path.name}.bak-{n}")
        try:
            with backup.open("xb") as f:
                f.write(data)
            return backup
        except FileExistsError:
            n += 1


def restore(path: Path, original: bytes | None) -> None:
    if original is None:
        path.unlink(missing_ok=True)
    else:
        write_atomic(path, original)


def verify(
    project: Project,
    source: ArticleSource,
    path: Path,
    table: dict[str, Entity],
    entities: Sequence[Entity],
) -> list[Problem]:
    """The errors ``check`` would report for the written sidecar."""
    sidecar, problems = read_sidecar(path, display_path(path, project.root), project.content)
    if sidecar is not None:
        known = {**table, **{e.id: e for e in entities}}
        _, found = annotate(source, sidecar, known)
        problems += found
    return [p for p in problems if p.severity is Severity.ERROR]
