"""The reading page: the script only enhances, print and RTL read right, dark follows the system."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import TempProject

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
JS = (TEMPLATES / "assets" / "quotemark.js").read_text()
CSS = (TEMPLATES / "assets" / "style.css").read_text()

ARABIC_BODY = "قال الوزير: «نحن ملتزمون بالسلام» في مؤتمر صحفي.\n"
ARABIC_SIDECAR = """\
schema: annotated-news/sidecar@1
entities:
  - id: minister
    type: person
    name: وزير الخارجية
attributions:
  - id: a1
    kind: direct
    source: {entity: minister, mention: الوزير}
    cue: {anchor: قال, lemma: قال}
    content:
      - نحن ملتزمون بالسلام
    note: تصريح في مؤتمر صحفي.
"""


def media_block(query: str) -> str:
    """The body of the first `@media <query> { ... }` block of style.css."""
    start = CSS.index(f"@media {query} {{") + len(f"@media {query} {{")
    depth = 1
    for i in range(start, len(CSS)):
        depth += {"{": 1, "}": -1}.get(CSS[i], 0)
        if depth == 0:
            return CSS[start:i]
    raise AssertionError(f"unclosed @media {query}")


# ---------------------------------------------------------------- the script


@pytest.mark.parametrize(
    "api",
    [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "createContextualFragment",
        "DOMParser",
        "eval(",
        "Function(",
        "fetch(",
        "XMLHttpRequest",
        "Worker(",
        "importScripts",
        "import(",
        "sendBeacon",
        "WebSocket",
    ],
)
def test_the_script_never_builds_html_from_strings_nor_loads_anything(api: str) -> None:
    assert api not in JS


def test_the_script_is_a_classic_strict_script_in_one_closure() -> None:
    assert not re.search(r"^\s*(import|export)\b", JS, flags=re.M)
    body = JS[JS.index("*/") + 2 :]
    assert body.startswith('\n(function () {\n  "use strict";\n')
    assert body.endswith("\n})();\n")


def test_the_script_sets_no_inline_style_attribute() -> None:
    assert 'setAttribute("style"' not in JS
    assert ".cssText" not in JS


def test_every_storage_access_sits_in_a_try_block() -> None:
    lines = JS.splitlines()
    uses = [i for i, line in enumerate(lines) if "window.localStorage" in line]
    assert len(uses) == 3
    for i in uses:
        opened = max(j for j in range(i) if lines[j].strip() == "try {")
        assert not any("catch" in line for line in lines[opened:i]), lines[i]


def test_the_ids_the_script_adds_stay_off_the_pipelines_prefix() -> None:
    assert re.findall(r"\.id = ([^;]+);", JS) == ["POP_ID"]
    assert 'var POP_ID = "qm-popover";' in JS


def test_every_button_the_script_makes_is_a_plain_button() -> None:
    made = re.findall(r'var (\w+) = document\.createElement\("button"\);', JS)
    assert made == ["button", "button", "close"]
    assert re.findall(r'(\w+)\.type = "button";', JS) == made


def test_toggles_say_whether_they_are_pressed_and_note_links_whether_they_are_open() -> None:
    for attribute in ("aria-pressed", "aria-expanded", "aria-controls"):
        assert f'setAttribute("{attribute}"' in JS, attribute
    assert 'label.textContent = "Close note";' in JS
    assert 'group.setAttribute("aria-label", "Colour theme");' in JS
    assert 'status.setAttribute("role", "status");' in JS


def test_escape_closes_the_note_before_it_clears_the_spotlight() -> None:
    onkey = JS[JS.index("function onKey(event) {") :].split("\n  }\n", 1)[0]
    assert onkey.index("if (open) {") < onkey.index("spotlight(null)")
    assert 'event.key !== "Escape"' in onkey


# ---------------------------------------------------------------- the stylesheet


def test_dark_mode_follows_the_system_unless_light_is_chosen() -> None:
    assert ':root:not([data-theme="light"]) {' in media_block(
        "screen and (prefers-color-scheme: dark)"
    )
    assert ':root[data-theme="dark"] {' in media_block("screen")


def test_paper_is_always_light() -> None:
    dark = [m.start() for m in re.finditer(r"--bg: #17181b;", CSS)]
    enclosing = [CSS[:d].rsplit("@media ", 1)[1].split("{", 1)[0].strip() for d in dark]
    assert enclosing == ["screen and (prefers-color-scheme: dark)", "screen"]


def test_printing_hides_every_control_and_the_site_navigation() -> None:
    hidden = media_block("print").split("{ display: none !important; }")[0].split("}")[-1]
    selectors = {s.strip() for s in hidden.split(",")}
    assert {
        ".site-header nav",
        ".skip-link",
        ".theme-switch",
        ".an-spot",
        ".an-spot-all",
        ".an-spot-bar",
        ".an-pop",
        ".an-back",
        ".an-export",
        ".jump",
    } <= selectors


def test_printing_keeps_highlights_apart_by_line_style_in_black() -> None:
    block = media_block("print")
    assert "mark.an { background: none; }" in block
    assert ".an-content, .an-mention, .an-cue { text-decoration-color: #000; }" in block
    assert ".an-source { border-bottom-color: #000; }" in block
    assert ".an-addressee { outline-color: #000; }" in block


def test_printing_keeps_each_highlights_note_number() -> None:
    block = media_block("print")
    assert '.an-ref::before { content: "["; }' in block
    assert '.an-ref::after { content: "]"; }' in block
    assert ".an-ref" not in block.split("{ display: none !important; }")[0]


def test_printing_forces_the_light_palette_over_a_chosen_theme() -> None:
    assert media_block("print").lstrip().startswith(":root,\n  :root[data-theme] {\n")


def test_the_stylesheet_uses_logical_directions_only() -> None:
    physical = re.compile(
        r"\b(margin|padding|border)-(left|right)\b|text-align:\s*(left|right)"
        r"|float:\s*(left|right)|^\s*(left|right):",
        flags=re.M,
    )
    assert physical.findall(CSS) == []


def test_a_dimmed_highlight_keeps_readable_text() -> None:
    rule = CSS[CSS.index(".an-spotlight .an.an-dim {") :].split("}", 1)[0]
    assert "color: var(--muted);" in rule
    assert "opacity" not in CSS


# ---------------------------------------------------------------- built pages


def test_an_rtl_article_renders_right_to_left(project: TempProject) -> None:
    project.article("2020/salam.md", ARABIC_BODY, title="تصريحات حول السلام", lang="ar", dir="rtl")
    project.write("2020/salam.annotations.yaml", ARABIC_SIDECAR, dedent=False)
    assert project.run("build").code == 0
    html = (project.site / "2020/05/salam.html").read_text()
    assert '<article class="article" lang="ar" dir="rtl" aria-labelledby="article-title">' in html
    assert '<h1 id="article-title">تصريحات حول السلام</h1>' in html
    body = html[html.index('<div class="article-body">') : html.index('<section class="legend"')]
    assert (
        '<mark class="an an-content an-direct" data-an="a1" data-entity="minister">'
        "نحن ملتزمون بالسلام</mark>"
    ) in body
    assert '<li id="an-note-a1" class="an-note" data-entity="minister">' in html


def test_the_built_article_links_its_export_file(project: TempProject) -> None:
    project.article("2020/salam.md", ARABIC_BODY, lang="ar", dir="rtl")
    project.write("2020/salam.annotations.yaml", ARABIC_SIDECAR, dedent=False)
    assert project.run("build").code == 0
    html = (project.site / "2020/05/salam.html").read_text()
    href = re.findall(r'<p class="an-export"><a href="([^"]+)"', html)
    assert href == ["salam.annotations.jsonld"]
    assert (project.site / "2020/05" / href[0]).is_file()
