"""Several crawl workers against the machine's real PostgreSQL and Redis servers
(127.0.0.1:5432 database `test`, 127.0.0.1:6379), crawling two "portals" served on
127.0.0.1 by the test, with reprints of one portal's stories on the other.

Each test has its own PostgreSQL schema and Redis key prefix, dropped at its end. Where a
server cannot be reached the tests skip with one line; NEWSCRAWL_REQUIRE_SERVICES=1 (set
by .ci/run) turns the skip into a failure.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, run_scrapy
from bench.reprint_portals import reprinting_portals, stop

from newscrawl.outcome import ExitCode
from newscrawl.storage.pg import lock_key, story_lock_keys

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REDIS_SERVER = "redis://127.0.0.1:6379/0"
# Local servers: no politeness waits, more requests at a time per portal.
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "LOG_LEVEL=INFO"]


def unavailable(reason: str):
    if os.environ.get("NEWSCRAWL_REQUIRE_SERVICES") == "1":
        pytest.fail(f"NEWSCRAWL_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


# ---- servers --------------------------------------------------------------------------

@pytest.fixture
def pg():
    """(SQLAlchemy URL of a fresh schema, psycopg connection for the test's queries)."""
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test",
                                autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        unavailable(f"no PostgreSQL at 127.0.0.1:5432 ({str(exc).splitlines()[0]})")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    admin.execute(f"SET search_path TO {schema}")
    try:
        yield f"{PG_SERVER}?options=-csearch_path%3D{schema}", admin
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


@pytest.fixture
def frontier():
    """(REDIS_URL, a key prefix of this test's own, redis client)."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_SERVER, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        unavailable(f"no Redis at 127.0.0.1:6379 ({exc})")
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    yield REDIS_SERVER, prefix, client
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()


@pytest.fixture
def portals():
    """Portal A: 300 stories of its own. Portal B: 300 articles, of which the first 100
    are exact reprints of A's stories 0-99 and the next 50 edited reprints of 100-149."""
    pair = reprinting_portals(300)
    yield pair
    stop(pair)


# ---- workers --------------------------------------------------------------------------

def worker_args(portals, database_url: str, redis_url: str | None, prefix: str, *extra: str):
    seeds = ",".join(f"{portal.origin}/index.html" for portal in portals)
    args = ["crawl", "generic", "-a", f"urls={seeds}", "-a", "follow_depth=2",
            "-s", f"DATABASE_URL={database_url}", *FAST, *extra]
    if redis_url:
        args += ["-s", f"REDIS_URL={redis_url}", "-s", f"REDIS_KEY_PREFIX={prefix}",
                 "-s", "FRONTIER_LEASE_SECONDS=3"]
    return args


def start_worker(args: list[str], log) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NEWSCRAWL_DATABASE_URL", None)
    return subprocess.Popen([sys.executable, "-m", "scrapy", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=log)


def run_workers(count: int, args: list[str], tmp_path, *, agent: str = "w") -> list[tuple[int, str]]:
    """`count` workers side by side, each with its own User-Agent; (exit status, log) each."""
    logs = [tmp_path / f"{agent}{i}.log" for i in range(count)]
    workers = [start_worker(args + ["-s", f"USER_AGENT={agent}{i}"], log.open("w"))
               for i, log in enumerate(logs)]
    for worker in workers:
        worker.wait(timeout=240)
    return [(worker.returncode, log.read_text()) for worker, log in zip(workers, logs)]


def stored_links(conn) -> dict[tuple[int, str], tuple[int, str] | None]:
    """(port, path) of each stored article -> (port, path) of its original (None: original)."""
    def key(url):
        parts = urlsplit(url)
        return parts.port, parts.path
    rows = conn.execute("SELECT a.canonical_url, o.canonical_url FROM articles a "
                        "LEFT JOIN articles o ON o.id = a.duplicate_of").fetchall()
    return {key(url): key(original) if original else None for url, original in rows}


def assert_one_original_per_story(links, portals):
    """Every story has exactly one original row, and every other copy points at it."""
    story_of = {(portal.server_address[1], f"/a/{n}.html"): story
                for portal in portals for n, story in enumerate(portal.stories)}
    by_story: dict[int, list] = {}
    for page, original in links.items():
        by_story.setdefault(story_of[page], []).append((page, original))
    for story, copies in by_story.items():
        originals = [page for page, original in copies if original is None]
        assert len(originals) == 1, (story, copies)
        assert all(original in (None, originals[0]) for _, original in copies), (story, copies)
    return by_story


def all_articles(portals) -> set[tuple[int, str]]:
    return {(portal.server_address[1], f"/a/{n}.html")
            for portal in portals for n in range(len(portal.stories))}


# ---- the tests ------------------------------------------------------------------------

def test_story_lock_keys_are_sorted_distinct_and_cover_url_hash_and_bands():
    keys = story_lock_keys("https://a.cn/1.html", "abc", [5, -3, 5])
    assert keys == sorted(set(keys)) and len(keys) == 4
    assert lock_key("url:https://a.cn/1.html") in keys and -3 in keys
    assert story_lock_keys("https://a.cn/1.html", "", []) == [lock_key("url:https://a.cn/1.html")]
    assert all(-2**63 <= key < 2**63 for key in keys)


def test_migrations_build_the_models_schema_on_postgresql(pg):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine
    from test_storage import migrate

    import newscrawl.storage.schema  # noqa: F401  (every table on METADATA)
    from newscrawl.items import Article
    from newscrawl.storage import ArticleStore
    from newscrawl.storage.models import METADATA

    url, conn = pg
    migrate(url)  # an ArticleStore would give the empty schema the models' at once
    store = ArticleStore(url)
    store.start_run("test")
    first = store.save(Article(url="https://a.cn/1.html", site="a", title="标题", body="正文",
                               authors=["王子涛"]))
    store.save(Article(url="https://b.cn/1.html", site="b", body="正文",
                       duplicate_of="https://a.cn/1.html", duplicate_kind="exact"))
    store.finish_run("finished", {"drops": {"empty_body": 1}})
    store.close()
    engine = create_engine(url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), METADATA) == []
    engine.dispose()
    assert conn.execute("SELECT url, duplicate_kind FROM story_appearances WHERE story_id = %s "
                        "ORDER BY article_id", [first.id]).fetchall() == [
        ("https://a.cn/1.html", ""), ("https://b.cn/1.html", "exact")]
    assert conn.execute("SELECT authors::text, drops::text, host <> '', pid FROM articles, "
                        "crawl_runs WHERE articles.id = %s", [first.id]).fetchall() == [
        ('["王子涛"]', '{"empty_body": 1}', True, os.getpid())]


def test_a_new_postgresql_database_gets_exactly_the_schema_the_migrations_build(pg):
    from test_storage import migrate, schema_of

    from newscrawl.storage import ArticleStore

    created, admin = pg
    other = f"m_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {other}")
    migrated = created.rsplit("%3D", 1)[0] + f"%3D{other}"
    try:
        migrate(migrated)
        ArticleStore(created).close()
        assert schema_of(created) == schema_of(migrated)
        assert {"articles", "article_bands", "page_outcomes"} <= set(schema_of(created))
    finally:
        admin.execute(f"DROP SCHEMA {other} CASCADE")


