"""Inline pinyin annotations (`網(wǎng)`), added by converter mirrors, removed; real brackets kept.

An annotation goes only when each syllable is a reading of the character it follows (pypinyin's
readings, traditional characters included, heteronyms counted), written with tone marks, tone
numbers or bare. `(上海)`, `(AI)`, `(记者 王子涛)` and `(來源:綠色青浦)` are not readings and stay.

A mirror that converts simplified text to traditional annotates its *source* character: `瞭(le)`
is 了 converted to 瞭, `乾(gàn)` is 干, `髮(fā)` is 发. So the readings of every simplified
character that OpenCC's character tables relate to the traditional one count too.
"""
from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import cache
from pathlib import Path

from newscrawl.chars import HAN_CLASS, LOST, simplified_forms

TONED_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
SYLLABLE = f"[a-zü{TONED_VOWELS}]+[1-5]?"
# A syllable that must be pinyin: it carries a tone mark.
TONED_SYLLABLE = f"[a-zü]*[{TONED_VOWELS}][a-zü{TONED_VOWELS}]*"
ANNOTATION_RE = re.compile(f"([{HAN_CLASS}]{{1,8}})[(（]({SYLLABLE}(?: {SYLLABLE}){{0,7}})[)）]")
# An annotation with a tone mark or number in it, and syllables with neither.
MARKED_ANNOTATION_RE = re.compile(f"[(（][a-zü{TONED_VOWELS}]*(?:[{TONED_VOWELS}]|[a-zü][1-5])")
BARE_SYLLABLES_RE = re.compile("[a-zü]+(?: [a-zü]+)*")
# An annotation's opening bracket is followed by a syllable's first letter.
OPENING_RE = re.compile(f"[(（][a-zü{TONED_VOWELS}]")
# After a lost character the annotation cannot be checked; a toned syllable is proof enough
# (its opening bracket is often lost with the character).
ORPHAN_RE = re.compile(f"(?<={LOST})[(（]?{TONED_SYLLABLE}[)）]")


def strip_inline_pinyin(text: str) -> tuple[str, int]:
    """`text` without pinyin annotations, and how many were removed."""
    if LOST not in text and not OPENING_RE.search(text):
        return text, 0
    removed = 0
    # A bare reading ("没(mo)") is also how an author explains a word; it goes only from text
    # that a converter annotated, which writes tone marks or numbers.
    annotated_text = MARKED_ANNOTATION_RE.search(text) is not None

    def without_annotation(match: re.Match[str]) -> str:
        nonlocal removed
        han, syllables = match.group(1), match.group(2).split(" ")
        annotated = han[-len(syllables):]
        if not annotated_text and BARE_SYLLABLES_RE.fullmatch(match.group(2)):
            return match.group()
        if len(annotated) == len(syllables) and all(map(is_reading, syllables, annotated)):
            removed += 1
            return han
        return match.group()

    text = ANNOTATION_RE.sub(without_annotation, text)
    text, orphans = ORPHAN_RE.subn("", text)
    return text, removed + orphans


def is_reading(syllable: str, char: str) -> bool:
    """True when `syllable` (tone marks, tone number or none) is a reading of `char` or of a
    simplified form of it."""
    readings = readings_of(char)
    if syllable in readings:
        return True
    bare = syllable.rstrip("12345")
    tone = syllable[len(bare):]
    for reading in readings:
        base, reading_tone = _base_and_tone(reading)
        if base == bare.replace("v", "ü") and (not tone or tone == reading_tone):
            return True
    return False


def _base_and_tone(reading: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", reading)
    tone = next((str(i) for i, mark in enumerate("\u0304\u0301\u030c\u0300", 1) if mark in decomposed), "5")
    base = "".join(c for c in decomposed if c not in "\u0304\u0301\u030c\u0300")
    return unicodedata.normalize("NFC", base), tone


@cache
def readings_of(char: str) -> tuple[str, ...]:
    """pypinyin's readings (tone marks) of `char` and of its simplified forms."""
    readings = []
    for form in (char, *simplified_forms().get(char, ())):
        readings += [r for r in pinyin_readings(ord(form)).split(",") if r and r not in readings]
    return tuple(readings)


def pinyin_readings(code: int) -> str:
    """pypinyin's readings of the character `code`, comma-separated ("líng,yuán,xīng"; "" for
    none), found in the text of its per-character table. Loaded as pypinyin loads it, a dict,
    the table costs a crawl 11 MB at the first text with something like an annotation; its
    text costs 1.6 MB, and a lookup (readings_of caches them) a search through it."""
    table = _pinyin_table_text()
    key = f'\n"{code}": "'
    start = table.find(key)
    if start < 0:
        return ""
    start += len(key)
    return table[start:table.index('"', start)]


@cache
def _pinyin_table_text() -> str:
    """pypinyin's pinyin_dict.json (one character a line, `"12295": "líng,yuán,xīng",`), read
    without importing pypinyin, whose import loads the table as a dict and its 2.5 MB phrase
    dictionary."""
    package = importlib.util.find_spec("pypinyin").submodule_search_locations[0]
    return (Path(package) / "pinyin_dict.json").read_text(encoding="utf-8")
