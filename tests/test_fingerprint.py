import re
import unicodedata

import numpy as np
import pytest

from newscrawl.dedup.fingerprint import (
    DEFAULT_SCHEME,
    _CHUNK,
    _PUNCTUATION,
    Scheme,
    band_keys,
    content_hash,
    estimated_jaccard,
    estimated_similarity,
    fingerprint,
    minhash,
    normalise,
    shingles,
    signature_from_bytes,
)

BODY = (
    "第二届中国国际进口博览会倒计时100天上海城市服务保障工作推进大会在国家会展中心（上海）举行。"
    "上海市委书记李强在会上强调，要深入贯彻落实重要指示精神，全力以赴提供一流城市服务保障。\n"
    "商务部部长钟山出席并讲话，上海市委副书记、市长应勇主持会议。"
)


def test_normalise_folds_width_punctuation_case_and_white_space():
    assert normalise("　中新网　上海７月２７日电（王子涛）“进博会”，ＡＢＣ。\n  第二段") == (
        '中新网上海7月27日电(王子涛)"进博会",abc.第二段'
    )


@pytest.mark.parametrize("text", [
    BODY,
    "　中新网　上海７月２７日电（王子涛）“进博会”，ＡＢＣ。",
    "①②㈱ﬁ ｶﾞ･ﾌﾟ ㊣ ﹐﹑ Ａ\u0301 ～「括号」『书名』・〖注〗",  # compatibility characters beyond the fast folds
    "English text, with ASCII only: 100% (plain).",
    "第一段，没有兼容字符。\n⒑ 第二段有一个。\n\u0301第三段以组合符号开头\ne\u0301",
])
def test_normalise_is_nfkc_with_the_punctuation_folds(text):
    reference = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(_PUNCTUATION).lower())
    assert normalise(text) == reference


@pytest.mark.parametrize("text", [
    "第二届中国国际进口博览会倒计时100天",
    # about 1,500 shingles: several chunks of the minimum (_CHUNK), and a partial last one
    "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(1500)),
])
def test_minhash_is_the_minimum_of_each_hash_function(text):
    hashes = shingles(text, 4)
    assert len(hashes) < _CHUNK or len(hashes) % _CHUNK
    a, b = DEFAULT_SCHEME._permutations
    expected = [min(((int(x) * int(ai) + int(bi)) % 2**64) >> 32 for x in hashes) for ai, bi in zip(a, b)]
    assert minhash(hashes).tolist() == expected


def test_content_hash_ignores_layout_but_not_words():
    reflowed = BODY.replace("，", ",").replace("。", "。\n\n  ").replace("（", "(").replace("）", ")")
    assert content_hash(reflowed) == content_hash(BODY)
    assert content_hash(BODY.replace("李强", "李四")) != content_hash(BODY)
    assert len(content_hash(BODY)) == 40


def test_shingles_are_the_distinct_ngrams():
    assert len(shingles("abcabc", 3)) == 3  # abc, bca, cab
    assert len(shingles("ab", 3)) == 1  # shorter than n: the whole text
    assert len(shingles("", 3)) == 0
    assert shingles("abcd", 2).dtype == np.uint32


def test_fingerprint_is_deterministic_and_serialisable():
    a, b = fingerprint(BODY), fingerprint(BODY)
    assert np.array_equal(a.signature, b.signature)
    assert a.signature.shape == (DEFAULT_SCHEME.num_perm,)
    assert np.array_equal(signature_from_bytes(a.signature_bytes()), a.signature)
    # seeded constants, not Python's salted hash: a value fixed across processes
    assert band_keys(a.signature) == band_keys(b.signature)


def test_band_keys_are_signed_64_bit_and_one_per_band():
    keys = band_keys(fingerprint(BODY).signature)
    assert len(keys) == DEFAULT_SCHEME.bands
    assert all(-(2**63) <= key < 2**63 for key in keys)
    assert len(set(keys)) == len(keys)


def test_band_keys_differ_by_band_for_equal_rows():
    scheme = Scheme(shingle_size=2, num_perm=8, bands=4)
    keys = band_keys(np.zeros(8, dtype=np.uint32), scheme)
    assert len(set(keys)) == 4


def test_estimated_jaccard_tracks_the_true_jaccard():
    rng = np.random.default_rng(1)
    universe = rng.choice(2**32, 4000, replace=False).astype(np.uint32)
    a, b = universe[:3000], universe[1000:]  # Jaccard 2000/4000
    scheme = Scheme(num_perm=256, bands=64)
    estimate = estimated_jaccard(minhash(a, scheme), minhash(b, scheme))
    assert estimate == pytest.approx(0.5, abs=0.1)


def test_estimated_similarity_is_containment():
    half = BODY[: len(BODY) // 2]
    assert estimated_similarity(fingerprint(BODY), fingerprint(half)) > 0.9
    assert estimated_jaccard(fingerprint(BODY).signature, fingerprint(half).signature) < 0.7
    assert estimated_similarity(fingerprint(BODY), fingerprint("完全不同的另一篇文章内容，讲的是天气。")) < 0.2
    assert estimated_similarity(fingerprint(""), fingerprint(BODY)) == 0.0


def test_scheme_rejects_uneven_bands():
    with pytest.raises(ValueError, match="multiple of bands"):
        Scheme(num_perm=100, bands=32)
