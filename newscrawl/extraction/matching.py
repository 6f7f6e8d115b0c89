"""A matching form of text: simplified script, half-width punctuation, same length.

Rule tables are written once, in simplified characters; matching them against
``matching_form(text)`` makes traditional (mainland s2t, Taiwan and Hong Kong
variants) and full-width forms match too. The conversion is character by
character, so a match span in the matching form is the same span in the original
text and captured values (names, outlets) keep the script they were published in.
"""
from __future__ import annotations

from functools import cache, lru_cache

import opencc

# CJK Extension A and the Unified Ideographs block: every character a news page uses.
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
# OpenCC configurations whose output is simplified; the first that changes a character wins.
_TO_SIMPLIFIED = ("t2s", "tw2s", "hk2s")
_FULL_WIDTH_OFFSET = 0xFF01 - 0x21


@cache
def _fold_table() -> dict[int, str]:
    chars = [chr(code) for first, last in _CJK_RANGES for code in range(first, last + 1)]
    table: dict[int, str] = {}
    for config in _TO_SIMPLIFIED:
        # One character per line keeps OpenCC from applying phrase rules across neighbours.
        converted = opencc.OpenCC(config).convert("\n".join(chars)).split("\n")
        for char, simple in zip(chars, converted, strict=True):
            if simple != char and len(simple) == 1:
                table.setdefault(ord(char), simple)
    for code in range(0xFF01, 0xFF5F):  # full-width ASCII: ：（）｜＞ and letters
        table[code] = chr(code - _FULL_WIDTH_OFFSET)
    table.update({0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " "})
    return table


@lru_cache(maxsize=4096)  # the rules of one page look at each of its lines several times
def matching_form(text: str) -> str:
    """Simplified, half-width form of ``text`` with exactly the same length."""
    return text.translate(_fold_table())
