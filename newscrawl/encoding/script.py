"""Traditional or simplified: the original is kept, a simplified form is made for search and dedup."""
from __future__ import annotations

from functools import cache
from operator import ne

import opencc

from newscrawl.chars import HAN_RE, NON_HAN_RE

# Share of Han characters that simplification changes, above which text is traditional:
# simplified text scores 0, traditional news text 0.2-0.4 (most characters are the same in both).
TRADITIONAL_SHARE = 0.05


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    return _t2s().convert(text) if HAN_RE.search(text) else text


def detect_script(text: str) -> str:
    """"Hant" for traditional Chinese, "Hans" for simplified, "" when there is no Han text."""
    han = NON_HAN_RE.sub("", text)
    if not han:
        return ""
    simplified = to_simplified(han)
    if simplified == han:
        return "Hans"
    changed = sum(map(ne, han, simplified))
    return "Hant" if changed / len(han) > TRADITIONAL_SHARE else "Hans"
