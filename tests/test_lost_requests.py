"""Lost requests: every request that never reaches its callback is counted with its reason
in the stats and the run row (newscrawl.lost), while the good pages are stored. A real
`scrapy crawl generic` against a site served on 127.0.0.1 by the test."""
from __future__ import annotations

import json
import sys
import time
from http.server import ThreadingHTTPServer

import pytest
from conftest import database_url, rows, run_scrapy
from servers import FAST, QuietHandler, article_html, free_port, serve
from scrapy import Request
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotSupported,
)
from scrapy.http import HtmlResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils._compression import _DecompressionMaxSizeExceeded

from newscrawl.lost import http_error_reason, is_redirect_loop, lost_reason

MAX_SIZE = 100_000
TIMEOUT = 4  # DOWNLOAD_TIMEOUT: generous, so that only /slow.html times out on a busy machine
SLOW_SECONDS = 2 * TIMEOUT + 2


class TroubleSite(ThreadingHTTPServer):
    """/index.html links to two articles and to pages that each lose their request in
    one way; `dead_port` is a port where nothing listens."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), TroubleHandler)
        self.dead_port = free_port()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def handle_error(self, request, client_address):
        """A slow or over-size answer the crawler hung up on: nobody to tell."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


LINKS = ["/a/1.html", "/a/2.html", "/loop/a.html", "/many/0.html", "/far.html",
         "/big.html", "/big-unannounced.html", "/mail.html", "/ftp.html", "/slow.html",
         "/dead.html"]


class TroubleHandler(QuietHandler):
    server: TroubleSite

    def redirect(self, location: str):
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self):
        path, port = self.path, self.server.port
        if path == "/robots.txt":
            return self.send(404, b"")
        if path == "/index.html":
            links = "".join(f"<a href='{link}'>{link}</a> " for link in LINKS)
            return self.send(200, f"<html><body>{links}</body></html>".encode())
        if path.startswith("/a/"):
            return self.send(200, article_html(int(path[3:].split(".")[0])))
        if path == "/loop/a.html":
            return self.redirect("/loop/b.html")
        if path == "/loop/b.html":
            return self.redirect("/loop/a.html")
        if path.startswith("/many/"):
            return self.redirect(f"/many/{int(path[6:].split('.')[0]) + 1}.html")
        if path == "/far.html":  # same server, another host name: another site
            return self.redirect(f"http://localhost:{port}/a/3.html")
        if path == "/big.html":
            return self.send(200, article_html(4) + b" " * MAX_SIZE)
        if path == "/big-unannounced.html":  # no Content-Length: the size shows while reading
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(article_html(5) + b" " * MAX_SIZE)
            self.close_connection = True
            return None
        if path == "/mail.html":
            return self.redirect("mailto:editor@example.com")
        if path == "/ftp.html":
            return self.redirect(f"ftp://127.0.0.1:{port}/a/6.html")
        if path == "/slow.html":
            time.sleep(SLOW_SECONDS)
            return self.send(200, article_html(7))
        if path == "/dead.html":
            return self.redirect(f"http://127.0.0.1:{self.server.dead_port}/a/8.html")
        return self.send(404, b"not found")


@pytest.fixture
def trouble_site():
    site = TroubleSite()
    serve(site)
    yield site
    site.shutdown()
    site.server_close()


