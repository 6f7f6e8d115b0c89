"""Two news "portals" served on 127.0.0.1 for distributed crawls (tests/test_distributed.py,
bench/distributed.py): /index.html -> /list/K.html -> /a/N.html, generated bodies, hits
counted per path and per User-Agent."""
from __future__ import annotations

import random
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HANZI = "新闻记者报道今日市民政府工作会议经济发展城市交通教育医疗科技文化体育旅游农业环境"


def sentence(rng: random.Random) -> str:
    return "".join(rng.choice(HANZI) for _ in range(rng.randint(18, 30))) + "。"


def story_paragraphs(story: int) -> list[str]:
    rng = random.Random(story)
    return ["".join(sentence(rng) for _ in range(3)) for _ in range(4)]


class Portal(ThreadingHTTPServer):
    """/index.html -> /list/K.html -> /a/N.html; the article at /a/N.html tells story
    stories[N]. Counts every hit per path (robots.txt apart)."""

    daemon_threads = True

    def __init__(self, stories: list[int], per_list: int, edits: set[int] = frozenset()):
        super().__init__(("127.0.0.1", 0), PortalHandler)
        self.stories, self.per_list, self.edits = stories, per_list, edits
        self.hits: Counter[str] = Counter()
        self.robots = 0  # robots.txt: fetched by each worker for itself
        self.hits_by_agent: dict[str, set[str]] = {}
        self.counter = threading.Lock()
        self.first_hit = self.last_hit = None  # time.monotonic() of the first and last page

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def pages(self) -> list[str]:
        lists = -(-len(self.stories) // self.per_list)
        return (["/index.html"] + [f"/list/{k}.html" for k in range(lists)]
                + [f"/a/{n}.html" for n in range(len(self.stories))])

    def article(self, number: int) -> bytes:
        story = self.stories[number]
        paragraphs = story_paragraphs(story)
        if number in self.edits:  # a reprint that rewrote its last paragraph
            paragraphs[-1] = "".join(sentence(random.Random(-number)) for _ in range(3))
        title = f"第{story}号通报"
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
                f"<h1>{title}</h1><div class='content'>{body}</div></body></html>").encode()


class PortalHandler(BaseHTTPRequestHandler):
    server: Portal

    def do_GET(self):
        portal, path = self.server, self.path
        if path == "/robots.txt":
            with portal.counter:
                portal.robots += 1
            return self.send(404, b"")
        with portal.counter:
            portal.hits[path] += 1
            portal.last_hit = time.monotonic()
            portal.first_hit = portal.first_hit or portal.last_hit
            portal.hits_by_agent.setdefault(self.headers["User-Agent"], set()).add(path)
        if path == "/index.html":
            lists = len(portal.pages()) - 1 - len(portal.stories)
            links = "".join(f"<li><a href='/list/{k}.html'>栏目{k}</a></li>" for k in range(lists))
            return self.send(200, f"<html><body><ul>{links}</ul></body></html>".encode())
        if path.startswith("/list/"):
            k = int(path[6:].split(".")[0])
            numbers = range(k * portal.per_list, min((k + 1) * portal.per_list, len(portal.stories)))
            links = "".join(f"<li><a href='/a/{n}.html'>第{n}号</a></li>" for n in numbers)
            return self.send(200, f"<html><body><ul>{links}</ul></body></html>".encode())
        if path.startswith("/a/"):
            return self.send(200, portal.article(int(path[3:].split(".")[0])))
        return self.send(404, b"not found")

    def send(self, status: int, body: bytes):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def reprinting_portals(stories: int = 300) -> tuple[Portal, Portal]:
    """Portal A: `stories` stories of its own. Portal B: as many articles, of which the first
    third are exact reprints of A's first third and the next sixth edited reprints of A's
    next sixth (the rest its own); both serving, 30 links a list page."""
    exact, edited = stories // 3, stories // 6
    a = Portal(list(range(stories)), per_list=30)
    b = Portal(list(range(exact + edited)) + list(range(10**6, 10**6 + stories - exact - edited)),
               per_list=30, edits=set(range(exact, exact + edited)))
    for portal in (a, b):
        threading.Thread(target=portal.serve_forever, daemon=True).start()
    return a, b


def stop(portals) -> None:
    for portal in portals:
        portal.shutdown()
        portal.server_close()