def dedup_in_process(database_url: str, order: int) -> None:
    from test_dedup import STORY, Chain

    from newscrawl.items import Article

    chain = Chain(None, DATABASE_URL=database_url, STORAGE_BATCH_SIZE=7)
    urls = [f"https://www.example.cn/{n}.html" for n in range(60)]
    for n, url in enumerate(urls[::order]):
        body = "\n".join([f"第{n % 30}号新闻。", *STORY, f"本报记者 第{n}位"])
        chain.process(Article(url=url, site="p", body=body))
    chain.close()


def test_two_writers_on_postgresql_keep_one_original_per_story(pg):
    import multiprocessing

    from newscrawl.storage import ArticleStore

    url, conn = pg
    ArticleStore(url).close()  # the schema first
    context = multiprocessing.get_context("spawn")
    writers = [context.Process(target=dedup_in_process, args=(url, order)) for order in (1, -1)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(120)
        assert writer.exitcode == 0  # without the story locks: a deadlock on the URLs
    assert conn.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles"
                        ).fetchone() == (60, 60)
    assert conn.execute("SELECT count(*) FROM article_bands").fetchone() == (60 * 40,)
    # ...or, READ COMMITTED seeing only committed rows, an original kept by each writer.
    assert conn.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NULL"
                        ).fetchone() == (1,)


