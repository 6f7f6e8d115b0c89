"""Characters whose data is gone, marked with the one LOST sign instead of passing for text.

U+FFFD (a byte no decoder could read), `锟斤拷` (two U+FFFD encoded as UTF-8 and read as GBK),
private-use characters (GBK user-defined codes: out-of-step reading or custom fonts), and a
`?` a decoder printed for a character whose pinyin annotation survived it (`?zhǔn)`).
"""
from __future__ import annotations

import re
from collections import Counter

from newscrawl.chars import LOST, uncommon_han_re
from newscrawl.encoding.pinyin import TONED_SYLLABLE

SUSPECT_RE = re.compile("[\ufffd\ue000-\uf8ff锟?]")
RULES = (  # (defect kind, pattern, LOST marks per match)
    ("replacement-char", re.compile("锟斤拷"), 2),
    ("lost-char", re.compile(f"[?\ufffd](?={TONED_SYLLABLE}[)）])"), 1),
    ("replacement-char", re.compile("\ufffd"), 1),
    ("private-use", re.compile("[\ue000-\uf8ff]"), 1),
)


def mark_lost_data(text: str) -> tuple[str, Counter[str]]:
    """`text` with unreadable characters replaced by LOST, and how many per defect kind."""
    defects: Counter[str] = Counter()
    if not SUSPECT_RE.search(text):
        return text, defects
    for kind, pattern, marks in RULES:
        text, count = pattern.subn(LOST * marks, text)
        defects[kind] += count * marks
    return text, +defects


def mark_stranded(text: str) -> tuple[str, int]:
    """`text` with a rare character stranded between two LOST marks (decoding debris) marked too."""
    if LOST not in text:
        return text, 0
    return re.subn(f"(?<={LOST}){uncommon_han_re().pattern}(?={LOST})", LOST, text)
