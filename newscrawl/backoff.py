"""Back-off: how long to wait before a request, or an article URL that held no article, is
tried again (the retry middleware, and page_outcomes' retry_after)."""
from __future__ import annotations

import email.utils
from datetime import UTC, datetime


def retry_delay(attempt: int, base: float, cap: float, retry_after: float = 0.0) -> float:
    """Seconds to wait before retry number `attempt` (1 for the first retry)."""
    if attempt < 1:
        return 0.0
    return min(max(base * 2 ** (attempt - 1), retry_after), cap)


def retry_after_seconds(value: str, now: datetime) -> float | None:
    """The wait a Retry-After header value asks for (delta-seconds or an HTTP date)."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - now).total_seconds(), 0.0)
