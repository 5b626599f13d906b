"""Articles as lists show them: newest first, dated for readers."""

from __future__ import annotations

from quotemark.cards import place
from quotemark.project import make_project
from tests.conftest import REPO, summaries_of


def golden_articles() -> list[str]:
    project = make_project(str(REPO), content=str(REPO / "tests" / "golden-content"))
    return [p.path for p in place(summaries_of(project))]


def test_articles_are_placed_newest_first_at_their_pages() -> None:
    assert golden_articles() == [
        "2021/03/no-annotations-yet.html",
        "2021/03/minister-regrets-remarks.html",
        "2017/12/us-led-coalition-denies-transporting-daesh-commanders-from-syrias-deir-ez-zor.html",
    ]


def test_a_date_is_shown_day_month_year() -> None:
    project = make_project(str(REPO), content=str(REPO / "tests" / "golden-content"))
    dates = [a.display_date for a in summaries_of(project)]
    assert sorted(dates) == ["30 December 2017", "4 March 2021", "5 March 2021"]
