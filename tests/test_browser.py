"""The built site in a real headless browser: from disk offline, under a /<repo>/ path over
HTTP, search, the speaker spotlight, and axe-core in light and dark colour schemes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser import (
    AXE,
    CHROMIUM,
    CONTENT,
    GOLDEN,
    Violation,
    Visit,
    build_archive,
    html_pages,
    launch,
    one_page_of_each_kind,
    page_kind,
    require,
    run_axe,
    serve,
    tab,
    visit_all,
)

REPO_PATH = "/quotemark-demo/"
MINISTER = "2021/03/minister-regrets-remarks.html"
MARKS_JS = """() => Array.from(document.querySelectorAll('.article-body mark[data-entity]'))
  .map(e => [e.dataset.entity, e.classList.contains('an-lit'),
             getComputedStyle(e).backgroundColor])"""
SHOWS_JS = "text => document.querySelector('main').innerText.includes(text)"
CLEAR = "rgba(0, 0, 0, 0)"
Served = tuple[str, Path, list[Visit]]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Debian Chromium for the whole module."""
    require(CHROMIUM, AXE)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The golden content and the real content/, each built once, to be opened from disk."""
    root = tmp_path_factory.mktemp("browser")
    return {
        "golden": build_archive(GOLDEN, root / "golden"),
        "content": build_archive(CONTENT, root / "content"),
    }


def file_url(site: Path, rel: str) -> str:
    """The file:// address of a page of a built site."""
    return (site / rel).as_uri()


@pytest.fixture(scope="module")
def disk_visits(browser: Browser, sites: dict[str, Path]) -> list[Visit]:
    """Every page of both sites loaded from file:// with every non-file request aborted."""
    urls = [file_url(site, rel) for site in sites.values() for rel in html_pages(site)]
    return visit_all(browser, "file://", urls)


