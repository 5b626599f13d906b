"""The benchmark corpus generator (bench/generate.py): its articles build, deterministically."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
import yaml

from quotemark.cli import main
from tests.conftest import REPO, Run, bench_generator

generate = bench_generator()


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.*")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "content"
    generate.generate(out, 20, seed=3, entities=40)
    return out


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    out, err = io.StringIO(), io.StringIO()
    site = tmp_path_factory.mktemp("site") / "site"
    args = ["build", "--root", str(REPO), "--content", str(corpus), "--out", str(site)]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return Run(code, out.getvalue(), err.getvalue())


def test_twenty_generated_articles_build_with_no_error(built: Run) -> None:
    assert (built.code, [d for d in built.diagnostics if ": error[" in d]) == (0, [])
    assert "built 20 articles" in built.err


def test_the_only_warnings_are_the_fuzzy_anchors_planted_on_purpose(built: Run) -> None:
    codes = [d.split(": warning[", 1)[1].split("]", 1)[0] for d in built.diagnostics]
    assert codes == ["fuzzy"]


def test_the_corpus_is_written_in_dated_folders(corpus: Path) -> None:
    articles = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.md"))
    assert len(articles) == 20
    assert all(a[:8] == a[8:12] + "/" + a[13:15] + "/" for a in articles)


def test_every_article_has_three_to_eight_attributions_of_every_kind(corpus: Path) -> None:
    sidecars = [yaml.safe_load(p.read_text()) for p in corpus.rglob("*.annotations.yaml")]
    counts = [len(s["attributions"]) for s in sidecars]
    kinds = {a["kind"] for s in sidecars for a in s["attributions"]}
    assert (len(sidecars), min(counts) >= 3, max(counts) <= 8) == (20, True, True)
    assert kinds == {"direct", "indirect", "mixed"}


def test_every_attribution_has_a_source_mention_and_a_cue(corpus: Path) -> None:
    sidecars = [yaml.safe_load(p.read_text()) for p in corpus.rglob("*.annotations.yaml")]
    attributions = [a for s in sidecars for a in s["attributions"]]
    assert all("mention" in a["source"] and "anchor" in a["cue"] for a in attributions)


def test_the_shared_entities_are_written_once(corpus: Path) -> None:
    entities = yaml.safe_load((corpus / "_entities.yaml").read_text())["entities"]
    assert len(entities) == 40
    assert len({e["id"] for e in entities}) == 40


def test_the_same_seed_gives_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    generate.generate(tmp_path / "again", 20, seed=3, entities=40)
    assert files_under(tmp_path / "again") == files_under(corpus)


def test_another_seed_gives_another_corpus(corpus: Path, tmp_path: Path) -> None:
    generate.generate(tmp_path / "other", 20, seed=4, entities=40)
    assert files_under(tmp_path / "other") != files_under(corpus)
