"""White space as typeset by portals, made plain: full-width punctuation is left as published."""
from __future__ import annotations

import re

# Zero-width characters; the joiner U+200D only where it is not gluing an emoji sequence.
ZERO_WIDTH_RE = re.compile(r"[\u200b\u200c\u2060\ufeff]|\u200d(?=[\x00-\u9fff])|(?<=[\x00-\u9fff])\u200d")
INLINE_SPACE_RE = re.compile(r"[ \t\u00a0]{2,}|[\t\u00a0]")
# Paragraph indents: full-width (U+3000) and no-break spaces, spaces, at the start of a line;
# trailing space at the end of one.
EDGE_SPACE_RE = re.compile(r"^[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+$", re.MULTILINE)
BLANK_LINES_RE = re.compile(r"\n{2,}")
STEPS = ((ZERO_WIDTH_RE, ""), (INLINE_SPACE_RE, " "), (EDGE_SPACE_RE, ""), (BLANK_LINES_RE, "\n"))
SUSPECT_RE = re.compile(r"[\u00a0\u3000\u200b-\u200f\u2060\ufeff\t\r]|  |^ | $|\n\n|\n |^\n|\n$| \n")


def normalize_whitespace(text: str) -> tuple[str, int]:
    """`text` with zero-width characters, indents and blank lines removed, runs of space made one,
    and the number of places changed."""
    if not SUSPECT_RE.search(text):
        return text, 0
    changes = text.count("\r")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for pattern, replacement in STEPS:
        text, count = pattern.subn(replacement, text)
        changes += count
    stripped = text.strip("\n")
    return stripped, changes + (stripped != text)
