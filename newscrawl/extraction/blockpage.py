"""Error, anti-bot, captcha and login pages served in place of an article (often with
status 200), recognised by their wording. Pure functions over a page's title and visible
text.

Each phrase has a weight: 1.0 for wording that on a short page says it all (访问验证),
0.5 for wording a news story may well use (验证码, 请登录). A phrase in the <title> counts
twice. The score is scaled by the page's shortness: a page of at most SHORT_PAGE_CHARS
visible characters keeps its score, a longer one is divided by the square of its length
in units of SHORT_PAGE_CHARS, so a story that mentions the phrases, even a 300-character
brief with one in its title, stays an article. A page scoring at least 1 is a not-article
of the kind of its heaviest phrase.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from newscrawl.encoding.pagekind import white_space_count

# (phrase, kind, weight); Latin phrases in lower case, matched case-insensitively.
PHRASES: tuple[tuple[str, str, float], ...] = (
    # anti-bot, rate limits, captchas
    ("访问验证", "blocked", 1.0),
    ("安全验证", "blocked", 1.0),
    ("人机验证", "blocked", 1.0),
    ("滑块验证", "blocked", 1.0),
    ("访问过于频繁", "blocked", 1.0),
    ("访问频率过快", "blocked", 1.0),
    ("请求过于频繁", "blocked", 1.0),
    ("您的访问出错了", "blocked", 1.0),
    ("访问被拒绝", "blocked", 1.0),
    ("您的ip", "blocked", 0.5),
    ("验证码", "blocked", 0.5),
    ("请稍后再试", "blocked", 0.5),
    ("请稍后重试", "blocked", 0.5),
    ("access denied", "blocked", 1.0),
    ("too many requests", "blocked", 1.0),
    ("are you a robot", "blocked", 1.0),
    ("verify you are human", "blocked", 1.0),
    ("checking your browser", "blocked", 1.0),
    # login walls
    ("请登录", "login", 0.5),
    ("请先登录", "login", 1.0),
    ("登录后查看", "login", 1.0),
    ("登录后阅读", "login", 1.0),
    ("用户登录", "login", 0.5),
    ("please log in", "login", 1.0),
    ("sign in to continue", "login", 1.0),
    # error pages
    ("页面不存在", "error_page", 1.0),
    ("您访问的页面不存在", "error_page", 1.0),
    ("页面未找到", "error_page", 1.0),
    ("找不到页面", "error_page", 1.0),
    ("文章不存在", "error_page", 1.0),
    ("该文章已被删除", "error_page", 1.0),
    ("信息已删除", "error_page", 1.0),
    ("系统繁忙", "error_page", 1.0),
    ("服务器繁忙", "error_page", 1.0),
    ("服务暂不可用", "error_page", 1.0),
    ("404 not found", "error_page", 1.0),
    ("403 forbidden", "error_page", 1.0),
    ("502 bad gateway", "error_page", 1.0),
    ("503 service unavailable", "error_page", 1.0),
    ("internal server error", "error_page", 1.0),
    ("page not found", "error_page", 1.0),
)
TITLE_FACTOR = 2.0
SHORT_PAGE_CHARS = 200
# A page with more visible characters than this scores below 1 even with every phrase in its title.
MAX_BLOCK_PAGE_CHARS = SHORT_PAGE_CHARS * math.sqrt(TITLE_FACTOR * sum(weight for _, _, weight in PHRASES))
# The two characters whose lower case holds an ASCII letter (İ -> i̇, the Kelvin sign -> k).
LOWER_TO_ASCII = ("\u0130", "\u212a")


def _phrase_groups(phrases: tuple[str, ...]) -> tuple[tuple[bytes, tuple[bytes, ...]], ...]:
    """`phrases` (UTF-8) under a key that each of its group contains: in turn, the pair of Han
    characters most of the phrases left share (访问, 登录, 验证...), and each phrase left its own
    key. A page without a key holds none of its group: a search per key, not per phrase."""
    groups = []
    left = list(phrases)
    while left:
        pairs = Counter(pair for phrase in left
                        for pair in dict.fromkeys(phrase[i:i + 2] for i in range(len(phrase) - 1))
                        if not pair.isascii() and pair.isalpha())
        pair, count = max(pairs.items(), key=lambda item: item[1], default=("", 0))
        if count < 2:
            break
        groups.append((pair, tuple(phrase for phrase in left if pair in phrase)))
        left = [phrase for phrase in left if pair not in phrase]
    groups.extend((phrase, (phrase,)) for phrase in left)
    return tuple((key.encode(), tuple(phrase.encode() for phrase in group)) for key, group in groups)


PHRASE_GROUPS = _phrase_groups(tuple(phrase for phrase, _, _ in PHRASES))


@dataclass(frozen=True)
class BlockPage:
    kind: str  # "blocked", "login" or "error_page"
    phrases: tuple[str, ...]  # the phrases found, heaviest first
    score: float

    def detail(self) -> str:
        return f"{', '.join(self.phrases)} (score {self.score:.2f})"


def uses_a_phrase(html: str) -> bool:
    """True when the page source (or its whole text) holds a phrase of the table, in any case
    (the cheap test before `block_page` needs its title and visible text). Searched in its
    UTF-8 bytes, whose lower case costs a fraction of the text's."""
    if any(char in html for char in LOWER_TO_ASCII):
        folded = html.lower().encode("utf-8", "surrogatepass")
    else:
        folded = html.encode("utf-8", "surrogatepass").lower()
    return any(key in folded and any(phrase in folded for phrase in group) for key, group in PHRASE_GROUPS)


def visible_length(text: str) -> int:
    """Characters of `text` other than white space."""
    return len(text) - white_space_count(text)


def block_page(title: str, text: str) -> BlockPage | None:
    """The error/anti-bot/login page that `title` and `text` (the page's visible text,
    title excluded) make, or None when the page may be an article."""
    title, text = title.lower(), text.lower()
    found: list[tuple[float, str, str]] = []
    for phrase, kind, weight in PHRASES:
        in_title, in_text = phrase in title, phrase in text
        if not (in_title or in_text):
            continue
        weight *= TITLE_FACTOR if in_title else 1.0
        # a phrase that contains another found phrase replaces it (页面不存在 in 您访问的页面不存在)
        found = [entry for entry in found if entry[1] not in phrase]
        if any(phrase in other for _, other, _ in found):
            continue
        found.append((weight, phrase, kind))
    if not found:
        return None
    score = sum(weight for weight, _, _ in found)
    length = visible_length(title) + visible_length(text)
    score *= min(1.0, SHORT_PAGE_CHARS / max(length, 1)) ** 2
    if score < 1.0:
        return None
    found.sort(key=lambda entry: -entry[0])
    return BlockPage(kind=found[0][2], phrases=tuple(phrase for _, phrase, _ in found),
                     score=round(score, 2))
