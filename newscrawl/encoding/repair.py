"""All text repairs in their order, with what each changed: the one entry point for a field."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newscrawl.encoding.byteshift import realign_byte_shift
from newscrawl.encoding.controls import remove_controls
from newscrawl.encoding.lost import mark_lost_data, mark_stranded
from newscrawl.encoding.mojibake import fix_mojibake
from newscrawl.encoding.pinyin import strip_inline_pinyin
from newscrawl.encoding.whitespace import normalize_whitespace


@dataclass
class RepairedText:
    text: str
    repairs: Counter[str]  # repair kind -> count
    defects: Counter[str]  # defect kind -> LOST marks


def repair_text(text: str) -> RepairedText:
    """`text` repaired: codecs undone, bytes realigned, lost data marked, control characters,
    pinyin and stray white space removed. Clean text comes back identical with nothing recorded.

    Repair kinds: mojibake-cp1252, mojibake-utf8-as-gbk, mojibake-gbk-as-latin1, byte-shift,
    control-char, pinyin, whitespace. Defect kinds: lost-char, replacement-char, private-use.
    """
    text, repairs = fix_mojibake(text)
    text, realigned, shifted_lost = realign_byte_shift(text)
    text, defects = mark_lost_data(text)
    # after the codecs: text read with the wrong one holds C1 characters that are its bytes
    text, controls = remove_controls(text)
    text, pinyin = strip_inline_pinyin(text)
    text, stranded = mark_stranded(text)
    text, whitespace = normalize_whitespace(text)
    repairs.update({kind: count for kind, count in
                    (("byte-shift", realigned), ("control-char", controls),
                                   ("pinyin", pinyin), ("whitespace", whitespace)) if count})
    if shifted_lost + stranded:
        defects["lost-char"] += shifted_lost + stranded
    return RepairedText(text, repairs, defects)
