"""What counts as ordinary Chinese text: the yardstick every charset and repair decision uses.

A wrong decoding of Chinese bytes still yields Han characters, but rare ones: bytes read out of
step or under the wrong codec land all over the code table, while real news text stays almost
entirely inside the ~3,700 characters of GB 2312 level 1 (or their traditional forms). The share
of such characters is a cheap, dependable plausibility score.
"""
from __future__ import annotations

import re
from functools import cache

import opencc

HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
HAN_RE = re.compile(f"[{HAN_CLASS}]")
NON_HAN_RE = re.compile(f"[^{HAN_CLASS}]+")
# The one mark for a character whose bytes are lost (U+3013 GETA MARK, the typesetter's
# "missing glyph" sign): never a guessed character.
LOST = "\u3013"


def is_han(char: str) -> bool:
    return HAN_RE.match(char) is not None


@cache
def common_han() -> frozenset[str]:
    """GB 2312 level-1 characters plus every traditional form that simplifies to one of them."""
    level1 = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                level1.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:  # D7FA-D7FE are unassigned
                pass
    candidates = [chr(c) for c in range(0x4E00, 0xA000)]
    # One character per line: OpenCC converts phrases, and a newline ends every phrase.
    simplified = opencc.OpenCC("t2s").convert("\n".join(candidates)).split("\n")
    traditional = {t for t, s in zip(candidates, simplified) if s in level1}
    return frozenset(level1 | traditional)


@cache
def uncommon_han_re() -> re.Pattern[str]:
    """Matches one Han character outside `common_han()`."""
    common = "".join(sorted(common_han()))
    return re.compile(f"(?![{common}])[{HAN_CLASS}]")


def is_common(char: str) -> bool:
    return char in common_han()


def common_share(text: str, sample: int = 2000) -> float | None:
    """Share of the first `sample` Han characters of `text` that are common; None without Han text."""
    # one string of Han characters, and the few rare ones among them: no object per character
    han = NON_HAN_RE.sub("", text[: sample * 4])[:sample]
    if not han:
        return None
    return (len(han) - len(uncommon_han_re().findall(han))) / len(han)
