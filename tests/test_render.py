"""The theme: templates render page dataclasses strictly, safely and deterministically."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from quotemark import pages
from quotemark.pages import (
    PALETTE_SIZE,
    ArticleCard,
    ArticlePage,
    EntityCard,
    EntityIndexPage,
    EntityPage,
    EntityQuote,
    HomePage,
    Note,
    Page,
    SiteInfo,
    Speaker,
    YearLink,
)
from quotemark.render import (
    TRUSTED_HTML,
    asset_files,
    css_string,
    external_url,
    link_label,
    make_environment,
    palette_index,
    render_page,
    trust_html,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
ORIGINAL = "https://sputniknews.com/middleeast/201712301060493542-coalition-daesh/"
WIKIDATA = "https://www.wikidata.org/wiki/Q7747"

SITE = SiteInfo(title="Who Said It", description="An annotated archive.", lang="en", dir="ltr")
PAO = Speaker(
    id="cjtf-oir-pao",
    name="CJTF-OIR Public Affairs Office",
    href="../../entities/cjtf-oir-pao.html",
    colour=0,
    type="press-office",
    count=2,
)
SPUTNIK = Speaker(id="sputnik", name="Sputnik", href="../../entities/sputnik.html", colour=1)

BODY_HTML = (
    '<p><span class="an an-region an-role-dateline" data-an="r-dateline">WASHINGTON '
    '(<span class="an an-mention" data-an="m01" data-entity="sputnik">Sputnik</span>) -</span> '
    '<mark class="an an-content an-indirect" data-an="a02" data-entity="cjtf-oir-pao" '
    'id="an-a02" aria-details="an-note-a02"><span class="vh">Reported speech: </span>'
    "The coalition has not carried any militants</mark>"
    '<a class="an-ref" href="#an-note-a02">1</a>, '
    '<span class="an an-source" data-an="a02" data-entity="cjtf-oir-pao">the Public Affairs '
    'Office</span> <span class="an an-cue" data-an="a02">told</span> '
    '<span class="an an-addressee" data-an="a02" data-entity="sputnik">Sputnik</span> '
    "on Saturday.</p>\n"
    '<p>“<mark class="an an-content an-direct" data-an="a04" data-entity="cjtf-oir-pao" '
    'id="an-a04" aria-details="an-note-a04">This is a <em>laughably</em> bad attempt</mark>'
    '<a class="an-ref" href="#an-note-a04">2</a>,” '
    '<span class="an an-source" data-an="a04" data-entity="cjtf-oir-pao">the press '
    'service</span> <span class="an an-cue" data-an="a04">said</span>.</p>\n'
    '<aside class="an an-region an-role-related-article-teaser" data-an="r-related">'
    '<p><mark class="an an-content an-mixed" data-an="a11" id="an-a11" '
    'aria-details="an-note-a11">Coalition Denies “Complicity”</mark>'
    '<a class="an-ref" href="#an-note-a11">3</a></p></aside>\n'
)


def note(**changes: object) -> Note:
    """A note with every field filled; override any with keywords."""
    full = Note(
        id="a02",
        number=1,
        kind="indirect",
        speaker=PAO,
        same_as=(WIKIDATA,),
        cue="told",
        lemma="tell",
        addressee=SPUTNIK,
        when="2017-12-30 (on Saturday)",
        note_html="<p>Denies the <em>SANA</em> report.</p>",
        quote="The coalition has not carried any militants",
        section="body",
        confidence="medium",
        responds_to=(("a11", 3),),
        continues=(("a04", 2),),
        machine=True,
        status="fuzzy",
    )
    return dataclasses.replace(full, **changes)  # type: ignore[arg-type]


NOTES = (
    note(),
    note(
        id="a04",
        number=2,
        kind="direct",
        same_as=(),
        cue="said",
        lemma="say",
        addressee=None,
        when=None,
        note_html=None,
        quote="This is a laughably bad attempt",
        confidence=None,
        responds_to=(),
        continues=(),
        machine=False,
        status="exact",
    ),
    note(
        id="a11",
        number=3,
        kind="mixed",
        speaker=None,
        same_as=(),
        cue=None,
        lemma=None,
        addressee=None,
        when=None,
        note_html=None,
        quote="Coalition Denies “Complicity”",
        section="related",
        confidence=None,
        responds_to=(),
        continues=(),
        machine=False,
        status="disambiguated",
    ),
)


def article(**changes: object) -> ArticlePage:
    """An article page with two speakers and three notes; override any field."""
    page = ArticlePage(
        path="2017/12/coalition.html",
        root="../../",
        site=SITE,
        title="US-Led Coalition Denies Transporting Daesh Commanders",
        title_html='<span class="an an-region an-role-title" data-an="r-title">US-Led '
        "Coalition Denies Transporting Daesh Commanders</span>",
        summary_html="The coalition calls the report <em>misinformation</em>.",
        caption_html="Syrian Army's offensive operation. File photo",
        body_html=BODY_HTML,
        date="30 December 2017",
        date_iso="2017-12-30",
        publisher="Sputnik",
        author="Staff",
        url=ORIGINAL,
        image="coalition.jpg",
        credit="© AFP 2017",
        tags=(("syria", "../../tags/syria.html"),),
        lang="en",
        dir="ltr",
        speakers=(PAO, SPUTNIK),
        notes=NOTES,
        entity_colours=(("cjtf-oir-pao", 0), ("sputnik", 1)),
    )
    return dataclasses.replace(page, **changes)  # type: ignore[arg-type]


def home() -> HomePage:
    card = ArticleCard(
        title="US-Led Coalition Denies <Transporting>",
        href="2017/12/coalition.html",
        date="30 December 2017",
        date_iso="2017-12-30",
        publisher="Sputnik",
        summary="The coalition calls the report misinformation.",
        speakers=(dataclasses.replace(PAO, href="entities/cjtf-oir-pao.html"),),
        quote_count=3,
    )
    years = (YearLink(year="2017", href="2017/index.html", count=1),)
    return HomePage("index.html", "", SITE, (card,), years, entity_count=2, article_count=1)


def entity_index() -> EntityIndexPage:
    card = EntityCard(
        dataclasses.replace(PAO, href="cjtf-oir-pao.html"), attributions=2, articles=1
    )
    return EntityIndexPage("entities/index.html", "../", SITE, (card,))


def entity() -> EntityPage:
    quote = EntityQuote(
        article="US-Led Coalition Denies",
        article_href="../2017/12/coalition.html",
        date="30 December 2017",
        date_iso="2017-12-30",
        kind="direct",
        role="source",
        quote="This is a laughably bad attempt",
        href="../2017/12/coalition.html#an-a04",
        cue="said",
    )
    return EntityPage(
        path="entities/cjtf-oir-pao.html",
        root="../",
        site=SITE,
        speaker=dataclasses.replace(PAO, href="cjtf-oir-pao.html"),
        description="The coalition's press office.",
        note="Called “the press service” too.",
        aliases=("the press service",),
        same_as=(WIKIDATA,),
        member_of=dataclasses.replace(SPUTNIK, href="sputnik.html"),
        members=(),
        quotes=(quote,),
        mention_count=1,
    )


class Links(HTMLParser):
    """Collects every href/src and every id of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: list[str] = []
        self.details: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.urls.append(value)
            elif name == "id" and value is not None:
                self.ids.append(value)
            elif name == "aria-details" and value is not None:
                self.details.append(value)


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


