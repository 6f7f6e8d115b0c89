"""Titles cut to a length a title can have: a page's whole text in <title> is not its headline."""
from __future__ import annotations

import re

# Where a cut may fall: after white space or punctuation that ends a phrase.
BOUNDARY_RE = re.compile(r"[\s,.;:!?|/\-—–_、，。；：！？·》」』）)\]]")
# What a cut title does not end with: separators that announce more.
TRAILING_SEPARATORS = " \t,.;:|/-—–_、，。；：·"


def capped_title(title: str, limit: int) -> str:
    """`title` when it has at most `limit` characters, else its head cut at the last phrase
    boundary within `limit` (at `limit` itself when the last boundary is in the first half),
    without a trailing separator."""
    if len(title) <= limit:
        return title
    head = title[:limit]
    boundaries = [match.end() for match in BOUNDARY_RE.finditer(head)]
    cut = boundaries[-1] if boundaries and boundaries[-1] >= limit // 2 else limit
    return head[:cut].rstrip(TRAILING_SEPARATORS)