def test_every_lost_request_is_counted_with_its_reason_and_the_good_pages_stored(
        trouble_site, database):
    seeds = [f"http://127.0.0.1:{trouble_site.port}/index.html",
             "http://newscrawl-test.invalid/a.html"]  # .invalid never resolves (RFC 6761)
    result = run_scrapy(
        "crawl", "generic", "-a", f"urls={','.join(seeds)}", "-a", "follow_depth=1",
        "-s", f"DATABASE_URL={database_url(database)}", *FAST,
        "-s", f"DOWNLOAD_MAXSIZE={MAX_SIZE}", "-s", "DOWNLOAD_WARNSIZE=0",
        "-s", "REDIRECT_MAX_TIMES=5", "-s", f"DOWNLOAD_TIMEOUT={TIMEOUT}",
        "-s", "RETRY_TIMES=1", "-s", "RETRY_BACKOFF_BASE=0")

    assert result.returncode == 0, result.stderr[-3000:]
    assert rows(database, "SELECT url FROM articles ORDER BY url") == [
        (f"http://127.0.0.1:{trouble_site.port}/a/1.html",),
        (f"http://127.0.0.1:{trouble_site.port}/a/2.html",)]
    expected = {"redirect_loop": 1, "too_many_redirects": 1, "offsite": 1, "size_limit": 2,
                "bad_scheme": 1, "bad_url": 1, "timeout": 1, "connection": 1, "dns": 1}
    (lost,) = rows(database, "SELECT lost_requests FROM crawl_runs")[0]
    assert json.loads(lost) == expected
    for reason, count in expected.items():
        assert f"'newscrawl/lost/{reason}': {count}" in result.stderr
    # each logged once with its URL, a redirect with the chain that led to it
    base = f"http://127.0.0.1:{trouble_site.port}"
    assert (f"request lost (redirect_loop): {base}/loop/a.html -> {base}/loop/b.html -> "
            f"{base}/loop/a.html") in result.stderr
    assert f"request lost (offsite): {base}/far.html -> http://localhost:" in result.stderr
    assert f"request lost (bad_scheme): {base}/ftp.html" in result.stderr
    assert (f"request lost (bad_url): {base}/mail.html (Missing scheme in request url: "
            "mailto:editor@example.com)") in result.stderr
    assert result.stderr.count("request lost (") == sum(expected.values())


# ---- the classification, on Scrapy's own exceptions ------------------------------------

def test_lost_reason_of_each_download_failure():
    request = Request("http://example.cn/a.html")
    assert lost_reason(DownloadCancelledError("too big"), request) == "size_limit"
    assert lost_reason(NotSupported("Unsupported URL scheme 'mailto'"), request) == "bad_scheme"
    assert lost_reason(CannotResolveHostError("x"), request) == "dns"
    assert lost_reason(DownloadTimeoutError("x"), request) == "timeout"
    assert lost_reason(DownloadConnectionRefusedError("x"), request) == "connection"
    assert lost_reason(ValueError("Missing scheme in request url: mailto:x@example.cn"),
                       request) == "bad_url"
    assert lost_reason(KeyError("x"), request) == "error"


def test_a_body_that_decompresses_beyond_the_size_limit_is_lost_a_plain_refusal_is_not():
    request = Request("http://example.cn/a.html")
    bomb = IgnoreRequest("Ignored response: exceeded DOWNLOAD_MAXSIZE during decompression")
    bomb.__cause__ = _DecompressionMaxSizeExceeded(9_000_000, 8_388_608)
    assert lost_reason(bomb, request) == "size_limit"
    assert lost_reason(IgnoreRequest("already stored: http://example.cn/a.html"), request) is None


def test_refusals_on_purpose_are_not_lost_but_redirect_limits_are():
    plain = Request("http://example.cn/a.html")
    assert lost_reason(IgnoreRequest("already stored"), plain) is None
    chain = [f"http://example.cn/{n}.html" for n in range(5)]
    gave_up = Request("http://example.cn/5.html", meta={"redirect_ttl": 0, "redirect_urls": chain})
    assert lost_reason(IgnoreRequest("max redirections reached"), gave_up) == "too_many_redirects"
    # a loop that was not caught by the duplicate filter (a retried request is not filtered)
    circling = Request(chain[3], meta={"redirect_ttl": 0, "redirect_urls": chain})
    assert lost_reason(IgnoreRequest("max redirections reached"), circling) == "redirect_loop"


def test_http_errors_are_lost_by_status_and_redirects_to_other_schemes_are_bad_scheme():
    request = Request("http://example.cn/a.html")
    forbidden = HtmlResponse(request.url, status=403, body=b"", request=request)
    assert lost_reason(HttpError(forbidden), request) == "http_403"
    assert http_error_reason(302, b"mailto:x@example.cn", request.url) == "bad_scheme"
    assert http_error_reason(301, b"ftp://example.cn/f", request.url) == "bad_scheme"
    assert http_error_reason(302, b"/b.html", request.url) == "http_302"
    assert http_error_reason(302, None, request.url) == "http_302"


def test_a_redirect_back_into_its_chain_is_a_loop_and_a_fresh_duplicate_is_not():
    chain = ["http://example.cn/a.html", "http://example.cn/b.html"]
    assert is_redirect_loop(Request(chain[0], meta={"redirect_urls": chain}))
    assert not is_redirect_loop(Request("http://example.cn/c.html", meta={"redirect_urls": chain}))
    assert not is_redirect_loop(Request(chain[0]))
