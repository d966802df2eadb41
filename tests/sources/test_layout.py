"""Page furniture of a copied page: title, byline, dates, captions and chrome are read as
metadata and left out of the body spans, while the text itself stays exactly as given.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwire.models import Article
from conflictwire.sources.base import ReadOptions, article_from_text

TITLE = "Drones hit fuel depot near the border"
BODY_1 = (
    "Ukrainian drones struck a fuel depot in the border region overnight, setting several tanks "
    "on fire, the regional governor said on Tuesday."
)
BODY_2 = "Firefighters worked through the morning to contain the blaze, and no casualties were reported."
CAPTION = "A fuel tank burns after the attack. Photo: Reuters"
FURNITURE = ["Close", "November 22, 2024", TITLE, "By Reuters", "November 19, 2024", CAPTION]


def copied_page(byline: str = "By Reuters") -> str:
    """Chrome, a capture date above the title, title, byline, date, a doubled caption, body."""
    lines = ["Close", "November 22, 2024", TITLE, byline, "November 19, 2024", CAPTION, CAPTION]
    return "\n".join([*lines, BODY_1, BODY_2, ""])


def read(text: str, published: dt.date | None = None) -> Article:
    return article_from_text(text, origin="page.txt", options=ReadOptions(published=published))


def body_text(article: Article) -> str:
    return "\n".join(article.text[s.start : s.end] for s in article.body)


@pytest.mark.parametrize("byline", ["By Reuters", "By\u00a0Reuters", "by  Reuters"])
def test_furniture_becomes_metadata(byline: str) -> None:
    article = read(copied_page(byline))
    assert article.title == TITLE
    assert article.published == dt.date(2024, 11, 19)  # the byline date, not the capture date above the title
    assert article.agency == "Reuters"


def test_furniture_lines_are_outside_the_body_and_the_text_is_unchanged() -> None:
    text = copied_page()
    article = read(text)
    assert article.text == text
    assert body_text(article) == BODY_1 + "\n" + BODY_2
    for line in FURNITURE:
        start = text.index(line)
        assert not any(s.start <= start < s.end for s in article.body), line


def test_body_spans_are_ordered_and_inside_the_text() -> None:
    article = read(copied_page())
    assert list(article.body) == sorted(article.body)
    assert all(0 <= s.start < s.end <= len(article.text) for s in article.body)


def test_metadata_title_wins_and_its_repeat_in_the_text_is_furniture() -> None:
    text = f"{TITLE}\n{BODY_1}\n"
    article = article_from_text(text, origin="feed.jsonl:1", options=ReadOptions(), title=TITLE)
    assert article.title == TITLE
    assert body_text(article) == BODY_1


def test_a_single_short_line_is_all_body_and_no_title() -> None:
    text = "Shelling hit the town on Monday."
    article = read(text)
    assert (article.title, body_text(article)) == (None, text)


def test_ap_dateline_names_the_agency() -> None:
    text = (
        "KYIV, Ukraine (AP) — Russian drones struck an energy facility in the capital overnight, "
        "officials said on Wednesday, leaving thousands without power.\n"
    )
    article = read(text)
    assert article.agency == "Associated Press"
    assert body_text(article).startswith("KYIV, Ukraine (AP)")


def test_reuters_dateline_gives_agency_and_month_and_day() -> None:
    text = "KYIV, Nov 19 (Reuters) - Russian drones struck an energy facility in the capital, officials said."
    article = article_from_text(text, origin="page.txt", options=ReadOptions())
    assert article.agency == "Reuters"
    assert article.published is not None and (article.published.month, article.published.day) == (11, 19)


def test_a_given_publication_date_is_used_when_the_page_has_none() -> None:
    text = f"{BODY_1}\n{BODY_2}\n"
    assert read(text, published=dt.date(2024, 11, 20)).published == dt.date(2024, 11, 20)


def test_a_dateline_without_a_year_is_never_in_the_future() -> None:
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    if tomorrow.year != today.year:
        pytest.skip("no later day left in this year to write a dateline for")
    text = (
        f"KYIV, {tomorrow:%b} {tomorrow.day} (Reuters) - Russian drones struck an energy facility in the "
        "capital overnight, officials said."
    )
    article = article_from_text(text, origin="page.txt", options=ReadOptions())
    assert article.published is not None
    assert article.published <= today
