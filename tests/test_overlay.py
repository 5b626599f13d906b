"""The script ``serve`` adds to pages: the problems it carries, and how it carries them."""

from __future__ import annotations

import json
import re

from quotemark.overlay import MAX_LINES, preview_script


def carried(script: bytes) -> list[str]:
    """The problems array the script was generated with."""
    match = re.search(r"var problems = (.*);\n", script.decode())
    assert match is not None
    return list(json.loads(match.group(1)))


def test_after_a_good_build_the_script_carries_no_problems() -> None:
    assert carried(preview_script(())) == []


def test_the_problems_travel_as_given() -> None:
    problems = (
        'content/a.annotations.yaml:3:5: error[orphan]: "x" not found',
        "b:1:1: warning[c]: y",
    )
    assert carried(preview_script(problems)) == list(problems)


def test_no_markup_or_line_separator_reaches_the_script_unescaped() -> None:
    problem = 'a:1:1: error[x]: "</script><img src=x onerror=alert(1)>" \u2028 é'
    script = preview_script([problem]).decode()
    assert "</script>" not in script and "<img" not in script and "\u2028" not in script
    assert carried(script.encode()) == [problem]


def test_the_problems_are_shown_through_text_content_only() -> None:
    script = preview_script(["a:1:1: error[x]: y"]).decode()
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert 'list.textContent = problems.join("\\n");' in script


def test_a_flood_of_problems_is_cut_with_a_count_of_the_rest() -> None:
    problems = [f"a:{n}:1: error[x]: y" for n in range(1, MAX_LINES + 6)]
    shown = carried(preview_script(problems))
    assert shown == [*problems[:MAX_LINES], "… and 5 more (see the terminal)"]
