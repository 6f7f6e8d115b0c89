"""Which of two copies of a story is the original.

Policy (README "Duplicates"): the outlet named in a copy's 来源 line is the original when its
own article is stored too (a slrbs.com reprint with 来源:中国新闻网 points at chinanews.com,
whichever was crawled first); otherwise the earlier published copy; when neither decides
(no or equal times), the copy already stored stays the original.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

# Outlet names as written in 来源 lines -> the hosts (and their subdomains) of that outlet.
OUTLET_HOSTS: dict[str, tuple[str, ...]] = {
    "中国新闻网": ("chinanews.com.cn", "chinanews.com"),
    "中新网": ("chinanews.com.cn", "chinanews.com"),
    "中新社": ("chinanews.com.cn", "chinanews.com"),
    "人民网": ("people.com.cn", "people.cn"),
    "人民日报": ("people.com.cn", "people.cn"),
    "新华网": ("news.cn", "xinhuanet.com"),
    "新华社": ("news.cn", "xinhuanet.com"),
    "央视网": ("cctv.com", "cctv.cn"),
    "央视新闻": ("cctv.com", "cctv.cn"),
    "光明网": ("gmw.cn",),
    "中国网": ("china.com.cn",),
    "澎湃新闻": ("thepaper.cn",),
    "环球网": ("huanqiu.com",),
    "中国日报网": ("chinadaily.com.cn",),
    "东方网": ("eastday.com",),
}
# Longest names first, so 中国新闻网 is not read as 中国网.
_NAMES = sorted(OUTLET_HOSTS, key=len, reverse=True)


@dataclass(frozen=True)
class Copy:
    canonical_url: str
    source: str  # the 来源 outlet
    published_at: datetime | None


def named_outlet_hosts(source: str) -> tuple[str, ...]:
    """Hosts of the outlet a 来源 value names (first known name in it), or ()."""
    for name in _NAMES:
        if name in source:
            return OUTLET_HOSTS[name]
    return ()


def is_named_outlet(url: str, source: str) -> bool:
    """Whether `url` is on the outlet that the 来源 value `source` names."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == outlet or host.endswith("." + outlet) for outlet in named_outlet_hosts(source))


def supersedes(new: Copy, stored: Copy) -> bool:
    """True when `new`, rather than the stored original, is the original of their story."""
    new_named = is_named_outlet(new.canonical_url, stored.source)
    stored_named = is_named_outlet(stored.canonical_url, new.source)
    if new_named != stored_named:
        return new_named
    if new.published_at is not None and stored.published_at is not None:
        return new.published_at < stored.published_at
    return False