@pytest.fixture
def env() -> jinja2.Environment:
    return make_environment(TEMPLATES)


def test_an_article_shows_its_headline_body_and_a_note_per_attribution(
    env: jinja2.Environment,
) -> None:
    html = render_page(env, article())
    assert html.startswith("<!doctype html>\n")
    assert '<h1 id="article-title"><span class="an an-region an-role-title"' in html
    assert [i for i in parse(html).ids if i.startswith("an-note-")] == [
        "an-note-a02",
        "an-note-a04",
        "an-note-a11",
    ]


def test_a_plain_field_with_markup_comes_out_escaped(env: jinja2.Environment) -> None:
    html = render_page(env, article(title="<script>alert(1)</script>", author="A & <b>B</b>"))
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; – Who Said It</title>" in html
    assert "By <bdi>A &amp; &lt;b&gt;B&lt;/b&gt;</bdi>" in html
    assert "<script>alert" not in html


def test_html_fields_are_inserted_raw(env: jinja2.Environment) -> None:
    html = render_page(env, article())
    assert BODY_HTML in html
    assert '<div class="standfirst">The coalition calls the report <em>misinformation</em>.' in html
    assert '<div class="an-note-text"><p>Denies the <em>SANA</em> report.</p></div>' in html


def test_every_html_field_of_the_page_data_is_one_that_render_trusts() -> None:
    found = {
        cls: tuple(f.name for f in dataclasses.fields(cls) if f.name.endswith("_html"))
        for cls in vars(pages).values()
        if isinstance(cls, type) and dataclasses.is_dataclass(cls)
    }
    assert {cls: names for cls, names in found.items() if names} == TRUSTED_HTML