@pytest.fixture(scope="module")
def served(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The golden site built for and served under /quotemark-demo/: its URL, folder, visits."""
    site = tmp_path_factory.mktemp("served") / "site"
    with serve(site, REPO_PATH) as url:
        build_archive(GOLDEN, site, base_url=url)
        yield url, site, visit_all(browser, url, [url + rel for rel in html_pages(site)])


def test_every_page_of_both_sites_is_visited(
    sites: dict[str, Path], disk_visits: list[Visit]
) -> None:
    assert len(disk_visits) == sum(len(html_pages(site)) for site in sites.values())


def test_no_page_opened_from_disk_asks_the_network_for_anything(disk_visits: list[Visit]) -> None:
    assert [(v.url, u) for v in disk_visits for u in v.requests if not u.startswith("file:")] == []


def test_no_page_opened_from_disk_logs_a_console_error(disk_visits: list[Visit]) -> None:
    assert [(v.url, e) for v in disk_visits for e in v.errors] == []


def test_no_request_of_a_page_opened_from_disk_fails(disk_visits: list[Visit]) -> None:
    assert [(v.url, f) for v in disk_visits for f in v.failed] == []


def test_every_file_a_page_requests_from_disk_exists(disk_visits: list[Visit]) -> None:
    requested = {u for v in disk_visits for u in v.requests if u.startswith("file:")}
    assert sorted(u for u in requested if not Path(unquote(urlsplit(u).path)).is_file()) == []


def test_every_link_of_a_page_opened_from_disk_leads_to_an_existing_file(
    disk_visits: list[Visit],
) -> None:
    links = {link.split("#")[0] for v in disk_visits for link in v.links}
    local = {unquote(urlsplit(link).path) for link in links if link.startswith("file:")}
    assert sorted(path for path in local if not Path(path).is_file()) == []


def test_every_link_under_the_repo_path_leads_to_a_page_that_answers_200(served: Served) -> None:
    url, site, visits = served
    links = {link.split("#")[0] for v in visits for link in v.links if link.startswith(url)}
    assert url + "index.html" in links
    assert sorted(link for link in links if not (site / link.removeprefix(url)).is_file()) == []


def test_every_page_served_under_the_repo_path_loads_without_console_errors(
    served: Served,
) -> None:
    _, _, visits = served
    assert [(v.url, e) for v in visits for e in v.errors] == []


def test_every_resource_of_a_page_served_under_the_repo_path_answers_200(served: Served) -> None:
    _, site, visits = served
    assert len(visits) == len(html_pages(site))
    statuses = [(u, s) for v in visits for u, s in v.statuses.items() if s != 200]
    assert (statuses, [f for v in visits for f in v.failed]) == ([], [])


def test_no_page_served_under_the_repo_path_requests_anything_outside_it(served: Served) -> None:
    url, _, visits = served
    assert [(v.url, u) for v in visits for u in v.requests if not u.startswith(url)] == []


def test_a_missing_page_deep_under_the_repo_path_gets_the_404_page_whose_links_work(
    browser: Browser, served: Served
) -> None:
    url, site, _ = served
    if not (site / "404.html").is_file():
        pytest.skip("the build has no 404.html yet")
    missing = url + "2099/01/no-such-article.html"
    with tab(browser, url) as t:
        visit = t.load(missing)
    assert visit.statuses.pop(missing) == 404
    assert (visit.failed, [s for s in visit.statuses.values() if s != 200]) == ([], [])
    targets = {link.split("#")[0] for link in visit.links} - {missing}
    assert sorted(t for t in targets if not (site / t.removeprefix(url)).is_file()) == []


def test_typing_a_quoted_word_in_search_shows_the_quote_and_its_speaker(
    browser: Browser, sites: dict[str, Path]
) -> None:
    site = sites["golden"]
    if not (site / "search.html").is_file():
        pytest.skip("the build has no search.html yet (search is not implemented)")
    with tab(browser, "file://") as t:
        visit = t.load(file_url(site, "search.html"))
        t.page.locator("input[type=search]").first.fill("decided")
        t.page.wait_for_function(SHOWS_JS, arg="Nothing will be decided without a vote")
        t.page.wait_for_function(SHOWS_JS, arg="Ana Souza")
    assert visit.errors == []


def lit_quotes(page: Page) -> dict[str, set[bool]]:
    """For each speaker quoted in the article body, whether the pieces of their quotes are lit."""
    found: dict[str, set[bool]] = {}
    for entity, lit, _ in page.evaluate(MARKS_JS):
        found.setdefault(str(entity), set()).add(bool(lit))
    return found


def pressed(page: Page) -> list[str | None]:
    """The data-for of every pressed spotlight button."""
    buttons = page.locator('button[data-for][aria-pressed="true"]')
    return [buttons.nth(i).get_attribute("data-for") for i in range(buttons.count())]


@pytest.fixture
def minister(browser: Browser, sites: dict[str, Path]) -> Iterator[Page]:
    """The golden article with three speakers, opened from disk."""
    with tab(browser, "file://") as t:
        t.load(file_url(sites["golden"], MINISTER))
        yield t.page


def test_pressing_a_speakers_button_lights_that_speakers_quotes_and_no_others(
    minister: Page,
) -> None:
    minister.click('.legend-item button[data-for="ana-souza"]')
    assert pressed(minister) == ["ana-souza"]
    assert lit_quotes(minister) == {
        "ana-souza": {True},
        "critics": {False},
        "tomas-ferreira": {False},
    }
    assert minister.locator(".an-spotlight").count() == 1


def test_pressing_a_speakers_button_lights_every_mention_of_that_speaker(minister: Page) -> None:
    minister.click('.legend-item button[data-for="ana-souza"]')
    mentions = minister.locator('.article-body [data-entity="ana-souza"]')
    lit = minister.locator('.article-body [data-entity="ana-souza"].an-lit')
    assert mentions.count() >= 6
    assert lit.count() == mentions.count()


def test_pressing_a_speakers_button_takes_the_colour_from_the_other_quotes(
    minister: Page,
) -> None:
    before = minister.evaluate(MARKS_JS)
    minister.click('.legend-item button[data-for="tomas-ferreira"]')
    after = minister.evaluate(MARKS_JS)
    assert {colour != CLEAR for _, _, colour in before} == {True}
    assert {e for e, _, colour in after if colour != CLEAR} == {"tomas-ferreira"}


def test_pressing_the_pressed_button_again_turns_the_spotlight_off(minister: Page) -> None:
    button = minister.locator('.legend-item button[data-for="critics"]')
    button.click()
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert lit_quotes(minister) == {
        "ana-souza": {False},
        "critics": {False},
        "tomas-ferreira": {False},
    }
    assert minister.locator(".an-spotlight").count() == 0


def axe_pages(sites: dict[str, Path]) -> list[tuple[str, Path, str]]:
    """One golden page of each kind and every article of both sites: (name, site, path)."""
    golden = html_pages(sites["golden"])
    chosen = [("golden", sites["golden"], rel) for rel in one_page_of_each_kind(golden)]
    articles = [
        (n, s, r) for n, s in sites.items() for r in html_pages(s) if page_kind(r) == "article"
    ]
    return sorted({*chosen, *articles})


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation_on_any_kind_of_page(
    browser: Browser, sites: dict[str, Path], scheme: str
) -> None:
    found: list[Violation] = []
    with tab(browser, "file://", dark=scheme == "dark") as t:
        for name, site, rel in axe_pages(sites):
            t.load(file_url(site, rel))
            found += run_axe(t.page, f"{name}/{rel}")
    assert [v.format() for v in found if v.impact in ("serious", "critical")] == []
