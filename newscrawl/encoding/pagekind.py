"""Is a fetched page text that may hold an article? Pure checks over its Content-Type,
raw bytes and decoded text, made before any extraction.

- `content_kind`: "html" (HTML/XHTML, or `<html`/doctype sniffed when the type is missing
  or generic), "xml" (feeds, sitemaps) or "other" (images, PDF, JSON...). Only "html"
  pages can be articles; "other" bodies are not even decoded.
- `undecodable`: the decoded text is not text: beyond a small share of U+FFFD, or mostly
  replacement, private-use and control characters (random bytes, a PNG served as HTML).
"""
from __future__ import annotations

import re

import numpy as np

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
XML_TYPES = frozenset({"text/xml", "application/xml", "application/rss+xml",
                       "application/atom+xml", "application/rdf+xml"})
# Types that say nothing about the body: the body is sniffed instead.
GENERIC_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream",
                           "text/plain", "application/unknown", "unknown/unknown"})
SNIFF_BYTES = 1024
# The WHATWG MIME sniffing standard's HTML patterns: the first tag (after white space) of an
# HTML document, whichever it is: many real pages open with <head>, <meta> or a comment.
HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|"
    rb"title|b|body|br|p|meta|link)[\s>/]|^(?:\xef\xbb\xbf)?\s*<!--", re.I)
# An XML prolog, or a feed's or sitemap's root element without one.
XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:\?xml|rss[\s>]|urlset[\s>]|sitemapindex[\s>]|feed[\s>])")

# A decoded page is not text when U+FFFD is more than this share of its characters
# (a correct page has none; a truncated one or a few broken bytes stay far below)...
MAX_REPLACEMENT_SHARE = 0.05
# ...or replacement, private-use and control characters together are more than this
# share (random bytes and PNG files decoded by any codec score about 0.3).
MAX_GARBAGE_SHARE = 0.2
# Control (other than tab, newline, carriage return), private-use and surrogate characters,
# and U+FFFD, as ranges of code points.
GARBAGE_RANGES = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0xD800, 0xDFFF),
                  (0xE000, 0xF8FF), (0xFFFD, 0xFFFD), (0xF0000, 0x10FFFF))


# Bits of CODE_KINDS: the white space garbage_shares leaves out, garbage (GARBAGE_RANGES),
# and the rest of str.split()'s white space (some of it garbage too: \x0b, \x1c...).
SPACE, GARBAGE, OTHER_SPACE = 1, 2, 4
WHITE_SPACE = " \t\n\r"


def _code_kinds() -> np.ndarray:
    """The kind bits of every code point."""
    kinds = np.zeros(0x110000, dtype=np.uint8)
    for low, high in GARBAGE_RANGES:
        kinds[low:high + 1] = GARBAGE
    kinds[[code for code in range(0x3001) if chr(code).isspace()]] |= OTHER_SPACE  # none above U+3000
    kinds[[ord(space) for space in WHITE_SPACE]] = SPACE
    return kinds


CODE_KINDS = _code_kinds()


def media_type(content_type: str) -> str:
    """The lower-case type/subtype of a Content-Type header value ("" when absent)."""
    return content_type.split(";", 1)[0].strip().lower()


def content_kind(content_type: str, body: bytes) -> str:
    """"html", "xml" or "other" for a response with this Content-Type and body."""
    declared = media_type(content_type)
    if declared in HTML_TYPES:
        return "html"
    if declared in XML_TYPES or declared.endswith("+xml"):
        return "xml"
    if declared in GENERIC_TYPES:
        head = body[:SNIFF_BYTES]
        if HTML_START.match(head):
            return "html"
        if XML_START.match(head):
            return "xml"
    return "other"


def garbage_shares(text: str) -> tuple[float, float]:
    """Shares of U+FFFD, and of U+FFFD plus control, private-use and surrogate characters,
    among the characters of `text` other than white space."""
    kinds = _kinds_of(text)
    total = len(text) - int(np.count_nonzero(kinds == SPACE))
    if total == 0:
        return 0.0, 0.0
    return text.count("\ufffd") / total, int(np.count_nonzero(kinds & GARBAGE)) / total


def white_space_count(text: str) -> int:
    """Characters of `text` that str.split() splits at."""
    return int(np.count_nonzero(_kinds_of(text) & (SPACE | OTHER_SPACE)))


def _kinds_of(text: str) -> np.ndarray:
    """CODE_KINDS of the code points of `text`, looked up all at once: a regular expression's
    scan, or a count per character or range, costs more than the page's parse."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.take(CODE_KINDS, codes)


def undecodable(text: str) -> bool:
    """True when `text` (a decoded body) is not text (see the module docstring)."""
    replacement, garbage = garbage_shares(text)
    return replacement > MAX_REPLACEMENT_SHARE or garbage > MAX_GARBAGE_SHARE