def test_run_lock_on_postgresql_holds_across_processes_and_is_shared_by_workers(pg, frontier):
    from newscrawl.storage.db import create_database_engine
    from newscrawl.storage.pg import try_run_lock

    url, _ = pg
    redis_url, prefix, _ = frontier
    engine = create_database_engine(url)
    holder = try_run_lock(engine, "generic", shared=True)  # a worker of a cluster run
    try:
        args = ["crawl", "generic", "-a", "urls=http://127.0.0.1:9/a.html",
                "-s", f"DATABASE_URL={url}", "-s", "RETRY_TIMES=0", *FAST]
        alone = run_scrapy(*args)  # single-process: needs the lock to itself
        assert alone.returncode == ExitCode.ALREADY_RUNNING == 75, alone.stderr[-2000:]
        assert "spider generic is already running on this database (PostgreSQL advisory " \
               "lock held by" in alone.stderr
        assert try_run_lock(engine, "generic", shared=False) is None
        worker = run_scrapy(*args, "-s", f"REDIS_URL={redis_url}",
                            "-s", f"REDIS_KEY_PREFIX={prefix}")  # joins beside the holder
        assert worker.returncode == ExitCode.ALL_REQUESTS_FAILED, worker.stderr[-2000:]
    finally:
        holder.close()
        engine.dispose()


def test_a_failed_commit_before_waiting_for_another_writer_is_counted_and_drops_the_item(pg):
    from scrapy.exceptions import DropItem
    from test_dedup import STORY, Chain

    from newscrawl.items import Article

    url, conn = pg
    chain = Chain(None, DATABASE_URL=url)
    # A check the server makes only at commit: the pending batch holding 坏 cannot commit.
    conn.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                 "IF NEW.title = '坏' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NULL; "
                 "END $$")
    conn.execute("CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON articles DEFERRABLE "
                 "INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse()")
    chain.process(Article(url="https://a.example.cn/1.html", site="a", title="坏",
                          body="\n".join(STORY[:2])))
    conn.execute("BEGIN")  # another writer's open batch, holding the next item's URL
    conn.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key("url:https://b.example.cn/1.html")])
    release = threading.Timer(5.0, conn.execute, ["COMMIT"])  # if the store waited instead
    release.start()
    with pytest.raises(DropItem, match="commit_failed"):
        chain.process(Article(url="https://b.example.cn/1.html", site="b", body=STORY[3]))
    release.cancel()
    conn.execute("COMMIT")
    assert chain.crawler.stats.get_value("newscrawl/storage/commit_failed") == 1
    assert chain.crawler.stats.get_value("newscrawl/dropped/commit_failed") == 1
    chain.close()


def test_postgresql_unreachable_exits_3_with_one_line():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_scrapy("crawl", "generic", "-a", "urls=http://127.0.0.1:9/a.html",
                        "-s", f"DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:{port}/test")
    assert result.returncode == ExitCode.DATABASE == 3, result.stderr[-2000:]
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 2, errors  # the reason, then the exit status
    assert f"cannot open database postgresql+psycopg://postgres@127.0.0.1:{port}/test" in errors[0]
    assert "Traceback" not in result.stderr


def test_three_workers_fetch_every_page_once_and_store_every_article_once(
        pg, frontier, portals, tmp_path):
    url, conn = pg
    redis_url, prefix, client = frontier
    args = worker_args(portals, url, redis_url, prefix, "-s", "STORAGE_BATCH_SIZE=20",
                       "-s", "STORAGE_BATCH_SECONDS=1")

    results = run_workers(3, args, tmp_path)

    assert [code for code, _ in results] == [0, 0, 0], [log[-3000:] for _, log in results]
    assert sum("starts a run" in log for _, log in results) == 1
    for portal in portals:  # every page once, none left out
        assert sorted(portal.hits) == sorted(portal.pages())
        assert set(portal.hits.values()) == {1}
    assert sum(len(portal.hits) for portal in portals) == 622
    shares = [sum(len(portal.hits_by_agent.get(f"w{i}", ())) for portal in portals)
              for i in range(3)]
    assert all(share > 0 for share in shares), shares  # every worker crawled
    links = stored_links(conn)
    assert set(links) == all_articles(portals)  # 600 articles, each stored once
    by_story = assert_one_original_per_story(links, portals)
    assert len(by_story) == 450 and sum(len(c) == 2 for c in by_story.values()) == 150
    assert conn.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles"
                        ).fetchone() == (600, 600)
    robots = sum(portal.robots for portal in portals)
    assert 2 <= robots <= 6
    assert conn.execute("SELECT count(*), count(DISTINCT pid), sum(pages), sum(items_stored) "
                        "FROM crawl_runs WHERE exit_status = 0").fetchone() == (
        3, 3, 622 + robots, 600)
    assert list(client.scan_iter(f"{prefix}:*")) == []  # the last worker ended the run

    report = run_scrapy("report", "-s", f"DATABASE_URL={url}")
    assert report.returncode == 0, report.stderr[-2000:]
    header, first = report.stdout.splitlines()[1:3]
    assert header.split()[-1] == "workers" and first.split()[-1] == "3"


