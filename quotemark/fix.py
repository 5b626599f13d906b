"""The ``fix [ARTICLE]`` command: rewrite drifted anchors in place (SPEC §4, §8).

For one article's sidecar, or every sidecar: anchor it on its article; give every
``fuzzy`` and ``context-changed`` anchor the values that make it land cleanly again
(``reanchor``); write them into the sidecar's text where the old values stand
(``yamledit``: comments, key order, indentation and quoting kept, every other byte the
same), with ``position`` re-baselined and ``document.text_sha256`` refreshed. The sidecar is
first copied to ``<name>.annotations.yaml.bak-<n>``, then written atomically, then read
and anchored again: every rewritten anchor must now be ``exact`` or ``disambiguated`` on
the same span and every other anchor as it was, else the original is put back.
``ambiguous`` and ``orphan`` anchors need a human: they are reported, never touched.
"""

from __future__ import annotations

import codecs
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from quotemark.annotate import ERRORS, Anchored, Anchoring, render_parts, shorten
from quotemark.console import EXIT_CONTENT, EXIT_OK, fail, note, notes, refuse, report
from quotemark.content import display_path, find_sources, read_article
from quotemark.drafts import back_up, find_article, restore, same_file
from quotemark.model import ArticleSource, Problem, Severity, Sidecar, Status, has_errors
from quotemark.output import write_atomic
from quotemark.project import Project
from quotemark.reanchor import CLEAN, DRIFTED, Rewrite, edit_text, rewrite, text_sha256
from quotemark.sidecar import SUFFIX, read_sidecar

REPORTED = (Status.FUZZY, Status.CONTEXT_CHANGED, Status.AMBIGUOUS, Status.ORPHAN)
Loaded = tuple[Path, Sidecar | None, list[Problem]]


def fix_command(project: Project, article: Path | None) -> int:
    """Rewrite the drifted anchors of one article's sidecar, or of every sidecar."""
    target = None
    if article is not None:
        target = find_article(project, article)
        if target is None:
            where = project.display(project.content)
            return fail(f"{article}: not a Markdown article (.md) inside {where}/")
    chosen = choose(project, target)
    if not chosen:
        where = project.display(target) if target else project.display(project.content) + "/"
        note(f"{where}: no annotations; nothing to fix")
        return EXIT_OK
    return max(fix_file(project, path, sidecar, problems) for path, sidecar, problems in chosen)


def choose(project: Project, target: Path | None) -> list[Loaded]:
    """Every sidecar read, or only those of the target article (by document.path or name)."""
    paths, _ = find_sources(project.content, project.root, SUFFIX)
    chosen = []
    for path in paths:
        sidecar, problems = read_sidecar(path, display_path(path, project.root), project.content)
        if target is None or belongs(path, sidecar, target):
            chosen.append((path, sidecar, problems))
    return chosen


def belongs(path: Path, sidecar: Sidecar | None, target: Path) -> bool:
    if sidecar is not None:
        return same_file(sidecar.article, target)
    return same_file(path, target.with_name(target.name.removesuffix(".md") + SUFFIX))


def fix_file(project: Project, path: Path, sidecar: Sidecar | None, problems: list[Problem]) -> int:
    """Fix one sidecar; return its exit code."""
    shown = display_path(path, project.root)
    if sidecar is None or has_errors(problems):
        return refuse("fix", problems, f"{shown}: not fixed; fix the errors above first")
    rel = display_path(sidecar.article, project.root)
    article, found = read_article(sidecar.article, rel, project.content)
    if article is None:
        return refuse("fix", found, f"{shown}: not fixed; its article {rel} cannot be read")
    before = anchor(article, sidecar)
    rewrites, unfixable = plan(before)
    stuck = [a for a in before.results if a.resolution.status in ERRORS]
    left = [*unfixable, *stuck]
    report([p for p in before.problems if p.code in {s.value for s in ERRORS}])
    report([cannot_fix(sidecar, a) for a in unfixable])
    code = EXIT_CONTENT if left else EXIT_OK
    if not rewrites:
        note(f"{shown}: nothing to fix{leftover(left)}")
        return code
    written = write_fixes(project, path, article, before, rewrites)
    if written is None:
        return EXIT_CONTENT
    note(f"{shown}: fixed {counted(r.status for r in rewrites)}; backup: {written}{leftover(left)}")
    return code


