"""Screenshots of the golden archive for a person to look at.

    .venv/bin/python -m tests.screenshots [OUT]   (default: a new temporary folder)

Builds tests/golden-content, opens it from disk in headless Chromium and writes full-page
PNGs: the home page, the richest article in light and dark, and that article 390 px wide.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from tests.browser import GOLDEN, build_archive, launch, tab

ARTICLE = "2021/03/minister-regrets-remarks.html"
SHOTS = (
    ("home", "index.html", False, 1280),
    ("article-light", ARTICLE, False, 1280),
    ("article-dark", ARTICLE, True, 1280),
    ("article-phone", ARTICLE, False, 390),
    ("search", "search.html", False, 1280),
)


def shoot(browser: Browser, site: Path, out: Path) -> list[Path]:
    """Write one PNG per entry of SHOTS whose page exists; return their paths."""
    written = []
    for name, rel, dark, width in SHOTS:
        if not (site / rel).is_file():
            continue
        with tab(browser, "file://", dark=dark) as t:
            t.page.set_viewport_size({"width": width, "height": 900})
            t.load((site / rel).as_uri())
            t.page.screenshot(path=out / f"{name}.png", full_page=True)
        written.append(out / f"{name}.png")
    return written


def main(argv: list[str]) -> int:
    """Build the golden archive and photograph it into argv[0] or a temporary folder."""
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="quotemark-shots-"))
    out.mkdir(parents=True, exist_ok=True)
    site = build_archive(GOLDEN, Path(tempfile.mkdtemp(prefix="quotemark-site-")) / "site")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for path in shoot(browser, site, out):
                print(path)
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
