"""The times stage on short sentences: each expression resolved against a publication date.

No model needed: `find_times` works on the raw text. The articles are "published" on
Wednesday 2024-11-20 unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwire.models import TimeMention
from conflictwire.pipeline.times import find_times

WEDNESDAY = dt.date(2024, 11, 20)


def only(text: str, published: dt.date | None = WEDNESDAY) -> tuple[str, TimeMention]:
    """The one time expression of `text`, as (its text, the mention)."""
    found = find_times(text, published)
    assert len(found) == 1, [text[t.span.start : t.span.end] for t in found]
    mention = found[0]
    return text[mention.span.start : mention.span.end], mention


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The depot was hit on Tuesday.", "2024-11-19"),  # the day before publication
        ("The depot was hit on Wednesday.", "2024-11-20"),  # publication day itself
        ("The depot was hit on Thursday.", "2024-11-14"),  # news looks back: last week's Thursday
        ("Drones hit the port last Friday.", "2024-11-15"),
        ("Drones hit the port last Wednesday.", "2024-11-13"),  # "last" never means today
    ],
)
def test_weekday_resolves_to_the_last_such_day_on_or_before_publication(text: str, expected: str) -> None:
    _, mention = only(text)
    assert (mention.value, mention.type, mention.precision) == (expected, "DATE", "day")


def test_yesterday_is_the_day_before_publication() -> None:
    said, mention = only("Shelling resumed yesterday, officials said.")
    assert said == "yesterday"
    assert (mention.value, mention.precision) == ("2024-11-19", "day")


def test_explicit_date_keeps_its_own_year() -> None:
    said, mention = only("Officials met on November 19, 2023 to discuss it.")
    assert said == "November 19, 2023"
    assert (mention.value, mention.precision) == ("2023-11-19", "day")


def test_day_and_month_without_year_take_the_publication_year() -> None:
    said, mention = only("The convoy left on 19 Nov and returned later.")
    assert said == "19 Nov"
    assert mention.value == "2024-11-19"


def test_day_and_month_after_publication_belong_to_the_previous_year() -> None:
    _, mention = only("The convoy left on 28 Dec and returned later.")
    assert mention.value == "2023-12-28"


def test_day_month_date_in_may_is_found() -> None:
    _, mention = only("The attack on 5 May killed three people.")
    assert mention.value == "2024-05-05"


def test_last_week_is_the_iso_week_before_publication() -> None:
    said, mention = only("Fighting intensified last week near the river.")
    assert said == "last week"
    assert (mention.value, mention.precision) == ("2024-W46", "week")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The offensive began in March.", "2024-03"),
        ("The offensive began in December.", "2023-12"),  # a month after publication is last year's
    ],
)
def test_month_name_has_month_precision(text: str, expected: str) -> None:
    _, mention = only(text)
    assert (mention.value, mention.precision) == (expected, "month")


def test_the_same_day_inherits_the_previous_day() -> None:
    found = find_times("Drones hit the port on Monday. A second wave came the same day.", WEDNESDAY)
    assert [t.value for t in found] == ["2024-11-18", "2024-11-18"]


def test_the_following_day_is_one_day_after_the_previous_day() -> None:
    found = find_times("Drones hit the port on Monday. Repairs began the following day.", WEDNESDAY)
    assert [t.value for t in found] == ["2024-11-18", "2024-11-19"]


def test_an_anaphor_with_nothing_before_it_has_no_value() -> None:
    _, mention = only("The same day, sirens sounded across the city.")
    assert mention.value is None


@pytest.mark.parametrize(
    ("text", "said", "value"),
    [
        ("The town was shelled for three days.", "three days", "P3D"),
        ("Leaders spoke to mark 1,000 days of conflict.", "1,000 days", "P1000D"),
        ("Drones circled the plant for 24 hours.", "24 hours", "PT24H"),
    ],
)
def test_durations_are_durations_never_dates(text: str, said: str, value: str) -> None:
    found_text, mention = only(text)
    assert found_text == said
    assert (mention.type, mention.value) == ("DURATION", value)


def test_an_ordinal_day_of_the_war_is_no_date() -> None:
    found = find_times("On the war's 1,000th day, Ukraine fired missiles at Bryansk.", WEDNESDAY)
    assert not [t for t in found if t.type == "DATE" and t.value is not None]


def test_without_a_publication_date_a_weekday_is_found_but_unresolved() -> None:
    said, mention = only("The depot was hit on Tuesday.", published=None)
    assert said == "Tuesday"
    assert mention.value is None


def test_without_a_publication_date_an_explicit_date_still_resolves() -> None:
    _, mention = only("The depot was hit on November 19, 2024.", published=None)
    assert mention.value == "2024-11-19"


def test_a_sentence_without_time_words_has_no_times() -> None:
    assert find_times("Firefighters contained the blaze at the depot.", WEDNESDAY) == []


def test_mentions_come_in_text_order_with_spans_into_the_text() -> None:
    text = "Shelling began yesterday; drones followed on Monday and again in March."
    found = find_times(text, WEDNESDAY)
    assert [text[t.span.start : t.span.end] for t in found] == ["yesterday", "Monday", "March"]


# ---------------------------------------------------------------- TimeML (TIMEX3) conventions
@pytest.mark.parametrize(
    ("text", "said", "type_", "value"),
    [
        ("Prices rose over the past three years.", "the past three years", "DURATION", "P3Y"),
        ("Profit fell in the third quarter.", "the third quarter", "DATE", "2024-Q3"),
        ("The company posted a third-quarter loss.", "third-quarter", "DATE", "2024-Q3"),
        ("The town was quiet last summer.", "last summer", "DATE", "2023-SU"),
        ("The militia was founded in the 1990s.", "the 1990s", "DATE", "199"),
        ("Output peaked in the late 1980s.", "the late 1980s", "DATE", "198"),
        ("Many 1990s reforms ended.", "1990s", "DATE", "199X"),
        ("The rebels now hold the town.", "now", "DATE", "PRESENT_REF"),
        ("The ministry recently moved its offices.", "recently", "DATE", "PAST_REF"),
        ("More strikes are likely in the future.", "the future", "DATE", "FUTURE_REF"),
        ("Convoys cross the border daily.", "daily", "SET", "P1D"),
        ("Sirens are tested every Thursday.", "every Thursday", "SET", "XXXX-WXX-4"),
        ("The siege lasted two and a half years.", "two and a half years", "DURATION", "P2Y6M"),
        ("Talks stalled a few days later.", "a few days", "DURATION", "PXD"),
        ("The bridge was built 40 years ago.", "40 years ago", "DATE", "1984"),
        ("The ceasefire collapsed three days ago.", "three days ago", "DATE", "2024-11-17"),
        ("Shelling began at 14:30 on Tuesday.", "14:30 on Tuesday", "TIME", "2024-11-19T14:30"),
        ("Friday's attack killed two people.", "Friday", "DATE", "2024-11-15"),
        ("Fighting eased this morning.", "this morning", "TIME", "2024-11-20TMO"),
        ("The offensive began on Nov. 3, 2022.", "Nov. 3, 2022", "DATE", "2022-11-03"),
        ("The talks opened in March 2023.", "March 2023", "DATE", "2023-03"),
        ("Sirens sounded on Tuesday evening.", "Tuesday evening", "TIME", "2024-11-19TEV"),
        ("Two drones were downed over the weekend.", "the weekend", "DATE", "2024-W46-WE"),
        ("Strikes resumed this weekend.", "this weekend", "DATE", "2024-W47-WE"),
    ],
)
def test_timex3_extents_and_values(text: str, said: str, type_: str, value: str) -> None:
    found_text, mention = only(text)
    assert (found_text, mention.type, mention.value) == (said, type_, value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The envoys will meet on Thursday.", "2024-11-21"),  # future tense: the coming Thursday
        ("The envoys met on Thursday.", "2024-11-14"),
        ("The deal takes effect Dec. 1.", "2024-12-01"),
        ("The convoy reached the city on Nov. 2.", "2024-11-02"),
        ("The militia must leave the town by February.", "2025-02"),  # a deadline: the coming one
        ("The corridor stays open until March.", "2025-03"),
        ("The corridor has been closed since March.", "2024-03"),
        ("By February, the militia had left the town.", "2024-02"),  # past perfect: the last one
        ("The envoys planned to leave on Thursday.", "2024-11-21"),  # a plan: the coming one
        ("The army has scheduled a briefing Thursday.", "2024-11-21"),
        ("A vigil planned at the square for Saturday was cancelled.", "2024-11-16"),  # "plans" as a noun too
        ("On Friday, when the envoy set aside his plans, talks resumed.", "2024-11-15"),
    ],
)
def test_tense_chooses_between_the_day_before_and_the_day_after_publication(text: str, expected: str) -> None:
    _, mention = only(text)
    assert mention.value == expected


@pytest.mark.parametrize(
    "text",
    [
        "A 45-year-old man was wounded.",  # an age
        "The program costs $5 million a year.",  # a rate
        "Talks may resume, officials said.",  # the verb, not the month
        "Three-quarters of the city lost power.",  # a fraction
        "He spoke on 60 channels.",  # no unit of time
    ],
)
def test_ages_rates_verbs_and_fractions_are_no_time_expressions(text: str) -> None:
    assert find_times(text, WEDNESDAY) == []


def test_a_year_ago_in_an_earnings_report_is_the_same_quarter_a_year_earlier() -> None:
    text = "Third-quarter profit rose to $5 million from $4 million a year ago."
    found = find_times(text, dt.date(1989, 11, 2))
    assert [(text[t.span.start : t.span.end], t.value) for t in found] == [
        ("Third-quarter", "1989-Q3"),
        ("a year ago", "1988-Q3"),
    ]


def test_a_long_expression_is_found_whole_around_its_trigger_word() -> None:
    # the stage runs each pattern only near a word it needs ("hours"): the window must hold it all
    said, mention = only("Sirens sounded for no more than the past twenty-four hours.")
    assert (said, mention.value) == ("no more than the past twenty-four hours", "PT24H")


def test_a_character_whose_lower_case_is_longer_does_not_shift_the_spans() -> None:
    text = "İstanbul talks ended yesterday."  # "İ".lower() is two characters
    found = find_times(text, WEDNESDAY)
    assert [(text[t.span.start : t.span.end], t.value) for t in found] == [("yesterday", "2024-11-19")]


def test_an_earnings_report_speaks_of_the_fiscal_quarter_it_names_first() -> None:
    # a fiscal first quarter ending in September: "the quarter" and "a year earlier" follow it,
    # not the last calendar quarter before publication (1989-Q3)
    text = (
        "The carrier earned $40 million in its fiscal first quarter. Sales in the quarter rose 9% "
        "from a year earlier. Its fourth quarter ended June 30 had been weak."
    )
    found = find_times(text, dt.date(1989, 10, 26))
    values = {text[t.span.start : t.span.end]: t.value for t in found}
    assert values["fiscal first quarter"] == "1989-Q1"
    assert values["the quarter"] == "1989-Q1"
    assert values["a year earlier"] == "1988-Q1"


@pytest.mark.parametrize(
    "text",
    [
        'The minister spoke on the "This Week" programme.',  # a title, not this week
        "He was interviewed on 60 Minutes about the siege.",
        "Their poster quoted the film High Noon.",
        "The rallies matter to today's youth more than to their parents.",  # the age, not the day
        "He wants to choose the people of tomorrow.",
    ],
)
def test_titles_and_generic_today_are_no_time_expressions(text: str) -> None:
    assert find_times(text, WEDNESDAY) == []


@pytest.mark.parametrize(
    ("text", "said", "value"),
    [
        ("The dividend will be paid Dec. 14 to holders.", "Dec. 14", "2024-12-14"),  # "will be paid": future
        ("The summit was held on April 24 and 25.", "25", "2024-04-25"),  # the second of two coordinated days
        ("The March accession was welcomed.", "March", "2024-03"),
        ("Envoys emerged from a day-long meeting.", "day-long", "P1D"),
    ],
)
def test_more_timex3_conventions(text: str, said: str, value: str) -> None:
    found = find_times(text, WEDNESDAY)
    assert (said, value) in [(text[t.span.start : t.span.end], t.value) for t in found]


def test_the_following_month_counts_from_the_last_month_named() -> None:
    text = "The board met in March. The following month, the company put itself up for sale."
    found = find_times(text, WEDNESDAY)
    assert [(text[t.span.start : t.span.end], t.value) for t in found] == [
        ("March", "2024-03"),
        ("The following month", "2024-04"),
    ]


def test_a_year_ago_beside_a_longer_period_is_the_year_before() -> None:
    text = "Third-quarter profit rose. Net for the first nine months fell from $9 million a year earlier."
    found = find_times(text, dt.date(1989, 11, 2))
    assert ("a year earlier", "1988") in [(text[t.span.start : t.span.end], t.value) for t in found]


@pytest.mark.parametrize(
    ("text", "said", "value"),
    [
        ("Fighting may ease this quarter.", "this quarter", "2024-Q4"),  # outside an earnings report
        ("Output fell from the prior year.", "the prior year", "2023"),  # no year named before
        ("The envoys will soon return.", "soon", "FUTURE_REF"),
    ],
)
def test_present_quarter_prior_year_and_soon(text: str, said: str, value: str) -> None:
    found = find_times(text, WEDNESDAY)
    assert [(text[t.span.start : t.span.end], t.value) for t in found] == [(said, value)]


def test_soon_after_a_past_event_is_no_time() -> None:
    assert find_times("He was soon released from hospital.", WEDNESDAY) == []


@pytest.mark.parametrize(
    ("text", "published", "said", "value"),
    [
        # a holiday days away is this year's even in a past-tense sentence; with "week", its ISO week
        ("Pilgrims gathered as Holy Easter week began.", dt.date(2024, 3, 25), "Easter week", "2024-W13"),
        ("The town was quiet at Christmas.", dt.date(2024, 12, 20), "Christmas", "2024-12-25"),
        ("The town was quiet at Christmas.", dt.date(2024, 6, 20), "Christmas", "2023-12-25"),
        # "the week of" a date is that date's ISO week
        ("Talks will resume the week of March 6.", WEDNESDAY, "the week of March 6", "2025-W10"),
        # "the day before" a weekday shifts the weekday's date by one
        ("Envoys met the day before last Tuesday.", WEDNESDAY, "the day before last Tuesday", "2024-11-18"),
    ],
)
def test_holiday_weeks_and_days_next_to_a_named_day(
    text: str, published: dt.date, said: str, value: str
) -> None:
    found = find_times(text, published)
    assert [(text[t.span.start : t.span.end], t.value) for t in found] == [(said, value)]


@pytest.mark.parametrize(
    ("text", "said", "value"),
    [
        # a scheduled event in the present tense is ahead: "reopens Tuesday" is next Tuesday
        ("The border crossing reopens Tuesday, officials said.", "Tuesday", "2024-11-26"),
        ("The two envoys meet Friday in Doha.", "Friday", "2024-11-22"),
        # "last" the verb is not part of the span
        ("The offensive would last several weeks.", "several weeks", "PXW"),
        ("Talks could last three days.", "three days", "P3D"),
    ],
)
def test_present_schedules_and_last_the_verb(text: str, said: str, value: str) -> None:
    found = find_times(text, WEDNESDAY)
    assert [(text[t.span.start : t.span.end], t.value) for t in found] == [(said, value)]


@pytest.mark.parametrize(
    ("text", "said", "value"),
    [
        # the main clause's tense holds when the clause around the date has none
        ("Talks are expected to resume after the holiday in April.", "April", "2025-04"),
        ("The trial, set for June 3, was delayed.", "June 3", "2025-06-03"),  # a date set is ahead
    ],
)
def test_tense_from_the_main_clause_and_dates_set_for(text: str, said: str, value: str) -> None:
    found = find_times(text, WEDNESDAY)
    assert [(text[t.span.start : t.span.end], t.value) for t in found] == [(said, value)]


def test_as_many_days_is_no_duration() -> None:
    assert find_times("It was the second blast in as many days.", WEDNESDAY) == []


@pytest.mark.parametrize(
    ("text", "said", "value"),
    [
        # "the year" is the year the text last named in digits, else the publication's
        ("The army retook the city in 2010. Later in the year, rebels came.", "Later in the year", "2010"),
        ("Rebels advanced in 2011. By the end of the year they held it.", "the end of the year", "2011"),
        ("Output will rise next year. By the end of the year stocks fall.", "the end of the year", "2024"),
        # "will one day": an unnamed day ahead, not a day's length
        ("The exiles hope they will one day return.", "one day", "FUTURE_REF"),
    ],
)
def test_the_year_after_a_named_year_and_one_day_ahead(text: str, said: str, value: str) -> None:
    found = find_times(text, WEDNESDAY)
    assert (said, value) in [(text[t.span.start : t.span.end], t.value) for t in found]


@pytest.mark.parametrize(
    ("text", "published", "said", "value"),
    [
        ("The offensive stalled in the summer.", dt.date(2013, 3, 22), "the summer", "2012-SU"),
        ("The offensive stalled in the summer.", dt.date(2013, 10, 2), "the summer", "2013-SU"),
        ("Elections will be held in the spring.", dt.date(2013, 10, 2), "the spring", "2014-SP"),
        ("It fell in the autumn of last year.", dt.date(2013, 3, 22), "the autumn of last year", "2012-FA"),
    ],
)
def test_seasons_follow_the_tense_and_take_a_relative_year(
    text: str, published: dt.date, said: str, value: str
) -> None:
    found = find_times(text, published)
    assert [(text[t.span.start : t.span.end], t.value) for t in found] == [(said, value)]
