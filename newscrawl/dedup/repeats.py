"""Run-level sign of an error or anti-bot page: the same page on many URLs of one site.

Different stories have different bodies, and reprints live on other sites; a body that is
identical on several URLs of one host in one run, or a title shared by several short
pages of one host, is what the host serves instead of its articles (a block, a login
wall, an error page without telling words).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Only pages with a body shorter than this share a title as a sign: some sites put their
# own name in every <title>.
SHORT_BODY_CHARS = 500


@dataclass(frozen=True)
class Repeat:
    sign: str  # "same body" or "same title"
    urls: tuple[str, ...]  # the earlier URLs of the run that showed the same page


def repeat_keys(url: str, title: str, body: str) -> list[tuple[str, str]]:
    """The (sign, key) pairs a page is counted under: its host's body, and its host's
    title when the body is short."""
    host = (urlsplit(url).hostname or "").lower()
    keys = [("same body", f"{host}\n{hashlib.sha1(body.encode('utf-8')).hexdigest()}")]
    if title.strip() and len(body) < SHORT_BODY_CHARS:
        keys.append(("same title", f"{host}\n{' '.join(title.split())}"))
    return keys


@dataclass
class RepeatCounter:
    """Counts pages per key over one run; `add` says when a page repeats on `min_urls` URLs."""

    min_urls: int
    urls: dict[str, list[str]] = field(default_factory=dict)
    repeated: set[str] = field(default_factory=set)

    def add(self, url: str, title: str, body: str) -> Repeat | None:
        """Count the page at `url`; a Repeat when it is (now, or already was) on at least
        min_urls URLs, with the earlier URLs not yet reported."""
        found = None
        for sign, key in repeat_keys(url, title, body):
            seen = self.urls.setdefault(key, [])
            if url not in seen:
                seen.append(url)
            if found is None and (key in self.repeated or len(seen) >= self.min_urls):
                earlier = () if key in self.repeated else tuple(u for u in seen if u != url)
                self.repeated.add(key)
                found = Repeat(sign, earlier)
        return found
