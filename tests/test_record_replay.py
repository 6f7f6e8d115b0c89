"""A live crawl of pages served on 127.0.0.1, recorded, then replayed offline."""
from __future__ import annotations

from http.server import ThreadingHTTPServer

import pytest

from conftest import crawl_replay, rows, run_scrapy
from servers import QuietHandler, serve
from newscrawl.replay import fixture_index

STORY = ("第二届中国国际进口博览会倒计时100天上海城市服务保障工作推进大会在国家会展中心举行。"
         "会议强调，要全力以赴提供一流城市服务保障，对标更高要求、展现更好水平、营造更优环境。")
PAGE = f"""<!DOCTYPE html><html><head><meta charset="gbk"><title>进博会倒计时100天_测试网</title>
</head><body><div class="nav"><a href="/">首页</a> &gt; <a href="/news/">新闻</a></div>
<h1>进博会倒计时100天 服务保障工作推进大会举行</h1><div class="time">2019-07-27 20:58:14</div>
<div class="article"><p>{STORY}</p><p>{STORY[::-1]}</p><p>{STORY}</p></div>
<div class="footer">版权所有 测试网</div></body></html>""".encode("gbk")


class Pages(QuietHandler):
    requested: list[str] = []

    def do_GET(self):
        self.requested.append(self.path)
        if self.path == "/robots.txt":
            self.send(200, b"User-agent: *\nAllow: /\n", "text/plain")
        elif self.path.startswith("/news/"):
            self.send(200, PAGE, "text/html; charset=GBK")
        else:
            self.send(404, b"not here", "text/plain")


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    serve(httpd)
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


def article_rows(database):
    return rows(database, "SELECT url, title, body, encoding FROM articles ORDER BY url")


def test_recorded_crawl_replays_to_the_same_rows(server, tmp_path):
    urls = f"{server}/news/1.html,{server}/news/2.html"
    recorded = tmp_path / "recorded"
    live = run_scrapy("crawl", "generic", "-a", f"urls={urls}", "-s", f"RECORD_DIR={recorded}",
                      "-s", f"DATABASE_URL=sqlite:///{tmp_path / 'live.db'}")
    assert live.returncode == 0, live.stderr[-3000:]
    assert {f"{server}/news/1.html", f"{server}/news/2.html"} <= set(fixture_index(recorded))

    replayed = run_scrapy("crawl", "generic", "-a", f"urls={urls}",
                          "-s", f"REPLAY_DIR={recorded}",
                          "-s", f"DATABASE_URL=sqlite:///{tmp_path / 'replay.db'}")
    assert replayed.returncode == 0, replayed.stderr[-3000:]
    live_rows = article_rows(tmp_path / "live.db")
    assert len(live_rows) == 2 and STORY in live_rows[0][2]
    assert article_rows(tmp_path / "replay.db") == live_rows


def test_replay_never_fetches_a_page_it_has_not_saved(server, tmp_path):
    missing = f"{server}/news/never-saved.html"
    (tmp_path / "empty").mkdir()
    result = crawl_replay("generic", tmp_path / "news.db", "-a", f"urls={missing}",
                          replay_dir=tmp_path / "empty")
    assert f"replay: no saved response for {missing}" in result.stderr
    assert "'newscrawl/replay/missing': 1" in result.stderr
    assert article_rows(tmp_path / "news.db") == []
    assert "/news/never-saved.html" not in Pages.requested