def test_a_worker_killed_mid_run_loses_nothing_after_the_next_run(
        pg, frontier, portals, tmp_path):
    url, conn = pg
    redis_url, prefix, client = frontier
    args = worker_args(portals, url, redis_url, prefix)
    logs = [(tmp_path / f"k{i}.log").open("w") for i in range(3)]
    # w0 commits nothing before it is killed: all it fetched is at stake
    workers = [start_worker(args + ["-s", f"USER_AGENT=k{i}", "-s", "STORAGE_BATCH_SIZE="
                                    + ("100000" if i == 0 else "20"),
                                    "-s", "STORAGE_BATCH_SECONDS=" + ("3600" if i == 0 else "1")],
                            log) for i, log in enumerate(logs)]
    deadline = time.monotonic() + 120
    while sum(len(p.hits_by_agent.get("k0", ())) for p in portals) < 40:
        assert time.monotonic() < deadline and workers[0].poll() is None
        time.sleep(0.05)
    workers[0].send_signal(signal.SIGKILL)
    for worker in workers:
        worker.wait(timeout=240)
    assert [w.returncode for w in workers] == [-signal.SIGKILL, 0, 0]
    fetched_by = {agent: {(p.server_address[1], path) for p in portals
                          for path in p.hits_by_agent.get(agent, ())}
                  for agent in ("k0", "k1", "k2")}
    first_run = stored_links(conn)
    lost = all_articles(portals) - set(first_run)
    # What is missing is what the killed worker held: pages it fetched and had not
    # committed, and requests it had popped but not fetched yet.
    assert lost and not lost & (fetched_by["k1"] | fetched_by["k2"])
    assert_one_original_per_story(first_run, portals)

    rerun = run_workers(3, args, tmp_path, agent="r")

    assert [code for code, _ in rerun] == [0, 0, 0], [log[-3000:] for _, log in rerun]
    links = stored_links(conn)
    assert set(links) == all_articles(portals)  # the complete set
    assert conn.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles"
                        ).fetchone() == (600, 600)
    assert_one_original_per_story(links, portals)
    refetched = {(p.server_address[1], path) for p in portals for path, n in p.hits.items()
                 if path.startswith("/a/") and n > 1}
    # at least once: only lost articles the killed worker had fetched were fetched twice
    assert refetched == lost & fetched_by["k0"]
    print(f"\nSIGKILL test: killed worker fetched {len(fetched_by['k0'])} pages; "
          f"{len(first_run)} articles stored after the first run, {len(lost)} missing; "
          f"after the re-run {len(links)} stored, {len(set(links))} distinct, "
          f"{len(refetched)} articles fetched twice")


def test_redis_going_away_ends_the_worker_with_one_line_and_status_10(pg, portals, tmp_path):
    if shutil.which("redis-server") is None:
        unavailable("no redis-server binary to start a Redis of the test's own")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    redis_server = subprocess.Popen(["redis-server", "--port", str(port), "--save", "",
                                     "--appendonly", "no", "--bind", "127.0.0.1"],
                                    stdout=subprocess.DEVNULL)
    try:
        import redis
        client = redis.Redis(port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        url, _ = pg
        # one request at a time: the worker is still crawling when Redis goes
        args = worker_args(portals, url, f"redis://127.0.0.1:{port}/0", "gone",
                           "-s", "CONCURRENT_REQUESTS=1", "-s", "DOWNLOAD_DELAY=0.05")
        log = tmp_path / "gone.log"
        worker = start_worker(args, log.open("w"))
        while sum(sum(p.hits.values()) for p in portals) < 20:
            assert worker.poll() is None, log.read_text()[-3000:]
            time.sleep(0.05)
    finally:
        redis_server.kill()
        redis_server.wait()
    worker.wait(timeout=60)
    text = log.read_text()
    assert worker.returncode == ExitCode.FRONTIER == 10, text[-3000:]
    assert text.count("the shared frontier at") == 1
    assert "Traceback" not in text
    assert "generic: exit status 10 (FRONTIER)" in text
    assert sum(sum(p.hits.values()) for p in portals) < 622  # it stopped, it did not go on


def test_redis_unreachable_at_start_exits_10(pg, portals):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url, _ = pg
    result = run_scrapy(*worker_args(portals, url, f"redis://127.0.0.1:{port}/0", "none"))
    assert result.returncode == ExitCode.FRONTIER, result.stderr[-3000:]
    assert f"cannot reach the shared frontier at redis://127.0.0.1:{port}/0" in result.stderr
    assert "Traceback" not in result.stderr
    assert sum(sum(p.hits.values()) for p in portals) == 0
