from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from newscrawl.extraction.dates import date_from_url, parse_published

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2022年07月28日17:02 |", datetime(2022, 7, 28, 17, 2, tzinfo=SHANGHAI)),
        ("2019-07-27 20:58:14", datetime(2019, 7, 27, 20, 58, 14, tzinfo=SHANGHAI)),
        ("2019年07月27日 20:58", datetime(2019, 7, 27, 20, 58, tzinfo=SHANGHAI)),
        ("2019/7/27", datetime(2019, 7, 27, tzinfo=SHANGHAI)),
        ("2019年7月27日", datetime(2019, 7, 27, tzinfo=SHANGHAI)),
        ("2019.07.27 08:05", datetime(2019, 7, 27, 8, 5, tzinfo=SHANGHAI)),
        ("2022年07月28日 17时02分", datetime(2022, 7, 28, 17, 2, tzinfo=SHANGHAI)),
        ("２０１９－０７－２７　２０：５８", datetime(2019, 7, 27, 20, 58, tzinfo=SHANGHAI)),
        ("发布时间：2019-07-27 20:58  来源：中国新闻网", datetime(2019, 7, 27, 20, 58, tzinfo=SHANGHAI)),
    ],
)
def test_portal_forms_read_in_shanghai_time(text, expected):
    published = parse_published(text)
    assert published == expected
    assert published.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    "text, offset_hours",
    [
        ("2019-07-27T20:58:14+08:00", 8),
        ("2019-07-27T12:58:14.000Z", 0),
        ("2019-07-27T20:58:14+0800", 8),
        ("2019-07-27T07:58:14-05:00", -5),
    ],
)
def test_iso_8601_keeps_its_offset(text, offset_hours):
    published = parse_published(text)
    assert published == datetime(2019, 7, 27, 12, 58, 14, tzinfo=timezone.utc)
    assert published.utcoffset() == timedelta(hours=offset_hours)


@pytest.mark.parametrize(
    "text",
    ["时间:07-29", "7月29日", "", "no date here", "2019年7月", "2019-13-45", "c134768-32487394"],
)
def test_no_complete_date_is_none(text):
    assert parse_published(text) is None


def test_impossible_date_is_skipped_for_the_next_one():
    assert parse_published("2019-02-30 / 2019-03-01") == datetime(2019, 3, 1, tzinfo=SHANGHAI)


def test_impossible_time_keeps_the_date():
    assert parse_published("2019-07-27 25:61") == datetime(2019, 7, 27, tzinfo=SHANGHAI)


def test_first_date_wins():
    assert parse_published("2020年01月02日 10:00 更新于2020年01月03日") == datetime(
        2020, 1, 2, 10, 0, tzinfo=SHANGHAI
    )


def test_other_default_zone():
    published = parse_published("2019-07-27 20:58", default_tz="UTC")
    assert published.utcoffset() == timedelta(0)
    assert published.hour == 20


def test_digits_glued_to_a_longer_number_are_not_a_year():
    assert parse_published("ID 120190727 and 320190-07-27") is None


def test_huge_input_without_date():
    assert parse_published("新闻" * 500_000) is None


@pytest.mark.parametrize("url, day", [
    ("http://www.news.cn/local/2022-07/28/c_1128870913.htm", (2022, 7, 28)),
    ("http://www.example.cn/a/20220728/123.html", (2022, 7, 28)),
    ("http://www.example.gov.cn/zwgk/t20220728_123456.html", (2022, 7, 28)),
    ("http://politics.people.com.cn/n1/2024/0424/c1001-40223222.html", (2024, 4, 24)),
    ("https://example.com/2022/07/28/story.html", (2022, 7, 28)),
])
def test_date_from_url(url, day):
    assert date_from_url(url) == datetime(*day, tzinfo=SHANGHAI)


@pytest.mark.parametrize("url", [
    "http://example.com/id/202207281234/",  # an id that starts like a date
    "http://example.com/a/20221399.html",  # no such month
    "http://example.com/2022/story.html",  # a year only
    "http://20220728.example.com/a.html",  # the host is not the path
])
def test_date_from_url_near_misses(url):
    assert date_from_url(url) is None


@pytest.mark.parametrize("text, expected", [
    ("2022 07/28 16:40:12 来源：新华网", datetime(2022, 7, 28, 16, 40, 12, tzinfo=SHANGHAI)),
    ("2019 7-27", datetime(2019, 7, 27, tzinfo=SHANGHAI)),
])
def test_a_year_printed_apart_from_month_and_day(text, expected):
    """Templates that set year, month/day and time in separate elements (news.cn's
    header-time) read as "2022 07/28 16:40:12" once their text is joined."""
    assert parse_published(text) == expected


@pytest.mark.parametrize("text", ["2022 07 28", "共2022 100/3", "第2022 7条"])
def test_a_year_apart_needs_a_month_day_pair_after_it(text):
    assert parse_published(text) is None
