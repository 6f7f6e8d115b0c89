"""Whether a page fetched again under a stored canonical URL tells another story.

A re-crawl may update a stored article (a correction, an added paragraph), but a URL that now
serves another story (a reused id, a CMS that recycled the address, a mirror whose canonical
link points at the wrong page) must not overwrite the stored one.
"""
from __future__ import annotations

from collections.abc import Callable

from newscrawl.dedup.fingerprint import normalise


def is_other_story(title: str, stored_title: str, similarity: Callable[[], float | None],
                   threshold: float) -> bool:
    """True when a page is not a version of the stored article: its title differs and its body's
    similarity with the stored body (containment, None when the stored row holds no text to
    compare) is below half the near-duplicate `threshold`: far below what any edit of the same
    text scores. `similarity` is called only when the titles differ (it reads the stored body)."""
    if normalise(title) == normalise(stored_title):
        return False
    found = similarity()
    return found is not None and found < threshold / 2


def conflict_identity(url: str, canonical_url: str, content_hash: str) -> str:
    """The identity a page that conflicts with the story stored under `canonical_url` is stored
    under: its fetched `url`, or when that is the stored URL itself, the URL with a fragment
    naming the page's content. Canonical URLs never keep a fragment, so that identity cannot be
    a real page's; the content hash makes a later crawl of the same page find its row again."""
    if url != canonical_url:
        return url
    return f"{url}#newscrawl-conflict-{content_hash[:16]}"
