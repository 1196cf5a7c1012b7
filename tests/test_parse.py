"""Parsing pages (text and HTML) into header, speakers, turns and sentences.

Inline pages are written for these tests; t*.txt / t*.html are the hand-written transcripts
in tests/transcripts (see tests/gold for their hand-made annotations).
"""

from __future__ import annotations

from datetime import date

import pytest
from conftest import ROOT, TRANSCRIPTS

from briefings.briefing import PageInput, assemble, locate_figures
from briefings.pages import page_rows
from briefings.parse import parse_page
from briefings.parse.speakers import resolve_role
from briefings.snapshots import Snapshot

# The seed page as shipped in raw/ (the same bytes as ../shared/seeds/000_adfb356dce0c9e5a.txt).
SEED = (
    ROOT / "raw" / "pages" / "960ad6247556b6fdefdd1f46b56fce754d2d15e79854a9a2c00a0402624d0cd7.txt"
)

TEXT_PAGE = """Press conference on river protection

Around China
The State Council Information Office (SCIO) held a press conference on December 28 to brief the media on river protection.

China.org.cnUpdated:  January 2, 2022

Hu Kai:

Please raise your questions.

Economic Daily: Which rivers improved most? Thanks.

Zhou Ping:

Thank you. Water quality improved in 29 provinces.
The clean-up
covered 3,100 kilometers of banks.

<  1  2  3  >
"""


def test_header_lines_give_title_and_dates_and_are_never_content() -> None:
    page = parse_page(TEXT_PAGE)
    assert page.title == "Press conference on river protection"
    assert page.published_on == date(2022, 1, 2)
    assert page.held_on == date(
        2021, 12, 28
    )  # December before a January publication: the year before
    assert page.page_count == 3
    body = "".join(page.text[t.start : t.end] for t in page.turns)
    assert "Updated" not in body and "Around China" not in body and "<" not in body


def test_the_pager_of_a_one_page_briefing_is_no_content() -> None:
    page = parse_page(TEXT_PAGE.replace("<  1  2  3  >", "<  1  >"))
    assert page.page_count == 1
    assert "<" not in page.text[page.turns[-1].start : page.turns[-1].end]


def test_labels_alone_or_inline_start_turns() -> None:
    page = parse_page(TEXT_PAGE)
    assert [t.label for t in page.turns] == ["Hu Kai", "Economic Daily", "Zhou Ping"]
    assert page.text[page.turns[1].start :].startswith("Which rivers improved most?")


def test_a_full_width_colon_and_an_outlet_named_with_a_number_are_labels() -> None:
    page = parse_page(
        "Test briefing\n\nChina.org.cnUpdated:  May 6, 2022\n\n"
        "21st Century Business Herald:\n\nHow many cases were there?\n\n"
        "Tang Mei：\n\nWe handled 320 cases.\n\nZhou Ping： Thank you.\n"
    )
    assert [t.label for t in page.turns] == [
        "21st Century Business Herald",
        "Tang Mei",
        "Zhou Ping",
    ]
    assert page.text[page.turns[2].start :].startswith("Thank you.")


def test_hard_wrapped_lines_join_one_paragraph_and_sentences_have_offsets() -> None:
    page = parse_page(TEXT_PAGE)
    last = page.turns[2]
    # A line ending a sentence ends its paragraph; a line that does not is wrapped.
    assert [page.text[p.start : p.end] for p in last.paragraphs] == [
        "Thank you. Water quality improved in 29 provinces.",
        "The clean-up\ncovered 3,100 kilometers of banks.",
    ]
    sentences = [page.text[s.start : s.end] for s in page.sentences if s.turn_index == 2]
    assert sentences == [
        "Thank you.",
        "Water quality improved in 29 provinces.",
        "The clean-up\ncovered 3,100 kilometers of banks.",
    ]


def test_sentences_do_not_end_at_abbreviations_or_decimals() -> None:
    page = parse_page(
        "T\n\nUpdated: May 1, 2022\n\nMs. Wu:\n\nMr. Li said 11.7 percent. It rose.\n"
    )
    assert [page.text[s.start : s.end] for s in page.sentences] == [
        "Mr. Li said 11.7 percent.",
        "It rose.",
    ]