def test_trusting_an_article_page_marks_its_html_and_its_notes_html_as_markup() -> None:
    page = trust_html(article())
    assert isinstance(page, ArticlePage)
    fields = [getattr(page, name) for name in TRUSTED_HTML[ArticlePage]]
    fields += [n.note_html for n in page.notes if n.note_html is not None]
    assert all(type(value) is Markup for value in fields)
    assert page == article()


def test_trusting_keeps_missing_html_missing() -> None:
    page = trust_html(article(summary_html=None, caption_html=None))
    assert isinstance(page, ArticlePage)
    assert (page.summary_html, page.caption_html) == (None, None)


def test_trusting_passes_a_note_without_html_through_as_it_is() -> None:
    plain = note(note_html=None)
    page = trust_html(article(notes=(plain,)))
    assert isinstance(page, ArticlePage)
    assert page.notes[0] is plain


def test_only_the_original_url_and_same_as_links_leave_the_site(env: jinja2.Environment) -> None:
    for page in (article(), home(), entity_index(), entity()):
        urls = parse(render_page(env, page)).urls
        outside = {u for u in urls if u.startswith(("/", "http", "//"))}
        assert outside <= {ORIGINAL, WIKIDATA}, page.path
        assert all(not u.endswith("/") for u in set(urls) - outside), page.path


def test_internal_links_point_at_files(env: jinja2.Environment) -> None:
    urls = parse(render_page(env, article(url=None, notes=(note(same_as=()),)))).urls
    assert {u for u in urls if not u.startswith("#")} == {
        "../../assets/style.css",
        "../../assets/quotemark.js",
        "../../index.html",
        "../../entities/index.html",
        "../../tags/index.html",
        "../../search.html",
        "coalition.jpg",
        "../../tags/syria.html",
        "../../entities/cjtf-oir-pao.html",
        "../../entities/sputnik.html",
    }


def test_every_aria_details_target_is_a_note(env: jinja2.Environment) -> None:
    links = parse(render_page(env, article()))
    assert links.details == ["an-note-a02", "an-note-a04", "an-note-a11"]
    assert set(links.details) <= set(links.ids)


def test_every_fragment_link_lands_on_an_id_of_the_page(env: jinja2.Environment) -> None:
    links = parse(render_page(env, article()))
    fragments = {u[1:] for u in links.urls if u.startswith("#")}
    assert fragments == {"main", "legend", "an-a02", "an-a04", "an-a11"} | {
        "an-note-a02",
        "an-note-a04",
        "an-note-a11",
    }
    assert fragments <= set(links.ids)


def test_ids_on_an_article_page_are_unique(env: jinja2.Environment) -> None:
    ids = parse(render_page(env, article())).ids
    assert len(ids) == len(set(ids))


