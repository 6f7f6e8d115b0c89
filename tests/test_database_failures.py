"""A database that cannot be opened or written stops the crawl with exit status 3 and one
line saying why, and nothing is counted as stored that was not committed. Real `scrapy
crawl generic` processes against a site served on 127.0.0.1, real SQLite files."""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, database_url, rows, run_scrapy
from servers import LocalSite, free_port, generic_crawl_args, serve

from newscrawl.items import Article
from newscrawl.outcome import ExitCode
from newscrawl.storage import ArticleStore

PAGE_SIZE = 4096  # SQLite's default page size, that of every file ArticleStore creates


@pytest.fixture
def site():
    site = LocalSite(articles=100, free=100)
    serve(site)
    yield site
    site.shutdown()
    site.server_close()


def stored_database(path: Path, articles: int = 0) -> Path:
    """A sound database file at the newest schema holding `articles` articles."""
    store = ArticleStore(database_url(path))
    store.start_run("test")
    for n in range(articles):
        store.save(Article(url=f"https://www.example.cn/a/{n}.html", site="test",
                           title=f"标题{n}", body=f"第一段{n}\n第二段{n}"))
    store.finish_run("finished", {})
    store.close()
    return path


def execute(database: Path, sql: str) -> None:
    """Run `sql` and close the connection: the write-ahead log is folded into the file."""
    conn = sqlite3.connect(database)
    try:
        with conn:
            conn.executescript(sql)
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def error_lines(stderr: str) -> list[str]:
    """The ERROR lines of a crawl's log, without the closing `exit status` line."""
    return [line for line in stderr.splitlines()
            if " ERROR: " in line and ": exit status " not in line]


def stat(stderr: str, name: str) -> int:
    """A counter from the stats Scrapy dumps at the end of a crawl (0 when absent)."""
    found = re.search(rf"'{re.escape(name)}': (\d+)", stderr)
    return int(found.group(1)) if found else 0


def assert_refused_with_one_line(result, site, expected: str) -> str:
    """Exit 3, one error line containing `expected`, no traceback, nothing fetched."""
    assert result.returncode == ExitCode.DATABASE == 3, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    (line,) = error_lines(result.stderr)
    assert expected in line
    assert site.served == 0
    return line


# ---- opening ----------------------------------------------------------------------------

def test_a_corrupted_file_is_refused_before_anything_is_fetched_or_written(site, database):
    stored_database(database, articles=200)
    with sqlite3.connect(database) as conn:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()
    damaged = bytearray(database.read_bytes())
    damaged[(root - 1) * PAGE_SIZE:root * PAGE_SIZE] = os.urandom(PAGE_SIZE)
    database.write_bytes(bytes(damaged))
    before = digest(database)

    result = run_scrapy(*generic_crawl_args(site, database))
    line = assert_refused_with_one_line(result, site, f"database {database} is corrupted, "
                                                      "nothing was written (PRAGMA quick_check: ")
    assert f"Page {root}" in line or "btree" in line.lower()
    assert digest(database) == before


def test_a_database_of_a_newer_schema_revision_is_left_untouched(site, database):
    stored_database(database, articles=3)
    execute(database, "UPDATE alembic_version SET version_num = '0999_from_a_newer_release'")
    before = digest(database)

    result = run_scrapy(*generic_crawl_args(site, database))
    line = assert_refused_with_one_line(result, site,
                                        "is at schema revision 0999_from_a_newer_release")
    assert re.search(r"its newest is \d{4}\): it was written by a newer newscrawl", line)
    assert digest(database) == before


@pytest.mark.parametrize("url, module, driver", [
    ("mysql+mysqldb://newscrawl:s3cret@127.0.0.1/news", "MySQLdb", "mysqldb"),
    ("mssql+pyodbc://newscrawl:s3cret@news-dsn", "pyodbc", "pyodbc"),
])
def test_a_server_url_whose_driver_is_missing_names_the_driver(site, url, module, driver):
    if importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed here")
    result = run_scrapy(*generic_crawl_args(site, Path("unused.db")), "-s", f"DATABASE_URL={url}")
    line = assert_refused_with_one_line(result, site, f"its driver {driver} is not installed "
                                                      f"(No module named '{module}')")
    assert "s3cret" not in result.stderr and "***" in line


def test_an_unreachable_server_exits_3_with_one_line(site):
    if importlib.util.find_spec("psycopg") is None:
        pytest.skip("psycopg (the PostgreSQL driver) is not installed")
    url = f"postgresql+psycopg://newscrawl:s3cret@127.0.0.1:{free_port()}/news"
    result = run_scrapy(*generic_crawl_args(site, Path("unused.db")), "-s", f"DATABASE_URL={url}")
    assert_refused_with_one_line(result, site, "Connection refused")
    assert "s3cret" not in result.stderr


