import random
import re
from urllib.parse import quote

import pytest

from newscrawl.spiders.cms import CmsSpider
from newscrawl.spiders.people import PeopleSpider
from newscrawl.urls import (
    canonical_url, declared_canonical_url, first_page_url, registrable_domain,
)


@pytest.mark.parametrize(
    "url, expected",
    [
        # scheme, host case, default port, fragment, query order
        (
            "HTTP://WWW.People.com.cn:80/n1/2022/0728/c134768-32487394.html?b=2&a=1#top",
            "https://www.people.com.cn/n1/2022/0728/c134768-32487394.html?a=1&b=2",
        ),
        # tracking parameters dropped, the article's own kept
        (
            "https://www.chinanews.com.cn/gn/2019/07-27/8908.shtml?utm_source=wx&spm=a.b&from=timeline&id=7",
            "https://www.chinanews.com.cn/gn/2019/07-27/8908.shtml?id=7",
        ),
        (
            "https://news.163.com/a.html?UTM_Medium=x&isappinstalled=0",
            "https://news.163.com/a.html",
        ),
        # near miss: a parameter that only starts like a tracking one is the article's
        ("https://a.cn/s.asp?utmost=1&fromid=2", "https://a.cn/s.asp?fromid=2&utmost=1"),
        # mobile and twin hosts → the desktop host
        (
            "http://m.people.com.cn/n1/2022/0728/c134768-32487394.html",
            "https://www.people.com.cn/n1/2022/0728/c134768-32487394.html",
        ),
        (
            "http://wap.people.com.cn/n1/2022/0728/c134768-32487394.html",
            "https://www.people.com.cn/n1/2022/0728/c134768-32487394.html",
        ),
        (
            "http://www.chinanews.com/gn/2019/07-27/8908.shtml",
            "https://www.chinanews.com.cn/gn/2019/07-27/8908.shtml",
        ),
        (
            "https://m.chinanews.com/wap/detail/zw/gn/2019/07-27/8908.shtml",
            "https://www.chinanews.com.cn/gn/2019/07-27/8908.shtml",
        ),
        # near miss: a regional people.com.cn channel is its own host
        (
            "http://sh.people.com.cn/n2/2022/0728/c134768-40055555.html",
            "https://sh.people.com.cn/n2/2022/0728/c134768-40055555.html",
        ),
        # page-like suffixes are part of the URL: only a site spider knows its page numbers
        (
            "http://www.people.com.cn/n1/2022/0728/c134768-32487394-2.html",
            "https://www.people.com.cn/n1/2022/0728/c134768-32487394-2.html",
        ),
        ("https://news.163.com/15/0301/ABC123_3.html", "https://news.163.com/15/0301/ABC123_3.html"),
        ("https://example.cn/news/show_7.html", "https://example.cn/news/show_7.html"),
        ("https://example.cn/zt/index_5.shtml", "https://example.cn/zt/index_5.shtml"),
        # non-default ports are kept; non-ASCII paths percent-encoded
        ("http://example.cn:8080/a.html", "https://example.cn:8080/a.html"),
        ("https://example.cn/新闻/a.html", "https://example.cn/%E6%96%B0%E9%97%BB/a.html"),
        # query bytes as sent: GBK escapes kept (upper-cased), a raw character as UTF-8,
        # escapes of unreserved characters decoded, a stray % escaped
        ("http://a.cn/s.asp?t=%d6%d0", "https://a.cn/s.asp?t=%D6%D0"),
        ("http://a.cn/s.asp?t=中", "https://a.cn/s.asp?t=%E4%B8%AD"),
        ("http://a.cn/s.asp?t=%41%2D%7e", "https://a.cn/s.asp?t=A-~"),
        ("http://a.cn/s.asp?t=100%", "https://a.cn/s.asp?t=100%25"),
        # a field without "=" stays as it is (show.asp?123: the id is the whole query)
        ("http://a.cn/show.asp?123", "https://a.cn/show.asp?123"),
        ("http://a.cn/s?a=1&&b=2&", "https://a.cn/s?a=1&b=2"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize("first, second", [
    ("http://a.cn/s.asp?t=%D6%D0", "http://a.cn/s.asp?t=%B9%FA"),  # 中 and 国 in GBK
    ("http://a.cn/s.asp?t=%D6%D0", "http://a.cn/s.asp?t=%E4%B8%AD"),  # 中 in GBK and UTF-8
    ("http://a.cn/s?a=1&a=2", "http://a.cn/s?a=2&a=1"),  # a server may read the first a
    ("http://a.cn/s?t=a+b", "http://a.cn/s?t=a%2Bb"),
    ("http://a.cn/s?t=a%2Fb", "http://a.cn/s?t=a/b"),
    ("http://a.cn/s?id=5", "http://a.cn/s?id=6"),
    ("http://a.cn/x.html", "http://a.cn/x_2.html"),
    ("http://a.cn/a/index_2.html", "http://a.cn/b/index_2.html"),
])
def test_different_urls_keep_different_canonical_urls(first, second):
    assert canonical_url(first) != canonical_url(second)


@pytest.mark.parametrize("url", [
    "http://m.chinanews.com/wap/detail/zw/gn/2019/07-27/8908_2.shtml?utm_x=1#a",
    "http://a.cn/s.asp?t=%d6%d0&b=中 文&a=%zz&%7e=1",
    "http://a.cn/show.asp?123&ref=x",
])
def test_canonical_url_is_idempotent(url):
    once = canonical_url(url)
    assert canonical_url(once) == once


@pytest.mark.parametrize("bad, reason", [
    ("", "not an absolute http"), ("/n1/a.html", "not an absolute http"),
    ("ftp://example.cn/a", "not an absolute http"), ("javascript:void(0)", "not an absolute http"),
    ("https://", "not an absolute http"), ("http://example.com:99999/x.html", "Port out of range"),
    ("http://[::1/x.html", "Invalid IPv6"),
])
def test_canonical_url_rejects_urls_that_cannot_be_requested(bad, reason):
    with pytest.raises(ValueError, match=reason) as error:
        canonical_url(bad)
    assert repr(bad) in str(error.value)


@pytest.mark.parametrize("pattern, later, first", [
    (PeopleSpider.later_page, "http://www.people.com.cn/n1/2022/0726/c32306-32485214-2.html",
     "http://www.people.com.cn/n1/2022/0726/c32306-32485214.html"),
    (PeopleSpider.later_page, "http://sh.people.com.cn/n2/2022/0726/c134768-40055555-12.html",
     "http://sh.people.com.cn/n2/2022/0726/c134768-40055555.html"),
    (CmsSpider.later_page, "http://www.slrbs.com/news/guonei/2019-07-27/1040902_3.html",
     "http://www.slrbs.com/news/guonei/2019-07-27/1040902.html"),
    # near misses: first pages, page "1", the other site's numbering, long ids, no pattern
    (PeopleSpider.later_page, "http://www.people.com.cn/n1/2022/0726/c32306-32485214.html",
     "http://www.people.com.cn/n1/2022/0726/c32306-32485214.html"),
    (PeopleSpider.later_page, "http://www.people.com.cn/n1/2022/0726/c32306-32485214-1.html",
     "http://www.people.com.cn/n1/2022/0726/c32306-32485214-1.html"),
    (PeopleSpider.later_page, "http://www.people.com.cn/n1/2022/0726/c32306-32485214_2.html",
     "http://www.people.com.cn/n1/2022/0726/c32306-32485214_2.html"),
    (CmsSpider.later_page, "http://www.slrbs.com/news/guonei/2019-07-27/t20190727_1040902.html",
     "http://www.slrbs.com/news/guonei/2019-07-27/t20190727_1040902.html"),
    (CmsSpider.later_page, "http://www.slrbs.com/news/guonei/index_2.html",
     "http://www.slrbs.com/news/guonei/index_2.html"),
    (None, "https://example.cn/news/show_2.html", "https://example.cn/news/show_2.html"),
])
def test_first_page_url_follows_the_sites_own_page_numbering(pattern, later, first):
    assert first_page_url(later, pattern) == first


def test_first_page_url_keeps_the_query():
    pattern = re.compile(r"a(?P<page>_\d)\.html")
    assert first_page_url("https://x.cn/d/a_2.html?id=1", pattern) == "https://x.cn/d/a.html?id=1"


@pytest.mark.parametrize("host, domain", [
    ("sh.people.com.cn", "people.com.cn"),
    ("www.gov.cn", "www.gov.cn"), ("www.sh.gov.cn", "sh.gov.cn"),  # gov.cn is a public suffix
    ("news.sina.com.cn", "sina.com.cn"),
    ("a.github.io", "a.github.io"),  # a private suffix: each tenant is its own site
    ("127.0.0.1", "127.0.0.1"), ("localhost", "localhost"),
    # unknown top-level domains, wildcard and exception rules, IDN in both spellings (公司.cn is
    # a suffix), a final dot
    ("a.b.localhost", "a.b.localhost"), ("a.intranet", "a.intranet"), ("::1", "::1"),
    ("a.b.ck", "a.b.ck"), ("a.city.kawasaki.jp", "city.kawasaki.jp"),
    ("www.中国政府.中国", "中国政府.中国"), ("www.xn--fiqs8s", "www.xn--fiqs8s"),
    ("news.xn--55qx5d.cn", "news.xn--55qx5d.cn"), ("www.bbc.co.uk.", "bbc.co.uk"),
])
def test_registrable_domain(host, domain):
    assert registrable_domain(host) == domain


PAGE = "http://news.example.com.cn/2022/0728/a1.html?utm_source=x"


@pytest.mark.parametrize("declared, expected", [
    (["https://www.example.com.cn/n/a1.html"], "https://www.example.com.cn/n/a1.html"),
    (["/2022/0728/a1.html#top"], "https://news.example.com.cn/2022/0728/a1.html"),
    # the first trusted one wins; untrusted ones are passed over
    (["https://other.com.cn/a1.html", "http://:99999/", "https://example.com.cn/a2.html"],
     "https://example.com.cn/a2.html"),
    # near misses: another registrable domain under the same public suffix, the home page
    (["https://example2.com.cn/2022/0728/a1.html"], ""),
    (["https://www.example.com.cn/"], ""),
    (["https://news.example.com.cn/index.html"], ""),
    (["mailto:news@example.com.cn"], ""),
    ([], ""),
])
def test_declared_canonical_url_is_trusted_on_the_same_registrable_domain(declared, expected):
    assert declared_canonical_url(PAGE, declared) == expected


def test_a_mobile_page_may_declare_its_desktop_twin():
    assert declared_canonical_url(
        "https://m.chinanews.com/wap/detail/zw/gn/2019/07-27/8908.shtml",
        ["https://www.chinanews.com.cn/gn/2019/07-27/8908.shtml"],
    ) == "https://www.chinanews.com.cn/gn/2019/07-27/8908.shtml"


def test_a_home_page_may_declare_the_home_page():
    assert declared_canonical_url("http://www.example.cn/index.html", ["https://example.cn/"]) == (
        "https://example.cn/")


def test_canonical_url_is_idempotent_on_random_queries():
    """The dedup pipeline canonicalises the spider's canonical URL again: that changes nothing."""
    rng = random.Random(11)
    alphabet = ["a", "b", "=", "&", "%", "+", "/", "?", "~", "中", " ", '"', "<", "%20", "%41",
                "%b9", "%D6", "%fa", "%2B", "%26"]
    for _ in range(3000):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        once = canonical_url(f"http://a.cn/s.asp?{query}")
        assert canonical_url(once) == once, query


def test_different_query_bytes_never_share_a_canonical_url():
    rng = random.Random(12)
    values = {bytes(rng.randrange(256) for _ in range(rng.randint(1, 3))) for _ in range(3000)}
    canonical = {canonical_url(f"http://a.cn/s.asp?t={quote(value, safe='')}") for value in values}
    assert len(canonical) == len(values)


def test_only_urls_of_browser_length_are_kept_in_the_cache():
    """A page may declare any string its canonical URL: a long one is canonicalised, not kept."""
    from newscrawl.urls import _cached_canonical_url
    _cached_canonical_url.cache_clear()
    long_url = "http://news.example.cn/a.html?q=" + "x" * 50_000
    assert canonical_url(long_url) == "https://news.example.cn/a.html?q=" + "x" * 50_000
    assert _cached_canonical_url.cache_info().currsize == 0
    assert canonical_url("http://news.example.cn/a.html?utm_source=x") == "https://news.example.cn/a.html"
    assert _cached_canonical_url.cache_info().currsize == 1
