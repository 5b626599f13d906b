"""The search index, its sharding, the search page, and the page in a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from quotemark.cli import main
from quotemark.project import make_project
from quotemark.search import (
    GLOBAL,
    INDEX,
    collect,
    encode,
    index_outputs,
    key_of,
)
from quotemark.summary import Summary
from tests.conftest import TempProject, built_files, summaries_of

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden-content"
SEARCH_JS = REPO / "templates" / "assets" / "search.js"
MINISTER = "Minister “Regrets” Remarks on Harbour Plan"
LISTEN = (
    "We will listen to every fisherman and every\u200b family in this town"
    " before a sin\u00adgle stone is moved,"
)


@dataclass(frozen=True)
class Golden:
    """The golden content's summaries and built files."""

    articles: tuple[Summary, ...]
    files: dict[str, bytes]


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Golden:
    out = tmp_path_factory.mktemp("golden") / "site"
    return Golden(summaries_of(make_project(str(REPO), content=str(GOLDEN))), built(out))


def built(out: Path) -> dict[str, bytes]:
    return built_files(GOLDEN, out)


def files_of(build: Golden) -> dict[str, bytes]:
    return {path: data for path, data in build.files.items() if path.startswith("assets/search-")}


def manifest(data: bytes) -> Any:
    prefix, suffix = f"window.{GLOBAL} = ".encode(), b";\n"
    assert data.startswith(prefix) and data.endswith(suffix)
    return json.loads(data[len(prefix) : -len(suffix)])


def part(data: bytes) -> tuple[int, Any]:
    found = re.fullmatch(rb"window\.QUOTEMARK_SEARCH\.parts\[(\d+)\] = (.*);\n", data, re.S)
    assert found is not None
    return int(found[1]), json.loads(found[2])


def decode(values: list[int]) -> list[tuple[int, bool]]:
    out, article = [], 0
    for value in values:
        article += value >> 1
        out.append((article, bool(value & 1)))
    return out


def postings_of(index: Any, token: str) -> list[tuple[int, bool]]:
    terms = index["terms"]
    return decode(terms["p"][terms["t"].index(token)])


# ---------------------------------------------------------------- encoding


def test_postings_are_gaps_doubled_plus_the_title_flag() -> None:
    assert encode([(0, True), (3, False), (4, True)]) == [1, 6, 3]


def test_a_token_is_keyed_by_its_first_two_characters() -> None:
    assert key_of("minister") == "mi"


# ---------------------------------------------------------------- the golden index


def test_a_small_archive_gets_one_index_script(golden: Golden) -> None:
    assert list(files_of(golden)) == [INDEX]


def test_the_index_is_a_classic_script_defining_one_global(golden: Golden) -> None:
    index = manifest(files_of(golden)[INDEX])
    assert (index["version"], index["count"], index["parts"]) == (1, 3, {})


def test_articles_are_listed_newest_first_with_their_page(golden: Golden) -> None:
    docs = manifest(files_of(golden)[INDEX])["docs"]
    assert [d[:4] for d in docs] == [
        [
            "An Article Without Annotations",
            "5 March 2021",
            "2021-03-05",
            "2021/03/no-annotations-yet.html",
        ],
        [MINISTER, "4 March 2021", "2021-03-04", "2021/03/minister-regrets-remarks.html"],
        [
            "US-Led Coalition Denies Transporting Daesh Commanders From Syria's Deir Ez-Zor",
            "30 December 2017",
            "2017-12-30",
            "2017/12/us-led-coalition-denies-transporting-daesh-commanders-from-syrias-deir-ez-zor.html",
        ],
    ]


def test_a_known_quote_is_indexed_with_its_speaker(golden: Golden) -> None:
    index = manifest(files_of(golden)[INDEX])
    quote = next(q for q in index["docs"][1][4] if q[0] == "souza-listen")
    assert quote == ["souza-listen", quote[1], "direct", LISTEN]
    assert index["entities"][quote[1]] == ["ana-souza", "Ana Souza", "ana souza harbour minister"]


