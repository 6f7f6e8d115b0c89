"""Fingerprints of an article body for exact and near-duplicate detection.

Everything works on the *simplified* body (traditional-script mirrors are converted before
dedup), normalised by `normalise`: NFKC (full-width letters, digits and punctuation become
half-width), the remaining CJK punctuation folded to its ASCII counterpart, letters
lower-cased and all white space removed. So the same text with other line breaks,
indentation or punctuation width gives the same `content_hash`.

Near duplicates: the normalised text is cut into overlapping character n-grams
(`Scheme.shingle_size`), each hashed to 32 bits; a MinHash signature of `num_perm` values
summarises the set, and `band_keys` cuts the signature into `bands` bands whose 64-bit keys
are stored in the database: two bodies that share a band key are candidates, checked with
`estimated_similarity`, and confirmed by `near_similarity` on the two texts. All hashing is seeded by constants, so fingerprints are the same in
every process and every run (never Python's salted `hash`).

The default scheme was chosen by measurement on labelled pairs (bench/dedup.py).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from newscrawl.chars import FULL_WIDTH_FOLD

# CJK punctuation that NFKC leaves alone, folded to the ASCII form half-width text uses.
_PUNCTUATION = str.maketrans(
    {
        "。": ".", "、": ",", "“": '"', "”": '"', "„": '"', "「": '"', "」": '"', "『": '"',
        "』": '"', "‘": "'", "’": "'", "《": "<", "》": ">", "〈": "<", "〉": ">",
        "【": "[", "】": "]", "〔": "[", "〕": "]", "〖": "[", "〗": "]",
        "—": "-", "–": "-", "―": "-", "～": "~", "·": ".", "•": ".", "・": ".",
    }
)
# What NFKC does to the only compatibility characters common in Chinese text, the full-width
# forms (ASCII moved up by 0xFEE0) and the ideographic space, plus the folds above: done by
# one regex, so that NFKC itself (a few microseconds per character) runs only on the rare
# text with other compatibility characters.
_FOLDS = {chr(code): folded for code, folded in FULL_WIDTH_FOLD.items()} | {
    chr(code): folded for code, folded in _PUNCTUATION.items()
}
_FOLDABLE = re.compile("[" + re.escape("".join(_FOLDS)) + "]")
_WHITESPACE = re.compile(r"\s+")

_SHIFT32 = np.uint64(32)
# Odd 64-bit multipliers (from splitmix64 / murmur3) for mixing n-grams and band rows.
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SEED = 20240601
# Shingles hashed at a time: 512 x 120 products (480 KB) stay in the L2 cache, where 2048
# (2 MB) did not; the minimum is the same for any chunk (0.36 -> 0.29 ms a body of the corpus).
_CHUNK = 512


def normalise(text: str) -> str:
    """`text` with widths and punctuation folded, lower-cased, white space removed: the
    NFKC form of `text` with `_PUNCTUATION` folded."""
    folded = _FOLDABLE.sub(_fold, text)
    if not unicodedata.is_normalized("NFKC", folded):
        # Line by line: nothing composes with a line break, so only the lines that need it
        # pay for NFKC (one "⒑" would otherwise cost a whole body's).
        folded = "\n".join(
            line if unicodedata.is_normalized("NFKC", line)
            else unicodedata.normalize("NFKC", line).translate(_PUNCTUATION)
            for line in folded.split("\n"))
    return _WHITESPACE.sub("", folded.lower())


def _fold(match: re.Match) -> str:
    return _FOLDS[match.group()]


def content_hash(text: str) -> str:
    """Exact-duplicate fingerprint: hex SHA-1 of the normalised text."""
    return _sha1(normalise(text))


def _sha1(normalised: str) -> str:
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


def _mix64(values: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser over a uint64 array (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        values = (values ^ (values >> np.uint64(30))) * _MIX1
        values = (values ^ (values >> np.uint64(27))) * _MIX2
        return values ^ (values >> np.uint64(31))


def shingles(normalised: str, size: int) -> np.ndarray:
    """Sorted unique 32-bit hashes of the character `size`-grams of a normalised text.

    A text shorter than `size` is one shingle; the empty text has none.
    """
    if not normalised:
        return np.empty(0, dtype=np.uint32)
    codes = np.frombuffer(normalised.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    width = min(size, len(codes))
    count = len(codes) - width + 1
    grams = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(width):
            grams = (grams ^ codes[offset : offset + count]) * _GOLDEN
    hashes = np.sort((_mix64(grams) >> _SHIFT32).astype(np.uint32))
    # each value once: sorted, then those unlike their predecessor (np.unique, which hashes
    # first, takes ten times as long on a body's few thousand)
    return hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]


@dataclass(frozen=True)
class Scheme:
    """MinHash/LSH parameters: n-gram size, signature length and its cut into bands."""

    shingle_size: int = 4
    num_perm: int = 120
    bands: int = 40

    def __post_init__(self):
        if self.num_perm % self.bands:
            raise ValueError(f"num_perm {self.num_perm} is not a multiple of bands {self.bands}")

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands

    @cached_property
    def _permutations(self) -> tuple[np.ndarray, np.ndarray]:
        # Multiply-shift hashing: h(x) = (a*x + b) >> 32 with odd a, a 2-universal family.
        rng = np.random.default_rng(_SEED)
        a = rng.integers(0, 2**64, self.num_perm, dtype=np.uint64, endpoint=False) | np.uint64(1)
        b = rng.integers(0, 2**64, self.num_perm, dtype=np.uint64, endpoint=False)
        return a, b


DEFAULT_SCHEME = Scheme()


@dataclass(frozen=True)
class Fingerprint:
    content_hash: str
    shingle_count: int  # size of the shingle set, for containment estimates
    signature: np.ndarray  # uint32[num_perm]; all 0xFFFFFFFF when there are no shingles

    def signature_bytes(self) -> bytes:
        return self.signature.astype("<u4").tobytes()


def minhash(shingle_hashes: np.ndarray, scheme: Scheme = DEFAULT_SCHEME) -> np.ndarray:
    """MinHash signature (uint32[num_perm]) of a set of 32-bit shingle hashes."""
    a, b = scheme._permutations
    minimum = np.full(scheme.num_perm, np.iinfo(np.uint64).max, dtype=np.uint64)
    values = shingle_hashes.astype(np.uint64)
    hashed = np.empty((min(len(values), _CHUNK), scheme.num_perm), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for start in range(0, len(values), _CHUNK):
            chunk = values[start : start + _CHUNK, None]
            products = hashed[: len(chunk)]
            np.multiply(chunk, a, out=products)
            products += b
            np.minimum(minimum, products.min(axis=0), out=minimum)
    # The shift is monotonic, so it can follow the minimum: (min of a*x+b) >> 32.
    return (minimum >> _SHIFT32).astype(np.uint32)


def fingerprint(text: str, scheme: Scheme = DEFAULT_SCHEME) -> Fingerprint:
    """Exact hash, shingle count and MinHash signature of a (simplified) body."""
    normalised = normalise(text)
    shingle_hashes = shingles(normalised, scheme.shingle_size)
    return Fingerprint(
        content_hash=_sha1(normalised),
        shingle_count=len(shingle_hashes),
        signature=minhash(shingle_hashes, scheme),
    )


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def band_keys(signature: np.ndarray, scheme: Scheme = DEFAULT_SCHEME) -> list[int]:
    """One signed 64-bit key per band (fits a SQLite INTEGER); index i is band i."""
    rows = signature.astype(np.uint64).reshape(scheme.bands, scheme.rows)
    keys = np.arange(scheme.bands, dtype=np.uint64)  # the band number seeds its key
    with np.errstate(over="ignore"):
        for column in range(scheme.rows):
            keys = _mix64(keys * _GOLDEN + rows[:, column])
    return keys.view(np.int64).tolist()


def estimated_jaccard(signature_a: np.ndarray, signature_b: np.ndarray) -> float:
    """Share of equal MinHash values: an unbiased estimate of the shingle-set Jaccard."""
    if len(signature_a) != len(signature_b):
        raise ValueError(f"signatures of {len(signature_a)} and {len(signature_b)} values")
    return float(np.count_nonzero(signature_a == signature_b)) / len(signature_a)


def estimated_similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated containment of the smaller shingle set in the larger, in [0, 1].

    From Jaccard J and the set sizes: |A∩B| = J(|A|+|B|)/(1+J). Containment rather than
    Jaccard, so a reprint that cuts or adds paragraphs, or is truncated, still scores high.
    """
    smaller = min(a.shingle_count, b.shingle_count)
    if smaller == 0:
        return 0.0
    jaccard = estimated_jaccard(a.signature, b.signature)
    intersection = jaccard * (a.shingle_count + b.shingle_count) / (1 + jaccard)
    return min(1.0, intersection / smaller)


def containment(a: str, b: str, scheme: Scheme = DEFAULT_SCHEME) -> float:
    """True containment of the smaller shingle set of two texts in the larger, in [0, 1]."""
    shingles_a = shingles(normalise(a), scheme.shingle_size)
    shingles_b = shingles(normalise(b), scheme.shingle_size)
    smaller = min(len(shingles_a), len(shingles_b))
    if smaller == 0:
        return 0.0
    return len(np.intersect1d(shingles_a, shingles_b, assume_unique=True)) / smaller


def near_similarity(a: Fingerprint, b: Fingerprint, text_a: str, text_b: str | None,
                    threshold: float) -> float | None:
    """The similarity of two bodies when one is a near duplicate of the other, else None.

    The MinHash estimate finds the pair; the true containment of the texts' shingles confirms
    it and is the similarity. The estimate's error grows with the ratio of the set sizes (a
    Jaccard error times about |long|/|short|): a short article sharing a third of its
    sentences with a long one can be estimated above 0.7. Without the other text (its body
    was not stored) nothing confirms the estimate: None.
    """
    if text_b is None or estimated_similarity(a, b) < threshold:
        return None
    true = containment(text_a, text_b)
    return true if true >= threshold else None
