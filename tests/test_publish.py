"""Publishing: the Atom feed, the sitemap, canonical and Open Graph tags, 404, CNAME, Pages."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from quotemark.model import Settings
from quotemark.output import Output
from quotemark.pages import ArticlePage, SiteInfo
from quotemark.publish import (
    absolute_html,
    atom_feed,
    is_unlisted,
    page_url,
    sitemaps,
    summary_of,
)
from tests.conftest import REPO, TempProject

BASE = "https://example.org/repo/"
GOLDEN = str(REPO / "tests" / "golden-content")
A = "{http://www.w3.org/2005/Atom}"
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MINISTER = BASE + "2021/03/minister-regrets-remarks.html"
COALITION = (
    BASE
    + "2017/12/us-led-coalition-denies-transporting-daesh-commanders-from-syrias-deir-ez-zor.html"
)


class Refs(HTMLParser):
    """Every (tag, attribute, value) of a page that references another file."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.refs.append((tag, name, value))


def refs_of(html: str) -> list[tuple[str, str, str]]:
    parser = Refs()
    parser.feed(html)
    return parser.refs


def meta(html: str) -> list[str]:
    """The canonical, alternate and Open Graph lines of a page's head."""
    return [
        line
        for line in html.splitlines()
        if 'rel="canonical"' in line or 'property="' in line or "application/atom+xml" in line
    ]


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The golden content built with a base URL."""
    from quotemark.cli import main

    out = tmp_path_factory.mktemp("published") / "site"
    args = ["build", "-q", "--root", str(REPO), "--content", GOLDEN, "--out", str(out)]
    assert main([*args, "--base-url", "https://example.org/repo"]) == 0
    return out


@pytest.fixture(scope="module")
def feed(golden: Path) -> ET.Element:
    return ET.parse(golden / "feed.xml").getroot()


def page(path: str = "2020/05/bridge.html", **fields: object) -> ArticlePage:
    values: dict[str, object] = {
        "path": path,
        "root": "../../",
        "site": SiteInfo("Archive", "", "en", "ltr"),
        "title": "Mayor Opens Bridge",
        "title_html": "Mayor Opens Bridge",
        "summary_html": None,
        "caption_html": None,
        "body_html": "<p>The mayor spoke.</p>",
        "date": "17 May 2020",
        "date_iso": "2020-05-17",
        "publisher": None,
        "author": None,
        "url": None,
        "image": None,
        "credit": None,
        "tags": (),
        "lang": "en",
        "dir": "ltr",
        "speakers": (),
        "notes": (),
        "entity_colours": (),
    }
    values.update(fields)
    return ArticlePage(**values)  # type: ignore[arg-type]


# ---------------------------------------------------------------- feed


def test_the_feed_is_atom_with_one_entry_per_article_newest_first(feed: ET.Element) -> None:
    assert feed.tag == f"{A}feed"
    assert [e.findtext(f"{A}id") for e in feed.iter(f"{A}entry")] == [
        BASE + "2021/03/no-annotations-yet.html",
        MINISTER,
        COALITION,
    ]


def test_the_feed_is_dated_by_its_newest_article(feed: ET.Element) -> None:
    assert feed.findtext(f"{A}updated") == "2021-03-05T00:00:00Z"


def test_the_feed_names_itself_and_the_site(feed: ET.Element) -> None:
    links = [(link.get("rel"), link.get("href")) for link in feed.findall(f"{A}link")]
    assert links == [("self", BASE + "feed.xml"), ("alternate", BASE)]
    assert feed.findtext(f"{A}id") == BASE
    assert feed.findtext(f"{A}title") == "Golden archive"


def test_an_entry_has_title_link_dates_authors_tags_and_summary(feed: ET.Element) -> None:
    entry = next(e for e in feed.iter(f"{A}entry") if e.findtext(f"{A}id") == MINISTER)
    assert entry.findtext(f"{A}title") == "Minister “Regrets” Remarks on Harbour Plan"
    assert [link.get("href") for link in entry.findall(f"{A}link")] == [MINISTER]
    assert entry.findtext(f"{A}published") == "2021-03-04T00:00:00Z"
    assert entry.findtext(f"{A}updated") == "2021-03-04T00:00:00Z"
    assert [a.findtext(f"{A}name") for a in entry.findall(f"{A}author")] == [
        "Rita Campos",
        "The Coastal Herald",
    ]
    assert [c.get("term") for c in entry.findall(f"{A}category")] == ["harbour", "politics"]
    assert entry.findtext(f"{A}summary") == (
        "The harbour minister said she “regrets” comments made at Tuesday’s meeting."
    )


def test_entry_content_is_html_with_absolute_links_only(feed: ET.Element) -> None:
    for entry in feed.iter(f"{A}entry"):
        content = entry.find(f"{A}content")
        assert content is not None and content.get("type") == "html"
        refs = refs_of(content.text or "")
        assert [r for r in refs if not re.match(r"(https?|mailto):", r[2])] == []
    minister = next(e for e in feed.iter(f"{A}entry") if e.findtext(f"{A}id") == MINISTER)
    text = minister.findtext(f"{A}content") or ""
    assert f'<a class="an-ref" href="{MINISTER}#an-note-souza-regrets"' in text


def test_every_link_of_the_feed_is_absolute(feed: ET.Element) -> None:
    hrefs = [link.get("href") or "" for link in feed.iter(f"{A}link")]
    assert hrefs and all(h.startswith("https://") for h in hrefs)


def test_the_feed_holds_the_newest_twenty_articles() -> None:
    pages = [page(f"2020/05/a{n:02d}.html", date_iso=f"2020-05-{n:02d}") for n in range(1, 26)]
    root = ET.fromstring(atom_feed(Settings(), BASE, pages))
    ids = [e.findtext(f"{A}id") for e in root.iter(f"{A}entry")]
    assert ids == [f"{BASE}2020/05/a{n:02d}.html" for n in range(25, 5, -1)]


def test_a_feed_without_articles_is_dated_at_the_epoch() -> None:
    root = ET.fromstring(atom_feed(Settings(), BASE, []))
    assert root.findtext(f"{A}updated") == "1970-01-01T00:00:00Z"


def test_the_feed_entry_carries_the_original_article_as_related() -> None:
    pages = [page(url="https://news.example/story")]
    entry = ET.fromstring(atom_feed(Settings(), BASE, pages)).find(f"{A}entry")
    assert entry is not None
    links = [(link.get("rel"), link.get("href")) for link in entry.findall(f"{A}link")]
    assert links == [
        ("alternate", BASE + "2020/05/bridge.html"),
        ("related", "https://news.example/story"),
    ]


def test_the_lead_image_and_caption_lead_the_content() -> None:
    pages = [page(image="bridge.jpg", caption_html="The bridge")]
    entry = ET.fromstring(atom_feed(Settings(), BASE, pages)).find(f"{A}entry")
    assert entry is not None
    assert entry.findtext(f"{A}content") == (
        f'<figure><img src="{BASE}2020/05/bridge.jpg" alt="">'
        "<figcaption>The bridge</figcaption></figure>\n<p>The mayor spoke.</p>"
    )


@given(title=st.text(), body=st.text())
def test_the_feed_is_well_formed_whatever_the_text(title: str, body: str) -> None:
    pages = [page(title=title, body_html=body, summary_html=body)]
    settings = Settings(title=title, description=title, author=title)
    root = ET.fromstring(atom_feed(settings, BASE, pages))
    assert root.tag == f"{A}feed"


def test_relative_links_become_absolute_against_the_page() -> None:
    html = (
        '<p><a href="#an-note-a1">1</a> <img src="photo.jpg" alt="x"> '
        '<a href="../../2019/01/old.html">old</a> <a href="https://other.example/">x</a> '
        '<a href="mailto:desk@example.org">mail</a></p>'
    )
    assert absolute_html(html, BASE + "2020/05/bridge.html") == (
        f'<p><a href="{BASE}2020/05/bridge.html#an-note-a1">1</a> '
        f'<img src="{BASE}2020/05/photo.jpg" alt="x"> '
        f'<a href="{BASE}2019/01/old.html">old</a> <a href="https://other.example/">x</a> '
        '<a href="mailto:desk@example.org">mail</a></p>'
    )


def test_a_rewritten_link_keeps_its_other_attributes_escaped() -> None:
    html = '<a class="an-ref" href="?a=1&amp;b=&quot;2&quot;" title="a &lt; b">x</a>'
    assert absolute_html(html, BASE) == (
        f'<a class="an-ref" href="{BASE}?a=1&amp;b=&quot;2&quot;" title="a &lt; b">x</a>'
    )


def test_the_summary_is_plain_text_without_note_numbers() -> None:
    summary = 'She <mark>regrets</mark><a class="an-ref" href="#an-note-a1">1</a> it.'
    assert summary_of(page(summary_html=summary)) == "She regrets it."


def test_without_a_summary_the_entry_summarises_the_start_of_the_body() -> None:
    body = "<p>" + "word " * 100 + "</p>"
    summary = summary_of(page(body_html=body))
    assert summary == "word " * 56 + "…"


# ---------------------------------------------------------------- sitemap


def test_the_sitemap_lists_every_page_but_the_404(golden: Path) -> None:
    root = ET.parse(golden / "sitemap.xml").getroot()
    urls = [loc.text for loc in root.iter(f"{S}loc")]
    pages = sorted(p.relative_to(golden).as_posix() for p in golden.rglob("*.html"))
    expected = [BASE if p == "index.html" else BASE + p for p in pages if p != "404.html"]
    assert root.tag == f"{S}urlset"
    assert urls == expected


def test_redirect_and_noindex_pages_are_unlisted() -> None:
    redirect = b'<!doctype html><meta http-equiv="refresh" content="0; url=new.html">'
    hidden = b'<!doctype html><meta name="robots" content="noindex">'
    outputs = [
        Output("index.html", b"<!doctype html>"),
        Output("old.html", redirect),
        Output("draft.html", hidden),
        Output("about.html", b'<meta name="description" content="noindex robots">'),
        Output("404.html", b"<!doctype html>"),
        Output("assets/style.css", b""),
    ]
    assert [o.path for o in outputs if is_unlisted(o)] == ["old.html", "draft.html"]


def test_past_fifty_thousand_urls_the_sitemap_becomes_an_index() -> None:
    paths = [f"p{n:05d}.html" for n in range(50_001)]
    files = sitemaps(BASE, paths)
    assert [f.path for f in files] == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
    index = ET.fromstring(files[0].data or b"")
    assert index.tag == f"{S}sitemapindex"
    assert [loc.text for loc in index.iter(f"{S}loc")] == [
        BASE + "sitemap-1.xml",
        BASE + "sitemap-2.xml",
    ]
    last = ET.fromstring(files[2].data or b"")
    assert [loc.text for loc in last.iter(f"{S}loc")] == [BASE + "p50000.html"]


def test_page_urls_are_percent_encoded_and_the_home_page_is_the_base() -> None:
    assert page_url(BASE, "index.html") == BASE
    assert page_url(BASE, "tags/café au lait.html") == BASE + "tags/caf%C3%A9%20au%20lait.html"


# ---------------------------------------------------------------- without base_url


def test_without_a_base_url_there_is_no_feed_and_no_sitemap(project: TempProject) -> None:
    project.article("2020/2020-05-17-bridge.md", "The bridge opened.\n")
    assert project.run("build").code == 0
    assert not (project.site / "feed.xml").exists()
    assert not any(project.site.glob("sitemap*.xml"))


def test_without_a_base_url_pages_have_no_canonical_og_or_feed_link(
    project: TempProject,
) -> None:
    project.article("2020/2020-05-17-bridge.md", "The bridge opened.\n", summary="It opened.")
    assert project.run("build").code == 0
    for name in ("index.html", "2020/05/bridge.html", "entities/index.html"):
        assert meta((project.site / name).read_text()) == []


# ---------------------------------------------------------------- head tags


def test_an_article_has_canonical_feed_and_open_graph_tags(golden: Path) -> None:
    html = (golden / "2021/03/minister-regrets-remarks.html").read_text()
    assert meta(html) == [
        f'<link rel="canonical" href="{MINISTER}">',
        '<link rel="alternate" type="application/atom+xml" href="../../feed.xml"'
        ' title="Golden archive">',
        '<meta property="og:title" content="Minister “Regrets” Remarks on Harbour Plan">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:url" content="{MINISTER}">',
        '<meta property="og:site_name" content="Golden archive">',
        '<meta property="og:description" content="The harbour minister said she “regrets”'
        ' comments made at Tuesday’s meeting.">',
        '<meta property="article:published_time" content="2021-03-04">',
    ]


def test_the_home_page_is_canonical_at_the_base_url(golden: Path) -> None:
    html = (golden / "index.html").read_text()
    assert meta(html) == [
        f'<link rel="canonical" href="{BASE}">',
        '<link rel="alternate" type="application/atom+xml" href="feed.xml" title="Golden archive">',
        '<meta property="og:title" content="Golden archive">',
        '<meta property="og:type" content="website">',
        f'<meta property="og:url" content="{BASE}">',
        '<meta property="og:site_name" content="Golden archive">',
        '<meta property="og:description" content="The hard cases of anchoring and'
        ' highlighting, built byte for byte.">',
    ]


def test_an_entity_page_is_canonical_at_its_own_url(golden: Path) -> None:
    html = (golden / "entities/ana-souza.html").read_text()
    assert f'<link rel="canonical" href="{BASE}entities/ana-souza.html">' in html
    assert '<meta property="og:type" content="website">' in html


def test_an_article_description_leaves_out_the_note_numbers(project: TempProject) -> None:
    summary = """'The mayor said the bridge "is a gift."'"""
    project.article("2020/2020-05-17-bridge.md", "It opened.\n", summary=summary)
    project.write(
        "2020/2020-05-17-bridge.annotations.yaml",
        "schema: annotated-news/sidecar@1\n"
        "entities:\n  - {id: mayor, name: The mayor, type: person}\n"
        "attributions:\n  - id: a1\n    kind: direct\n"
        "    source: {entity: mayor, mention: The mayor}\n"
        "    content: ['is a gift.']\n",
        dedent=False,
    )
    assert project.run("build", "--base-url", BASE).code == 0
    html = (project.site / "2020/05/bridge.html").read_text()
    assert '<a class="an-ref" href="#an-note-a1"' in html
    expected = "The mayor said the bridge &#34;is a gift.&#34;"
    assert f'<meta property="og:description" content="{expected}">' in html
    assert f'<meta name="description" content="{expected}">' in html


def test_an_article_with_a_lead_image_names_it_absolutely(project: TempProject) -> None:
    project.article("2020/2020-05-17-bridge.md", "It opened.\n", image="bridge.jpg")
    (project.root / "content/2020/bridge.jpg").write_bytes(b"\xff\xd8\xff")
    assert project.run("build", "--base-url", BASE).code == 0
    html = (project.site / "2020/05/bridge.html").read_text()
    assert f'<meta property="og:image" content="{BASE}2020/05/bridge.jpg">' in html


def test_an_entity_page_is_described_by_its_entity(golden: Path) -> None:
    html = (golden / "entities/us-led-coalition.html").read_text()
    assert (
        '<meta property="og:description" content="The US-led anti-Daesh coalition (Combined'
        " Joint Task Force - Operation Inherent Resolve), &#34;of over 60 nations&#34; per the"
        ' article.">'
    ) in html


def test_the_nav_links_home_tags_speakers_and_search(golden: Path) -> None:
    html = (golden / "entities/index.html").read_text()
    nav = html.split('<nav class="site-nav" aria-label="Site">')[1].split("</nav>")[0]
    assert refs_of(nav) == [
        ("a", "href", "../index.html"),
        ("a", "href", "../tags/index.html"),
        ("a", "href", "../entities/index.html"),
        ("a", "href", "../search.html"),
    ]
    assert '<a href="../entities/index.html" aria-current="page">Speakers</a>' in nav


# ---------------------------------------------------------------- 404, CNAME, paths


def test_the_404_page_links_absolutely_and_inlines_its_style(golden: Path) -> None:
    html = (golden / "404.html").read_text()
    refs = refs_of(html)
    assert [r for r in refs if not (r[2].startswith(BASE) or r[2] == "#main")] == []
    assert ("a", "href", BASE + "index.html") in refs
    assert "<style>\n/* quotemark theme" in html
    assert "<script" not in html
    assert '<meta name="robots" content="noindex">' in html


def test_without_a_base_url_the_404_page_has_no_relative_reference(
    project: TempProject,
) -> None:
    project.article("2020/2020-05-17-bridge.md", "The bridge opened.\n")
    assert project.run("build").code == 0
    html = (project.site / "404.html").read_text()
    assert refs_of(html) == [("a", "href", "#main")]
    assert '<a data-href="index.html">home page</a>' in html
    assert '<link rel="stylesheet"' not in html and "<script src" not in html


def test_the_404_script_knows_the_top_level_names_of_the_site(project: TempProject) -> None:
    project.article("2020/2020-05-17-bridge.md", "The bridge opened.\n")
    assert project.run("build").code == 0
    html = (project.site / "404.html").read_text()
    names = json.loads(html.split("var top = ")[1].split(";", 1)[0])
    assert names == sorted(p.name for p in project.site.iterdir() if not p.name.startswith("."))


def test_a_cname_setting_writes_the_cname_file(project: TempProject) -> None:
    project.write("_site.yaml", "title: News\ncname: news.example.org\n")
    assert project.run("build").code == 0
    assert (project.site / "CNAME").read_text() == "news.example.org\n"


def test_without_a_cname_there_is_no_cname_file(project: TempProject) -> None:
    assert project.run("build").code == 0
    assert not (project.site / "CNAME").exists()


def test_a_cname_that_is_not_a_host_name_is_a_bad_value(project: TempProject) -> None:
    project.write("_site.yaml", "title: News\ncname: https://news.example.org/\n")
    run = project.run("build")
    assert run.code == 1
    assert run.diagnostics == [
        'content/_site.yaml:2:8: error[bad-value]: cname: "https://news.example.org/" is not a'
        " domain name like news.example.org"
    ]


def test_no_path_in_the_built_site_starts_with_an_underscore(golden: Path) -> None:
    parts = {part for p in golden.rglob("*") for part in p.relative_to(golden).parts}
    assert [part for part in parts if part.startswith("_")] == []
    assert (golden / ".nojekyll").is_file()


def test_two_builds_publish_the_same_bytes(golden: Path, tmp_path: Path) -> None:
    from quotemark.cli import main

    args = ["build", "-q", "--root", str(REPO), "--content", GOLDEN, "--out", str(tmp_path / "s")]
    assert main([*args, "--base-url", BASE]) == 0
    for name in ("feed.xml", "sitemap.xml", "404.html"):
        assert (tmp_path / "s" / name).read_bytes() == (golden / name).read_bytes()


# ---------------------------------------------------------------- GitHub Pages workflow


@pytest.fixture(scope="module")
def workflow() -> dict[object, object]:
    data = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text())
    assert isinstance(data, dict)
    return data


def steps(workflow: dict[object, object], job: str) -> list[dict[str, object]]:
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    found = jobs[job]["steps"]
    assert isinstance(found, list)
    return found


def test_the_workflow_runs_on_push_to_main_and_by_hand(workflow: dict[object, object]) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare on as true
    assert triggers == {"push": {"branches": ["main"]}, "workflow_dispatch": None}


def test_the_workflow_may_deploy_pages_and_nothing_more(workflow: dict[object, object]) -> None:
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    concurrency = workflow["concurrency"]
    assert isinstance(concurrency, dict) and concurrency["group"] == "pages"


def test_the_build_job_builds_with_the_pages_base_url_and_uploads_site(
    workflow: dict[object, object],
) -> None:
    build = steps(workflow, "build")
    assert [s.get("uses") for s in build] == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        None,
        "actions/configure-pages@v5",
        None,
        "actions/upload-pages-artifact@v3",
    ]
    assert build[1]["with"] == {"python-version": "3.11"}
    assert build[2]["run"] == "pip install ."
    assert build[3]["id"] == "pages"
    assert build[4]["run"] == (
        'python build.py build --base-url "${{ steps.pages.outputs.base_url }}/"'
    )
    assert build[5]["with"] == {"path": "site"}


def test_the_deploy_job_deploys_the_artifact_to_github_pages(
    workflow: dict[object, object],
) -> None:
    jobs = workflow["jobs"]
    assert isinstance(jobs, dict)
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    assert steps(workflow, "deploy") == [{"id": "deployment", "uses": "actions/deploy-pages@v4"}]