def anchor(article: ArticleSource, sidecar: Sidecar) -> Anchoring:
    """Resolve every anchor of the sidecar on the article, as ``annotate`` does."""
    parts = render_parts(article)
    anchoring = Anchoring(article, sidecar, parts, "\n".join(p.text for p in parts))
    anchoring.regions()
    anchoring.attributions()
    anchoring.mentions()
    return anchoring


def plan(anchoring: Anchoring) -> tuple[list[Rewrite], list[Anchored]]:
    """The rewrite of every drifted anchor, and the drifted anchors no rewrite can fix."""
    rewrites, unfixable = [], []
    for anchored in anchoring.results:
        if anchored.resolution.status not in DRIFTED:
            continue
        within = anchored.anchor.within
        scope = anchoring.scopes.get(within) if within is not None else None
        found = rewrite(anchoring.text, anchored.anchor, anchored.resolution, scope)
        if found is None:
            unfixable.append(anchored)
        else:
            rewrites.append(found)
    return rewrites, unfixable


def write_fixes(
    project: Project,
    path: Path,
    article: ArticleSource,
    before: Anchoring,
    rewrites: Sequence[Rewrite],
) -> str | None:
    """Back up, write and check the fixed sidecar; the backup's name, or None (restored)."""
    shown = display_path(path, project.root)
    original = path.read_bytes()
    bom = codecs.BOM_UTF8 if original.startswith(codecs.BOM_UTF8) else b""
    text = original.decode("utf-8-sig")
    new_text = edit_text(text, rewrites, text_sha256(before.raw))
    if new_text is None:
        refuse("fix", [], f"{shown}: not fixed; an anchor could not be found in the YAML text")
        return None
    backup = back_up(path, original)
    write_atomic(path, bom + new_text.encode("utf-8"))
    changed = verify(project, path, article, before, rewrites)
    if changed:
        restore(path, original)
        backup.unlink()
        notes(f"{shown}: {line}" for line in changed)
        refuse(
            "fix", [], f"{shown}: not fixed; the rewritten anchors did not check, left unchanged"
        )
        return None
    return display_path(backup, project.root)


# ---------------------------------------------------------------- checking the result


def verify(
    project: Project,
    path: Path,
    article: ArticleSource,
    before: Anchoring,
    rewrites: Sequence[Rewrite],
) -> list[str]:
    """What went wrong in the written sidecar: errors, or anchors that did not land as planned."""
    sidecar, problems = read_sidecar(path, display_path(path, project.root), project.content)
    errors = [p.format() for p in problems if p.severity is Severity.ERROR]
    if sidecar is None or errors:
        return errors or ["the rewritten sidecar cannot be read"]
    after = anchor(article, sidecar).results
    if len(after) != len(before.results):
        return [f"{len(after)} anchors were read back instead of {len(before.results)}"]
    fixed = {item.anchor.loc for item in rewrites}
    changed = []
    for was, now in zip(before.results, after, strict=True):
        status = now.resolution.status
        wanted = status in CLEAN if was.anchor.loc in fixed else status is was.resolution.status
        if not wanted or now.spans != was.spans or now.anchor.label != was.anchor.label:
            what = f"{was.resolution.status.value} became {status.value}"
            changed.append(f'{was.anchor.label} "{shorten(was.anchor.exact)}": {what}')
    return changed


# ---------------------------------------------------------------- messages


def cannot_fix(sidecar: Sidecar, anchored: Anchored) -> Problem:
    anchor = anchored.anchor
    message = (
        f'{anchor.label} "{shorten(anchor.exact)}" cannot be rewritten to anchor cleanly '
        "(the text around it repeats); add an occurrence or edit it by hand"
    )
    status = anchored.resolution.status.value
    return Problem(sidecar.rel, anchor.loc.line, anchor.loc.col, Severity.ERROR, status, message)


def counted(statuses: Iterable[Status], what: str = "") -> str:
    """``3 anchors (2 fuzzy, 1 context-changed)``, with ``what`` before the brackets."""
    counts = Counter(statuses)
    total = sum(counts.values())
    kinds = ", ".join(f"{counts[s]} {s.value}" for s in REPORTED if counts[s])
    return f"{total} anchor{'s' * (total != 1)}{what} ({kinds})"


def leftover(left: Sequence[Anchored]) -> str:
    """``; 1 anchor left for a human (1 ambiguous)``, or nothing."""
    if not left:
        return ""
    return "; " + counted((a.resolution.status for a in left), " left for a human")