def test_a_note_shows_every_field(env: jinja2.Environment) -> None:
    html = render_page(env, article())
    li = html[html.index('<li id="an-note-a02"') : html.index('<li id="an-note-a04"')]
    for expected in (
        '<span class="an-note-num">1.</span>',
        '<a href="../../entities/cjtf-oir-pao.html">CJTF-OIR Public Affairs Office</a>',
        f'<a class="an-note-same-as" href="{WIKIDATA}" rel="noopener">wikidata.org',
        '<span class="an-note-kind">Reported speech</span>',
        '<dd>“told” <span class="lemma">(tell)</span></dd>',
        '<dd><span class="swatch pal-1" aria-hidden="true"></span>'
        '<a href="../../entities/sputnik.html">Sputnik</a></dd>',
        "<dd>2017-12-30 (on Saturday)</dd>",
        "<dd>medium</dd>",
        "<dd>body</dd>",
        '<dt>Responds to</dt><dd><a href="#an-note-a11">note 3</a></dd>',
        '<dt>Continues</dt><dd><a href="#an-note-a04">note 2</a></dd>',
        '<p class="an-note-quote an-indirect">The coalition has not carried any militants</p>',
        '<span class="badge badge-machine">Machine-suggested, not reviewed</span>',
        '<span class="badge badge-status">Approximate match: the quoted text was edited',
        '<a class="an-back" href="#an-a02">',
    ):
        assert expected in li, expected


def test_an_unattributed_note_says_so_and_has_no_speaker_colour(env: jinja2.Environment) -> None:
    html = render_page(env, article())
    li = html[html.index('<li id="an-note-a11"') :]
    assert '<li id="an-note-a11" class="an-note">' in li
    assert '<span class="an-note-speaker">Unattributed</span>' in li
    assert "badge" not in li.split("</li>")[0]


def test_a_note_whose_anchor_is_lost_has_no_link_back(env: jinja2.Environment) -> None:
    html = render_page(env, article(notes=(note(status="orphan"),)))
    assert "Not found: the passage no longer matches the article" in html
    assert 'href="#an-a02"' not in html


def test_each_entity_of_the_page_gets_its_palette_colour(env: jinja2.Environment) -> None:
    html = render_page(env, article())
    assert (
        '[data-entity="cjtf-oir-pao"]{--ent:var(--c0);--tint:var(--t0);--wash:var(--w0)}\n'
        '[data-entity="sputnik"]{--ent:var(--c1);--tint:var(--t1);--wash:var(--w1)}\n'
    ) in html


def test_an_entity_id_cannot_break_out_of_the_style_element(env: jinja2.Environment) -> None:
    html = render_page(env, article(entity_colours=(('x"]</style><script>', 2),)))
    assert '[data-entity="x\\22 \\5d \\3c \\2f style\\3e \\3c script\\3e "]' in html
    assert "</style><script>" not in html


def test_a_palette_index_out_of_range_is_a_programmer_error(env: jinja2.Environment) -> None:
    with pytest.raises(ValueError, match=r"palette index must be 0\.\.7, got 8"):
        render_page(env, article(entity_colours=(("x", PALETTE_SIZE),)))


def test_a_missing_field_is_an_error_not_blank(tmp_path: Path) -> None:
    (tmp_path / "article.html").write_text("{{ page.subtitle }}")
    with pytest.raises(jinja2.UndefinedError, match="subtitle"):
        render_page(make_environment(tmp_path), article())


def test_the_templates_never_soften_undefined_values() -> None:
    sources = "".join(p.read_text() for p in TEMPLATES.glob("*.html"))
    assert not re.search(r"\|\s*(default|d|safe)\b|is defined|is undefined", sources)


def test_rendering_is_deterministic(env: jinja2.Environment) -> None:
    for page in (article(), home(), entity_index(), entity()):
        first = render_page(env, page)
        assert render_page(make_environment(TEMPLATES), page) == first


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (home(), '<h3><a href="2017/12/coalition.html">US-Led Coalition Denies &lt;Transporting'),
        (entity_index(), '<a href="cjtf-oir-pao.html">CJTF-OIR Public Affairs Office</a>'),
        (entity(), '<a href="../2017/12/coalition.html#an-a04">In context'),
    ],
)
def test_each_page_type_renders(env: jinja2.Environment, page: Page, expected: str) -> None:
    html = render_page(env, page)
    assert expected in html
    assert f'href="{page.root}assets/style.css"' in html
    assert f'<script src="{page.root}assets/quotemark.js"></script>' in html
    assert html.endswith("</html>\n")


