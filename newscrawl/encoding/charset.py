"""Choose the codec for a page's raw bytes: the bytes have the last word over any declaration.

Order: a byte-order mark; the declared charsets (HTTP header, then <meta>/<?xml?> in the first
4 KB), each accepted only if the body decodes under it cleanly and plausibly; then a trial of
UTF-8, GB 18030 and Big5-HKSCS; then charset-normalizer. When nothing decodes cleanly the
candidate losing the fewest bytes is used and the decision is marked unclean.
"""
from __future__ import annotations

from dataclasses import dataclass

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

from newscrawl.chars import common_share

# Codecs tried, in this order, when no declaration holds; GB 2312/GBK bodies decode as GB 18030
# (a superset) and Big5 as Big5-HKSCS, as browsers do.
TRIAL_CODECS = ("utf-8", "gb18030", "big5hkscs")
CJK_MULTIBYTE = frozenset({"gb18030", "big5hkscs"})
# Below this share of common Han characters, a CJK decoding is taken for gibberish: correct
# news text scores above 0.95, GBK read as Big5 (or the reverse) below 0.5.
MIN_COMMON_SHARE = 0.8
HIGH_BYTES = bytes(range(0x80, 0x100))
# GB 18030 codes that Python's codec (the 2000 table) decodes to private-use code points but that
# stand for characters: GBK's A3A0, printed as an ideographic space, and the codes GB 18030-2005
# and -2022 map to standard code points (vertical punctuation, CJK ideographs, ḿ).
GB18030_USER_DEFINED = {
    bytes.fromhex(code).decode("gb18030"): char for code, char in (
        ("A3A0", "\u3000"), ("A8BC", "\u1e3f"),
        ("A6D9", "\ufe10"), ("A6DA", "\ufe12"), ("A6DB", "\ufe11"), ("A6DC", "\ufe13"), ("A6DD", "\ufe14"),
        ("A6DE", "\ufe15"), ("A6DF", "\ufe16"), ("A6EC", "\ufe17"), ("A6ED", "\ufe18"), ("A6F3", "\ufe19"),
        ("FE59", "\u9fb4"), ("FE61", "\u9fb5"), ("FE66", "\u9fb6"), ("FE67", "\u9fb7"), ("FE6D", "\u9fb8"),
        ("FE7E", "\u9fb9"), ("FE90", "\u9fba"), ("FEA0", "\u9fbb"),
        ("FE51", "\U00020087"), ("FE52", "\U00020089"), ("FE53", "\U000200cc"), ("FE6C", "\U000215d7"),
        ("FE76", "\U0002298f"), ("FE91", "\U000241fe"),
    )
}
_GB18030_USER_DEFINED_TABLE = str.maketrans(GB18030_USER_DEFINED)


@dataclass(frozen=True)
class CharsetDecision:
    encoding: str  # Python codec name
    reason: str  # "bom", "http-header", "meta", "detected" or "fallback"
    clean: bool  # False when the body has bytes this codec cannot decode


def decide_charset(body: bytes, header_charset: str | None) -> CharsetDecision:
    """The codec to decode `body` with, and why; never raises."""
    bom_encoding, _ = read_bom(body)
    if bom_encoding:
        return CharsetDecision(bom_encoding, "bom", True)
    declared = [
        (resolve_encoding(label) if label else None, reason)
        for label, reason in ((header_charset, "http-header"), (html_body_declared_encoding(body), "meta"))
    ]
    for encoding, reason in declared:
        if encoding and _decodes_plausibly(body, encoding):
            return CharsetDecision(encoding, reason, True)
    detected = _detected_encoding(body)
    if detected:
        return CharsetDecision(detected, "detected", True)
    candidates = [encoding for encoding, _ in declared if encoding] + list(TRIAL_CODECS)
    # A reading that is Chinese with a few lost bytes beats one that loses none but is
    # gibberish: GB 18030 decodes nearly any bytes, Big5 with four broken bytes among them too.
    best = min(candidates, key=lambda encoding: (not _plausible_with_losses(body, encoding),
                                                 _undecodable_count(body, encoding)))
    return CharsetDecision(best, "fallback", False)


def _detected_encoding(body: bytes) -> str | None:
    """The first trial codec that decodes cleanly and plausibly, else charset-normalizer's guess."""
    for encoding in TRIAL_CODECS:
        if _decodes_plausibly(body, encoding):
            return encoding
    if _mostly_multibyte(body):  # a CJK page with a few broken bytes: leave it to the fallback
        return None
    guess = from_bytes(body).best()
    encoding = resolve_encoding(guess.encoding) if guess else None
    # UTF-16/32 without a byte-order mark is a guess on too little evidence for HTML; the HTML
    # standard's default for undeclared single-byte pages is windows-1252.
    if not encoding or encoding.startswith(("utf-16", "utf-32")):
        encoding = "cp1252"
    return encoding if _decodes_plausibly(body, encoding) else None


def _decodes_plausibly(body: bytes, encoding: str) -> bool:
    try:
        text = body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    if encoding in CJK_MULTIBYTE:
        share = common_share(text)
        return share is None or share >= MIN_COMMON_SHARE
    if encoding.startswith("utf"):
        return True
    # A single-byte codec decodes almost any bytes; it loses to a multibyte reading of the
    # high bytes (Apache's default ISO-8859-1 header on a GBK or UTF-8 page).
    return not _mostly_multibyte(body)


def _plausible_with_losses(body: bytes, encoding: str) -> bool:
    """True when `body` read as `encoding`, its undecodable bytes replaced, is ordinary Chinese
    text (common Han characters); False for text without Han characters."""
    try:
        share = common_share(body.decode(encoding, errors="replace"))
    except LookupError:
        return False
    return share is not None and share >= MIN_COMMON_SHARE


def _mostly_multibyte(body: bytes) -> bool:
    """True when UTF-8 or GB 18030 explains all but a sliver (<2%) of the non-ASCII bytes."""
    if body.isascii():
        return False
    high_bytes = len(body) - len(body.translate(None, HIGH_BYTES))
    return any(
        _undecodable_count(body, encoding) * 50 < high_bytes for encoding in ("utf-8", "gb18030")
    )


def _undecodable_count(body: bytes, encoding: str) -> int:
    try:
        return body.decode(encoding, errors="replace").count("\ufffd")
    except LookupError:
        return len(body)


def gb18030_user_defined_mapped(text: str) -> str:
    """Text decoded as GB 18030 with the private-use code points of GB18030_USER_DEFINED
    replaced by the characters they stand for (not for other codecs' text: icon fonts use the
    private-use area too)."""
    return text.translate(_GB18030_USER_DEFINED_TABLE)
