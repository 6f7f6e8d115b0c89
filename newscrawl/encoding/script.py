"""Traditional or simplified: the original is kept, a simplified form is made for search and dedup."""
from __future__ import annotations

from operator import ne

from newscrawl.chars import NON_HAN_RE, to_simplified

# Share of Han characters that simplification changes, above which text is traditional:
# simplified text scores 0, traditional news text 0.2-0.4 (most characters are the same in both).
TRADITIONAL_SHARE = 0.05


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
