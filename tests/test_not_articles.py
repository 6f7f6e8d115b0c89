"""Only articles are stored: non-HTML, undecodable, empty, error/anti-bot/login and repeated
pages are recorded in page_outcomes with a reason and a back-off, counted in the stats
and the run row, and fetched again when due. Pure checks first, then real `scrapy crawl
generic` processes against pages served on 127.0.0.1, with real SQLite files."""
from __future__ import annotations

import gzip
import json
import random
import re
import struct
import threading
import zlib
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import rows, run_scrapy
from servers import FAST, HANZI, QuietHandler, serve

from newscrawl.outcome import ExitCode, exit_code_for_stats, worst
from newscrawl.storage import ArticleStore
from newscrawl.extraction.blockpage import PHRASES, block_page
from newscrawl.encoding.charset import decide_charset
from newscrawl.extraction.density import extract_article, parse_html
from newscrawl.encoding.pagekind import content_kind, undecodable
from newscrawl.dedup.repeats import SHORT_BODY_CHARS, RepeatCounter
from newscrawl.urls import canonical_url


# ---- bodies ---------------------------------------------------------------------------

def story(seed: int, sentences: int = 12, mention: str = "") -> list[str]:
    """Paragraphs of a story unlike any other's; `mention` put inside the second one."""
    rng = random.Random(seed)
    text = ["".join(rng.choice(HANZI) for _ in range(rng.randint(18, 30))) + "。"
            for _ in range(sentences)]
    if mention:
        text[4] = f"警方提醒，收到{mention}短信时切勿转发给他人。"
    return ["".join(text[i:i + 3]) for i in range(0, sentences, 3)]


def page(title: str, paragraphs: list[str], head: str = "", wrap=("", "")) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
            f"{wrap[0]}<h1>{title}</h1><div class='content'>{body}</div>{wrap[1]}</body></html>")


def random_bytes(seed: int, size: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(size))


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 25, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(random_bytes(1, 3000))) + chunk(b"IEND", b""))


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
BLOCK_PAGE = ("<html><head><meta charset='utf-8'><title>访问验证</title></head><body>"
              "<h1>访问验证</h1><p>您的访问过于频繁，请稍后再试。</p><p>请输入验证码继续访问。</p>"
              "</body></html>")
# A maintenance notice without any phrase of the table: only its repetition tells.
NOTICE_PAGE = ("<html><head><meta charset='utf-8'><title>温馨提示</title></head><body>"
               "<h1>温馨提示</h1><div class='content'>"
               "<p>尊敬的读者朋友：为了给大家提供更加稳定和便捷的阅读体验，本站正在对全部栏目进行升级维护，"
               "期间部分稿件将暂时无法正常显示，给您带来的不便我们深表歉意，敬请广大读者谅解。</p>"
               "<p>维护完成以后，所有栏目和历史稿件都将恢复正常浏览，届时欢迎您继续关注本站的新闻报道，"
               "也欢迎您通过电子邮件向编辑部反映意见和建议，我们会认真阅读每一封来信并及时改进工作。</p>"
               "<p>感谢您长期以来对本站的关心和支持，我们将继续努力为大家提供准确及时的本地新闻资讯服务。</p>"
               "</div></body></html>")


def nested(depth: int, inner: str) -> str:
    return ("<html><head><meta charset='utf-8'><title>深层嵌套的页面标题_测试网</title></head><body>"
            + "<div>" * depth + inner + "</div>" * depth + "</body></html>")


# ---- pure checks: what is text -----------------------------------------------------------

@pytest.mark.parametrize("content_type, body, kind", [
    ("text/html; charset=utf-8", b"anything", "html"),
    ("application/xhtml+xml", b"<html/>", "html"),
    ("", b"\n  <!DOCTYPE html><html><body>x", "html"),
    ("application/octet-stream", b"<!-- cms --><html lang='zh'>", "html"),
    ("text/plain", b"\xef\xbb\xbf<HTML>", "html"),
    ("image/png", png_bytes(), "other"),
    ("", png_bytes(), "other"),
    ("application/pdf", PDF, "other"),
    ("application/json", b'{"html": "<html>"}', "other"),
    ("text/plain", b"User-agent: *\nDisallow:", "other"),
    ("application/rss+xml; charset=gbk", b"<?xml version='1.0'?><rss/>", "xml"),
    ("", b"<?xml version='1.0'?><urlset/>", "xml"),
])
def test_content_kind(content_type, body, kind):
    assert content_kind(content_type, body) == kind


