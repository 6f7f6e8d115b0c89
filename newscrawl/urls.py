"""Canonical URLs: one spelling per article, the unique key of the articles table.

`canonical_url(url)` applies, in order:

1. scheme and host: `http` becomes `https`; the host is lower-cased, a trailing dot and
   the default port are dropped;
2. mirror hosts (`MIRROR_HOSTS`): mobile and twin hosts of a portal that serve the same
   article under the same path are mapped to the desktop host (m.people.com.cn →
   www.people.com.cn, chinanews.com → www.chinanews.com.cn, ...); a rule may also
   rewrite the path prefix where the mobile site nests the desktop path (m.chinanews.com
   `/wap/detail/zw/gn/...` → `/gn/...`);
3. later pages of a multi-page article (`PAGE_SUFFIXES`) become the first page:
   `c134768-32487394-2.html` → `c134768-32487394.html`, `abc_2.html` → `abc.html`,
   `index2.html` / `index_2.html` → `index.html`;
4. tracking parameters (`TRACKING_PARAMS`, `TRACKING_PARAM_PREFIXES`) are removed;
5. w3lib's `canonicalize_url`: query arguments sorted, percent-encoding normalised,
   fragment dropped.

Bad input (not an absolute http(s) URL) raises `ValueError` naming the URL.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as w3lib_canonicalize_url

# Query parameters that only say where a reader came from; never part of an article's identity.
TRACKING_PARAMS = frozenset(
    {
        "spm",  # Alibaba / UC share tracking
        "from",  # WeChat, Weibo, app shares: from=timeline, from=singlemessage
        "isappinstalled",
        "scene",  # WeChat
        "clicktime",
        "enterid",
        "wfr",  # Weibo
        "tt_from",  # Toutiao
        "share_token",
        "sharer_shareid",
        "sharer_sharetime",
        "share_source",
        "share_medium",
        "nsukey",  # UC
        "gclid",
        "fbclid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "ref",
    }
)
TRACKING_PARAM_PREFIXES = ("utm_",)

# Mobile and twin hosts that serve the desktop article: host -> (desktop host, path rewrite).
# A path rewrite is (mobile path prefix, desktop path prefix), or None when paths are equal.
MIRROR_HOSTS: dict[str, tuple[str, tuple[str, str] | None]] = {
    "people.com.cn": ("www.people.com.cn", None),
    "m.people.com.cn": ("www.people.com.cn", None),
    "wap.people.com.cn": ("www.people.com.cn", None),
    "chinanews.com": ("www.chinanews.com.cn", None),
    "www.chinanews.com": ("www.chinanews.com.cn", None),
    "chinanews.com.cn": ("www.chinanews.com.cn", None),
    "m.chinanews.com": ("www.chinanews.com.cn", ("/wap/detail/zw/", "/")),
    "m.chinanews.com.cn": ("www.chinanews.com.cn", ("/wap/detail/zw/", "/")),
    "xinhuanet.com": ("www.xinhuanet.com", None),
    "m.xinhuanet.com": ("www.xinhuanet.com", None),
    "news.cn": ("www.news.cn", None),
    "m.news.cn": ("www.news.cn", None),
    # Tencent News: new.qq.com serves news.qq.com's articles; the mobile pages nest the id
    "new.qq.com": ("news.qq.com", None),
    "xw.qq.com": ("news.qq.com", ("/cmsid/", "/rain/a/")),
    "view.inews.qq.com": ("news.qq.com", ("/a/", "/rain/a/")),
    # The Paper
    "thepaper.cn": ("www.thepaper.cn", None),
    "m.thepaper.cn": ("www.thepaper.cn", None),
    # ifeng: the mobile site serves the same /c/ ids
    "i.ifeng.com": ("news.ifeng.com", None),
    "inews.ifeng.com": ("news.ifeng.com", None),
}

# Later pages of a multi-page article: (pattern on the last path segment, first-page replacement).
# Page numbers are 2..99 so that long numeric article ids (t20220728_123456.html) are untouched.
_PAGE = r"(?:[2-9]|[1-9]\d)"
PAGE_SUFFIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"^(c\d+-\d+)-{_PAGE}(\.html?)$"), r"\1\2"),  # people.com.cn
    (re.compile(rf"^(index)_?{_PAGE}(\.s?html?)$"), r"\1\2"),
    (re.compile(rf"^(.+)_{_PAGE}(\.s?html?)$"), r"\1\2"),  # 163, sina, xinhuanet
)

_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """The canonical spelling of an article URL (see the module docstring)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    host, path = _desktop_host_and_path(parts.hostname.rstrip("."), parts.path or "/")
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS[scheme], 443) else f"{host}:{port}"
    rebuilt = urlunsplit(
        ("https", netloc, _first_page_path(path), _without_tracking(parts.query), "")
    )
    return w3lib_canonicalize_url(rebuilt)


def _desktop_host_and_path(host: str, path: str) -> tuple[str, str]:
    rule = MIRROR_HOSTS.get(host)
    if rule is None:
        return host, path
    desktop_host, rewrite = rule
    if rewrite is not None and path.startswith(rewrite[0]):
        path = rewrite[1] + path[len(rewrite[0]) :]
    return desktop_host, path


def _first_page_path(path: str) -> str:
    head, _, last = path.rpartition("/")
    for pattern, replacement in PAGE_SUFFIXES:
        first, n = pattern.subn(replacement, last)
        if n:
            return f"{head}/{first}"
    return path


def _without_tracking(query: str) -> str:
    kept = [
        (key, value)
        for key, value in parse_qsl(query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PARAM_PREFIXES)
    ]
    return urlencode(kept)
