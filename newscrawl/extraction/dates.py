"""Publication times as Chinese portals print them.

`parse_published` finds the first complete date (year, month, day, optionally a
time and a UTC offset) in a string and returns it as a timezone-aware datetime.
Forms understood:

    2022年07月28日17:02        2019年07月27日 20:58       2019年7月27日
    2019-07-27 20:58:14        2019/7/27                  2019.07.27 08:00
    2019-07-27T20:58:14+08:00  2019-07-27T12:58:14.000Z   2022年07月28日 17时02分
    (full-width digits and colons as well)
    2022 07/28 16:40:12        (a year printed apart from month/day, as templates that set
                               each part in its own element read once their text is joined)

A date without a year (`07-29`, `7月29日`) is not a publication time: None.

`date_from_url` reads the day many CMSs put in article URLs (`/2022-07/28/`, `/20220728/`,
`t20220728_`, `/2022/0728/`), for pages that print no date.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from newscrawl.chars import FULL_WIDTH_FOLD


# A line's run of dates, clock times and weekdays as portals print them beside bylines, a year
# or not ("2019-07-27 20:58:14 星期六", "07-29 10:00"): what makes a line only a timestamp.
_LINE_DATE = r"(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}\s*[-/月]\s*\d{1,2}\s*日?)"
CLOCK_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_WEEKDAY = r"(?:星期|周)[一二三四五六日天]"
_SEP = r"[\s|/()\[\]【】]"
DATETIME = re.compile(rf"(?:{_SEP}*(?:{_LINE_DATE}|{CLOCK_TIME.pattern}|{_WEEKDAY}))+{_SEP}*")

_DATETIME = re.compile(
    r"""
    (?<!\d)(?P<year>(?:19|20)\d{2})(?:\s*(?:年|[-/.])\s*|\s+(?=\d{1,2}\s*[-/.]\s*\d{1,2}(?!\d)))
    (?P<month>\d{1,2})\s*(?:月|[-/.])\s*
    (?P<day>\d{1,2})(?!\d)\s*日?
    (?:
        \s*T?\s*(?P<hour>\d{1,2})\s*[:时点]\s*(?P<minute>\d{1,2})(?!\d)
        (?:\s*[:分]\s*(?P<second>\d{1,2})(?!\d)(?:\.\d+)?)?
        \s*(?P<offset>Z|[+-]\d{2}:?\d{2}(?!\d))?
    )?
    """,
    re.VERBOSE,
)


def parse_published(text: str, default_tz: str = "Asia/Shanghai") -> datetime | None:
    """The first publication time written in `text`, timezone-aware, or None.

    A time without an offset is read in `default_tz` (an IANA zone name); a date
    without a time is midnight of that day. Impossible dates (2019-02-30) are
    skipped and the search goes on. Raises ZoneInfoNotFoundError for an
    unknown zone name.
    """
    zone = ZoneInfo(default_tz)
    for match in _DATETIME.finditer(text.translate(FULL_WIDTH_FOLD)):
        published = _datetime_from_match(match, zone)
        if published is not None:
            return published
    return None


def _datetime_from_match(match: re.Match[str], zone: ZoneInfo) -> datetime | None:
    year, month, day = (int(match[name]) for name in ("year", "month", "day"))
    hour = int(match["hour"]) if match["hour"] else 0
    minute = int(match["minute"]) if match["minute"] else 0
    second = int(match["second"]) if match["second"] else 0
    try:
        tzinfo = _offset_zone(match["offset"]) if match["offset"] else zone
        return datetime(year, month, day, hour, minute, second, tzinfo=tzinfo)
    except ValueError:
        pass
    try:  # a plausible date followed by something that only looked like a time
        return datetime(year, month, day, tzinfo=zone)
    except ValueError:
        return None


def _offset_zone(offset: str) -> timezone:
    if offset == "Z":
        return timezone.utc
    sign = -1 if offset[0] == "-" else 1
    digits = offset[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


# A year, month and day in a URL path, as one run of 8 digits or split by / or -; never inside
# a longer run of digits (an id).
_URL_DATE = re.compile(r"(?<![0-9])(?P<year>(?:19|20)\d{2})[-/]?(?P<month>[01]\d)[-/]?(?P<day>[0-3]\d)(?![0-9])")


def date_from_url(url: str, default_tz: str = "Asia/Shanghai") -> datetime | None:
    """Midnight (in `default_tz`) of the day written in the URL's path, or None."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]+", "", url, flags=re.IGNORECASE)
    for match in _URL_DATE.finditer(path):
        try:
            return datetime(int(match["year"]), int(match["month"]), int(match["day"]),
                            tzinfo=ZoneInfo(default_tz))
        except ValueError:
            continue
    return None
