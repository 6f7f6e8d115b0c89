"""All text repairs in their order, with what each changed: the one entry point for a field."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newscrawl.text.byteshift import realign_byte_shift
from newscrawl.text.lost import mark_lost_data, mark_stranded
from newscrawl.text.mojibake import fix_mojibake
from newscrawl.text.pinyin import strip_inline_pinyin
from newscrawl.text.whitespace import normalize_whitespace


@dataclass
class RepairedText:
    text: str
    repairs: Counter[str] = field(default_factory=Counter)  # repair kind -> count
    defects: Counter[str] = field(default_factory=Counter)  # defect kind -> LOST marks


def repair_text(text: str) -> RepairedText:
    """`text` repaired: codecs undone, bytes realigned, lost data marked, pinyin and stray
    white space removed. Clean text comes back identical with nothing recorded.

    Repair kinds: mojibake-cp1252, mojibake-utf8-as-gbk, mojibake-gbk-as-latin1, byte-shift,
    pinyin, whitespace. Defect kinds: lost-char, replacement-char, private-use.
    """
    result = RepairedText(text)
    result.text, mojibake = fix_mojibake(result.text)
    result.repairs.update(mojibake)
    result.text, realigned, lost = realign_byte_shift(result.text)
    result.repairs["byte-shift"] += realigned
    result.defects["lost-char"] += lost
    result.text, unreadable = mark_lost_data(result.text)
    result.defects.update(unreadable)
    result.text, result.repairs["pinyin"] = strip_inline_pinyin(result.text)
    result.text, stranded = mark_stranded(result.text)
    result.defects["lost-char"] += stranded
    result.text, result.repairs["whitespace"] = normalize_whitespace(result.text)
    result.repairs = +result.repairs
    result.defects = +result.defects
    return result