def test_an_unattributed_or_inherited_speaker_is_resolved(golden: Golden) -> None:
    index = manifest(files_of(golden)[INDEX])
    quote = next(q for q in index["docs"][1][4] if q[0] == "souza-not-final")
    assert index["entities"][quote[1]][0] == "ana-souza"


def test_a_word_of_a_quote_posts_to_its_article(golden: Golden) -> None:
    assert postings_of(manifest(files_of(golden)[INDEX]), "laughably") == [(2, False)]


def test_a_word_split_by_a_soft_hyphen_is_indexed_whole(golden: Golden) -> None:
    assert postings_of(manifest(files_of(golden)[INDEX]), "fishermen") == [(1, False)]


def test_a_speakers_alias_is_flagged_in_the_articles_they_speak_in(golden: Golden) -> None:
    assert postings_of(manifest(files_of(golden)[INDEX]), "putin") == [(2, True)]


def test_a_title_word_is_flagged(golden: Golden) -> None:
    assert postings_of(manifest(files_of(golden)[INDEX]), "annotations") == [(0, True)]


def test_terms_are_sorted_in_javascript_string_order(golden: Golden) -> None:
    words = manifest(files_of(golden)[INDEX])["terms"]["t"]
    assert words == sorted(words, key=lambda w: w.encode("utf-16-be"))


def test_the_index_is_the_same_bytes_on_every_build(golden: Golden, tmp_path: Path) -> None:
    again = Golden(golden.articles, built(tmp_path / "site"))
    assert files_of(again) == files_of(golden)


# ---------------------------------------------------------------- sharding


def sharded(golden: Golden) -> dict[str, bytes]:
    corpus = collect(golden.articles, {})
    return {o.path: o.data or b"" for o in index_outputs(corpus, shard_bytes=2000, doc_bytes=800)}


def test_sharding_kicks_in_above_the_threshold(golden: Golden) -> None:
    files = sharded(golden)
    index = manifest(files[INDEX])
    assert (index["terms"], index["docs"], len(files) > 3) == (None, None, True)


def test_every_token_is_in_the_shard_its_key_names(golden: Golden) -> None:
    files = sharded(golden)
    index = manifest(files[INDEX])
    tables = dict(part(data) for path, data in files.items() if path != INDEX)
    for key, number in index["termShards"].items():
        assert any(key_of(w) == key for w in tables[number]["t"])
    whole = collect(golden.articles, {}).postings
    held = sorted(w for n in set(index["termShards"].values()) for w in tables[n]["t"])
    assert held == sorted(whole)


