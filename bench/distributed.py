"""Pages per second of a distributed crawl: 1, 2 and 3 workers sharing Redis + PostgreSQL on
loopback, beside the single-process SQLite crawl of the same pages, in one run.

The pages are two "portals" served on 127.0.0.1 (tests/portals.py): index, list pages and
articles, a third of one portal's stories reprinted exactly on the other and a sixth edited.
Each configuration crawls fresh portals into a fresh PostgreSQL schema (or SQLite file) with
`scrapy crawl generic` worker processes, no politeness waits. Columns:

- wall s / pages/s: from launching the workers to the last one's exit (Scrapy start included);
- crawl pages/s: from the first page served to the last (the steady state);
- worker CPU: user+sys seconds of all workers, and that over the wall time (cores busy);
- redis cmds/page, pg commits/page: server work per page (INFO, pg_stat_database).

    python -m bench.distributed [--stories 300] [--workers 1,2,3]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

import psycopg
import redis
from bench.reprint_portals import reprinting_portals, stop

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS = "redis://127.0.0.1:6379/0"
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "LOG_LEVEL=WARNING"]


def crawl(workers: int, database_url: str, redis_url: str | None, prefix: str, stories: int,
          scratch: str):
    """Run `workers` worker processes over fresh portals; (wall, crawl seconds, pages, cpu)."""
    portals = reprinting_portals(stories)
    seeds = ",".join(f"{portal.origin}/index.html" for portal in portals)
    args = [sys.executable, "-m", "scrapy", "crawl", "generic", "-a", f"urls={seeds}",
            "-a", "follow_depth=2", "-s", f"DATABASE_URL={database_url}", *FAST]
    if redis_url:
        args += ["-s", f"REDIS_URL={redis_url}", "-s", f"REDIS_KEY_PREFIX={prefix}"]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    started = time.monotonic()
    logs = [Path(scratch) / f"worker{i}.log" for i in range(workers)]
    processes = [subprocess.Popen(args, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                                  stderr=log.open("w")) for log in logs]
    cpu = 0.0
    for process, log in zip(processes, logs):
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        cpu += usage.ru_utime + usage.ru_stime
        if process.returncode != 0:
            raise SystemExit(f"worker exited {process.returncode}:\n{log.read_text()[-3000:]}")
    wall = time.monotonic() - started
    pages = sum(sum(portal.hits.values()) for portal in portals)
    first = min(portal.first_hit for portal in portals)
    last = max(portal.last_hit for portal in portals)
    stop(portals)
    return wall, last - first, pages, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=300, help="articles per portal")
    parser.add_argument("--workers", default="1,2,3", help="worker counts to measure")
    options = parser.parse_args()
    admin = psycopg.connect("host=127.0.0.1 user=postgres dbname=test", autocommit=True)
    client = redis.Redis.from_url(REDIS)
    rows = []
    configurations = [("SQLite, 1 process", 1, None)] + [
        (f"Redis + PostgreSQL, {n} worker{'s' if n > 1 else ''}", n, REDIS)
        for n in map(int, options.workers.split(","))]
    for name, workers, redis_url in configurations:
        prefix = f"bench-{uuid.uuid4().hex[:8]}"
        with tempfile.TemporaryDirectory() as scratch:
            if redis_url:
                admin.execute(f"CREATE SCHEMA {prefix.replace('-', '_')}")
                database_url = f"{PG}?options=-csearch_path%3D{prefix.replace('-', '_')}"
            else:
                database_url = f"sqlite:///{scratch}/news.db"
            commands = client.info("stats")["total_commands_processed"]
            commits = admin.execute("SELECT xact_commit FROM pg_stat_database "
                                    "WHERE datname = 'test'").fetchone()[0]
            wall, crawling, pages, cpu = crawl(workers, database_url, redis_url, prefix,
                                               options.stories, scratch)
            commands = client.info("stats")["total_commands_processed"] - commands
            commits = admin.execute("SELECT xact_commit FROM pg_stat_database "
                                    "WHERE datname = 'test'").fetchone()[0] - commits
            if redis_url:
                admin.execute(f"DROP SCHEMA {prefix.replace('-', '_')} CASCADE")
                for key in client.scan_iter(f"{prefix}:*"):
                    client.delete(key)
        rows.append((name, pages, wall, pages / wall, pages / crawling, cpu, cpu / wall,
                     commands / pages if redis_url else None,
                     commits / pages if redis_url else None))
        print(f"{name}: {pages} pages in {wall:.1f} s", file=sys.stderr)
    base = rows[0][4]
    print(f"\n{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; "
          f"{options.stories} articles per portal, two portals\n")
    print("| configuration | pages | wall s | pages/s | crawl pages/s | vs SQLite | worker CPU s "
          "| cores busy | redis cmds/page | pg commits/page |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, pages, wall, rate, steady, cpu, busy, commands, commits in rows:
        print(f"| {name} | {pages} | {wall:.1f} | {rate:.1f} | {steady:.1f} | {steady / base:.2f}× "
              f"| {cpu:.1f} | {busy:.2f} | {'' if commands is None else f'{commands:.1f}'} "
              f"| {'' if commits is None else f'{commits:.2f}'} |")


if __name__ == "__main__":
    main()
