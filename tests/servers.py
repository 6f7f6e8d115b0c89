"""Local HTTP sites and crawl processes for the tests: servers on 127.0.0.1 that the tests
start and stop, and `scrapy` processes left running."""
from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, database_url

# Scrapy's own defaults wait seconds between requests to one site; these tests' sites
# are local, so they turn the waits off (each test still obeys robots.txt).
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]
HANZI = "新闻记者报道今日市民政府工作会议经济发展城市交通教育医疗科技文化体育旅游农业环境"


# ---- a local site of generated articles -------------------------------------------------

def article_html(number: int) -> bytes:
    """A page the generic extractor takes as an article, its text unlike any other's."""
    rng = random.Random(number)
    sentences = ["".join(rng.choice(HANZI) for _ in range(rng.randint(18, 30))) + "。"
                 for _ in range(12)]
    paragraphs = "".join(f"<p>{''.join(sentences[i:i + 3])}</p>" for i in range(0, 12, 3))
    title = f"第{number}号通报{''.join(rng.choice(HANZI) for _ in range(8))}"
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<h1>{title}</h1><div class='content'>{paragraphs}</div></body></html>"
            ).encode("utf-8")


class LocalSite(ThreadingHTTPServer):
    """/list.html links to /a/0.html .. /a/<articles-1>.html. After `free` article
    pages it holds every further article request until `release()`."""

    daemon_threads = True

    def __init__(self, articles: int, free: int):
        super().__init__(("127.0.0.1", 0), SiteHandler)
        self.articles, self.free = articles, free
        self.served = 0
        self.counter = threading.Lock()
        self.released = threading.Event()

    @property
    def list_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/list.html"

    def release(self) -> None:
        self.released.set()

    def handle_error(self, request, client_address):
        """A held page answered after its crawler was killed: nobody to tell."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class QuietHandler(BaseHTTPRequestHandler):
    """Answers with `send`; logs nothing."""

    def send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class SiteHandler(QuietHandler):
    server: LocalSite

    def do_GET(self):
        site = self.server
        if self.path == "/list.html":
            links = "".join(f"<li><a href='/a/{i}.html'>第{i}号通报</a></li>"
                            for i in range(site.articles))
            return self.send(200, f"<html><body><ul>{links}</ul></body></html>".encode())
        if self.path.startswith("/a/"):
            with site.counter:
                site.served += 1
                held = site.served > site.free
            if held:
                site.released.wait()
            return self.send(200, article_html(int(self.path[3:].split(".")[0])))
        return self.send(404, b"not found")


def serve(site: ThreadingHTTPServer):
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    return thread


def start_scrapy(*args: str) -> subprocess.Popen:
    """A `scrapy` process left running (run_scrapy waits for its end)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NEWSCRAWL_DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "scrapy", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def generic_crawl_args(site: LocalSite, database: Path, *extra: str) -> list[str]:
    return ["crawl", "generic", "-a", f"urls={site.list_url}", "-a", "follow_depth=1",
            "-s", f"DATABASE_URL={database_url(database)}", *FAST, *extra]


def wait_until(condition, what: str, deadline_seconds: float = 90) -> None:
    """Poll `condition` until it holds; fail the test if it never does."""
    deadline = time.monotonic() + deadline_seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.1)


def free_port() -> int:
    """A 127.0.0.1 port that was just free: nothing listens there, connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def local_site():
    """Starts LocalSites on 127.0.0.1; stops them after the test."""
    sites = []

    def start(articles: int, free: int) -> LocalSite:
        site = LocalSite(articles, free)
        serve(site)
        sites.append(site)
        return site

    yield start
    for site in sites:
        site.release()
        site.shutdown()
        site.server_close()