def test_the_nav_marks_the_current_page(env: jinja2.Environment) -> None:
    html = render_page(env, entity_index())
    assert '<a href="../entities/index.html" aria-current="page">Speakers</a>' in html
    assert '<a href="../index.html">Home</a>' in html


def test_an_article_without_notes_has_no_legend_or_notes(env: jinja2.Environment) -> None:
    html = render_page(env, article(notes=(), speakers=(), entity_colours=()))
    assert 'class="legend"' not in html
    assert 'class="an-notes"' not in html
    assert "<style>" not in html


def test_a_caption_shows_without_an_image(env: jinja2.Environment) -> None:
    html = render_page(env, article(image=None, credit=None))
    assert "<img" not in html
    assert '<figcaption>\n<div class="caption">Syrian Army' in html


def test_css_string_escapes_everything_but_slug_characters() -> None:
    assert css_string("us-led_coalition2") == "us-led_coalition2"
    assert css_string('a"b\\c é') == "a\\22 b\\5c c\\20 \\e9 "


@given(st.text())
def test_css_string_escapes_each_character_that_is_not_ascii_alphanumeric_or_a_dash(
    value: str,
) -> None:
    slug = [c if c.isascii() and (c.isalnum() or c in "-_") else f"\\{ord(c):x} " for c in value]
    assert css_string(value) == "".join(slug)


def test_palette_index_rejects_booleans_and_negatives() -> None:
    assert palette_index(7) == 7
    for bad in (True, -1, 8):
        with pytest.raises(ValueError):
            palette_index(bad)


def test_a_javascript_url_in_an_external_link_is_a_programmer_error(
    env: jinja2.Environment,
) -> None:
    with pytest.raises(ValueError, match="external link must be http\\(s\\), got 'javascript:x'"):
        render_page(env, article(url="javascript:x"))


def test_an_http_url_passes_as_an_external_link() -> None:
    assert external_url("http://example.org/a") == "http://example.org/a"


def test_an_external_link_is_named_by_its_host() -> None:
    assert link_label(WIKIDATA) == "wikidata.org"
    assert link_label("https://en.wikipedia.org/wiki/X") == "en.wikipedia.org"


def test_asset_files_lists_every_asset_sorted_without_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "assets" / "fonts").mkdir(parents=True)
    for name in ("style.css", "a.js", "fonts/x.woff2", ".DS_Store"):
        (tmp_path / "assets" / name).write_text("x")
    assert asset_files(tmp_path) == [
        ("assets/a.js", tmp_path / "assets" / "a.js"),
        ("assets/fonts/x.woff2", tmp_path / "assets" / "fonts" / "x.woff2"),
        ("assets/style.css", tmp_path / "assets" / "style.css"),
    ]


def test_the_theme_ships_its_stylesheet_and_script() -> None:
    assert {"assets/quotemark.js", "assets/style.css"} <= {out for out, _ in asset_files(TEMPLATES)}


def test_the_notes_link_to_the_articles_w3c_export(env: jinja2.Environment) -> None:
    html = render_page(env, article(annotations_href="coalition.annotations.jsonld"))
    notes = html[html.index('<section class="an-notes"') :]
    assert notes.startswith(
        '<section class="an-notes" aria-labelledby="notes-title">\n'
        '<h2 id="notes-title">Attributions</h2>\n'
        '<p class="an-export"><a href="coalition.annotations.jsonld" type="application/ld+json">'
        "Annotations (W3C JSON-LD)</a></p>\n"
    )


def test_without_an_export_there_is_no_export_link(env: jinja2.Environment) -> None:
    html = render_page(env, article(annotations_href=None))
    assert "an-export" not in html
    assert ".jsonld" not in html