def test_article_shards_hold_every_article_once_in_order(golden: Golden) -> None:
    files = sharded(golden)
    index = manifest(files[INDEX])
    tables = dict(part(data) for path, data in files.items() if path != INDEX)
    docs = [d[0] for _, n in index["docShards"] for d in tables[n]["docs"]]
    assert docs == [d.title for d in collect(golden.articles, {}).docs]
    assert index["docShards"][0][0] == 0


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_the_manifest_and_shards_add_only_one_global(golden: Golden) -> None:
    files = sharded(golden)
    scripts = [files[INDEX].decode()] + [files[p].decode() for p in sorted(files) if p != INDEX]
    program = (
        "const vm = require('vm'); const window = {}; const box = vm.createContext({window});"
        "for (const s of JSON.parse(process.argv[1])) new vm.Script(s).runInContext(box);"
        "console.log(JSON.stringify([Object.keys(box), Object.keys(window),"
        " Object.keys(window.QUOTEMARK_SEARCH.parts).length]));"
    )
    out = subprocess.run(
        ["node", "-e", program, json.dumps(scripts)], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [["window"], ["QUOTEMARK_SEARCH"], len(files) - 1]


# ---------------------------------------------------------------- the page and its script


def test_the_search_script_never_parses_html() -> None:
    source = SEARCH_JS.read_text(encoding="utf-8")
    found = [
        w
        for w in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")
        if w in source
    ]
    assert found == []


def test_the_search_script_is_classic_and_loads_nothing_from_the_network() -> None:
    source = SEARCH_JS.read_text(encoding="utf-8")
    found = [
        w
        for w in ("fetch(", "XMLHttpRequest", "import ", "export ", "Worker", "http")
        if w in source
    ]
    assert found == []


def test_the_search_page_has_a_labelled_search_box(golden: Golden) -> None:
    page = golden.files.get("search.html") or b""
    assert b'<label for="search-q">' in page
    assert b'<input id="search-q" name="q" type="search"' in page


def test_the_search_page_loads_the_index_and_its_script_relatively(golden: Golden) -> None:
    page = golden.files.get("search.html") or b""
    assert b'<script src="assets/search-index.js" defer></script>' in page
    assert b'<script src="assets/search.js" defer></script>' in page


def test_the_search_page_says_what_to_do_without_javascript(golden: Golden) -> None:
    page = (golden.files.get("search.html") or b"").decode()
    assert '<noscript>\n<p class="search-noscript">Search needs JavaScript' in page


# ---------------------------------------------------------------- in Chromium

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, list[str]]]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")
    site = tmp_path_factory.mktemp("search") / "site"
    assert (
        main(["build", "--root", str(REPO), "--content", str(GOLDEN), "--out", str(site), "-q"])
        == 0
    )
    with sync_api.sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=ARGS
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((site / "search.html").as_uri() + "?q=souza+lis")
        page.wait_for_selector("#search-results[data-query]", state="attached")
        yield page, errors
        context.close()


def search(page: Any, query: str) -> None:
    page.fill("#search-q", query)
    page.wait_for_function(
        "q => document.getElementById('search-results').getAttribute('data-query') === q", arg=query
    )


def test_the_query_in_the_address_fills_the_box_and_shows_the_quote(browser_page: Any) -> None:
    page, errors = browser_page
    assert page.input_value("#search-q") == "souza lis"
    assert page.inner_text("#search-status") == "1 article matches “souza lis”."
    assert page.inner_text(".search-quote .quote") == LISTEN
    assert errors == []


def test_a_quote_result_links_its_speaker_and_its_place_in_the_article(browser_page: Any) -> None:
    page, _ = browser_page
    search(page, "souza lis")
    hrefs = page.eval_on_selector_all(
        ".search-quote a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert hrefs == [
        "entities/ana-souza.html",
        "2021/03/minister-regrets-remarks.html#an-souza-listen",
    ]


def test_search_matches_across_accents_case_and_soft_hyphens(browser_page: Any) -> None:
    page, _ = browser_page
    search(page, "TOMAS")
    assert page.inner_text(".search-hit h3") == MINISTER
    search(page, "fishermen portville")
    assert (
        page.inner_text(".search-quote .quote") == "an insult to the fisher\u00admen of Portville,"
    )


def test_the_down_arrow_moves_from_the_box_into_the_results(browser_page: Any) -> None:
    page, _ = browser_page
    search(page, "putin")
    page.focus("#search-q")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == (
        "US-Led Coalition Denies Transporting Daesh Commanders From Syria's Deir Ez-Zor"
    )


def test_nothing_found_is_said(browser_page: Any) -> None:
    page, _ = browser_page
    search(page, "qzxv")
    assert page.inner_text("#search-status") == "No articles match “qzxv”."


def test_text_in_a_hidden_region_is_not_indexed(project: TempProject) -> None:
    project.article("2020/2020-05-17-a.md", "Visible words here. Secretword scrapejunk.\n")
    project.write(
        "2020/2020-05-17-a.annotations.yaml",
        "schema: annotated-news/sidecar@1\n"
        "regions:\n"
        "  - {id: r1, role: scrape-metadata, render: hide, anchor: Secretword scrapejunk.}\n",
    )
    assert project.run("build").code == 0
    index = (project.site / "assets" / "search-index.js").read_text()
    assert "visible" in index
    assert "secretword" not in index
    assert "scrapejunk" not in index
