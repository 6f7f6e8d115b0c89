"""GBK text read one byte out of step: put the bytes back in step, mark what is lost.

When a GBK decoder loses one byte, every following two-byte character is read from the trail
byte of one character and the lead byte of the next (`確保“疫情` becomes `確?！耙咔`), until a
byte it cannot pair ends the run with a `?` or U+FFFD. Re-encoding the garbled characters and
pairing the bytes one step over gives the text back; the two characters at the ends, whose
other byte is gone, become one LOST mark each. A stretch is realigned only when the realigned
reading is clearly better Chinese than the one printed.
"""
from __future__ import annotations

import re

from newscrawl.chars import HAN_CLASS, LOST, is_common, is_han

# Characters that end a garbled run: what decoders print for a byte they cannot pair.
BREAKS = "?\ufffd"
BREAK_NEAR_HAN_RE = re.compile(f"[{HAN_CLASS}][{BREAKS}]|[{BREAKS}][{HAN_CLASS}\ue000-\uf8ff!,:;]")
# Runs of characters GBK encodes in two bytes (ASCII punctuation included: text often comes
# NFKC-normalized, which turned the full-width ！ of a garbled pair into !).
RUN_RE = re.compile(f"[{HAN_CLASS}\ue000-\uf8ff\u3000-\u303f\uff01-\uff5e\u2018-\u201d\u2014\u2026\u00b7!,:;{BREAKS}]+")
# Realign only when the realigned reading scores this much above the printed one (+1 per common
# Han character, -1 per rare one or private-use character) and holds this many Han characters.
MIN_GAIN = 3
MIN_RECOVERED_HAN = 3


def realign_byte_shift(text: str) -> tuple[str, int, int]:
    """(`text` with out-of-step GBK runs realigned, runs realigned, characters marked LOST)."""
    # the substring tests are much faster than the pattern, and usually settle it
    if ("?" not in text and "\ufffd" not in text) or not BREAK_NEAR_HAN_RE.search(text):
        return text, 0, 0
    realigned = lost = 0

    def realign_run(match: re.Match[str]) -> str:
        nonlocal realigned, lost
        if not any(mark in match.group() for mark in BREAKS):
            return match.group()
        fixed, count = _realign(match.group())
        realigned += count
        lost += 2 * count
        return fixed

    return RUN_RE.sub(realign_run, text), realigned, lost


def _realign(run: str) -> tuple[str, int]:
    chars = list(run)
    pairs = [_gbk_pair(char) for char in chars]
    out: list[str] = []
    done = 0  # chars[:done] are settled (copied to out or replaced)
    previous_break = -1
    for end, char in enumerate(chars):
        if char not in BREAKS:
            continue
        start = _best_start(chars, pairs, max(previous_break + 1, done), end)
        if start is None:
            previous_break = end
            continue
        # A break right before the run is the lost byte that began it: consume it too.
        first = start - 1 if start - 1 == previous_break and start - 1 >= done else start
        out += chars[done:first]
        out += [LOST, *_shifted(pairs, start, end), LOST]
        done = end + 1
        previous_break = end
    if not done:
        return run, 0
    return "".join(out + chars[done:]), sum(1 for c in out if c == LOST) // 2


def _best_start(chars: list[str], pairs: list[bytes | None], lowest: int, end: int) -> int | None:
    """The start of the out-of-step run ending at the break `chars[end]`, if any is convincing."""
    if end - lowest < 2 or any(pairs[i] is None for i in range(lowest, end)):
        return None
    shifted = _shifted(pairs, lowest, end)  # shifted[i - lowest] pairs chars i and i+1
    best, best_gain, gain = None, 0, 0
    for start in range(end - 1, lowest - 1, -1):
        gain -= _score(chars[start])
        if start < end - 1:
            gain += _score(shifted[start - lowest])
        # On a tie the shorter run wins (its first character may be real), unless the longer
        # one reaches back to a break, which explains where the run began.
        reaches_break = start == lowest and lowest > 0 and chars[lowest - 1] in BREAKS
        if gain > best_gain or (reaches_break and gain == best_gain and best is not None):
            best, best_gain = start, gain
    if best is None or best_gain < MIN_GAIN:
        return None
    recovered = _shifted(pairs, best, end)
    if sum(map(is_han, recovered)) < MIN_RECOVERED_HAN or any(_score(c) < 0 for c in recovered):
        return None
    return best


def _shifted(pairs: list[bytes | None], start: int, end: int) -> list[str]:
    """Characters read from the trail byte of each of chars[start:end-1] and the lead of the next."""
    return [_decode_pair(pairs[i][1:2] + pairs[i + 1][0:1]) for i in range(start, end - 1)]


def _gbk_pair(char: str) -> bytes | None:
    if char in "!,:;":  # NFKC folded the full-width form
        char = chr(ord(char) + 0xFEE0)
    try:
        encoded = char.encode("gb18030")
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 else None


def _decode_pair(pair: bytes) -> str:
    try:
        return pair.decode("gb18030")
    except UnicodeDecodeError:
        return "\ufffd"


def _score(char: str) -> int:
    if is_han(char):
        return 1 if is_common(char) else -1
    if "\ue000" <= char <= "\uf8ff" or char == "\ufffd":
        return -1
    return 0
