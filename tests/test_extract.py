"""Extraction rules, one hard case per test. Every sentence here is written for the test."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from briefings.extract import extract_page
from briefings.parse import parse_page


def page(body: str, speaker: str = "Li Hua") -> str:
    return f"Test briefing\n\nChina.org.cnUpdated:  May 6, 2022\n\n{speaker}:\n\n{body}\n"


def figures(body: str) -> list:
    parsed = parse_page(page(body))
    return [(parsed.text[f.start : f.end], f) for f in extract_page(parsed).figures]


def written(body: str) -> list[str]:
    return [w for w, _ in figures(body)]


def one(body: str):
    found = figures(body)
    assert len(found) == 1, [w for w, _ in found]
    return found[0][1]


@pytest.mark.parametrize(
    "body",
    [
        "In 2020, we made progress.",
        "The meeting was held on March 15 in Beijing.",
        "The rules took effect on 15 March 2021.",
        "The report was published on April 30, 2021.",
        'We launched the "Sword Net 2020" campaign.',
        "This year marks the start of the 14th Five-Year Plan (2021-25) period.",
        "The COVID-19 outbreak slowed the work.",
        "We held the 3rd Forum on International Cooperation.",
        "Leaders met at the G20 summit.",
        "Operators rolled out 5G networks.",
        "Article 63 of the Trademark Law sets punitive damages.",
        "Please see page 3 of the report.",
        "The 12315 hotline takes complaints.",
        'We met the "four strictest standards" requirements.',
        "The press conference began at 10:00 a.m.",
        "The service desk is open from 9:00 to 17:30 on weekdays.",
        "Articles 122 and 123 of the Patent Law were amended.",
        "Offences under Articles 140 to 148 of the Criminal Law were covered.",
        "Under Article 9, paragraph 3, of the rules, a fine applies.",
        "The agency released version 3.1 of its online filing system.",
        "Roughly two thirds of the complaints were about delivery.",
        "One in four buyers had seen a fake listing.",
        "Licensed outlets per 10,000 residents rose sharply.",
    ],
)
def test_never_a_figure(body: str) -> None:
    assert written(body) == []


def test_ordinal_list_items_are_not_figures() -> None:
    parsed = parse_page(
        page(
            "We will work in three areas:\n\nFirst, we will act.\n\nSecond, we will plan.\n\nThird, we will review."
        )
    )
    extraction = extract_page(parsed)
    assert [parsed.text[f.start : f.end] for f in extraction.figures] == ["three"]
    assert extraction.figures[0].kind == "enumeration_count"
    assert [(e.stated_count, e.items) for e in extraction.enumerations] == [
        (3, ["First", "Second", "Third"])
    ]


def test_a_count_with_a_wrong_list_is_kept_as_stated() -> None:
    extraction = extract_page(
        parse_page(
            page(
                "We did well in two areas:\n\nFirst, we acted.\n\nSecond, we planned.\n\nThird, we reviewed."
            )
        )
    )
    assert [(e.stated_count, len(e.items)) for e in extraction.enumerations] == [(2, 3)]


def test_the_items_of_a_list_may_be_sentences_of_one_paragraph() -> None:
    extraction = extract_page(
        parse_page(
            page("We will work in two directions. First, we will guard. Second, we will build.")
        )
    )
    assert [(e.stated_count, e.items) for e in extraction.enumerations] == [
        (2, ["First", "Second"])
    ]


def test_a_count_without_a_list_is_a_plain_figure() -> None:
    fig = one("Six departments joined the inspection.")
    assert fig.kind == "level" and fig.value == 6 and fig.unit == "departments"


@pytest.mark.parametrize(
    ("body", "as_written", "qualifier", "low", "high", "low_open", "high_open"),
    [
        ("Police closed 2,884 illegal websites.", "2,884", "exact", 2884, 2884, False, False),
        ("Courts concluded 466,000 cases.", "466,000", "exact", 465500, 466500, False, False),
        (
            "We cracked down on more than 21,000 cases.",
            "more than 21,000",
            "more_than",
            21000,
            22000,
            True,
            False,
        ),
        ("Over 500 centres opened.", "Over 500", "more_than", 500, 600, True, False),
        ("Nearly 9,800 accounts were closed.", "Nearly 9,800", "nearly", 9700, 9800, False, True),
        (
            "Around 20,000 cases were handled.",
            "Around 20,000",
            "around",
            10000,
            30000,
            False,
            False,
        ),
        ("We fined at least 3,000 firms.", "at least 3,000", "at_least", 3000, 4000, False, False),
        (
            "As many as 5,800 stores were shut down.",
            "As many as 5,800",
            "up_to",
            5700,
            5800,
            False,
            False,
        ),
        (
            "Claims were answered within 15 working days.",
            "within 15",
            "up_to",
            14,
            15,
            False,
            False,
        ),
        (
            "The fines imposed exceeded 4 billion yuan.",
            "exceeded 4 billion",
            "more_than",
            4_000_000_000,
            5_000_000_000,
            True,
            False,
        ),
        ("Inspectors traced 6,000-odd parcels.", "6,000-odd", "more_than", 6000, 7000, True, False),
        (
            "Between 120 and 150 shops were fined.",
            "Between 120 and 150",
            "range",
            120,
            150,
            False,
            False,
        ),
        ("Officers formed 40-60 teams.", "40-60", "range", 40, 60, False, False),
        ("Plaintiffs won 55–65 percent of cases.", "55–65 percent", "range", 55, 65, False, False),
    ],
)
def test_qualifier_and_interval(
    body, as_written, qualifier, low, high, low_open, high_open
) -> None:
    found = figures(body)
    assert len(found) == 1
    w, fig = found[0]
    assert (w, fig.qualifier) == (as_written, qualifier)
    assert (fig.value_low, fig.value_high, fig.low_open, fig.high_open) == (
        Decimal(low),
        Decimal(high),
        low_open,
        high_open,
    )


def test_scale_words_multiply_and_set_the_precision() -> None:
    fig = one("Customs seized 120 million problematic masks.")
    assert (fig.value, fig.precision, fig.scale) == (
        Decimal(120_000_000),
        Decimal(10_000_000),
        "million",
    )
    assert (fig.value_low, fig.value_high) == (Decimal(115_000_000), Decimal(125_000_000))
    assert one("Sales reached 1.2 million units.").value == Decimal(1_200_000)


def test_small_counts_are_exact() -> None:
    fig = one("We sent 10 inspection teams.")
    assert (fig.value_low, fig.value_high) == (Decimal(10), Decimal(10))


def test_currency_and_a_converted_amount_in_brackets_are_two_figures() -> None:
    found = figures("The value involved totaled 18 billion yuan ($2.78 billion).")
    assert [w for w, _ in found] == ["18 billion", "$2.78 billion"]
    yuan, dollars = (f for _, f in found)
    assert (yuan.currency, yuan.unit, yuan.unit_kind) == ("CNY", "yuan", "currency")
    assert (dollars.currency, dollars.unit, dollars.value) == (
        "USD",
        "US dollars",
        Decimal(2_780_000_000),
    )
    rmb = one("Fines came to RMB 2.3 billion.")
    assert (rmb.currency, rmb.value) == ("CNY", Decimal(2_300_000_000))


def test_a_change_refers_to_the_level_it_describes() -> None:
    found = figures(
        "Courts concluded 466,000 first-instance IPR cases, a year-on-year increase of 11.7%."
    )
    (level_text, level), (change_text, change) = found
    assert (level_text, level.kind, level.unit) == ("466,000", "level", "first-instance IPR cases")
    assert (change_text, change.kind, change.change_direction, change.unit_kind) == (
        "11.7%",
        "change",
        "increase",
        "percent",
    )
    assert found[change.refers_to][1] is level


def test_a_change_without_its_level() -> None:
    fig = one("The amount of compensation awarded increased by 79.3% year-on-year.")
    assert (fig.kind, fig.change_direction, fig.refers_to) == ("change", "increase", None)


@pytest.mark.parametrize(
    ("body", "direction"),
    [
        ("Imports fell by 4.2 percent from a year earlier.", "decrease"),
        ("Complaints were down 3.1% year on year.", "decrease"),
        ("Revenue rose 6.5 percent compared with 2020.", "increase"),
        ("The share was 2.31%, which decreased by 0.19 percentage points.", "decrease"),
        ("Trademark filings saw negative growth of 3.4 percent.", "decrease"),
        ("Cross-border parcels plunged 28 percent.", "decrease"),
        ("Sales of licensed e-books soared 61 percent.", "increase"),
        ("The closure rate edged up 0.4 percentage points.", "increase"),
        ("The backlog shortened by 12 days.", "decrease"),
        ("Royalty income grew at an average annual rate of 8.1 percent.", "increase"),
    ],
)
def test_change_direction(body: str, direction: str) -> None:
    changes = [f for _, f in figures(body) if f.kind == "change"]
    assert [f.change_direction for f in changes] == [direction]


def test_a_phrasal_verb_is_not_a_change() -> None:
    assert [
        f.kind
        for _, f in figures(
            "Platforms cleaned up more than 150,000 pieces of content and shut down 1,560 stores."
        )
    ] == ["level", "level"]


def test_changes_pair_with_levels_respectively() -> None:
    found = figures(
        "Procuratorates approved the arrest of 9,216 people and prosecuted 15,380 people, up 6.1 percent and 9.4 percent respectively."
    )
    by_text = {w: f for w, f in found}
    assert found[by_text["6.1 percent"].refers_to][0] == "9,216"
    assert found[by_text["9.4 percent"].refers_to][0] == "15,380"


def test_a_percentage_point_change_refers_to_a_share() -> None:
    found = figures(
        "Of the cases solved, 87.5 percent were filed within 15 days, 3.2 percentage points higher than the previous year."
    )
    change = next(f for w, f in found if w == "3.2")
    assert (change.kind, change.unit_kind) == ("change", "percentage_points")
    assert found[change.refers_to][0] == "87.5 percent"


def test_unit_noun_phrase() -> None:
    assert (
        one(
            "We cracked down on more than 21,000 criminal cases of IPR infringement and the sale of fakes."
        ).unit
        == "criminal cases of IPR infringement"
    )
    assert (
        one(
            "Customs seized 62,000 shipments of import and export goods suspected of infringement."
        ).unit
        == "shipments of import and export goods"
    )
    assert (
        one("Banks lent to some 210,000 small and medium-sized firms.").unit
        == "small and medium-sized firms"
    )
    assert (
        one("We received about 67,000 patent & trademark complaints.").unit
        == "patent & trademark complaints"
    )
    assert one("Six departments jointly carried out checks.").unit == "departments"


def test_unit_kinds() -> None:
    assert one("The campaign ran for 45 days.").unit_kind == "duration"
    assert one("Officers destroyed 1,700 tonnes of fake seed.").unit_kind == "other"
    assert one("About 93% of schools took part.").unit_kind == "percent"


def test_campaigns_named_in_the_sentence_and_carried_over() -> None:
    text = (
        'Four departments launched the "Sword Net 2020" campaign. We closed 2,884 illegal websites. '
        "In rural areas, six departments checked seed markets."
    )
    assert [(w, f.campaigns) for w, f in figures(text)] == [
        ("Four", ("Sword Net 2020",)),
        ("2,884", ("Sword Net 2020",)),
        ("six", ()),
    ]


def test_a_figure_may_belong_to_several_campaigns() -> None:
    text = 'We deployed the campaign named "Longteng," the campaign named "Blue Net," and the campaign named "Clean Net," and seized 62,000 shipments.'
    assert one(text).campaigns == ("Longteng", "Blue Net", "Clean Net")
    listed = one(
        'The "Sword Net 2020", "Wangjian 2020" and "Qinglang" campaigns closed at least 3,000 websites.'
    )
    assert listed.campaigns == ("Sword Net 2020", "Wangjian 2020", "Qinglang")


def test_an_institution_as_subject_stops_a_campaign_carrying_over() -> None:
    text = (
        'Customs ran the "Longteng" campaign. It seized 900 shipments. Courts concluded 300 cases.'
    )
    assert [(w, f.campaigns) for w, f in figures(text)] == [("900", ("Longteng",)), ("300", ())]


def test_parts_of_a_whole() -> None:
    found = figures(
        "Customs seized 31,500 shipments, of which 20,400 were found in postal channels and 15,300 in express channels."
    )
    whole = found[0][1]
    assert [found[f.part_of][1] is whole for _, f in found[1:]] == [True, True]
    assert whole.part_of is None


def test_ten_thousand_as_a_scale() -> None:
    fig = one("Visitors reached 3.2 ten thousand people.")
    assert (fig.value, fig.scale) == (Decimal(32_000), "10,000")


def test_a_plus_suffix_is_more_than() -> None:
    fig = one("Police solved 21,000-plus fraud cases.")
    assert (fig.qualifier, fig.value_low, fig.value_high, fig.low_open, fig.unit) == (
        "more_than",
        Decimal(21000),
        Decimal(22000),
        True,
        "fraud cases",
    )


@pytest.mark.parametrize(
    ("body", "skipped"),
    [
        ("In 2020, we made progress.", [("2020", "year")]),
        ("The meeting was held on March 15 in Beijing.", [("15", "date")]),
        ('We launched the "Sword Net 2020" campaign.', [("2020", "name")]),
        ("The 12315 hotline takes complaints.", [("12315", "code")]),
        # The candidate pattern reads "10:00" as two numerals, both of the clock.
        ("The press conference began at 10:00 a.m.", [("10", "time"), ("00", "time")]),
        (
            "Our work had two parts.\n\n1. We acted.\n\n2. We planned.",
            [("1", "ordinal"), ("2", "ordinal")],
        ),
        ("We then (1) checked and (2) fined the sellers.", [("1", "ordinal"), ("2", "ordinal")]),
        (
            "Desks open at 8:30 and close at 18:00.",
            [("8", "time"), ("30", "time"), ("18", "time"), ("00", "time")],
        ),
        ("Articles 10 and 11 apply.", [("10", "name"), ("11", "name")]),
        (
            "About 3 in 10 users and one in five sellers agreed.",
            [("3", "ratio"), ("10", "ratio"), ("five", "ratio")],
        ),
        ("A third of the fines and three quarters of the cases were online.", [("three", "ratio")]),
        (
            "Most buyers were retirees aged over 65, and 30 were pupils aged 12 to 14.",
            [("65", "age"), ("12", "age"), ("14", "age")],
        ),
    ],
)
def test_a_skipped_numeral_keeps_its_words_and_reason(
    body: str, skipped: list[tuple[str, str]]
) -> None:
    """What marts.fct_skipped_numbers lists for review. Expected reasons are hand-assigned."""
    parsed = parse_page(page(body))
    found = extract_page(parsed).not_figures
    assert [(parsed.text[start:end], why) for _, start, end, why in found] == skipped


def test_the_warehouse_accepts_exactly_the_skip_reasons_the_extractor_gives() -> None:
    import yaml

    from briefings.config import DBT_PROJECT_DIR
    from briefings.extract.figures import SKIP_REASONS

    model = yaml.safe_load(
        (DBT_PROJECT_DIR / "models" / "marts" / "fct_skipped_numbers.yml").read_text()
    )["models"][0]
    (column,) = [c for c in model["columns"] if c["name"] == "skip_reason"]
    (accepted,) = [t["accepted_values"] for t in column["data_tests"] if "accepted_values" in t]
    assert accepted["arguments"]["values"] == list(SKIP_REASONS)


def test_the_warehouse_knows_the_words_that_qualify_a_unit_as_the_extractor_does() -> None:
    from briefings.config import DBT_PROJECT_DIR
    from briefings.extract.figures import _QUALIFYING

    macro = (DBT_PROJECT_DIR / "macros" / "qualified_units.sql").read_text()
    words = re.search(r"macro qualifier_words\(\) -%}\s*([\w|]+)\s*{%-", macro).group(1)
    assert set(words.split("|")) == _QUALIFYING


def test_a_range_is_one_figure_valued_at_its_low_end() -> None:
    (_, fig), *rest = figures("Between 120 and 150 shops were fined.")
    assert rest == []
    assert (fig.value, fig.unit) == (Decimal(120), "shops")


def test_spelled_hundreds_and_one_before_a_scale_word() -> None:
    found = figures("Four hundred stalls closed, and nearly one million fakes were seized.")
    assert [(w, f.value) for w, f in found] == [
        ("Four hundred", Decimal(400)),
        ("nearly one million", Decimal(1_000_000)),
    ]
    # "one" alone is not a count
    assert written("One of the shops reopened.") == []


def test_a_comma_less_count_after_a_verb_is_a_figure_and_a_code_is_not() -> None:
    assert written("Inspectors in Fujian investigated 3700 cases.") == ["3700"]
    assert written("Callers used the 12345 service line.") == []


def test_an_institution_named_after_the_number_keeps_the_campaign() -> None:
    text = (
        'The "Clean Web 2022" campaign closed 900 sites. '
        "Of these cases, 45 were handed to public security organs."
    )
    assert [(w, f.campaigns) for w, f in figures(text)] == [
        ("900", ("Clean Web 2022",)),
        ("45", ("Clean Web 2022",)),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "We set out five goals: first, speed; second, cost; third, reach; fourth, trust; "
        "and fifth, safety.",
        "Sellers must do four things: (1) register, (2) label goods, (3) keep records, and "
        "(4) answer complaints.",
    ],
)
def test_list_items_inside_the_counting_sentence(body: str) -> None:
    parsed = parse_page(page(body))
    extraction = extract_page(parsed)
    (en,) = extraction.enumerations
    assert len(en.items) == en.stated_count
    assert [f.kind for f in extraction.figures] == ["enumeration_count"]


def test_a_duration_joined_by_and_is_two_figures() -> None:
    found = figures("He was jailed for three years and nine months.")
    assert [(w, f.unit) for w, f in found] == [("three", "years"), ("nine", "months")]


def test_a_change_with_a_unit_links_to_the_level_after_it() -> None:
    found = figures("Average trial time was shortened by 9.5 days to 118 days.")
    (_, change), (_, level) = found
    assert (change.kind, change.change_direction) == ("change", "decrease")
    assert found[change.refers_to][1] is level


@pytest.mark.parametrize(
    ("body", "units"),
    [
        ("Teams in three cities closed 410, 388 and 52 stalls.", ["cities"] + ["stalls"] * 3),
        ("Hubei (77 raids), Hunan (64) and Henan (59) led.", ["raids", "raids", "raids"]),
        ("Of these, 3,100 were trademark cases.", ["trademark cases"]),
        ("Of those parcels, 640 came by sea.", ["parcels"]),
        ("The number of licensed dealers rose to 8,450.", ["licensed dealers"]),
        # Said with another verb: not borrowed.
        ("Police seized 500 tonnes and arrested 30.", ["tonnes", ""]),
        ("Of these, 90 were returned to sellers.", [""]),
        ("It closed 2,186 stalls this year, compared with 1,870 a year earlier.", ["stalls"] * 2),
        ("Sales reached 3,150 licences, up from 2,900.", ["licences"] * 2),
        # From the sentence before, in the same paragraph.
        (
            "Inspectors opened 4,200 warehouses. Of these, 310 held fake toys, and 95 held both.",
            ["warehouses"] * 3,
        ),
        ("Hebei handled 640 cases. Shanxi handled 512, and Inner Mongolia 230.", ["cases"] * 3),
        (
            "Courts tried 2,300 defendants. Among those tried, 1,900 were sent to prison.",
            ["defendants"] * 2,
        ),
        # After "of which", with the verb left out, compared with a change between.
        ("Platforms removed 12,000 listings, of which 700 sold fake vaccines.", ["listings"] * 2),
        (
            "Examiners reviewed 900 appeals involving patents and 410 involving trademarks.",
            ["appeals involving patents", "appeals involving trademarks"],
        ),
        (
            "A total of 820 people were detained, up 6 percent, compared with 774 in 2021.",
            ["people", "percent", "people"],
        ),
        # The subject of the clause, or the count "the total" stands for.
        (
            "Appeals about refunds came to 3,100, and the total for the year was 5,200.",
            ["Appeals"] * 2,
        ),
        ("The number of vendors banned, 75, was 20 more than in 2020.", ["vendors"] * 2),
        ("It reached 40 in May.", [""]),
    ],
)
def test_a_count_borrows_the_unit_its_sentence_states(body: str, units: list[str]) -> None:
    assert [f.unit for _, f in figures(body)] == units


def test_a_borrowed_unit_is_marked_as_such() -> None:
    found = figures("Customs opened 800 parcels. Of these, 52 held fakes, 3 more than in May.")
    assert [(f.unit, f.unit_borrowed) for _, f in found] == [
        ("parcels", False),
        ("parcels", True),
        ("parcels", True),
    ]


def test_a_unit_is_not_borrowed_across_paragraphs_or_from_another_verb() -> None:
    found = figures("Hebei handled 640 cases.\n\nShanxi handled 512.")
    assert [f.unit for _, f in found] == ["cases", ""]
    found = figures("Police seized 800 tonnes. Of these, 12 were destroyed. Police arrested 40.")
    assert [f.unit for _, f in found] == ["tonnes", "tonnes", ""]


@pytest.mark.parametrize(
    ("body", "units"),
    [
        (
            "Judges closed 715 disputes involving overseas brands.",
            ["disputes involving overseas brands"],
        ),
        (
            "Customs took 2,400 requests for seizure, and Japanese firms 310.",
            ["requests for seizure"] * 2,
        ),
        (
            "Police solved 900 fraud cases involving the internet.",
            ["fraud cases involving the internet"],
        ),
        (
            "Prosecutors charged 415 people for selling fake seed.",
            ["people for selling fake seed"],
        ),
        # Which things are counted is said only with a noun after the word; people are
        # qualified by an act ("for selling ..."), not by a kind of crime.
        ("Prosecutors charged 415 people for IPR crimes.", ["people"]),
        ("They heard 300 cases involving 12 firms.", ["cases", "firms"]),
        ("The panel had 120 applications for the year.", ["applications"]),
        ("Each file waited 30 days for review.", ["days"]),
        ("Officers seized 80 crates for export.", ["crates"]),
    ],
)
def test_words_that_say_which_things_are_counted_belong_to_the_unit(
    body: str, units: list[str]
) -> None:
    assert [f.unit for _, f in figures(body)] == units


@pytest.mark.parametrize(
    ("body", "units"),
    [
        (
            "Inspectors seized 460 scooters, drones and toy cars in May.",
            ["scooters, drones and toy cars"],
        ),
        ("The 75 judges, clerks, and mediators were trained.", ["judges, clerks, and mediators"]),
        # Not lists: a new verb, a new subject with its own verb, an adverb, counts of their own.
        (
            "Officers handled 900 cases, fined 40 firms and closed 20 shops.",
            ["cases", "firms", "shops"],
        ),
        ("Police held 300 suspects, Xinhua and CCTV reported.", ["suspects"]),
        ("They pulled 120 products, mainly toys and shoes.", ["products"]),
        ("Hubei handled 300 cases, Hunan 200 and Henan 100.", ["cases"] * 3),
        ("They closed 40 websites, and apps.", ["websites"]),
    ],
)
def test_a_list_of_nouns_after_a_number_is_its_unit(body: str, units: list[str]) -> None:
    assert [f.unit for _, f in figures(body)] == units


def test_a_number_without_a_unit_that_is_not_whole_is_no_count() -> None:
    fig = one("The number of design patents per 10,000 people reached 4.6.")
    assert (fig.unit, fig.unit_kind) == ("", "other")


def test_a_paragraph_pointing_back_to_the_campaign_keeps_it() -> None:
    text = (
        'The "Clean Web 2022" campaign closed 900 sites.\n\n'
        "Live streams were a focus of the campaign. Platforms banned 3,400 accounts.\n\n"
        "Separately, 70 schools joined a reading week."
    )
    assert [(w, f.campaigns) for w, f in figures(text)] == [
        ("900", ("Clean Web 2022",)),
        ("3,400", ("Clean Web 2022",)),
        ("70", ()),
    ]


def test_a_year_compared_with_is_not_the_period() -> None:
    parsed = parse_page(
        page(
            "Compared with 2020, raids rose 21 percent. Fines were 9.1% higher than in 2019. "
            "In 2021, courts concluded 900 cases."
        )
    )
    assert [stated.year for stated in extract_page(parsed).years] == [2021]


def test_the_number_of_lends_its_noun_only_in_its_own_clause() -> None:
    found = figures(
        "The number of patent cases climbed to 3,618, and trademark cases rose to 4,716."
    )
    # The second number's unit is its own clause's subject, not the first clause's noun.
    assert [f.unit for _, f in found] == ["patent cases", "trademark cases"]


@pytest.mark.parametrize(
    ("body", "as_written", "qualifier", "low", "high"),
    [
        ("Fines were capped at no more than 400 yuan.", "no more than 400", "up_to", 300, 400),
        ("The firm paid $1,234 in damages.", "$1,234", "exact", 1234, 1234),
        ("Sales reached RMB1.2 billion.", "RMB1.2 billion", "exact", 1_150_000_000, 1_250_000_000),
    ],
)
def test_more_qualifiers_and_currencies(body, as_written, qualifier, low, high) -> None:
    (w, fig), *rest = figures(body)
    assert rest == []
    assert (w, fig.qualifier, fig.value_low, fig.value_high) == (
        as_written,
        qualifier,
        Decimal(low),
        Decimal(high),
    )


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("Prosecutors filed 2087 smuggling cases.", ["2087"]),
        ("From 2019 to 2021, fines doubled.", []),
        ("Report it by calling 110 at once.", []),
        ("Brands were exposed at the 3.15 gala.", []),
        ("Online sales totaled 3.15 billion yuan.", ["3.15 billion"]),
        ("Seven in ten shoppers and 3 in every 100 sellers agreed.", []),
        ("Two out of three buyers complained.", []),
        ("Teams handled 50 in 10 provinces.", ["50", "10"]),
    ],
)
def test_counts_codes_days_and_ratios(body: str, found: list[str]) -> None:
    assert written(body) == found


def test_a_time_after_the_noun_is_not_part_of_the_unit() -> None:
    fig = one("The office granted 798,000 patents last year.")
    assert (fig.unit, fig.unit_kind) == ("patents", "count")


@pytest.mark.parametrize(
    ("body", "kinds", "directions"),
    [
        (
            "It handled 1,380 cases, 240 more than the year before.",
            ["level", "change"],
            [None, "increase"],
        ),
        ("Refunds shot up 130 percent.", ["change"], ["increase"]),
        ("Returns showed a 4.3 percent dip.", ["change"], ["decrease"]),
        ("There were 21.3% fewer recalls.", ["change"], ["decrease"]),
        ("Filings grew by 18% in 2020 and by 27% in 2021.", ["change", "change"], ["increase"] * 2),
        (
            "Filings totaled 6.1 million, a decrease of 2.2 percent, and 0.8 percent of them failed.",
            ["level", "change", "level"],
            [None, "decrease", None],
        ),
        (
            "The office reduced the review period by 1.2 months to 16.5 months.",
            ["change", "level"],
            ["decrease", None],
        ),
    ],
)
def test_more_ways_to_state_a_change(body: str, kinds: list[str], directions: list) -> None:
    found = [f for _, f in figures(body)]
    assert [f.kind for f in found] == kinds
    assert [f.change_direction for f in found] == directions


@pytest.mark.parametrize(
    ("body", "kinds", "directions"),
    [
        (
            "Refund claims rose by 4.1%, -2.6% and 7.3% respectively in the three regions.",
            ["change"] * 3,
            ["increase", "decrease", "increase"],
        ),
        ("Growth in design filings eased to 1.2 percent.", ["change"], ["increase"]),
        ("The share was -0.4 percentage points off the plan.", ["change"], ["decrease"]),
        ("The COVID-19 wave cut visits.", [], []),
    ],
)
def test_a_minus_sign_or_a_growth_subject_makes_a_change(
    body: str, kinds: list[str], directions: list
) -> None:
    found = [f for _, f in figures(body)]
    assert [f.kind for f in found] == kinds
    assert [f.change_direction for f in found] == directions


@pytest.mark.parametrize(
    "body",
    [
        "Jiangsu handled 4,870 cases (up 8.5%).",
        "The wait was shortened by 11 days, to 136 days.",
    ],
)
def test_a_change_in_brackets_or_after_a_comma_refers_to_its_level(body: str) -> None:
    found = [f for _, f in figures(body)]
    (change,) = [f for f in found if f.kind == "change"]
    (level,) = [f for f in found if f.kind == "level"]
    assert found[change.refers_to] is level


def test_a_part_counts_the_same_things_as_its_whole() -> None:
    found = figures("Police in 12 provinces, including Guangdong, arrested 1,150 suspects.")
    assert [f.part_of for _, f in found] == [None, None]


@pytest.mark.parametrize(
    ("body", "stated", "items"),
    [
        (
            "We will do three things this year.\n\nFirstly, we will act.\n\nSecondly, we will "
            "plan.\n\nThirdly, we will review.\n\nFinally, I thank our friends in the media.",
            3,
            3,
        ),
        (
            "We set the following four tasks.\n\nThe first is to act.\n\nThe second is to plan.\n\n"
            "The third is to review.\n\nThe fourth is to report.",
            4,
            4,
        ),
    ],
)
def test_list_items_closing_remarks_and_the_first_is(body: str, stated: int, items: int) -> None:
    (en,) = extract_page(parse_page(page(body))).enumerations
    assert (en.stated_count, len(en.items)) == (stated, items)


def test_a_sentence_dated_in_the_first_half_keeps_the_campaign() -> None:
    text = 'The "Qinglang" campaign closed 900 sites. In the first half, it removed 4,000 posts.'
    assert [f.campaigns for _, f in figures(text)] == [("Qinglang",), ("Qinglang",)]


def test_the_warehouse_accepts_exactly_the_qualifiers_the_extractor_gives() -> None:
    import yaml

    from briefings.config import DBT_PROJECT_DIR
    from briefings.extract.numbers import QUALIFIERS

    model = yaml.safe_load((DBT_PROJECT_DIR / "models" / "marts" / "fct_figures.yml").read_text())[
        "models"
    ][0]
    (column,) = [c for c in model["columns"] if c["name"] == "qualifier"]
    (accepted,) = [t["accepted_values"] for t in column["data_tests"] if "accepted_values" in t]
    assert accepted["arguments"]["values"] == list(QUALIFIERS)


def test_a_multiple_is_a_change_in_times() -> None:
    found = [
        f for _, f in figures("Fines reached 90 million yuan, a 9-fold increase over three years.")
    ]
    level, multiple, span = found
    assert (multiple.value, multiple.unit, multiple.unit_kind) == (9, "times", "other")
    assert (multiple.kind, multiple.change_direction) == ("change", "increase")
    assert found[multiple.refers_to] is level
    # "over three years" is the span of the increase, not "more than three years"
    assert (span.unit_kind, span.qualifier, span.value_high) == ("duration", "exact", 3)
    assert one("He was jailed for over two years.").qualifier == "more_than"
    found = [f for _, f in figures("Courts heard 610 cases, 1.8 times the number in 2020.")]
    assert (found[1].kind, found[1].unit, found[1].refers_to) == ("change", "times", 0)


def test_a_change_after_a_new_subject_refers_to_no_level_before_it() -> None:
    found = [
        f
        for _, f in figures(
            "Seizures of fake seed doubled to 6,000, and seizures of fake feed saw a 5-fold rise."
        )
    ]
    assert found[1].kind == "change" and found[1].refers_to is None


def test_a_campaign_carries_past_the_institution_that_runs_it() -> None:
    text = (
        'In the "Harbor Guard 2021" action, customs checked 900,000 parcels. Customs in Dalian '
        "and Qingdao handled 300 and 200 cases. Courts in Dalian heard 40 of them."
    )
    assert [f.campaigns for _, f in figures(text)] == [("Harbor Guard 2021",)] * 3 + [()]


@pytest.mark.parametrize(
    ("body", "units"),
    [
        # A participle that is the count's verb, not its noun's adjective.
        ("Raids found 900 stalls. Of these, 310 involved baby formula.", ["stalls"] * 2),
        # A list set off by commas, the verb said once.
        ("Anhui handled 2,100 cases, Hubei 1,650, and 720 in Hunan.", ["cases"] * 3),
        # Verbs of the same objects, a change between them.
        (
            "Courts accepted 81,200 appeals, up 2.1 percent, and concluded 80,950.",
            ["appeals", "percent", "appeals"],
        ),
        # The verb of the subject is the figure's qualifier.
        ("Hotline calls about fake seeds exceeded 4,000 in June.", ["Hotline calls"]),
        # A rate, not a count of its noun.
        ("Disputes fell to 4 per 10,000 online sellers.", ["per 10,000 online sellers"]),
    ],
)
def test_more_units_said_elsewhere(body: str, units: list[str]) -> None:
    assert [f.unit for _, f in figures(body)] == units


def test_a_rate_is_no_count_and_a_compared_amount_keeps_its_currency() -> None:
    assert one("Disputes fell to 4 per 10,000 online sellers.").unit_kind == "other"
    _, compared = [f for _, f in figures("Fines were RMB 52 million, compared with 47 million.")]
    assert (compared.unit_kind, compared.currency) == ("currency", "CNY")


def test_a_signed_number_alone_makes_no_list_of_changes() -> None:
    found = [f for _, f in figures("Shares were 3.1%, -2.4% and 27.6% in the three years.")]
    assert [f.kind for f in found] == ["level", "change", "level"]
    found = [f for _, f in figures("Filings changed by 5.5%, -1.2% and 3.3% respectively.")]
    assert [f.change_direction for f in found] == ["increase", "decrease", "increase"]


def test_a_campaign_named_after_its_campaign_word() -> None:
    text = 'Our third campaign, "Clear Sky 2023", covered live streams. It closed 410 rooms.'
    assert [f.campaigns for _, f in figures(text)] == [("Clear Sky 2023",)]


@pytest.mark.parametrize(
    ("body", "units"),
    [
        ("Police opened 640 cases and closed 211 of them.", ["cases"] * 2),
        ("Renewals should exceed 4 million by 2027.", ["Renewals"]),
        ("Filings from abroad fell by 8.2 percent to 1,316.", ["percent", "Filings"]),
        ("Requests naming overseas brands rose 3 percent to 905.", ["percent", "Requests"]),
        ("Stalls in 14 provinces now sell licensed goods.", ["provinces"]),
        # A percentage after a count is no member of its list.
        ("Reports reached 8,800, nearly 20 percent more than in 2022.", ["Reports", "percent"]),
    ],
)
def test_units_of_parts_subjects_and_lists(body: str, units: list[str]) -> None:
    assert [f.unit for _, f in figures(body)] == units


def test_a_change_said_twice_and_the_level_it_reaches_share_their_unit() -> None:
    count, percent, level = [
        f
        for _, f in figures(
            "The number of licensed brokers was cut by 620, or 2.9 percent, to about 20,800."
        )
    ]
    assert (count.kind, percent.kind) == ("change", "change")
    assert percent.change_direction == "decrease"
    assert count.refers_to == percent.refers_to == 2
    assert (count.unit, level.unit) == ("licensed brokers", "licensed brokers")


@pytest.mark.parametrize(
    ("body", "ranges"),
    [
        ("Shops were closed for 3 to 9 months.", [(3, 9)]),
        ("Staff grew from 40 to 65 people.", [None, None]),
        ("Claims rose by 120 to 1,150.", [None, None]),
    ],
)
def test_a_range_said_with_to(body: str, ranges: list) -> None:
    found = [f for _, f in figures(body)]
    got = [(f.value_low, f.value_high) if f.qualifier == "range" else None for f in found]
    assert got == ranges


def test_police_carry_on_a_campaign_the_ministry_of_public_security_launched() -> None:
    text = (
        'The Ministry of Public Security launched the "Iron Plough 2025" campaign in May. '
        "Police in Anhui closed 210 workshops.\n\n"
        'The "Clear Stream 2025" campaign was launched by customs. '
        "Police in Anhui closed 35 workshops."
    )
    assert [(w, f.campaigns) for w, f in figures(text)] == [
        ("210", ("Iron Plough 2025",)),
        ("35", ()),
    ]


@pytest.mark.parametrize(
    ("later", "campaigns"),
    [
        ("In the Iron Plough campaign, inspectors sampled 640 farms.", ("Iron Plough 2025",)),
        # The series, or several campaigns at once, are not this year's edition.
        (
            'Since 2019, the "Iron Plough" campaigns have sampled 640 farms.',
            ("Iron Plough",),
        ),
        (
            'The "Iron Plough" and "Green Hoe" drives sampled 640 farms.',
            ("Iron Plough", "Green Hoe"),
        ),
    ],
)
def test_a_campaign_named_without_its_year_is_the_edition_the_page_named(
    later: str, campaigns: tuple[str, ...]
) -> None:
    text = f'The "Iron Plough 2025" campaign closed 210 workshops.\n\n{later}'
    assert [(w, f.campaigns) for w, f in figures(text)][-1] == ("640", campaigns)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # (unit, kind, change direction) of the last figure
        ("A hearing took 120 days, 14 days shorter than in 2024.", ("days", "change", "decrease")),
        ("A review took 45 days, 6 days longer than in 2023.", ("days", "change", "increase")),
        ("Appeals rose to 410, 2.5 times the number in 2022.", ("times", "change", "increase")),
        ("The fine can reach 10 times the value of the goods.", ("times", "level", None)),
        ("A ruling comes within 30 days if both sides agree.", ("days", "level", None)),
    ],
)
def test_durations_and_multiples_compared_with_an_earlier_time_are_changes(
    body: str, expected: tuple[str, str, str | None]
) -> None:
    fig = figures(body)[-1][1]
    assert (fig.unit, fig.kind, fig.change_direction) == expected


@pytest.mark.parametrize(
    ("body", "units"),
    [
        (
            "The bureau runs 14 mobile labs, and it will buy 5 more next year.",
            ["mobile labs", "mobile labs"],
        ),
        # A verb the sentence before used with other things: this sentence's own pair decides.
        (
            "Courts concluded 9,100 civil cases. The appeal court accepted 820 cases and concluded 790.",
            ["civil cases", "cases", "cases"],
        ),
        # Names before the numbers: a parallel list, not the members of the count after it.
        (
            "Police in Hunan closed 610 dens, Hubei 440 and Jiangxi 125, and 18 suspects fled.",
            ["dens", "dens", "dens", "suspects"],
        ),
        (
            "Sales fell. Cases involving fake pesticides dropped by 4 percent to 316.",
            ["percent", "Cases involving fake pesticides"],
        ),
    ],
)
def test_a_count_takes_the_unit_its_own_sentence_implies(body: str, units: list[str]) -> None:
    assert [f.unit for _, f in figures(body)] == units