def test_an_article_without_notes_links_no_export(env: jinja2.Environment) -> None:
    page = article(
        notes=(), speakers=(), entity_colours=(), annotations_href="c.annotations.jsonld"
    )
    assert "an-export" not in render_page(env, page)


def test_every_legend_item_names_its_entity_for_the_spotlight(env: jinja2.Environment) -> None:
    html = render_page(env, article())
    assert re.findall(r'<li class="legend-item" data-entity="([^"]+)">', html) == [
        "cjtf-oir-pao",
        "sputnik",
    ]


def test_a_note_carries_its_speakers_entity_for_the_spotlight(env: jinja2.Environment) -> None:
    html = render_page(env, article())
    assert '<li id="an-note-a02" class="an-note" data-entity="cjtf-oir-pao">' in html
    assert '<li id="an-note-a04" class="an-note" data-entity="cjtf-oir-pao">' in html


def test_an_rtl_article_sets_its_direction_and_keeps_the_sites_for_the_legend(
    env: jinja2.Environment,
) -> None:
    html = render_page(env, article(lang="ar", dir="rtl"))
    assert '<html lang="en" dir="ltr">' in html
    assert '<article class="article" lang="ar" dir="rtl" aria-labelledby="article-title">' in html
    assert (
        '<section class="legend" id="legend" aria-labelledby="legend-title" lang="en" dir="ltr">'
        in html
    )


def test_interface_words_in_an_rtl_article_keep_the_sites_direction(
    env: jinja2.Environment,
) -> None:
    html = render_page(env, article(lang="ar", dir="rtl"))
    meta = html[html.index('<p class="meta">') : html.index("</p>", html.index('<p class="meta">'))]
    assert '<time datetime="2017-12-30" lang="en" dir="ltr">30 December 2017</time>' in meta
    assert '<span class="vh" lang="en" dir="ltr">Publisher: </span>' in meta
    assert '<span class="author" lang="en" dir="ltr">By <bdi>Staff</bdi></span>' in meta
    assert '<a class="jump" href="#legend" lang="en" dir="ltr">3 attributions' in meta


def test_an_article_in_the_sites_language_repeats_no_direction(env: jinja2.Environment) -> None:
    html = render_page(env, article())
    assert '<time datetime="2017-12-30">30 December 2017</time>' in html
    assert html.count(' dir="') == 3


# ---------------------------------------------------------------- palette contrast

CSS = (TEMPLATES / "assets" / "style.css").read_text()


def block(selector: str) -> dict[str, str]:
    """The hex custom properties declared in the first rule with this selector."""
    body = CSS[CSS.index(selector + " {") :].split("}", 1)[0]
    return dict(re.findall(r"--([a-z0-9]+):\s*(#[0-9a-f]{6});", body))


def luminance(colour: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("selector", [":root", ':root[data-theme="dark"]'])
def test_body_text_and_links_keep_aa_contrast_on_every_highlight(selector: str) -> None:
    v = block(selector)
    slots = [*(str(i) for i in range(PALETTE_SIZE)), "n"]
    for fore in ("fg", "link"):
        for back in ["bg", "surface", "target", *(f"t{s}" for s in slots)]:
            assert contrast(v[fore], v[back]) >= 4.5, (selector, fore, back)
    for s in slots[:-1]:
        assert contrast(v["fg"], v[f"w{s}"]) >= 4.5, (selector, s)
        assert contrast(v[f"c{s}"], v["bg"]) >= 3, (selector, s)
        assert contrast(v[f"c{s}"], v[f"t{s}"]) >= 3, (selector, s)
    assert contrast(v["muted"], v["bg"]) >= 4.5
    assert contrast(v["muted"], v["surface"]) >= 4.5


def test_the_dark_palette_is_the_same_for_the_system_and_the_toggle() -> None:
    assert block(':root:not([data-theme="light"])') == block(':root[data-theme="dark"]')
    assert len(block(':root[data-theme="dark"]')) == 35
