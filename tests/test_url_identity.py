"""URL identity end to end: real `scrapy crawl` processes against pages served on 127.0.0.1
by the test (and the replay fixtures for the site spiders' page numbering), into real
SQLite files. Different stories keep different rows; the same story keeps one."""
from __future__ import annotations

import re
import shutil
from http.server import ThreadingHTTPServer

import pytest
from conftest import FIXTURES, crawl_replay, rows, run_scrapy
from servers import FAST, QuietHandler, article_html, serve
from test_spiders_replay import stats, stored_rows

BAD_LINKS = ["http://example.com:99999/x.html", "http://[::1/x.html"]
# path (as the server receives it) -> the number of the story served there
STORIES = {
    "/news/x.html": 1, "/news/x_2.html": 2, "/news/x_3.html": 3,
    "/show.asp?id=5": 5, "/show.asp?id=6": 6,
    "/s.asp?t=%D6%D0": 7, "/s.asp?t=%B9%FA": 8,  # 中 and 国, percent-encoded GBK
    "/a/index_2.html": 9, "/b/index_2.html": 10,
    "/story.html": 11, "/story.html?utm_source=wechat&utm_medium=share": 11,
    "/print/12.html": 12,  # declares /news/12.html as its URL
    "/news/13.html": 13,  # declares the same path on another host
    "/news/14.html": 14,  # declares the home page
}


def declared(path: str, port: int) -> str:
    return {
        "/print/12.html": "<link rel='canonical' href='/news/12.html'>",
        "/news/13.html": f"<meta property='og:url' content='http://localhost:{port}/news/13.html'>",
        "/news/14.html": "<link rel='canonical' href='/'>",
    }.get(path, "")


class IdentitySite(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), IdentityHandler)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


class IdentityHandler(QuietHandler):
    server: IdentitySite

    def do_GET(self):
        if self.path == "/list.html":
            # the bad links first: the links after them are still followed
            links = "".join(f"<li><a href='{href}'>link</a></li>" for href in [*BAD_LINKS, *STORIES])
            return self.send(200, f"<html><body><ul>{links}</ul></body></html>".encode())
        if self.path in STORIES:
            page = article_html(STORIES[self.path])
            head = declared(self.path, self.server.port).encode()
            return self.send(200, page.replace(b"</head>", head + b"</head>"))
        return self.send(404, b"not found")


@pytest.fixture
def site():
    server = IdentitySite()
    serve(server)
    yield server
    server.shutdown()
    server.server_close()


def crawl(site: IdentitySite, database, *args: str):
    return run_scrapy("crawl", "generic", "-s", f"DATABASE_URL=sqlite:///{database}", *FAST, *args)


def test_different_stories_keep_different_rows_and_one_story_one_row(site, database):
    result = crawl(site, database, "-a", f"urls={site.url('/list.html')}", "-a", "follow_depth=1")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    stored = dict(rows(database, "SELECT canonical_url, title FROM articles"))
    origin = f"https://127.0.0.1:{site.port}"
    expected = {
        f"{origin}/news/x.html": 1, f"{origin}/news/x_2.html": 2, f"{origin}/news/x_3.html": 3,
        f"{origin}/show.asp?id=5": 5, f"{origin}/show.asp?id=6": 6,
        f"{origin}/s.asp?t=%D6%D0": 7, f"{origin}/s.asp?t=%B9%FA": 8,
        f"{origin}/a/index_2.html": 9, f"{origin}/b/index_2.html": 10,
        f"{origin}/story.html": 11,  # with and without utm_*: one row
        f"{origin}/news/12.html": 12,  # the URL /print/12.html declares on its own host
        f"{origin}/news/13.html": 13,  # og:url on another host not trusted
        f"{origin}/news/14.html": 14,  # a canonical link to the home page not trusted
    }
    assert sorted(stored) == sorted(expected)
    for url, number in expected.items():  # each row holds the story served at its URL
        assert stored[url].startswith(f"第{number}号通报"), (url, stored[url])
    counted = stats(log)
    assert counted["newscrawl/dropped/bad_url"] == len(BAD_LINKS)
    assert rows(database, "SELECT drops FROM crawl_runs") == [('{"bad_url": 2}',)]
    assert re.search(r"bad URL skipped \(found on http://127\.0\.0\.1:\d+/list\.html\): "
                     r"Port out of range 0-65535: 'http://example\.com:99999/x\.html'", log)
    assert "Invalid IPv6 URL: 'http://[::1/x.html'" in log
    assert counted["newscrawl/canonical_link/used"] == 1
    assert counted["newscrawl/canonical_link/ignored"] == 2
    assert "Traceback" not in log

    again = crawl(site, database, "-a", f"urls={site.url('/list.html')}", "-a", "follow_depth=1")
    # the skip check knows every stored identity: GBK queries, page-like names, and
    # /print/12.html, stored under the URL it declares
    counted = stats(again.stdout + again.stderr)
    assert counted["newscrawl/skipped/stored"] == len(STORIES)
    assert counted.get("newscrawl/stored", 0) == 0
    assert rows(database, "SELECT count(*) FROM articles") == [(len(expected),)]


def test_a_bad_seed_is_skipped_and_counted_and_the_next_seeds_are_crawled(site, database, tmp_path):
    url_file = tmp_path / "urls.txt"  # saved by Notepad: a UTF-8 byte order mark first
    url_file.write_text(f"{site.url('/news/x_3.html')}\n", encoding="utf-8-sig")
    result = crawl(site, database, "-a", f"urls={BAD_LINKS[0]},{site.url('/news/x_2.html')}",
                   "-a", f"url_file={url_file}")
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert sorted(url for (url,) in rows(database, "SELECT url FROM articles")) == [
        site.url("/news/x_2.html"), site.url("/news/x_3.html")]
    assert stats(log)["newscrawl/dropped/bad_url"] == 1
    assert "bad URL skipped (found on the given URLs): Port out of range" in log


def test_when_no_seed_can_be_requested_the_crawl_says_so_and_fails(database):
    result = crawl(None, database, "-a", f"urls={','.join(BAD_LINKS)},www.example.cn/a.html")
    log = result.stdout + result.stderr
    assert result.returncode == 6, log[-3000:]
    assert "generic spider: none of the 3 given URLs can be requested" in log
    assert stats(log)["newscrawl/dropped/bad_url"] == 3
    assert "Traceback" not in log


@pytest.mark.parametrize("site_name, feed, first_page, later_page, pages", [
    # the people RSS feed links to page 2 of a three-page article
    ("people", "rss.xml", b"c32306-32485214.html", b"c32306-32485214-2.html", 3),
    # the CMS list page links to page 2 of a one-page article (there is none: page 1 it is)
    ("slrbs", "list.html", b"2019-07-27/1040902.html", b"2019-07-27/1040902_2.html", 1),
])
def test_a_site_spider_meeting_a_later_page_stores_the_whole_article_once(
        tmp_path, site_name, feed, first_page, later_page, pages):
    replay = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / site_name, replay / site_name)
    listed = replay / site_name / feed
    assert first_page in listed.read_bytes()
    listed.write_bytes(listed.read_bytes().replace(first_page, later_page))
    result = crawl_replay(site_name, tmp_path / "a.db", replay_dir=replay)
    assert result.returncode == 0, result.stderr[-3000:]
    matching = {url: row for url, row in stored_rows(tmp_path / "a.db").items()
                if first_page.decode().split(".")[0] in url}
    assert [(url.endswith(first_page.decode()), row.pages) for url, row in matching.items()] == [
        (True, pages)]
