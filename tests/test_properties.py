"""Parsing and extraction never raise, whatever text or HTML they are given."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings.extract import extract_page
from briefings.pages import page_rows
from briefings.parse import parse_page

WORDS = st.sampled_from(
    [
        "more than",
        "nearly",
        "about",
        "21,000",
        "11.7%",
        "2020",
        "yuan",
        "($2.78 billion)",
        "First,",
        "six areas:",
        "Gan Lin:",
        "CNR:",
        '"Sword Net 2020"',
        "campaign",
        "of which",
        "up",
        "down",
        "by",
        "respectively",
        "\n\n",
        "\n",
        ".",
        ",",
        "<  1  2  >",
        "Updated: April 30, 2021",
        "Speakers:",
        "Chairperson:",
        "Date:",
        "Mr.",
        "within",
        "percentage points",
        "COVID-19",
        "%",
    ]
)
TEXTISH = st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=60).map(" ".join)
TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<br>",
        "<div class='content'>",
        "</div>",
        "<b>",
        "</b>",
        "<h1>",
        "</h1>",
        "<script>",
        "</script>",
        "&nbsp;",
        "&ldquo;",
        "<title>",
        "</title>",
    ]
)
HTMLISH = st.lists(st.one_of(TAGS, WORDS, st.text(max_size=10)), max_size=60).map("".join)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXTISH)
def test_text_pages_never_raise(text: str) -> None:
    page = parse_page(text, "text/plain")
    extraction = extract_page(page)
    for fig in extraction.figures:
        assert 0 <= fig.start < fig.end <= len(page.text)
        assert fig.value_low <= fig.value_high


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(HTMLISH)
def test_html_pages_never_raise(document: str) -> None:
    rows = page_rows(document, "text/html")
    for fig in rows["figures"]:
        assert rows["text"][fig["start"] : fig["end"]]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises(text: str) -> None:
    page_rows(text, "text/plain")
    page_rows(text, "text/html")
