import pytest

from newscrawl.urls import canonical_url


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
        # a regional people.com.cn channel is its own host
        (
            "http://sh.people.com.cn/n2/2022/0728/c134768-40055555.html",
            "https://sh.people.com.cn/n2/2022/0728/c134768-40055555.html",
        ),
        # later pages of a multi-page article → the first page
        (
            "http://www.people.com.cn/n1/2022/0728/c134768-32487394-2.html",
            "https://www.people.com.cn/n1/2022/0728/c134768-32487394.html",
        ),
        (
            "https://www.people.com.cn/n1/2022/0728/c134768-32487394-12.html",
            "https://www.people.com.cn/n1/2022/0728/c134768-32487394.html",
        ),
        ("https://news.163.com/15/0301/ABC123_3.html", "https://news.163.com/15/0301/ABC123.html"),
        (
            "http://www.xinhuanet.com/politics/2019-07/27/c_1124805000_2.htm",
            "https://www.xinhuanet.com/politics/2019-07/27/c_1124805000.htm",
        ),
        ("https://example.cn/zt/index2.html", "https://example.cn/zt/index.html"),
        ("https://example.cn/zt/index_5.shtml", "https://example.cn/zt/index.shtml"),
        # not a later page: long ids and the first page stay as they are
        (
            "https://www.gov.cn/zhengce/2022-07/28/content_5703000.htm",
            "https://www.gov.cn/zhengce/2022-07/28/content_5703000.htm",
        ),
        (
            "https://www.example.cn/art/t20220728_1234567.html",
            "https://www.example.cn/art/t20220728_1234567.html",
        ),
        ("https://example.cn/zt/index1.html", "https://example.cn/zt/index1.html"),
        # non-default ports are kept; non-ASCII paths percent-encoded
        ("http://example.cn:8080/a.html", "https://example.cn:8080/a.html"),
        ("https://example.cn/新闻/a.html", "https://example.cn/%E6%96%B0%E9%97%BB/a.html"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent():
    url = "http://m.chinanews.com/wap/detail/zw/gn/2019/07-27/8908_2.shtml?utm_x=1#a"
    once = canonical_url(url)
    assert canonical_url(once) == once


@pytest.mark.parametrize("bad", ["", "/n1/a.html", "ftp://example.cn/a", "javascript:void(0)", "https://"])
def test_canonical_url_rejects_non_http_urls(bad):
    with pytest.raises(ValueError, match="not an absolute http"):
        canonical_url(bad)
