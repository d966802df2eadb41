"""Save analyses, close, reopen the database and read them back (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from conflictwire.models import Actor, Analysis, Article, Claim, Event
from conflictwire.store import Store

from .conftest import MISSILE_STRIKE, SAMPLE_TEXT, other_analysis, sample_analysis, span_of


def test_saved_article_reads_back_after_reopening(db_url: str) -> None:
    analysis = sample_analysis()
    with Store.open(db_url) as store:
        assert store.save(analysis) is True

    with Store.open(db_url, create=False) as store:
        assert store.has_article(analysis.article.id)
        assert store.counts() == {"articles": 1, "events": 2, "claims": 3, "disputes": 2}
        article = store.article(analysis.article.id)
        strike = store.event("a-e1")
        bare = store.event("a-e2")

    assert article is not None
    assert article["text"] == SAMPLE_TEXT
    assert (article["title"], article["published"], article["agency"]) == (
        "Ukraine fires US missiles into Russia",
        "2024-11-20",
        "Reuters",
    )
    assert article["body"] == [[0, SAMPLE_TEXT.index("\nClose")]]
    assert article["origin"] == "tests/fixtures/example.txt"
    assert article["relevant"] is True
    assert dt.datetime.fromisoformat(article["ingested_at"]).tzinfo is not None

    assert strike is not None
    assert strike == {
        "id": "a-e1",
        "article_id": analysis.article.id,
        "article_title": "Ukraine fires US missiles into Russia",
        "published": "2024-11-20",
        "type": "missile_strike",
        "acled": {
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
        },
        "plover": "ASSAULT",
        "cameo": "195",
        "date": "2024-11-19",
        "date_precision": "day",
        "location": {
            "name": "Bryansk Oblast",
            "geonames_id": 571473,
            "admin1": "Bryansk Oblast",
            "country": "RU",
            "lat": 52.9,
            "lon": 33.4,
            "precision": "admin1",
        },
        "actor": {"name": "Ukraine", "country": "UKR", "sector": "military", "anonymous": False},
        "target": {"name": "Russia", "country": "RUS", "sector": None, "anonymous": False},
        "weapons": [
            {
                "name": "ATACMS",
                "kind": "ballistic missile",
                "origin": "USA",
                "range_km": 300,
                "family": "missile",
            }
        ],
        "claims": strike["claims"],  # checked below, one by one
        "disputes": [
            {
                "slot": "launched",
                "values": [
                    {"value": 6, "sources": ["Russia"], "claim_ids": ["a-c1"]},
                    {"value": 8, "sources": ["US official"], "claim_ids": ["a-c3"]},
                ],
            },
            {
                "slot": "damage",
                "values": [
                    {"value": "none", "sources": ["Russia"], "claim_ids": ["a-c1"]},
                    {"value": "reported", "sources": ["Kyiv"], "claim_ids": ["a-c2"]},
                ],
            },
        ],
        "evidence": [
            {
                "start": SAMPLE_TEXT.index("Ukraine struck"),
                "end": SAMPLE_TEXT.index(", Russia's defence"),
                "text": "Ukraine struck Bryansk region with six ATACMS missiles on Tuesday",
            }
        ],
    }

    russia, kyiv, unnamed = strike["claims"]
    assert [c["id"] for c in strike["claims"]] == ["a-c1", "a-c2", "a-c3"]
    assert russia == {
        "id": "a-c1",
        "source": {"name": "Russia", "country": "RUS", "sector": "government", "anonymous": False},
        "cue": "claim",
        "counts": {"launched": 6, "intercepted": 5, "killed": 0, "injured": 0},
        "damage": "none",
        "target": "military facility",
        "weapons": [],
        "negated": False,
        "stance": "asserts",
        "denied": [],
        "evidence": [
            {
                "start": SAMPLE_TEXT.index("intercepted five"),
                "end": SAMPLE_TEXT.index(" and that no one"),
                "text": "intercepted five of the six missiles",
            }
        ],
    }
    assert kyiv["counts"] == {}
    assert kyiv["weapons"][0]["name"] == "ATACMS"
    assert unnamed["source"] is None
    assert unnamed["cue"] is None
    assert unnamed["negated"] is True
    assert [e["text"] for e in unnamed["evidence"]] == ["two of eight missiles", "were intercepted"]

    assert bare is not None
    assert (bare["date"], bare["location"], bare["actor"], bare["target"]) == (None, None, None, None)
    assert (bare["weapons"], bare["claims"], bare["disputes"], bare["evidence"]) == ([], [], [], [])
    assert bare["cameo"] is None


def test_resaving_an_article_is_a_no_op(db_url: str) -> None:
    with Store.open(db_url) as store:
        assert store.save(sample_analysis()) is True
        before = store.counts()

    with Store.open(db_url) as store:
        assert store.save(sample_analysis()) is False
        assert store.counts() == before
        assert len(store.events()) == 2


def test_same_text_with_other_whitespace_is_the_same_article(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.save(sample_analysis())
        respaced = sample_analysis("  " + SAMPLE_TEXT.replace("\n", "\r\n") + "\n", prefix="b")

        assert store.save(respaced) is False
        assert store.counts()["articles"] == 1


def test_save_many_counts_stored_and_skipped(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.save(other_analysis(1))
        summary = store.save_many(other_analysis(n) for n in (1, 2, 3, 2))

        assert (summary.stored, summary.skipped, summary.failed) == (2, 2, 0)
        assert store.counts()["articles"] == 3


def test_irrelevant_article_is_stored_so_a_rerun_skips_it(db_url: str) -> None:
    analysis = dataclasses.replace(sample_analysis(), events=(), relevant=False)
    with Store.open(db_url) as store:
        assert store.save(analysis) is True
    with Store.open(db_url) as store:
        assert store.save(analysis) is False
        article = store.article(analysis.article.id)
        assert article is not None
        assert article["relevant"] is False
        assert store.events() == []


def test_missing_things_read_as_none(db_url: str) -> None:
    with Store.open(db_url) as store:
        assert store.event("nope") is None
        assert store.article("sha256:nope") is None
        assert store.has_article("sha256:nope") is False
        assert store.counts() == {"articles": 0, "events": 0, "claims": 0, "disputes": 0}
        assert store.events() == []
        assert store.disputes() == []


def test_events_filters_by_country_type_and_dates(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.save(other_analysis(1, event_date=dt.date(2024, 11, 1), country="RU"))
        store.save(other_analysis(2, event_date=dt.date(2024, 11, 10), country="UA"))
        store.save(other_analysis(3, event_date=None, country="UA"))

    with Store.open(db_url) as store:

        def ids(**filters: object) -> list[str]:
            return [event["id"] for event in store.events(**filters)]  # type: ignore[arg-type]

        assert ids(type="missile_strike") == ["x2-e1", "x1-e1", "x3-e1"]  # newest first, undated last
        assert ids(country="ua", type="missile_strike") == ["x2-e1", "x3-e1"]
        assert ids(since=dt.date(2024, 11, 5)) == ["x2-e1"]
        assert ids(until=dt.date(2024, 11, 5)) == ["x1-e1"]
        assert ids(since=dt.date(2024, 11, 1), until=dt.date(2024, 11, 1)) == ["x1-e1"]
        assert sorted(ids(type="interception")) == ["x1-e2", "x2-e2", "x3-e2"]  # all undated
        assert ids(type="protest") == []


def test_events_pages_with_limit_and_offset(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.save_many(other_analysis(n, event_date=dt.date(2024, 1, n)) for n in range(1, 8))
        everything = [event["id"] for event in store.events(limit=100)]
        pages = [
            [event["id"] for event in store.events(limit=3, offset=offset)] for offset in (0, 3, 6, 9, 12)
        ]

    assert len(everything) == 14
    assert [event_id for page in pages for event_id in page] == everything
    assert [len(page) for page in pages] == [3, 3, 3, 3, 2]


def test_event_page_children_match_single_event_reads(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.save_many(other_analysis(n) for n in range(1, 5))
        page = store.events(type="missile_strike")

        assert len(page) == 4
        assert page == [store.event(event["id"]) for event in page]
        assert all(len(event["claims"]) == 3 and len(event["disputes"]) == 2 for event in page)


def test_disputes_list_names_event_and_values(db_url: str) -> None:
    analysis = sample_analysis()
    with Store.open(db_url) as store:
        store.save(analysis)
    with Store.open(db_url) as store:
        found = store.disputes()
        assert store.disputes(limit=1, offset=1) == found[1:]

    assert found[0] == {
        "event_id": "a-e1",
        "article_id": analysis.article.id,
        "type": "missile_strike",
        "date": "2024-11-19",
        "slot": "launched",
        "values": [
            {"value": 6, "sources": ["Russia"], "claim_ids": ["a-c1"]},
            {"value": 8, "sources": ["US official"], "claim_ids": ["a-c3"]},
        ],
    }
    assert [d["slot"] for d in found] == ["launched", "damage"]


def test_unicode_text_and_evidence_survive(db_url: str) -> None:
    text = "Київ: у Брянській області «шість ракет» 🚀, — заявило міністерство.\u00a0Close"
    quoted = span_of(text, "«шість ракет» 🚀")
    claim = Claim(id="u-c1", source=Actor("Міноборони"), cue="заявити", target="склад 🚀", evidence=(quoted,))
    event = Event(id="u-e1", type=MISSILE_STRIKE, claims=(claim,), evidence=(span_of(text, "Київ"),))
    analysis = Analysis(article=Article(text=text, title="Київ 🚀"), events=(event,))
    with Store.open(db_url) as store:
        store.save(analysis)

    with Store.open(db_url) as store:
        article = store.article(analysis.article.id)
        read = store.event("u-e1")

    assert article is not None
    assert article["text"] == text
    assert article["title"] == "Київ 🚀"
    assert read is not None
    assert read["evidence"] == [{"start": 0, "end": 4, "text": "Київ"}]
    (read_claim,) = read["claims"]
    assert read_claim["source"] == {"name": "Міноборони", "country": None, "sector": None, "anonymous": False}
    assert read_claim["target"] == "склад 🚀"
    assert read_claim["evidence"] == [{"start": quoted.start, "end": quoted.end, "text": "«шість ракет» 🚀"}]


def test_nul_in_text_is_stored_as_a_replacement_character_and_offsets_hold(db_url: str) -> None:
    """PostgreSQL refuses NUL in text; both backends store U+FFFD, one character for one."""
    text = "Kyiv\x00 said five\x00 drones were shot down."
    claim = Claim(
        id="n-c1",
        source=Actor("Kyiv\x00"),
        cue="say",
        target="drones\x00",
        evidence=(span_of(text, "five\x00 drones"),),
    )
    event = Event(id="n-e1", type=MISSILE_STRIKE, claims=(claim,), trigger="shot\x00")
    analysis = Analysis(article=Article(text=text, title="\x00title"), events=(event,))
    with Store.open(db_url) as store:
        assert store.save(analysis) is True

    with Store.open(db_url) as store:
        article = store.article(analysis.article.id)
        read = store.event("n-e1")

    clean = text.replace("\x00", "\ufffd")
    assert article is not None
    assert (article["text"], article["title"]) == (clean, "\ufffdtitle")
    assert read is not None
    (read_claim,) = read["claims"]
    assert read_claim["source"]["name"] == "Kyiv\ufffd"
    assert read_claim["target"] == "drones\ufffd"
    (span,) = read_claim["evidence"]
    assert span["text"] == "five\ufffd drones" == clean[span["start"] : span["end"]]
