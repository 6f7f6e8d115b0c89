"""URL identity: one spelling per article, the unique key of the articles table, and never
one spelling for two articles.

`canonical_url(url)` applies, in order:

1. scheme and host: `http` becomes `https`; the host is lower-cased, a trailing dot and
   the default port are dropped;
2. mirror hosts (`MIRROR_HOSTS`): mobile and twin hosts of a portal that serve the same
   article under the same path are mapped to the desktop host (m.people.com.cn →
   www.people.com.cn, chinanews.com → www.chinanews.com.cn, ...); a rule may also
   rewrite the path prefix where the mobile site nests the desktop path (m.chinanews.com
   `/wap/detail/zw/gn/...` → `/gn/...`);
3. the path as w3lib's `canonicalize_url` spells it (percent-encoding normalised);
4. the query with its bytes as sent: tracking parameters (`TRACKING_PARAMS`,
   `TRACKING_PARAM_PREFIXES`) removed, the other fields sorted by name (repeated names keep
   their order), escapes of unreserved characters decoded and the others upper-cased, nothing
   decoded as text: `?t=%D6%D0` and `?t=%B9%FA` (GBK) stay two URLs;
5. the fragment dropped.

It never joins the pages of a multi-page article: only a site spider knows its site's page
numbering, and says so with a `later_page` pattern that `first_page_url` applies to the links
it meets. `declared_canonical_url` picks the URL a page declares for itself (<link
rel="canonical">, og:url) when it is on the page's registrable domain.

Bad input (not an absolute http(s) URL, a port out of range) raises `ValueError` naming the URL.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from publicsuffixlist import PublicSuffixList
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
    # NetEase: the mobile article pages keep the desktop path (/news/article/ID.html)
    "m.163.com": ("www.163.com", None),
    "3g.163.com": ("www.163.com", None),
    # CCTV: the mobile news pages keep the desktop path
    "m.news.cctv.com": ("news.cctv.com", None),
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


# The page number of a later page (2..99), for the sites' `later_page` patterns: small, so
# that long numeric article ids (t20220728_123456.html) never look like page numbers.
LATER_PAGE_NUMBER = r"(?:[2-9]|[1-9]\d)"

# Paths of a site's home page.
HOME_PATHS = ("", "/", "/index.html", "/index.htm", "/index.shtml")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# A percent escape, or a character a query cannot hold as it is (RFC 3986: query = *( pchar /
# "/" / "?" )), such as a space or a Chinese character of a raw link.
_QUERY_TOKEN = re.compile(r"%[0-9A-Fa-f]{2}|[^A-Za-z0-9\-._~!$'()*+,;=:@/?]")
# The Public Suffix List copy bundled with publicsuffixlist: never fetched, private suffixes
# (github.io, ...) included, so that two tenants of one hosting domain are two sites. A host
# under a top-level domain the list does not know (localhost, an intranet name, an IP
# address) has no registrable domain. (tldextract's lookup table costs 6 MB where this one
# costs 2.)
_PUBLIC_SUFFIXES = PublicSuffixList(accept_unknown=False)


# A page's URL is canonicalised by the request's stored check, dedup and storage within
# moments: the last URLs are kept, each at most as long as a URL a browser accepts (a page
# may declare any string its canonical URL).
CACHED_URLS = 1024
MAX_CACHED_URL_CHARS = 2083


def canonical_url(url: str) -> str:
    """The canonical spelling of an article URL (see the module docstring)."""
    return _cached_canonical_url(url) if len(url) <= MAX_CACHED_URL_CHARS else _canonical_url(url)


@lru_cache(maxsize=CACHED_URLS)
def _cached_canonical_url(url: str) -> str:
    return _canonical_url(url)


def _canonical_url(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:  # a bad port or IPv6 literal
        raise ValueError(f"{exc}: {url!r}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {url!r}")
    host, path = _desktop_host_and_path(parts.hostname.rstrip("."), parts.path or "/")
    netloc = host if port in (None, _DEFAULT_PORTS[scheme], 443) else f"{host}:{port}"
    without_query = w3lib_canonicalize_url(urlunsplit(("https", netloc, path, "", "")))
    query = _canonical_query(parts.query)
    return f"{without_query}?{query}" if query else without_query


def _desktop_host_and_path(host: str, path: str) -> tuple[str, str]:
    rule = MIRROR_HOSTS.get(host)
    if rule is None:
        return host, path
    desktop_host, rewrite = rule
    if rewrite is not None and path.startswith(rewrite[0]):
        path = rewrite[1] + path[len(rewrite[0]) :]
    return desktop_host, path


def _canonical_query(query: str) -> str:
    """The query's fields with their bytes as sent, tracking fields removed, sorted by name."""
    fields = [_query_field(field) for field in query.split("&") if field]
    kept = [field for field in fields if not _is_tracking(field.partition("=")[0])]
    return "&".join(sorted(kept, key=lambda field: field.partition("=")[0]))


def _query_field(field: str) -> str:
    return _QUERY_TOKEN.sub(_query_token, field)


def _query_token(match: re.Match[str]) -> str:
    token = match.group()
    if len(token) == 3:  # a percent escape: the same byte, in one spelling
        char = chr(int(token[1:], 16))
        return char if char in _UNRESERVED else token.upper()
    return quote(token, safe="")  # UTF-8, as Scrapy sends it; a stray "%" becomes %25


def _is_tracking(key: str) -> bool:
    name = unquote(key).lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PARAM_PREFIXES)


def first_page_url(url: str, later_page: re.Pattern[str] | None) -> str:
    """The first page of the multi-page article whose later page is `url`, by a site's own
    `later_page` pattern: a regex matching the whole last path segment of a later page, whose
    group "page" is the part that numbers the page (`c\\d+-\\d+(?P<page>-2)\\.html`).
    `url` itself when it is no later page or the site has no pattern."""
    if later_page is None:
        return url
    parts = urlsplit(url)
    head, _, last = parts.path.rpartition("/")
    match = later_page.fullmatch(last)
    if match is None:
        return url
    first = last[: match.start("page")] + last[match.end("page") :]
    return urlunsplit(parts._replace(path=f"{head}/{first}"))


def registrable_domain(host: str) -> str:
    """The domain a registrant holds (people.com.cn for sh.people.com.cn, by the Public
    Suffix List); the host itself for IP addresses and hosts without a public suffix."""
    host = host.rstrip(".")
    return _PUBLIC_SUFFIXES.privatesuffix(host) or host


def declared_canonical_url(page_url: str, declared: Iterable[str]) -> str:
    """The canonical URL of the first URL a page declares for itself (its <link
    rel="canonical"> and og:url values, in that order; relative ones resolved against
    `page_url`) that can be trusted: an http(s) URL on the page's registrable domain, and not
    the site's home page unless the page is one (templates that point every page at the
    home page). "" when none can."""
    page = canonical_url(page_url)
    page_parts = urlsplit(page)
    site = registrable_domain(page_parts.hostname or "")
    for href in declared:
        try:
            candidate = canonical_url(urljoin(page_url, href.strip()))
        except ValueError:
            continue
        parts = urlsplit(candidate)
        if registrable_domain(parts.hostname or "") != site:
            continue
        if parts.path in HOME_PATHS and not parts.query and page_parts.path not in HOME_PATHS:
            continue
        return candidate
    return ""