def test_the_seed_page_parses_into_its_three_turns() -> None:
    page = parse_page(SEED.read_text(encoding="utf-8"))
    assert [t.label for t in page.turns] == ["Xing Huina", "CNR", "Gan Lin"]
    assert page.published_on == date(2021, 4, 30) and page.held_on == date(2021, 4, 26)
    assert page.page_count == 9


def _html(name: str) -> str:
    return (TRANSCRIPTS / name).read_text(encoding="utf-8")


def test_desktop_html_pages_drop_navigation_and_footer() -> None:
    for name in ("t2_scio_desktop.html", "t3_chinaorg_desktop.html"):
        page = parse_page(_html(name), "text/html")
        assert page.published_on is not None, name
        assert page.turns and all(t.label for t in page.turns), name
        text = page.text
        assert "Press Room |" not in text and "&nbsp;" not in text and "&ldquo;" not in text, name


def test_a_mobile_page_with_a_breadcrumb_line() -> None:
    page = parse_page(_html("t4_mobile.html"), "text/html")
    assert page.turns[0].label is not None
    first_turn_text = page.text[page.turns[0].start : page.turns[0].end]
    assert ">" not in first_turn_text.split("\n")[0]


def test_landing_page_lists_speakers_chairperson_and_date() -> None:
    page = parse_page(_html("t5_landing.html"), "text/html")
    assert [(s.name, s.role) for s in page.speakers] == [
        ("Li Ming", "official"),
        ("Zhang Rui", "official"),
        ("Tan Yue", "host"),
    ]
    assert page.speakers[0].organization == "General Administration of Customs (GAC)"
    assert page.held_on == date(2022, 1, 14)
    assert page.turns[0].label == "Tan Yue"  # the block itself is not a turn


def _assembled(*names: str) -> dict[str, list[dict]]:
    inputs = []
    for page_no, name in enumerate(names, start=1):
        path = TRANSCRIPTS / name
        media = "text/html" if name.endswith(".html") else "text/plain"
        snap = Snapshot(
            sha256=str(page_no),
            briefing_id="b",
            page_no=page_no,
            url=name,
            media_type=media,
            encoding="utf-8",
            bytes=0,
            fetched_at="",
            origin="file",
            path=name,
        )
        inputs.append(PageInput(snap, page_rows(path.read_text(encoding="utf-8"), media)))
    return assemble("b", inputs, None)


def test_a_handed_on_answer_belongs_to_the_next_labelled_speaker() -> None:
    tables = _assembled("t5_landing.html")
    speakers = {s["speaker_id"]: s for s in tables["speakers"]}
    turns = tables["turns"]
    invite = next(
        i
        for i, t in enumerate(turns)
        if t["speaker_label"] == "Tan Yue"
        and i > 0
        and turns[i - 1]["speaker_label"] == "Bloomberg"
    )
    assert speakers[turns[invite]["speaker_id"]]["role"] == "host"
    assert turns[invite]["kind"] == "moderation"
    answer = turns[invite + 1]
    assert speakers[answer["speaker_id"]]["name"] == "Li Ming" and answer["kind"] == "answer"
    # A figure reaches its speaker through its sentence's turn: the figures located in the
    # answer are exactly those whose words lie in the answer's span of the page.
    assert _figures_in_span(tables, answer) == _figures_located_in(tables, answer) != set()


def test_a_page_starting_mid_answer_carries_the_speaker_over() -> None:
    tables = _assembled("t5_landing.html", "t6_continuation.txt")
    speakers = {s["speaker_id"]: s["name"] for s in tables["speakers"]}
    first_turn_page2 = next(t for t in tables["turns"] if t["page_id"] == "b:p2")
    assert first_turn_page2["continued_from_previous_page"] is True
    assert speakers[first_turn_page2["speaker_id"]] == "Li Ming"
    carried = _figures_located_in(tables, first_turn_page2)
    assert _figures_in_span(tables, first_turn_page2) == carried != set()