def decoded(body: bytes, header_charset: str | None = None) -> str:
    return body.decode(decide_charset(body, header_charset).encoding, errors="replace")


def test_random_bytes_and_png_decode_to_no_text_whatever_the_charset():
    for body in (random_bytes(2, 5000), png_bytes(), random_bytes(3, 300)):
        for charset in (None, "utf-8", "gbk", "big5"):
            assert undecodable(decoded(body, charset))


def test_real_text_stays_text_with_a_cut_character_controls_and_a_lying_charset():
    html = page("标题", story(1))
    assert not undecodable(decoded(html.encode("utf-8")))
    assert not undecodable(decoded(html.encode("utf-8")[:-30] + "新".encode("utf-8")[:2]))
    assert not undecodable(decoded(html.encode("gbk"), "utf-8"))
    assert decoded(html.encode("gbk"), "utf-8") == html
    with_controls = page("标题", [p[:10] + "\x00\x07\x1b[2J\u202e" + p[10:] for p in story(2)])
    assert not undecodable(with_controls)
    assert not undecodable("")


# ---- pure checks: block pages ------------------------------------------------------------

@pytest.mark.parametrize("phrase, kind, weight", PHRASES)
def test_each_phrase_marks_a_short_page_and_not_a_story_that_mentions_it(phrase, kind, weight):
    found = block_page(phrase, f"{phrase}。返回首页")
    assert found is not None and found.kind == kind and phrase in found.phrases
    # near miss: a story that mentions the phrase, in its body and in its title
    text = "".join(story(sum(map(ord, phrase)), mention=phrase))
    assert block_page("新闻：关于" + phrase + "的提醒", text) is None
    assert block_page("市政府召开工作会议", text) is None


def test_a_weak_phrase_alone_in_a_short_text_is_not_enough():
    assert block_page("市民热线", "请登录网上服务平台查询办理进度。") is None
    assert block_page("访问验证", "您的访问过于频繁，请稍后再试") is not None


def test_the_longest_matching_phrase_counts_once():
    found = block_page("提示", "您访问的页面不存在")
    assert found.phrases == ("您访问的页面不存在",)


# ---- pure checks: repeats ----------------------------------------------------------------

def test_a_body_repeated_on_n_urls_of_one_host_is_reported_once_with_the_earlier_urls():
    counter = RepeatCounter(min_urls=3)
    assert counter.add("http://a.cn/1", "通知", "同一段话") is None
    assert counter.add("http://b.cn/1", "通知", "同一段话") is None  # another site
    assert counter.add("http://a.cn/2", "通知", "同一段话") is None
    repeat = counter.add("http://a.cn/3", "通知", "同一段话")
    assert repeat.sign == "same body" and repeat.urls == ("http://a.cn/1", "http://a.cn/2")
    assert counter.add("http://a.cn/4", "通知", "同一段话").urls == ()


def test_a_shared_title_counts_only_on_short_bodies():
    counter = RepeatCounter(min_urls=2)
    long_bodies = ["".join(story(seed, sentences=30)) for seed in (1, 2, 3)]
    assert all(len(body) >= SHORT_BODY_CHARS for body in long_bodies)
    assert all(counter.add(f"http://a.cn/{i}", "某某网", body) is None
               for i, body in enumerate(long_bodies))
    assert counter.add("http://a.cn/x", "请稍候", "甲") is None
    assert counter.add("http://a.cn/y", "请稍候", "乙").sign == "same title"


# ---- pure checks: exit status ------------------------------------------------------------

def test_a_run_of_mostly_block_pages_exits_9_and_ranks_below_all_failed():
    stats = {"finish_reason": "finished", "downloader/request_count": 10,
             "downloader/response_count": 10, "downloader/response_status_count/200": 10,
             "newscrawl/article_pages": 10, "newscrawl/not_article/blocked": 4,
             "newscrawl/not_article/repeated_page": 2, "newscrawl/stored": 4}
    assert exit_code_for_stats(stats) is ExitCode.BLOCKED == 9
    assert exit_code_for_stats(dict(stats, **{"newscrawl/not_article/repeated_page": 1})) is ExitCode.OK
    assert worst([ExitCode.BLOCKED, ExitCode.NOTHING_STORED]) is ExitCode.BLOCKED
    assert worst([ExitCode.BLOCKED, ExitCode.ALL_REQUESTS_FAILED]) is ExitCode.ALL_REQUESTS_FAILED