def test_a_run_row_that_cannot_be_written_stops_the_crawl_before_its_first_request(
        site, database):
    stored_database(database, articles=3)
    execute(database, "CREATE TRIGGER runs_refused BEFORE INSERT ON crawl_runs "
                      "BEGIN SELECT RAISE(ABORT, 'crawl_runs is read-only'); END")

    result = run_scrapy(*generic_crawl_args(site, database))
    assert_refused_with_one_line(result, site, "recording the start of the run in "
                                               f"sqlite:///{database} failed: crawl_runs is "
                                               "read-only")
    assert "'finish_reason': 'database_error'" in result.stderr
    assert stat(result.stderr, "downloader/request_count") == 0
    assert rows(database, "SELECT count(*) FROM crawl_runs") == [(1,)]  # stored_database's
    assert rows(database, "SELECT count(*) FROM articles") == [(3,)]


# ---- commits ----------------------------------------------------------------------------

BATCH = ["-s", "STORAGE_BATCH_SIZE=2", "-s", "STORAGE_BATCH_SECONDS=3600",
         # slower than storage: fetching all 100 pages would take 10 s
         "-s", "DOWNLOAD_DELAY=0.1"]


def test_failed_commits_are_not_counted_as_stored_and_stop_the_crawl(site, database):
    """Commits fail from the 7th article on: a deferred foreign key, checked by SQLite at
    COMMIT, points nowhere once the table holds more than 6 rows."""
    stored_database(database)
    execute(database, """
            CREATE TABLE nowhere (id INTEGER PRIMARY KEY);
            CREATE TABLE quota (article_id INTEGER
                REFERENCES nowhere (id) DEFERRABLE INITIALLY DEFERRED);
            CREATE TRIGGER over_quota AFTER INSERT ON articles
                WHEN (SELECT count(*) FROM articles) > 6
                BEGIN INSERT INTO quota VALUES (NEW.id); END;
    """)

    result = run_scrapy(*generic_crawl_args(site, database, *BATCH))
    assert result.returncode == ExitCode.DATABASE == 3, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    log = result.stderr
    assert "'finish_reason': 'database_error'" in log
    assert "3 writes to the database failed in a row: stopping the crawl" in log
    assert site.served < 100  # it did not fetch on

    assert rows(database, "SELECT count(*) FROM articles") == [(6,)]
    assert stat(log, "newscrawl/stored") == 6
    reached = stat(log, "item_scraped_count") + stat(log, "item_dropped_count")
    lost = stat(log, "newscrawl/dropped/commit_failed")
    assert lost == reached - 6 and lost >= 6  # three failed batches of two at least
    assert stat(log, "newscrawl/storage/commit_failed") >= 3
    failures = [line for line in error_lines(log) if "articles not stored: FOREIGN KEY" in line]
    assert len(failures) == stat(log, "newscrawl/storage/commit_failed")
    assert sum(int(re.search(r"failed, (\d+) articles", line).group(1))
               for line in failures) == lost
    (run,) = rows(database, "SELECT finish_reason, items_stored, items_updated, drops, "
                            "exit_status FROM crawl_runs WHERE spider = 'generic'")
    assert run[:3] == ("database_error", 6, 0) and run[4] == 3
    assert f'"commit_failed": {lost}' in run[3]


def test_a_full_disk_stops_the_crawl_and_only_committed_articles_count(site, database):
    """The crawl may write files of at most 80 KB more than the database (RLIMIT_FSIZE,
    what a full disk or a quota does): SQLite's write-ahead log runs out within a few
    commits, which then fail with a disk I/O error."""
    stored_database(database)
    limit = database.stat().st_size + 80 * 1024

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NEWSCRAWL_DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", *generic_crawl_args(site, database, *BATCH)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
        preexec_fn=limit_file_size)

    log = result.stderr
    assert result.returncode == ExitCode.DATABASE == 3, log[-3000:]
    assert "Traceback" not in log
    assert "'finish_reason': 'database_error'" in log
    assert site.served < 100
    committed = rows(database, "SELECT count(*) FROM articles")[0][0]
    assert 0 < committed == stat(log, "newscrawl/stored")
    reached = stat(log, "item_scraped_count") + stat(log, "item_dropped_count")
    assert stat(log, "newscrawl/dropped/commit_failed") == reached - committed > 0
    assert "articles not stored: disk I/O error" in log
    # the run row is written at the end if the log has room for it, and then it is true
    finished = rows(database, "SELECT items_stored FROM crawl_runs WHERE spider = 'generic' "
                              "AND finished_at IS NOT NULL")
    assert finished in ([(committed,)], [])
    if not finished:
        assert "recording the end of run 2 in" in log
