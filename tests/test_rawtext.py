"""Reading raw scraped article text: scrape line, head (caption, headline, credit), body
paragraphs and the regions among them."""

from __future__ import annotations

import datetime as dt

from quotemark.clipping import Block, Dateline, find_dateline
from quotemark.rawtext import is_prose, is_title_case, mark_regions, read_scrape

SCRAPE = " date 2019-03-14 World News\n"


def scrape(*lines: str, first: str = SCRAPE) -> str:
    return first + "".join(f"    {line}\n" for line in lines)


def messages(text: str) -> list[str]:
    return [p.format() for p in read_scrape(text, "in.txt")[1]]


# ---------------------------------------------------------------- datelines


def test_a_dateline_gives_place_and_agency() -> None:
    found = find_dateline("WASHINGTON (Sputnik) - The US-led coalition has not")
    assert found == Dateline("WASHINGTON (Sputnik) -", "Sputnik")


def test_a_dateline_may_carry_a_date_and_an_em_dash() -> None:
    found = find_dateline("BEIRUT, March 14 (Reuters) — Lebanon's minister said")
    assert found == Dateline("BEIRUT, March 14 (Reuters) —", "Reuters")


def test_a_dateline_without_agency_names_no_publisher() -> None:
    assert find_dateline("PORTVILLE – The council") == Dateline("PORTVILLE –", None)


def test_a_place_with_several_words_is_a_dateline() -> None:
    assert find_dateline("UNITED NATIONS (AP) - The") == Dateline("UNITED NATIONS (AP) -", "AP")


def test_a_sentence_with_a_dash_is_no_dateline() -> None:
    assert find_dateline("The coalition - and its allies - said so.") is None


def test_a_single_capital_letter_is_no_dateline() -> None:
    assert find_dateline("I - the undersigned - agree.") is None


# ---------------------------------------------------------------- kinds of line


def test_a_sentence_of_eight_words_is_prose() -> None:
    assert is_prose("The minister said on Thursday that it was over.")


def test_a_short_sentence_is_not_prose() -> None:
    assert not is_prose("Details to follow.")


def test_a_title_case_question_is_not_prose() -> None:
    assert not is_prose("Is the US-Led Coalition Really Fighting Daesh in Syria Now?")


def test_title_case_allows_small_words_in_lower_case() -> None:
    assert is_title_case("US-Led Coalition Denies Complicity With Daesh Terrorists in Syria")


def test_a_sentence_is_not_title_case() -> None:
    assert not is_title_case("The press service said it was a bad attempt")


def test_the_headline_after_a_credit_is_a_teaser() -> None:
    blocks = mark_regions(["© AFP 2017/ US NAVY", "Coalition denies complicity", "Text."])
    assert [b.role for b in blocks] == ["photo-credit", "related-article-teaser", None]


def test_a_sentence_after_a_credit_is_article_text() -> None:
    blocks = mark_regions(["Photo: Reuters/Jim Urquhart", "We will count every vote, he said."])
    assert blocks == [
        Block("Photo: Reuters/Jim Urquhart", "photo-credit"),
        Block("We will count every vote, he said."),
    ]


def test_a_read_more_line_is_a_teaser() -> None:
    blocks = mark_regions(["Read more: Kremlin comments on the treaty"])
    assert blocks == [Block("Read more: Kremlin comments on the treaty", "related-article-teaser")]


def test_a_short_title_case_line_is_article_text() -> None:
    assert mark_regions(["Background Notes"]) == [Block("Background Notes")]


# ---------------------------------------------------------------- whole scrapes


def test_the_scrape_line_gives_the_date_and_is_dropped() -> None:
    clipping, _ = read_scrape(scrape("Headline Here", "BEIRUT (Reuters) - Text."), "in.txt")
    assert clipping is not None
    assert clipping.date == dt.date(2019, 3, 14)
    assert "World News" not in clipping.text


def test_two_head_lines_are_caption_then_headline() -> None:
    text = scrape("A photo of the port. File photo", "Port Reopens", "PORTVILLE - It reopened.")
    clipping, _ = read_scrape(text, "in.txt")
    assert clipping is not None
    assert clipping.front == (
        'title: "Port Reopens"\ndate: 2019-03-14\ncaption: "A photo of the port. File photo"\n'
    )


def test_a_credit_in_the_head_becomes_the_credit_field() -> None:
    text = scrape("Caption of the photo", "© Sputnik / Ilya Pitalev", "Headline", "MOSCOW - Text.")
    clipping, _ = read_scrape(text, "in.txt")
    assert clipping is not None
    assert 'credit: "© Sputnik / Ilya Pitalev"\n' in clipping.front


def test_without_a_dateline_the_body_starts_at_the_first_prose_line() -> None:
    long_caption = "Election workers count ballots at the county office in Phoenix, Arizona."
    body = "Election officials said on Thursday that 300,000 ballots remained to be counted."
    clipping, _ = read_scrape(scrape(long_caption, "Counting Continues", body), "in.txt")
    assert clipping is not None
    assert (clipping.title, clipping.body) == ("Counting Continues", body + "\n")


def test_indentation_goes_and_no_break_spaces_stay() -> None:
    clipping, _ = read_scrape(scrape("Headline", "PARIS (AFP) - of\u00a0Daesh here."), "in.txt")
    assert clipping is not None
    assert clipping.body == "PARIS (AFP) - of\u00a0Daesh here.\n"


def test_text_without_a_scrape_line_has_no_date() -> None:
    assert messages("    Headline\n    Body text.\n") == [
        "in.txt:1:1: error[missing-field]: no date found: a scraped article starts with the "
        'line "date YYYY-MM-DD …"; add it (or import the article as Markdown or HTML with '
        "its date)"
    ]


def test_a_scrape_line_with_an_impossible_date_is_refused() -> None:
    assert messages(scrape("Headline", first="\n date 2017-02-30 Register\n")) == [
        'in.txt:2:7: error[bad-value]: scrape line: "2017-02-30" is not a calendar date '
        "(day must be in 1..28 for 2017-02); write YYYY-MM-DD"
    ]


def test_a_scrape_line_with_no_date_is_refused() -> None:
    assert messages(scrape("Headline", first="date Register\n")) == [
        'in.txt:1:6: error[bad-value]: scrape line: "Register" is not a date; write date YYYY-MM-DD'
    ]


def test_a_scrape_line_alone_has_no_title() -> None:
    assert messages(SCRAPE + "\n   \n") == [
        "in.txt:1:1: error[missing-field]: no title found: the headline should follow the "
        "scrape line; add it"
    ]


def test_credits_alone_make_no_title() -> None:
    assert messages(scrape("© AFP 2017")) == [
        "in.txt:1:1: error[missing-field]: no title found: the headline should follow the "
        "scrape line; add it"
    ]