def test_answered_redirects_are_not_failed_requests():
    stats = {"finish_reason": "finished", "downloader/request_count": 2,
             "downloader/response_count": 2, "downloader/response_status_count/301": 2,
             "newscrawl/skipped/stored": 2}
    assert exit_code_for_stats(stats) is ExitCode.OK


# ---- page_outcomes: back-off and skip ----------------------------------------------------

def test_outcome_back_off_doubles_up_to_the_cap_and_an_article_clears_it(tmp_path):
    from newscrawl.items import Article
    store = ArticleStore(f"sqlite:///{tmp_path / 'o.db'}", retry_base=3600, retry_max=3 * 3600)
    store.start_run("generic")
    url = "http://a.cn/1.html"
    waits = []
    for _ in range(4):
        outcome = store.record_outcome(url, url=url, site="generic", reason="blocked")
        waits.append(round((outcome.retry_after - outcome.last_seen).total_seconds()))
    assert waits == [3600, 7200, 10800, 10800] and outcome.attempts == 4
    store.commit()
    assert store.skip_reason(url) == "retry_later"
    assert store.skip_reason(url, now=datetime.now(UTC) + timedelta(hours=4)) == ""
    store.record_outcome("http://a.cn/r.html", url="http://a.cn/r.html", site="generic",
                         reason="redirect", target_url="http://a.cn/2.html")
    store.save(Article(url="http://a.cn/2.html", site="generic", title="t", body="b",
                       canonical_url="http://a.cn/2.html"))
    store.save(Article(url=url, site="generic", title="t", body="c", canonical_url=url))
    store.commit()
    assert store.skip_reason("http://a.cn/r.html") == "stored"
    assert store.skip_reason(url) == "stored"
    store.close()
    assert rows(tmp_path / "o.db", "SELECT canonical_url FROM page_outcomes") == [
        ("http://a.cn/r.html",)]


# ---- huge_tree ---------------------------------------------------------------------------

def test_an_article_nested_300_deep_is_extracted_whole():
    paragraphs = story(7)
    extracted = extract_article(nested(300, f"<h1>深层嵌套的页面标题</h1>{''.join(f'<p>{p}</p>' for p in paragraphs)}"),
                                "http://a.cn/deep.html")
    assert extracted is not None and extracted.paragraphs == paragraphs


def test_a_page_nested_20000_deep_parses_without_error():
    root = parse_html(nested(20000, "<p>底</p>"))
    assert root is not None
    extract_article(nested(20000, "<p>底</p>"), "http://a.cn/deeper.html")


# ---- a hostile site, crawled for real ----------------------------------------------------

GOOD_STORIES = {f"/good/{n}.html": story(100 + n) for n in range(3)}
CONTROL_STORY = [p[:8] + "\x00\x07\x1b[2J\u202e" + p[8:] for p in story(200)]
DEEP_STORY = story(201)
BIG_STORY = story(202)
GBK_STORY = story(203)
CUT_STORY = story(204)
LIFTED = {f"/blocked/{n}.html": story(300 + n) for n in range(5)}
LIFTED |= {f"/notice/{n}.html": story(400 + n) for n in range(5)}


