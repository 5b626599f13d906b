"""Where a project's folders are, and the options a command runs with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    root: Path
    content: Path
    templates: Path
    out: Path
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    cache: Path | None = None  # the build cache folder; None: no cache

    def display(self, path: Path) -> str:
        """Path as shown in messages: relative to the root when inside it, posix."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()


def make_project(
    root: str | None,
    content: str | None = None,
    templates: str | None = None,
    out: str | None = None,
    base_url: str | None = None,
    drafts: bool = False,
    strict: bool = False,
) -> Project:
    """Explicit folders are relative to the working directory; defaults sit under the root."""
    base = Path(root or ".").resolve()

    def under(value: str | None, default: str) -> Path:
        return Path(value).resolve() if value is not None else base / default

    return Project(
        root=base,
        content=under(content, "content"),
        templates=under(templates, "templates"),
        out=under(out, "site"),
        base_url=base_url,
        drafts=drafts,
        strict=strict,
    )
