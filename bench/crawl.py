"""A whole crawl beside a fetch-only crawl of the same pages, as a user runs it.

    python -m bench.crawl [--sizes 180,1000,5000] [--rounds 3]

Pages: the article pages of ../shared/corpus (raw bytes, served with the charset their page
declares), repeated to each size; every repeat after the first has its Han characters
permuted (a fixed substitution per repeat, re-encoded in the page's own charset), so the
copies are different stories to dedup, not exact duplicates. A server on 127.0.0.1 (a
threaded server with a listen queue of 4096, so no connection is dropped) serves them.

Crawls, each a real `scrapy` process with the same download settings (16 requests at a
time, no delay, no AutoThrottle, robots.txt not asked):
- fetch-only: `scrapy runspider bench/fetch_only.py`: Scrapy downloads each page and decodes
  it (`response.text`), nothing more;
- full: `scrapy crawl generic -a url_file=...` with every project component (charset
  decision, extraction, encoding fix, boilerplate, dedup, SQLite storage) into a new file.
Per size: the minimum wall time of `--rounds` interleaved runs of each, the ratio, the peak
resident memory of each `scrapy` process, and for the full crawl the peak of it and its page
workers together (newscrawl.workers: they start after PAGE_WORKERS_AFTER pages), sampled in
one more, untimed, full crawl: sampling every process's memory 50 times a second takes CPU
from a crawl that keeps both cores busy. Then a one-page crawl's wall time for each (start-up
and exit dominate a cron run that finds a few new articles).
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
COMMON_SETTINGS = [
    "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
    "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "-s", "ROBOTSTXT_OBEY=False", "-s", "LOG_LEVEL=WARNING", "-s", "RETRY_ENABLED=False",
]
HAN = re.compile("[\u4e00-\u9fff]")
# Runs `scrapy` and, as it exits, writes its peak resident memory (VmHWM: this process image's
# own high-water mark; the rusage of a child also counts the bench's memory it was forked from).
SCRAPY_REPORTING_PEAK = (
    "import atexit, os, re, sys\n"
    "def peak():\n"
    "    status = open('/proc/self/status').read()\n"
    "    open(os.environ['NEWSCRAWL_BENCH_PEAK'], 'w').write(re.search(r'VmHWM:\\s+(\\d+)', status)[1])\n"
    "atexit.register(peak)\n"
    "sys.argv[0] = 'scrapy'\n"
    "from scrapy.cmdline import execute\n"
    "execute()\n")


def corpus_articles() -> list[tuple[bytes, str]]:
    """(raw bytes, charset to serve them with) of every article page of the corpus."""
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        rows = [row for row in csv.DictReader(manifest, delimiter="\t")
                if row["page_type"] == "article"]
    return [((CORPUS / row["local_path"]).read_bytes(), row["encoding_guess"]) for row in rows]


def permuted(raw: bytes, charset: str, seed: int) -> bytes:
    """`raw` with its Han characters substituted by a permutation of the ones it uses."""
    text = raw.decode(charset, errors="replace")
    used = sorted(set(HAN.findall(text)))
    shuffled = used[:]
    random.Random(seed).shuffle(shuffled)
    table = str.maketrans(dict(zip(used, shuffled)))
    return text.translate(table).encode(charset, errors="xmlcharrefreplace")


def site_pages(size: int) -> list[tuple[bytes, str]]:
    articles = corpus_articles()
    pages = []
    for number in range(size):
        raw, charset = articles[number % len(articles)]
        repeat = number // len(articles)
        pages.append((raw if repeat == 0 else permuted(raw, charset, repeat), charset))
    return pages


class Site(ThreadingHTTPServer):
    request_queue_size = 4096
    daemon_threads = True

    def __init__(self, pages: list[tuple[bytes, str]]):
        self.pages = pages
        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{self.server_port}/a/{n}.html" for n in range(len(self.pages))]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        match = re.fullmatch(r"/a/(\d+)\.html", self.path)
        if match is None or int(match[1]) >= len(self.server.pages):
            self.send_error(404)
            return
        body, charset = self.server.pages[int(match[1])]
        self.send_response(200)
        self.send_header("Content-Type", f"text/html; charset={charset}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def run(arguments: list[str], tree: bool = False) -> tuple[float, float, float]:
    """Wall seconds, peak resident MB of the `scrapy ARGUMENTS` process, and, when `tree`,
    peak MB of it and the processes it started (its page workers and their fork server)
    together, counted by proportional set size so that pages they share are counted once (0
    otherwise: the sampling costs CPU that the crawl would lack); fails loudly on a bad exit."""
    with tempfile.NamedTemporaryFile(prefix="newscrawl-peak-") as peak_file:
        env = dict(os.environ, PYTHONPATH=str(ROOT), NEWSCRAWL_BENCH_PEAK=peak_file.name)
        env.pop("NEWSCRAWL_DATABASE_URL", None)
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", SCRAPY_REPORTING_PEAK, *arguments],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        tree_peak = TreePeak(process.pid) if tree else None
        _, stderr = process.communicate()
        seconds = time.perf_counter() - started
        if tree_peak is not None:
            tree_peak.stop()
        if process.returncode != 0:
            sys.exit(f"scrapy {' '.join(arguments[:3])} exited {process.returncode}:\n"
                     f"{stderr.decode(errors='replace')[-3000:]}")
        main_mb = int(Path(peak_file.name).read_text()) / 1024
        return seconds, main_mb, max(main_mb, tree_peak.mb) if tree_peak is not None else 0.0


class TreePeak:
    """The highest total proportional set size of a process and its descendants, sampled
    every 20 ms in a thread until `stop`."""

    def __init__(self, pid: int):
        self.pid, self.mb = pid, 0.0
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stopped.wait(0.02):
            self.mb = max(self.mb, sum(map(pss_kb, descendants(self.pid) | {self.pid})) / 1024)


def descendants(pid: int) -> set[int]:
    """The processes below `pid` (children, their children...)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, stack = set(), [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            found.add(child)
            stack.append(child)
    return found


def pss_kb(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    return int(match[1]) if match else 0


def fetch_only(url_file: Path) -> list[str]:
    return ["runspider", str(ROOT / "bench" / "fetch_only.py"),
            "-a", f"url_file={url_file}", *COMMON_SETTINGS]


def full(url_file: Path, database: Path) -> list[str]:
    return ["crawl", "generic", "-a", f"url_file={url_file}",
            "-s", f"DATABASE_URL=sqlite:///{database}",
            "-s", f"LOCK_DIR={database.parent / 'locks'}", *COMMON_SETTINGS]


def measure(size: int, rounds: int, workdir: Path) -> dict:
    site = Site(site_pages(size))
    try:
        url_file = workdir / f"urls-{size}.txt"
        url_file.write_text("\n".join(site.urls()) + "\n", encoding="utf-8")
        fetch_runs, full_runs = [], []
        for number in range(rounds):  # interleaved: both see the machine alike
            fetch_runs.append(run(fetch_only(url_file)))
            database = workdir / f"news-{size}-{number}.db"
            full_runs.append(run(full(url_file, database)))
            database.unlink()
        database = workdir / f"news-{size}-tree.db"
        _, _, tree_mb = run(full(url_file, database), tree=True)  # untimed
        database.unlink()
    finally:
        site.shutdown()
        site.server_close()
    return {"size": size, "fetch": min(fetch_runs), "full": min(full_runs), "tree_mb": tree_mb}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="180,1000,5000", help="pages per crawl, comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs; the minimum is kept")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} is absent: bench/crawl.py serves the corpus pages")
    sizes = [int(size) for size in args.sizes.split(",")] + [1]
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as workdir:
        results = [measure(size, args.rounds, Path(workdir)) for size in sizes]
    print(f"{'pages':>6} {'fetch-only s':>13} {'pages/s':>8} {'full s':>8} {'pages/s':>8} "
          f"{'full/fetch':>10} {'fetch MB':>9} {'full MB':>8} {'+workers MB':>12}")
    for result in results:
        (fetch_s, fetch_mb, _), (full_s, full_mb, _), tree_mb = result["fetch"], result["full"], result["tree_mb"]
        size = result["size"]
        print(f"{size:>6} {fetch_s:>13.2f} {size / fetch_s:>8.1f} {full_s:>8.2f} "
              f"{size / full_s:>8.1f} {full_s / fetch_s:>9.2f}x {fetch_mb:>9.0f} {full_mb:>8.0f} {tree_mb:>12.0f}")

if __name__ == "__main__":
    main()