class HostileSite(ThreadingHTTPServer):
    """Good articles beside everything a bad day serves; /blocked/* and /notice/* serve a
    block page and a maintenance notice until `lift()`."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), HostileHandler)
        self.lifted = False
        self.requested: list[str] = []
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


def responses(site: HostileSite) -> dict[str, tuple[int, dict, bytes]]:
    html = "text/html; charset=utf-8"
    cut = page("截断的页面", CUT_STORY).encode("utf-8")
    big_script = "<script>var x='" + "a" * (3 * 1024 * 1024) + "';</script>"
    pages = {
        **{path: (200, {"Content-Type": html}, page(f"好新闻{path[-6]}", text).encode())
           for path, text in GOOD_STORIES.items()},
        "/controls.html": (200, {"Content-Type": html}, page("控制字符", CONTROL_STORY).encode()),
        "/deep300.html": (200, {"Content-Type": html}, nested(
            300, "<h1>深层的新闻</h1>" + "".join(f"<p>{p}</p>" for p in DEEP_STORY)).encode()),
        "/big.html": (200, {"Content-Type": html}, page("大页面", BIG_STORY, head=big_script).encode()),
        "/gbk.html": (200, {"Content-Type": html}, page("字符集说谎", GBK_STORY).encode("gbk")),
        "/cut.html": (200, {"Content-Type": html}, cut[:cut.index(CUT_STORY[-1][:10].encode()) + 15]),
        "/r/1.html": (301, {"Location": "/moved/1.html"}, b""),
        "/moved/1.html": (200, {"Content-Type": html}, page("搬家的新闻", story(205)).encode()),
        "/random.html": (200, {"Content-Type": html}, random_bytes(5, 8000)),
        "/image.png": (200, {"Content-Type": "image/png"}, png_bytes()),
        "/png.html": (200, {"Content-Type": html}, png_bytes()),
        "/doc.pdf": (200, {"Content-Type": "application/pdf"}, PDF),
        "/api.json": (200, {"Content-Type": "application/json"},
                      json.dumps({"title": "新闻", "body": "".join(story(206))}).encode()),
        "/empty.html": (200, {"Content-Type": html}, b""),
        "/script.html": (200, {"Content-Type": html},
                         b"<html><head><script>location.href='/x?'+Math.random()</script></head>"
                         b"<body><script>document.write('\xe6\x96\xb0\xe9\x97\xbb')</script></body></html>"),
        "/deep20k.html": (200, {"Content-Type": html}, nested(20000, "<p>底</p>").encode()),
        "/bomb.html": (200, {"Content-Type": html, "Content-Encoding": "gzip"},
                       gzip.compress(b" " * (20 * 1024 * 1024), compresslevel=9)),
    }
    for path, text in LIFTED.items():
        title = "解除封锁" + path
        blocked = BLOCK_PAGE if path.startswith("/blocked/") else NOTICE_PAGE
        pages[path] = (200, {"Content-Type": html},
                       (page(title, text) if site.lifted else blocked).encode())
    return pages


GOOD = [*GOOD_STORIES, "/controls.html", "/deep300.html", "/big.html", "/gbk.html", "/cut.html",
        "/r/1.html"]
BAD = {"/random.html": "undecodable", "/png.html": "undecodable", "/image.png": "content_type",
       "/doc.pdf": "content_type", "/api.json": "content_type", "/empty.html": "no_content",
       "/script.html": "no_content", "/deep20k.html": "no_content"}


class HostileHandler(QuietHandler):
    server: HostileSite

    def do_GET(self):
        with self.server.lock:
            self.server.requested.append(self.path)
        status, headers, body = responses(self.server).get(self.path, (404, {}, b"not found"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def hostile_site():
    site = HostileSite()
    serve(site)
    yield site
    site.shutdown()
    site.server_close()


def crawl(site: HostileSite, database: Path, tmp_path: Path, paths, *extra: str):
    seeds = tmp_path / "seeds.txt"
    seeds.write_text("\n".join(site.url(path) for path in paths) + "\n", encoding="utf-8")
    site.requested.clear()
    return run_scrapy("crawl", "generic", "-a", f"url_file={seeds}",
                      "-s", f"DATABASE_URL=sqlite:///{database}", *FAST, *extra, timeout=300)


def stored_bodies(database: Path) -> dict[str, str]:
    return dict(rows(database, "SELECT url, body FROM articles"))


def last_run(database: Path) -> tuple[int, dict, int]:
    exit_status, not_articles, stored = rows(
        database, "SELECT exit_status, not_articles, items_stored FROM crawl_runs ORDER BY id DESC")[0]
    return exit_status, json.loads(not_articles), stored


def test_a_bad_day_stores_only_the_articles_and_a_later_run_gets_the_blocked_ones(
        hostile_site, database, tmp_path):
    site = hostile_site
    paths = [*GOOD, *BAD, "/bomb.html", *LIFTED]
    result = crawl(site, database, tmp_path, paths)
    log = result.stdout + result.stderr
    assert "Traceback" not in log, log[-4000:]
    assert result.returncode == ExitCode.OK, log[-3000:]

    bodies = stored_bodies(database)
    expected = {site.url(path): text for path, text in GOOD_STORIES.items()}
    expected |= {site.url("/deep300.html"): DEEP_STORY, site.url("/big.html"): BIG_STORY,
                 site.url("/gbk.html"): GBK_STORY}
    for url, text in expected.items():
        assert bodies.get(url) == "\n".join(text), url
    assert site.url("/controls.html") in bodies
    assert bodies[site.url("/cut.html")].startswith("\n".join(CUT_STORY[:-1]))
    assert site.url("/moved/1.html") in bodies
    assert set(bodies) == {*expected, site.url("/controls.html"), site.url("/cut.html"),
                           site.url("/moved/1.html")}

    exit_status, not_articles, stored = last_run(database)
    assert exit_status == 0 and stored == len(bodies)
    reasons = {}
    for reason in BAD.values():
        reasons[reason] = reasons.get(reason, 0) + 1
    assert not_articles == reasons | {"blocked": 5, "repeated_page": 5}
    outcomes = dict(rows(database, "SELECT url, reason FROM page_outcomes"))
    assert outcomes == ({site.url(path): reason for path, reason in BAD.items()}
                        | {site.url(p): "blocked" for p in LIFTED if p.startswith("/blocked/")}
                        | {site.url(p): "repeated_page" for p in LIFTED if p.startswith("/notice/")}
                        | {site.url("/r/1.html"): "redirect"})
    assert rows(database, "SELECT target_url FROM page_outcomes WHERE reason='redirect'") == [
        (canonical_url(site.url("/moved/1.html")),)]

    # Not due yet: nothing is fetched again (robots.txt aside).
    result = crawl(site, database, tmp_path, paths)
    assert result.returncode == ExitCode.OK, result.stderr[-3000:]
    assert [path for path in site.requested if path != "/robots.txt"] == ["/bomb.html"]

    # The block is lifted and the back-off made due: the real articles come in.
    site.lifted = True
    result = crawl(site, database, tmp_path, paths, "-s", "NOT_ARTICLE_RETRY_BASE=0")
    log = result.stdout + result.stderr
    assert result.returncode == ExitCode.OK, log[-3000:]
    assert "Traceback" not in log
    bodies = stored_bodies(database)
    for path, text in LIFTED.items():
        assert bodies.get(site.url(path)) == "\n".join(text), path
    assert "/r/1.html" not in site.requested  # its target is stored
    lifted_urls = {site.url(path) for path in LIFTED}
    assert not lifted_urls & {url for (url,) in rows(database, "SELECT url FROM page_outcomes")}
    exit_status, not_articles, stored = last_run(database)
    assert stored == len(LIFTED) and not_articles == reasons


def test_a_run_of_block_pages_exits_9_and_the_report_flags_it(hostile_site, database, tmp_path):
    site = hostile_site
    result = crawl(hostile_site, database, tmp_path,
                   [*(p for p in LIFTED if p.startswith("/blocked/")), "/good/0.html"])
    assert result.returncode == ExitCode.BLOCKED == 9, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert list(stored_bodies(database)) == [site.url("/good/0.html")]
    assert last_run(database)[:2] == (9, {"blocked": 5})
    report = run_scrapy("report", "-s", f"DATABASE_URL=sqlite:///{database}")
    assert report.returncode == ExitCode.BLOCKED, report.stdout + report.stderr
    assert re.search(r"!! run \d+ blocked: .*blocked 5", report.stdout), report.stdout


def test_seeds_that_all_redirect_to_stored_articles_exit_0_and_are_skipped_next_time(
        hostile_site, database, tmp_path):
    site = hostile_site
    assert crawl(site, database, tmp_path, ["/moved/1.html"]).returncode == ExitCode.OK
    result = crawl(site, database, tmp_path, ["/r/1.html"])
    assert result.returncode == ExitCode.OK, result.stderr[-3000:]
    assert "/r/1.html" in site.requested and "/moved/1.html" not in site.requested
    assert rows(database, "SELECT url, reason, target_url FROM page_outcomes") == [
        (site.url("/r/1.html"), "redirect", canonical_url(site.url("/moved/1.html")))]
    result = crawl(site, database, tmp_path, ["/r/1.html"])
    assert result.returncode == ExitCode.OK
    assert [path for path in site.requested if path != "/robots.txt"] == []
    assert "'newscrawl/skipped/stored': 1" in result.stderr


def test_only_pages_using_a_phrase_are_parsed_for_the_block_check():
    from newscrawl.extraction.blockpage import uses_a_phrase
    assert all(uses_a_phrase(f"<p>{phrase.upper()}</p>") for phrase, _, _ in PHRASES)
    assert not uses_a_phrase(page("市政府召开工作会议", story(9)))
