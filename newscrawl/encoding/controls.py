"""Control characters removed from text: C0/C1 controls, terminal escape sequences, bidi controls.

Stored text is read in terminals, spreadsheets and web pages: an ANSI escape (`\\x1b[2J`) clears
the screen of whoever selects the row, a bidi override (U+202E) reorders what follows it, a NUL
cuts the field short in C tools. None of them is text. Escape sequences go whole (ESC with its
parameters), not just their ESC. Tab and line breaks stay (CR is the white-space step's).
"""
from __future__ import annotations

import re

CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# One character class: a fast test that text has none (every sequence starts with one of them).
ANY_CONTROL_RE = re.compile(f"[{CONTROL_CHARS}]")
# Most specific first: an escape sequence before its lone ESC.
CONTROL_RE = re.compile(
    # OSC (window title, hyperlink...): ESC ] ... ended by BEL or ST, within one line
    r"\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)"
    # CSI (colours, cursor, clear screen): ESC [ or the C1 CSI, parameters, one final byte
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    # DCS, SOS, PM, APC strings: ESC P/X/^/_ ... ST
    r"|\x1b[PX^_][^\x1b\n]*\x1b\\"
    # nF (character set designation, ESC ( B) and the two-byte Fp/Fe/Fs escapes
    r"|\x1b[ -/]*[0-~]"
    # lone C0 controls but tab, LF and CR; DEL and C1; bidi embeddings, overrides, isolates, marks
    f"|[{CONTROL_CHARS}]"
)


def remove_controls(text: str) -> tuple[str, int]:
    """`text` without control characters and escape sequences, and how many were removed."""
    if not ANY_CONTROL_RE.search(text):
        return text, 0
    return CONTROL_RE.subn("", text)
