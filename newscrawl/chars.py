"""Characters: the Han classes, width folding, the OpenCC converters and the matching form.

Every stage (encoding repair, extraction, dedup) takes these from here, so a character class
or a conversion is defined once.

What counts as ordinary Chinese text is the yardstick every charset and repair decision uses.

A wrong decoding of Chinese bytes still yields Han characters, but rare ones: bytes read out of
step or under the wrong codec land all over the code table, while real news text stays almost
entirely inside the ~3,700 characters of GB 2312 level 1 (or their traditional forms). The share
of such characters is a cheap, dependable plausibility score.
"""
from __future__ import annotations

import re
import subprocess
import tempfile
from collections import defaultdict
from functools import cache, lru_cache
from pathlib import Path

import opencc

# Full-width ASCII forms (：（）｜＞, digits, letters) and the ideographic space, to their
# half-width forms; a str.translate table.
FULL_WIDTH_FOLD: dict[int, str] = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
FULL_WIDTH_FOLD[0x3000] = " "

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
    simplified = opencc_converter("t2s").convert("\n".join(candidates)).split("\n")
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


@cache
def opencc_converter(config: str) -> opencc.OpenCC:
    """The OpenCC converter of `config` ("t2s", "s2t", ...), built once per process."""
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """`text` in simplified script (phrase-aware OpenCC t2s); text without Han unchanged."""
    return opencc_converter("t2s").convert(text) if HAN_RE.search(text) else text


# The matching form: rule tables are written once, in simplified characters; matching them
# against ``matching_form(text)`` makes traditional (mainland s2t, Taiwan and Hong Kong
# variants) and full-width forms match too. The conversion is character by character, so a
# match span in the matching form is the same span in the original text and captured values
# (names, outlets) keep the script they were published in.

# CJK Extension A and the Unified Ideographs block: every character a news page uses.
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
# OpenCC configurations whose output is simplified; the first that changes a character wins.
_TO_SIMPLIFIED = ("t2s", "tw2s", "hk2s")


@cache
def _matching_table() -> tuple[int, ...]:
    """The str.translate table of matching_form, indexed by code point up to the last one it
    changes (a dict that misses a character costs translate an exception per character:
    twice the time); characters past it stay."""
    chars = [chr(code) for first, last in _CJK_RANGES for code in range(first, last + 1)]
    table: dict[int, str] = {}
    for config in _TO_SIMPLIFIED:
        # One character per line keeps OpenCC from applying phrase rules across neighbours.
        converted = opencc_converter(config).convert("\n".join(chars)).split("\n")
        for char, simple in zip(chars, converted, strict=True):
            if simple != char and len(simple) == 1:
                table.setdefault(ord(char), simple)
    table.update(FULL_WIDTH_FOLD)
    table.update({0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " "})
    codes = list(range(max(table) + 1))
    for code, char in table.items():
        codes[code] = ord(char)
    return tuple(codes)


@lru_cache(maxsize=4096)  # the rules of one page look at each of its lines several times
def matching_form(text: str) -> str:
    """Simplified, half-width form of ``text`` with exactly the same length."""
    return text.translate(_matching_table())


OPENCC_DIR = Path(opencc.__file__).parent / "clib"


@cache
def simplified_forms() -> dict[str, frozenset[str]]:
    """Traditional character -> the simplified characters OpenCC's character tables relate to it:
    those STCharacters converts to it (any candidate, not only the first: 了 -> 了 瞭) and those
    TSCharacters converts it to.

    The tables ship compiled (.ocd2); OpenCC's own opencc_dict tool writes them out as text
    (about 15 ms for both, once per process).
    """
    forms: dict[str, set[str]] = defaultdict(set)
    for simplified, candidates in _opencc_table("STCharacters"):
        for traditional in candidates:
            if traditional != simplified:
                forms[traditional].add(simplified)
    for traditional, candidates in _opencc_table("TSCharacters"):
        forms[traditional].update(c for c in candidates if c != traditional)
    return {char: frozenset(chars) for char, chars in forms.items()}


def _opencc_table(name: str) -> list[tuple[str, list[str]]]:
    """(key, candidates) rows of one of OpenCC's dictionaries."""
    with tempfile.TemporaryDirectory() as folder:
        text_file = Path(folder) / f"{name}.txt"
        subprocess.run(
            [OPENCC_DIR / "bin" / "opencc_dict", "-i", OPENCC_DIR / "share" / "opencc" / f"{name}.ocd2",
             "-o", text_file, "-f", "ocd2", "-t", "text"],
            check=True, capture_output=True)
        lines = text_file.read_text(encoding="utf-8").splitlines()
    return [(key, candidates.split(" ")) for key, candidates in (line.split("\t") for line in lines)]