def _figures_in_span(tables: dict, turn: dict) -> set[int]:
    return {
        f["char_start"]
        for f in tables["figures"]
        if f["page_id"] == turn["page_id"]
        and turn["char_start"] <= f["char_start"] < turn["char_end"]
    }


def _figures_located_in(tables: dict, turn: dict) -> set[int]:
    located = [
        f
        for f in locate_figures(tables)
        if (f["page_id"], f["turn_index"]) == (turn["page_id"], turn["turn_index"])
    ]
    assert all(f["speaker_id"] == turn["speaker_id"] for f in located)
    return {f["char_start"] for f in located}


def test_roles_of_journalists_come_from_their_outlet_labels() -> None:
    tables = _assembled("t5_landing.html")
    roles = {s["name"]: (s["role"], s["media_outlet"]) for s in tables["speakers"]}
    assert roles["China Daily"] == ("journalist", "China Daily")
    assert roles["Bloomberg"] == ("journalist", "Bloomberg")
    assert roles["Tan Yue"][0] == "host"


@pytest.mark.parametrize(
    "turns",
    [
        ["Good morning. Our guests today are two officials from customs.", "Thank you all."],
        ["They will now take your questions.", "That is all for today."],
        ["Thank you. The next press conference will be held on Friday."],
    ],
)
def test_a_host_is_known_by_introducing_guests_or_the_next_conference(turns: list[str]) -> None:
    assert resolve_role("Wen Lu", {}, turns) == ("host", None)


def _years_of_figures(body: str) -> dict[str, tuple[int | None, int | None]]:
    """number as written -> (sentence year, turn year) of each figure of a one-turn page."""
    content = TEXT_PAGE.replace("Thank you. Water quality improved in 29 provinces.", body)
    snap = Snapshot(
        sha256="1",
        briefing_id="b",
        page_no=1,
        url="u",
        media_type="text/plain",
        encoding="utf-8",
        bytes=0,
        fetched_at="",
        origin="file",
        path="p",
    )
    rows = page_rows(content, "text/plain")
    tables = assemble("b", [PageInput(snap, rows)], None)
    return {
        rows["text"][f["number_start"] : f["number_end"]]: (f["sentence_year"], f["turn_year"])
        for f in tables["figures"]
    }


def test_a_goal_year_dates_its_own_sentence_only() -> None:
    years = _years_of_figures(
        "In 2021, 310 rivers were cleaned. By 2025, 500 more should be. "
        "Crews planted 7,400 trees by the end of 2024, and 64 dams were removed."
    )
    assert years == {
        "310": (2021, 2021),
        "500": (2025, 2021),
        "7,400": (2024, 2021),
        "64": (2024, 2021),
        "3,100": (None, 2021),  # "The clean-up covered 3,100 kilometers of banks."
    }


def test_a_figure_takes_the_year_its_own_clause_states() -> None:
    years = _years_of_figures(
        "Fines came to 2,930 in 2021, up from 2,410 in 2019. "
        "Seizures were 470 in the third quarter of 2020; in the first quarter of 2021 they were 190."
    )
    assert {n: sentence for n, (sentence, _) in years.items()} == {
        "2,930": 2021,
        "2,410": 2019,
        "470": 2020,
        "190": 2021,
        "3,100": None,
    }


def test_last_year_is_the_year_before_the_briefing() -> None:
    # The page's briefing was held on December 28, 2021 (TEXT_PAGE).
    years = _years_of_figures(
        "Last year, 310 rivers were cleaned. "
        "Crews planted 7,400 trees this year, 12 percent more than last year. "
        "Over the past year, 64 dams were removed. "
        "Seizures were up 9 percent versus last year."
    )
    assert {n: sentence for n, (sentence, _) in years.items()} == {
        "310": 2020,
        "7,400": 2021,  # this year
        "12": 2021,  # compared with last year, said of this year
        "64": None,  # "the past year" in December: the last twelve months, no calendar year
        "9": None,  # the base of a comparison, as "than last year" is
        "3,100": None,
    }
