"""Shared fixtures: a temporary project with its own content/ and a copy of the theme."""

from __future__ import annotations

import functools
import importlib.util
import shutil
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from quotemark.cache import Store
from quotemark.cli import main
from quotemark.fingerprint import snapshot
from quotemark.output import MARKER
from quotemark.pipeline import build_site
from quotemark.project import Project
from quotemark.summary import Summary

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def diagnostics(self) -> list[str]:
        """The compiler-style lines of stderr (path:line:col: ...)."""
        return [
            line for line in self.err.splitlines() if ": error[" in line or ": warning[" in line
        ]


class TempProject:
    """A project folder under tmp_path, written file by file by each test."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.root = root
        self.capsys = capsys
        shutil.copytree(REPO / "templates", root / "templates")
        (root / "content").mkdir()

    def write(self, rel: str, text: str, dedent: bool = True) -> Path:
        path = self.root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if dedent else text, encoding="utf-8")
        return path

    def article(self, rel: str, body: str, title: str = "A test article", **front: str) -> Path:
        lines = [f'title: "{title}"', "date: 2020-05-17", *(f"{k}: {v}" for k, v in front.items())]
        return self.write(rel, "---\n" + "\n".join(lines) + "\n---\n" + body, dedent=False)

    def run(self, *args: str) -> Run:
        self.capsys.readouterr()
        code = main([*args, "--root", str(self.root)])
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err)

    @property
    def site(self) -> Path:
        return self.root / "site"


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> TempProject:
    return TempProject(tmp_path / "proj", capsys)


def summaries_of(project: Project) -> tuple[Summary, ...]:
    """Every article's summary, newest first, as a build without writing sees them."""
    return build_site(project, snapshot(project), Store("")).articles


def built_files(content: Path, out: Path, *options: str) -> dict[str, bytes]:
    """Build ``content`` into ``out`` through the CLI (no cache); every file by its path."""
    argv = ["build", "--root", str(REPO), "--content", str(content), "--out", str(out)]
    assert main([*argv, "-q", "--no-cache", *options]) == 0
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


MAYOR_SIDECAR = """\
schema: annotated-news/sidecar@1
entities:
  - {id: mayor, name: The mayor, type: person}
attributions:
  - id: a1
    kind: direct
    source: {entity: mayor, mention: The mayor}
    content:
      - "%s"
"""  # the bridge article's sidecar: one quote (%s) said by the mayor
QUOTE = "is a gift to the city of Riverton,"


def two_articles(project: TempProject) -> None:
    """The bridge article with its sidecar (one quote), and the tunnel article without one."""
    body = f'The mayor said the bridge "{QUOTE}" and left.\n'
    project.article("2020/2020-05-17-bridge.md", body, title="Mayor Opens Bridge")
    project.write("2020/2020-05-17-bridge.annotations.yaml", MAYOR_SIDECAR % QUOTE, dedent=False)
    project.article("2020/2020-05-18-tunnel.md", "The tunnel opens next year.\n", title="Tunnel")


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a site by its path, but the marker (it records the output folder)."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


@functools.cache
def bench_generator() -> ModuleType:
    """Import bench/generate.py once (bench/ is scripts, not a package)."""
    name = "bench_generate"
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module
