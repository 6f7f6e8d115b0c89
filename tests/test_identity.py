"""A re-crawl never replaces one story by another: real `scrapy crawl` runs with REFRESH against
pages served on 127.0.0.1, into a real SQLite file."""
from __future__ import annotations

import random
from http.server import ThreadingHTTPServer

import pytest
from conftest import rows, run_scrapy
from servers import FAST, QuietHandler, serve

from newscrawl.dedup.identity import conflict_identity, is_other_story

HANZI = "新闻记者报道今日市民政府工作会议经济发展城市交通教育医疗科技文化体育旅游农业环境"


def story(number: int) -> tuple[str, list[str]]:
    """A title and four paragraphs, unlike any other number's."""
    rng = random.Random(number)
    paragraphs = ["".join("".join(rng.choice(HANZI) for _ in range(rng.randint(18, 30))) + "。"
                          for _ in range(3)) for _ in range(4)]
    return f"第{number}号通报{''.join(rng.choice(HANZI) for _ in range(8))}", paragraphs


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<h1>{title}</h1><div class='content'>{body}</div></body></html>").encode("utf-8")


class Pages(ThreadingHTTPServer):
    """Serves `pages` (path -> bytes), which the test changes between crawls."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), PageHandler)
        self.pages: dict[str, bytes] = {}

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class PageHandler(QuietHandler):
    server: Pages

    def do_GET(self):
        body = self.server.pages.get(self.path)
        self.send(200 if body else 404, body or b"")


@pytest.fixture
def pages():
    server = Pages()
    serve(server)
    yield server
    server.shutdown()
    server.server_close()



def test_a_recrawl_keeps_the_stored_story_when_the_url_now_serves_another(pages, database):
    replaced, corrected = pages.url("/a/1.html"), pages.url("/a/2.html")
    first_title, first_story = story(1)
    second_title, second_story = story(2)
    pages.pages = {"/a/1.html": page(first_title, first_story), "/a/2.html": page(second_title, second_story)}
    crawl = ["crawl", "generic", "-a", f"urls={replaced},{corrected}",
             "-s", f"DATABASE_URL=sqlite:///{database}", "-s", "REFRESH=True", *FAST]
    result = run_scrapy(*crawl)
    assert result.returncode == 0, result.stderr[-2000:]
    canonical = {title: url for url, title in rows(database, "SELECT canonical_url, title FROM articles")}
    first_canonical, second_canonical = canonical[first_title], canonical[second_title]

    # The address now serves another story; the other page a corrected one (one figure, its title).
    other_title, other_story = story(3)
    fixed = [second_story[0].replace(second_story[0][5], "二", 1), *second_story[1:]]
    pages.pages = {"/a/1.html": page(other_title, other_story),
                   "/a/2.html": page(second_title + "（更正）", fixed)}
    result = run_scrapy(*crawl)
    assert result.returncode == 0, result.stderr[-2000:]

    stored = dict(rows(database, "SELECT canonical_url, title FROM articles"))
    (conflict_url,) = [url for url in stored if url not in (first_canonical, second_canonical)]
    assert stored == {first_canonical: first_title, second_canonical: second_title + "（更正）",
                      conflict_url: other_title}
    # its fetched URL, or when that is the canonical URL itself, a distinct identity
    assert conflict_url == replaced or conflict_url.startswith(first_canonical + "#newscrawl-conflict-")
    assert rows(database, f"SELECT body FROM articles WHERE canonical_url = '{first_canonical}'") == [
        ("\n".join(first_story),)]
    assert rows(database, "SELECT items_stored, items_updated, identity_conflicts FROM crawl_runs"
                          " ORDER BY id") == [(2, 0, 0), (1, 1, 1)]
    assert "'newscrawl/identity_conflict': 1" in result.stderr
    assert f"{replaced}: another story than the one stored under {first_canonical}" in result.stderr
    assert conflict_url in result.stderr

    # A third run: the conflicting page is found under its own identity, nothing new is stored.
    result = run_scrapy(*crawl)
    assert result.returncode == 0, result.stderr[-2000:]
    assert rows(database, "SELECT count(*) FROM articles") == [(3,)]
    assert rows(database, "SELECT items_stored, identity_conflicts FROM crawl_runs ORDER BY id DESC LIMIT 1") == [(0, 1)]


def never_compared() -> float:
    raise AssertionError("the bodies were compared although the titles match")


def test_is_other_story():
    assert is_other_story("上海发布高温预警", "北京召开工作会议", lambda: 0.05, 0.7)
    assert not is_other_story("上海发布高温预警", "上海发布高温预警", never_compared, 0.7)  # same title
    assert not is_other_story("上海发布高温预警（更正）", "上海发布高温预警", lambda: 0.9, 0.7)  # a correction
    assert not is_other_story("上海发布高温预警", "北京召开工作会议", lambda: None, 0.7)  # nothing to compare
    assert not is_other_story("上海发布高温预警", "北京召开工作会议", lambda: 0.5, 0.7)  # not far enough


def test_conflict_identity_never_collides_with_a_canonical_url():
    assert conflict_identity("https://m.example.cn/1.html", "https://www.example.cn/1.html", "ab" * 20) == \
        "https://m.example.cn/1.html"
    identity = conflict_identity("https://www.example.cn/1.html", "https://www.example.cn/1.html", "ab" * 20)
    assert identity == "https://www.example.cn/1.html#newscrawl-conflict-abababababababab"
