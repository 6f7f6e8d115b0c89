"""Text decoded upstream with the wrong codec: encode it back with that codec, decode it right.

Three confusions are common on Chinese portals, each repaired on the stretch of text it garbled:
- UTF-8 read as Latin-1/cp1252 (`äººæ°‘ç½‘`): ftfy, with every option that would touch good
  text (curly quotes, full-width forms, HTML entities, normalization) turned off;
- UTF-8 read as GBK (`浜烘皯缃戞柊闂籤` for 人民网新闻);
- GBK read as Latin-1/cp1252 (`ÈËÃñÍø` for 人民网).
A stretch is rewritten only when the result is clearly better Chinese: it was mostly rare
characters (or no Chinese at all) and becomes almost only common ones.
"""
from __future__ import annotations

import re
from collections import Counter

import ftfy
from ftfy.badness import is_bad

from newscrawl.chars import HAN_RE, common_share, uncommon_han_re

FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

# Every character Latin-1 or cp1252 gives a byte 0x80-0xFF.
LATIN_HIGH = "\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
LATIN_HIGH_RE = re.compile(f"[{LATIN_HIGH}]")
# GBK read one byte per character: a lead byte (high) then a trail byte (high or 0x40-0x7E).
GBK_AS_LATIN_RE = re.compile(f"(?:[{LATIN_HIGH}][{LATIN_HIGH}\x40-\x7e]){{2,}}")
NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f]+")
# cp1252's typographic punctuation alone (dashes, quotes, ellipses): how Chinese text sets a
# dash (——) or an ellipsis (……), never how GBK read as cp1252 looks, which has letters too.
TYPOGRAPHIC_RUN_RE = re.compile("[\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a]+")
# Latin-1/cp1252 read every UTF-8 lead byte of a multi-byte character (0xC2-0xF4) as Â..ô:
# a line without one holds no UTF-8 read that way, whatever curly quotes or dashes it has.
UTF8_LEAD_AS_LATIN_RE = re.compile("[\u00c2-\u00f4]")
# What the fixes FTFY_CONFIG enables besides the codec repair change: C1 controls, surrogates.
C1_OR_SURROGATE_RE = re.compile("[\x80-\x9f\ud800-\udfff]")
# A repaired stretch must hold this many Han characters, this share of them common...
MIN_HAN = 2
MIN_REPAIRED_SHARE = 0.9
# ...and the garbled stretch must have been at most this plausible.
MAX_GARBLED_SHARE = 0.6


def fix_mojibake(text: str) -> tuple[str, Counter[str]]:
    """`text` with wrong-codec stretches decoded right, and how many stretches per kind."""
    repairs: Counter[str] = Counter()
    if LATIN_HIGH_RE.search(text):
        # GBK first: ftfy would take some of its byte pairs for other single-byte codecs.
        text, repairs["mojibake-gbk-as-latin1"] = _fix_gbk_read_as_latin(text)
        text, repairs["mojibake-cp1252"] = _fix_utf8_read_as_cp1252(text)
    if uncommon_han_re().search(text):
        text, repairs["mojibake-utf8-as-gbk"] = _fix_utf8_read_as_gbk(text)
    return text, +repairs


def _fix_gbk_read_as_latin(text: str) -> tuple[str, int]:
    fixed_runs = 0

    def decoded(match: re.Match[str]) -> str:
        nonlocal fixed_runs
        garbled = match.group()
        if TYPOGRAPHIC_RUN_RE.fullmatch(garbled):  # "————" is a dash, not 棗棗 read as cp1252
            return garbled
        raw = _encode_latin(garbled)
        try:
            gbk = raw.decode("gb18030") if raw is not None else None
        except UnicodeDecodeError:
            gbk = None
        if gbk is None or not _clearly_better(garbled, gbk):
            return garbled
        fixed_runs += 1
        return gbk

    return GBK_AS_LATIN_RE.sub(decoded, text), fixed_runs


def _fix_utf8_read_as_cp1252(text: str) -> tuple[str, int]:
    lines = text.split("\n")
    fixed_lines = 0
    for i, line in enumerate(lines):
        # ftfy only tries codecs on a line its badness test flags: a line it cannot change
        # skips its per-call setup, which costs more than the test
        if not (C1_OR_SURROGATE_RE.search(line) or (UTF8_LEAD_AS_LATIN_RE.search(line) and is_bad(line))):
            continue
        fixed = ftfy.fix_text(line, FTFY_CONFIG)
        if fixed == line:
            continue
        share = common_share(fixed)
        if share is None or share >= MIN_REPAIRED_SHARE:
            lines[i] = fixed
            fixed_lines += 1
    return "\n".join(lines), fixed_lines


def _encode_latin(text: str) -> bytes | None:
    for codec in ("cp1252", "latin-1"):
        try:
            return text.encode(codec)
        except UnicodeEncodeError:
            pass
    return None


def _fix_utf8_read_as_gbk(text: str) -> tuple[str, int]:
    pieces, fixed_runs, last = [], 0, 0
    for match in NON_ASCII_RUN_RE.finditer(text):
        garbled = match.group()
        if not uncommon_han_re().search(garbled):
            continue
        decoded = _utf8_from_gbk(garbled)
        if decoded is not None:
            pieces += [text[last:match.start()], decoded]
            last = match.end()
            fixed_runs += 1
    return "".join(pieces) + text[last:], fixed_runs


def _utf8_from_gbk(garbled: str) -> str | None:
    if not _reads_garbled(garbled):
        return None  # plain Chinese around one rare character: re-decoding it is the cost
    # Each U+FFFD stands for one byte the GBK decoder rejected: the UTF-8 character holding
    # it is lost (the unfinished sequence before it and the continuation bytes after it),
    # the rest of the stretch is not.
    try:
        pieces = [piece.encode("gb18030").decode("utf-8", errors="replace") for piece in garbled.split("\ufffd")]
    except UnicodeEncodeError:
        return None
    last = len(pieces) - 1
    pieces = [
        piece[: len(piece) - (i < last and piece.endswith("\ufffd"))].lstrip("\ufffd" if i else "")
        for i, piece in enumerate(pieces)
    ]
    if any("\ufffd" in piece for piece in pieces):
        return None
    decoded = "\ufffd".join(pieces)
    return decoded if _clearly_better(garbled, decoded) else None


def _clearly_better(garbled: str, decoded: str) -> bool:
    if len(HAN_RE.findall(decoded)) < MIN_HAN:
        return False
    return _reads_garbled(garbled) and common_share(decoded) >= MIN_REPAIRED_SHARE


def _reads_garbled(text: str) -> bool:
    """Mostly rare characters, or no Chinese at all: what a garbled stretch reads like."""
    share = common_share(text)
    return share is None or share <= MAX_GARBLED_SHARE
