"""Unattended operation: exit statuses, the run lock, killed runs, crawlall, the report,
retry backoff and the User-Agent. Crawls are real `scrapy` processes; live ones talk
only to a server on 127.0.0.1 that the test starts and stops."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from http.server import ThreadingHTTPServer

import pytest
from conftest import FIXTURES, ROOT, article_count, crawl_replay, database_url, rows, run_scrapy
from servers import FAST, QuietHandler, article_html, free_port, generic_crawl_args, serve, start_scrapy, wait_until
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.conf import build_component_list
from scrapy.utils.project import get_project_settings

from newscrawl.commands.crawlall import exit_code_of_child, spiders_to_run
from newscrawl.backoff import retry_after_seconds, retry_delay
from newscrawl.extensions.lock import acquire, lock_path
from newscrawl.outcome import AlreadyRunning, ExitCode, exit_code_for_stats, worst
from newscrawl.storage import ArticleStore
from newscrawl.commands.runs_report import CrawlRun, yield_drop

# ---- lock ---------------------------------------------------------------------------------

def test_lock_is_exclusive_until_its_descriptor_closes(tmp_path):
    path = lock_path(tmp_path, "people", f"sqlite:///{tmp_path}/news.db")
    fd = acquire(path)
    with pytest.raises(AlreadyRunning, match=f"held by pid {os.getpid()}"):
        acquire(path)
    os.close(fd)
    os.close(acquire(path))


def test_lock_is_per_spider_and_per_database_file(tmp_path):
    db = tmp_path / "news.db"
    same = lock_path(tmp_path, "people", f"sqlite:///{tmp_path}/sub/../news.db")
    assert lock_path(tmp_path, "people", f"sqlite:///{db}") == same
    assert lock_path(tmp_path, "slrbs", f"sqlite:///{db}") != same
    assert lock_path(tmp_path, "people", f"sqlite:///{tmp_path}/other.db") != same


def test_default_lock_sits_beside_the_database_and_none_for_memory(tmp_path):
    db = tmp_path / "news.db"
    assert lock_path(None, "people", f"sqlite:///{db}") == tmp_path / ".news.db.people.lock"
    assert lock_path(None, "people", f"sqlite:///{tmp_path}/sub/../news.db") == tmp_path / ".news.db.people.lock"
    assert lock_path(None, "people", "sqlite://") is None
    assert lock_path(tmp_path / "locks", "people", "sqlite:///:memory:") is None


def test_a_crawl_with_another_tmpdir_meets_the_same_lock(tmp_path, database):
    """The lock is keyed on the database, not on $TMPDIR: cron and a shell differ there."""
    held = acquire(lock_path(None, "slrbs", database_url(database)))
    try:
        other_tmp = tmp_path / "other-tmp"
        other_tmp.mkdir()
        result = run_scrapy("crawl", "slrbs", "-s", f"REPLAY_DIR={FIXTURES}",
                            "-s", f"DATABASE_URL={database_url(database)}",
                            env={"TMPDIR": str(other_tmp)})
    finally:
        os.close(held)
    assert result.returncode == ExitCode.ALREADY_RUNNING, result.stderr[-2000:]
    assert "already running on this database" in result.stderr
    assert not database.exists()


def test_second_run_of_a_running_spider_exits_75_and_others_run_beside_it(
        tmp_path, database, local_site):
    site = local_site(articles=3, free=0)  # the first run waits on its first article
    first = start_scrapy(*generic_crawl_args(site, database))
    wait_until(lambda: site.served >= 1, "the first run fetching an article")

    second = run_scrapy(*generic_crawl_args(site, database))
    assert second.returncode == ExitCode.ALREADY_RUNNING == 75
    assert "spider generic is already running on this database" in second.stderr
    assert f"held by pid {first.pid}" in second.stderr

    # another spider on the same database is not blocked
    beside = crawl_replay("slrbs", database)
    assert beside.returncode == 0, beside.stderr[-2000:]

    site.release()
    output, _ = first.communicate(timeout=120)
    assert first.returncode == 0, output[-2000:]
    assert rows(database, "SELECT spider, exit_status FROM crawl_runs ORDER BY id") == [
        ("generic", 0), ("slrbs", 0)]  # the refused run left no row
    assert rows(database, "SELECT count(*) FROM articles WHERE site = 'generic'") == [(3,)]


# ---- killed runs ------------------------------------------------------------------------

def test_sigkilled_run_leaves_a_sound_database_and_the_next_run_stores_the_rest(
        database, local_site):
    site = local_site(articles=30, free=10)
    batch = ["-s", "STORAGE_BATCH_SIZE=4", "-s", "STORAGE_BATCH_SECONDS=3600"]
    killed = start_scrapy(*generic_crawl_args(site, database, *batch))
    # 10 articles fetched: two batches of 4 committed, 2 waiting for their batch
    wait_until(lambda: site.served > 10 and article_count(database) == 8,
               "two committed batches while the run hangs on article 11")
    killed.send_signal(signal.SIGKILL)
    killed.communicate(timeout=60)

    assert rows(database, "PRAGMA integrity_check") == [("ok",)]
    assert article_count(database) == 8  # the uncommitted batch is all that was lost
    assert rows(database, "SELECT finished_at, exit_status FROM crawl_runs") == [(None, None)]

    site.release()
    rerun = run_scrapy(*generic_crawl_args(site, database, *batch))
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "'newscrawl/skipped/stored': 8" in rerun.stderr  # stored ones not fetched again
    assert rows(database, "SELECT count(*), count(DISTINCT canonical_url), "
                          "count(DISTINCT title) FROM articles") == [(30, 30, 30)]
    assert rows(database, "SELECT items_stored, exit_status FROM crawl_runs "
                          "WHERE finished_at IS NOT NULL") == [(22, 0)]


# Prints the most requests the scheduler held at once, as the crawl exits.
COUNTING_QUEUED = ("import atexit, sys\n"
                   "from scrapy.core.scheduler import Scheduler\n"
                   "most = [0]\n"
                   "enqueue = Scheduler.enqueue_request\n"
                   "def counted(self, request):\n"
                   "    added = enqueue(self, request)\n"
                   "    most[0] = max(most[0], len(self))\n"
                   "    return added\n"
                   "Scheduler.enqueue_request = counted\n"
                   "atexit.register(lambda: print('MOST QUEUED', most[0], file=sys.stderr))\n")


def test_a_long_url_list_is_requested_as_the_downloader_takes_it(tmp_path, database, local_site):
    """Given URLs become requests as the downloader takes them: the scheduler holds a
    request or two at a time, not the whole list (the memory of a long url_file), and every
    URL is still fetched and stored; a re-run, whose requests are all dropped as stored
    before the downloader, still ends."""
    site = local_site(articles=40, free=40)
    url_file = tmp_path / "urls.txt"
    articles = site.list_url.removesuffix("list.html") + "a/{}.html\n"
    url_file.write_text("".join(articles.format(n) for n in range(40)))
    result = run_scrapy("crawl", "generic", "-a", f"url_file={url_file}",
                        "-s", f"DATABASE_URL={database_url(database)}", *FAST,
                        "-s", "CONCURRENT_REQUESTS=2", before=COUNTING_QUEUED)
    assert result.returncode == ExitCode.OK, result.stderr[-2000:]
    assert int(re.search(r"MOST QUEUED (\d+)", result.stderr)[1]) <= 2
    assert article_count(database) == 40
    # again: every request is dropped before the downloader (stored), none is waited for
    rerun = run_scrapy("crawl", "generic", "-a", f"url_file={url_file}",
                       "-s", f"DATABASE_URL={database_url(database)}", *FAST,
                       "-s", "CONCURRENT_REQUESTS=2", timeout=60)
    assert rerun.returncode == ExitCode.OK, rerun.stderr[-2000:]
    assert "'newscrawl/skipped/stored': 40" in rerun.stderr


def test_sigterm_stops_gracefully_commits_the_batch_and_exits_7(tmp_path, database,
                                                               local_site):
    site = local_site(articles=12, free=5)
    log = tmp_path / "crawl.log"
    # two requests in the downloader at a time: the rest wait in the scheduler
    run = start_scrapy(*generic_crawl_args(
        site, database, "-s", "STORAGE_BATCH_SIZE=4", "-s", "STORAGE_BATCH_SECONDS=3600",
        "-s", "CONCURRENT_REQUESTS=2", "--logfile", str(log)))
    wait_until(lambda: site.served > 5 and article_count(database) == 4,
               "one committed batch while the run hangs on article 6")
    run.send_signal(signal.SIGTERM)
    wait_until(lambda: "Received SIGTERM" in log.read_text(encoding="utf-8"),
               "the crawl taking the signal")
    site.release()  # the two downloads in flight finish; nothing new is fetched
    run.communicate(timeout=120)

    assert run.returncode == ExitCode.INTERRUPTED == 7, log.read_text(encoding="utf-8")[-2000:]
    stored = article_count(database)
    assert 5 <= stored <= 7  # the open batch was committed; the crawl did not go on
    assert rows(database, "SELECT finish_reason, items_stored, exit_status FROM crawl_runs") \
        == [("shutdown", stored, 7)]


# ---- exit statuses ----------------------------------------------------------------------

def test_every_request_failing_in_replay_exits_5(tmp_path, database):
    empty = tmp_path / "no-fixtures"
    empty.mkdir()
    result = crawl_replay("slrbs", database, replay_dir=empty)
    assert result.returncode == ExitCode.ALL_REQUESTS_FAILED == 5
    assert "slrbs: exit status 5 (ALL_REQUESTS_FAILED)" in result.stderr
    assert rows(database, "SELECT pages, requests_failed, exit_status FROM crawl_runs") == [
        (0, 1, 5)]  # the one list page


def test_every_request_failing_live_exits_5(database):
    port = free_port()
    result = run_scrapy("crawl", "generic", "-a", f"urls=http://127.0.0.1:{port}/a.html",
                        "-s", f"DATABASE_URL={database_url(database)}",
                        "-s", "RETRY_TIMES=1", "-s", "RETRY_BACKOFF_BASE=0", *FAST)
    assert result.returncode == 5, result.stderr[-2000:]
    assert "Connection was refused" in result.stderr or "ConnectionRefused" in result.stderr
    # robots.txt and the page, each tried twice
    assert rows(database, "SELECT requests_failed, exit_status FROM crawl_runs") == [(4, 5)]


# Modules a crawl has no use for, each several MB: the consoles' (aiohttp, twisted.conch),
# SQLAlchemy's ORM (the crawl's storage is Core statements) and Alembic (a new database gets
# its schema without the migrations).
UNUSED_MODULES = ("aiohttp", "twisted.conch.telnet", "sqlalchemy.orm", "alembic")


def test_a_crawl_imports_no_console_orm_or_migrations(tmp_path, database):
    """The telnet console and the remote control are not imported by a crawl: Scrapy imports
    every EXTENSIONS key, a None entry too, so they are left out of EXTENSIONS_BASE. Nor are
    SQLAlchemy's ORM (models.py declares Core tables; the report command, which Scrapy
    imports with every command, reads them too) and Alembic."""
    reporting = ("import atexit, sys\n"
                 f"atexit.register(lambda: print('UNUSED MODULES', [m for m in {UNUSED_MODULES!r} "
                 "if m in sys.modules], file=sys.stderr))\n")
    result = run_scrapy("crawl", "slrbs", "-s", f"REPLAY_DIR={FIXTURES}",
                        "-s", f"DATABASE_URL={database_url(database)}", before=reporting)
    assert result.returncode == ExitCode.OK, result.stderr[-2000:]
    assert "UNUSED MODULES []" in result.stderr
    assert article_count(database) > 0


def test_an_interactive_console_can_be_put_back_in_extensions():
    settings = get_project_settings()
    enabled = build_component_list(settings.getwithbase("EXTENSIONS"))
    assert "scrapy.extensions.telnet.TelnetConsole" not in enabled
    assert "scrapy.extensions.corestats.CoreStats" in enabled  # the rest of Scrapy's base list stays
    settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), "scrapy.extensions.telnet.TelnetConsole": 0})
    assert "scrapy.extensions.telnet.TelnetConsole" in build_component_list(settings.getwithbase("EXTENSIONS"))


def test_unparsable_database_url_exits_3_with_the_reason(tmp_path):
    result = run_scrapy("crawl", "slrbs", "-s", f"REPLAY_DIR={FIXTURES}",
                        "-s", "DATABASE_URL=news.db")
    assert result.returncode == ExitCode.DATABASE
    assert "cannot open database 'news.db': Could not parse SQLAlchemy URL" in result.stderr


def test_unwritable_database_path_exits_3_with_the_reason(tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    result = crawl_replay("slrbs", not_a_folder / "news.db")
    assert result.returncode == ExitCode.DATABASE == 3
    assert f"cannot open database sqlite:///{not_a_folder}/news.db" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("stats, expected", [
    ({"finish_reason": "finished", "downloader/request_count": 3,
      "downloader/response_count": 3, "downloader/response_status_count/200": 3,
      "newscrawl/stored": 2}, ExitCode.OK),
    # robots.txt answered, every page refused by the server
    ({"finish_reason": "finished", "downloader/request_count": 3, "robotstxt/request_count": 1,
      "downloader/response_status_count/200": 1, "robotstxt/response_status_count/200": 1,
      "downloader/response_status_count/503": 2, "log_count/ERROR": 2},
     ExitCode.ALL_REQUESTS_FAILED),
    # everything refused by robots.txt
    ({"finish_reason": "finished", "robotstxt/forbidden": 4}, ExitCode.ALL_REQUESTS_FAILED),
    # every article already stored: nothing fetched, nothing wrong
    ({"finish_reason": "finished", "newscrawl/skipped/stored": 5,
      "downloader/request_count": 1, "downloader/response_status_count/200": 1}, ExitCode.OK),
    ({"finish_reason": "finished", "downloader/request_count": 2,
      "downloader/response_status_count/200": 2, "log_count/ERROR": 1},
     ExitCode.NOTHING_STORED),
    ({"finish_reason": "finished", "downloader/response_status_count/200": 2,
      "downloader/request_count": 2, "newscrawl/stored": 1,
      "newscrawl/storage/commit_failed": 1}, ExitCode.DATABASE),
    ({"finish_reason": "shutdown", "newscrawl/stored": 1}, ExitCode.INTERRUPTED),
    ({"finish_reason": "closespider_errorcount"}, ExitCode.CRASHED),
    ({"finish_reason": "closespider_itemcount", "downloader/request_count": 1,
      "downloader/response_status_count/200": 1, "newscrawl/stored": 1}, ExitCode.OK),
])
def test_exit_code_for_stats(stats, expected):
    assert exit_code_for_stats(stats) is expected


def test_worst_status_wins_and_unknown_child_statuses_are_crashes():
    assert worst([ExitCode.OK, ExitCode.ALREADY_RUNNING, ExitCode.NOTHING_STORED]) \
        is ExitCode.NOTHING_STORED
    assert worst([ExitCode.OK, ExitCode.OK]) is ExitCode.OK
    assert exit_code_of_child(-9) is exit_code_of_child(1) is ExitCode.CRASHED
    assert exit_code_of_child(-15) is ExitCode.INTERRUPTED
    assert exit_code_of_child(75) is ExitCode.ALREADY_RUNNING


# ---- crawlall --------------------------------------------------------------------------

def test_spiders_to_run():
    available = ["chinanews", "generic", "people", "slrbs"]
    assert spiders_to_run(available, [], ["generic"]) == ["chinanews", "people", "slrbs"]
    assert spiders_to_run(available, ["slrbs", "generic"], ["generic"]) == ["slrbs", "generic"]
    with pytest.raises(Exception, match="unknown spider.*: nosuch"):
        spiders_to_run(available, ["nosuch"], [])


def test_crawlall_runs_side_by_side_with_the_worst_status(tmp_path, database):
    fixtures = tmp_path / "fixtures"  # chinanews left out: its crawl fails
    for site in ("slrbs", "people"):
        (fixtures / site).mkdir(parents=True)
        for path in (FIXTURES / site).iterdir():
            (fixtures / site / path.name).write_bytes(path.read_bytes())
    log = tmp_path / "crawl.log"
    result = run_scrapy("crawlall", "slrbs", "chinanews", "people", "--jobs", "3",
                        "-s", f"REPLAY_DIR={fixtures}",
                        "-s", f"DATABASE_URL={database_url(database)}", "--logfile", str(log))
    assert result.returncode == ExitCode.ALL_REQUESTS_FAILED
    text = log.read_text(encoding="utf-8")
    assert "crawlall: slrbs exit status 0 (OK)" in text
    assert "crawlall: people exit status 0 (OK)" in text
    assert "crawlall: chinanews exit status 5 (ALL_REQUESTS_FAILED)" in text
    assert rows(database, "SELECT spider, exit_status, items_stored > 0 FROM crawl_runs "
                          "ORDER BY spider") == [
        ("chinanews", 5, 0), ("people", 0, 1), ("slrbs", 0, 1)]
    assert rows(database, "PRAGMA integrity_check") == [("ok",)]


CRONTAB_VARIABLE = re.compile(r"[A-Z_]+=")


def documented_crontab(marker: str) -> tuple[dict, str]:
    """The variables and the command of the crontab block in docs/operations.md whose
    command contains `marker`."""
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    for block in text.split("```cron")[1:]:
        lines = [line for line in block.split("```")[0].splitlines()
                 if line.strip() and not line.startswith("#")]
        variables = dict(line.split("=", 1) for line in lines if CRONTAB_VARIABLE.match(line))
        commands = [line.split(None, 5)[5] for line in lines
                    if not CRONTAB_VARIABLE.match(line)]  # after the 5 schedule fields
        if marker in commands[0]:
            return variables, commands[0]
    raise AssertionError(f"no crontab line with {marker} in docs/operations.md")


def test_documented_crontab_line_runs_against_fixtures(tmp_path):
    env, command = documented_crontab("REPLAY_DIR=fixtures")
    install = tmp_path / "srv"  # the project "installed" as docs/operations.md says
    (install / "logs").mkdir(parents=True)
    (install / ".venv").symlink_to(sys.prefix)
    for name in ("scrapy.cfg", "newscrawl", "fixtures"):
        (install / name).symlink_to(ROOT / name)
    command = command.replace("/srv/newscrawl", str(install))
    env = {name: value.replace("/srv/newscrawl", str(install)) for name, value in env.items()}
    cron_env = dict(os.environ, **env)
    cron_env.pop("PYTHONPATH", None)

    result = subprocess.run(["/bin/sh", "-c", command], env=cron_env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)

    # silent when all is well: cron mails whatever a job prints
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    log = (install / "logs" / "crawl.log").read_text(encoding="utf-8")
    site_spiders = sorted(set(SpiderLoader.from_settings(get_project_settings()).list()) - {"generic"})
    for spider in site_spiders:
        assert f"crawlall: {spider} exit status 0 (OK)" in log
    assert rows(install / "news.db", "SELECT spider, exit_status FROM crawl_runs "
                                     "ORDER BY spider") == [(spider, 0) for spider in site_spiders]


def test_sigterm_to_crawlall_reaches_the_running_spider_and_starts_no_more(tmp_path,
                                                                          database):
    log = tmp_path / "crawl.log"
    crawlall = start_scrapy("crawlall", "slrbs", "chinanews", "people",
                            "-s", f"REPLAY_DIR={FIXTURES}",
                            "-s", f"DATABASE_URL={database_url(database)}",
                            "--logfile", str(log))
    wait_until(lambda: log.exists() and "Spider opened" in log.read_text(encoding="utf-8"),
               "the first spider opening")
    crawlall.send_signal(signal.SIGTERM)
    crawlall.communicate(timeout=120)

    assert crawlall.returncode == ExitCode.INTERRUPTED
    text = log.read_text(encoding="utf-8")
    assert "crawlall: people not started (crawlall is stopping)" in text
    assert "Received SIGTERM twice" not in text
    assert rows(database, "SELECT count(*) FROM crawl_runs WHERE spider = 'people'") == [(0,)]


# ---- report ----------------------------------------------------------------------------

def finished_run(run_id: int, stored: int, hours_ago: int) -> CrawlRun:
    start = datetime(2026, 11, 1, tzinfo=UTC) - timedelta(hours=hours_ago)
    return CrawlRun(id=run_id, spider="slrbs", started_at=start,
                    finished_at=start + timedelta(minutes=3), finish_reason="finished",
                    items_stored=stored, items_updated=0, articles_already_stored=0,
                    exit_status=0)


def test_yield_drop_compares_the_last_finished_run_with_the_median_before_it():
    steady = [finished_run(i, stored, 10 - i) for i, stored in enumerate([40, 38, 45, 41], 1)]
    collapsed = [finished_run(5, 3, 0)] + steady[::-1]
    drop = yield_drop(collapsed, window=8, ratio=0.5, min_baseline=5)
    assert (drop.run_id, drop.got, drop.baseline, drop.runs) == (5, 3, 40.5, 4)
    assert yield_drop([finished_run(5, 30, 0)] + steady[::-1], window=8, ratio=0.5,
                      min_baseline=5) is None  # 30 >= 0.5 * 40.5
    assert yield_drop(collapsed[:1], window=8, ratio=0.5, min_baseline=5) is None
    small = [finished_run(3, 0, 0), finished_run(2, 2, 1), finished_run(1, 3, 2)]
    assert yield_drop(small, window=8, ratio=0.5, min_baseline=5) is None


def test_an_incremental_run_that_finds_only_stored_articles_is_no_collapse():
    steady = [finished_run(i, stored, 10 - i) for i, stored in enumerate([40, 38, 45, 41], 1)]
    nothing_new = finished_run(5, 0, 0)
    nothing_new.articles_already_stored = 39  # the list pages still point at 39 articles
    assert yield_drop([nothing_new] + steady[::-1], window=8, ratio=0.5, min_baseline=5) is None
    nothing_new.articles_already_stored = 3  # the list pages point at almost nothing
    assert yield_drop([nothing_new] + steady[::-1], window=8, ratio=0.5, min_baseline=5).got == 3


def test_a_second_replay_run_records_the_articles_it_found_already_stored(tmp_path, database):
    for _ in range(2):
        result = run_scrapy("crawl", "slrbs", "-s", "REPLAY_DIR=fixtures",
                            "-s", f"DATABASE_URL={database_url(database)}")
        assert result.returncode == 0, result.stderr
    assert rows(database, "SELECT items_stored, articles_already_stored FROM crawl_runs "
                          "ORDER BY id") == [(4, 0), (0, 4)]


def test_report_flags_the_site_whose_yield_collapsed(tmp_path, database):
    store = ArticleStore(database_url(database))
    for spider, yields in (("slrbs", [40, 38, 45, 41, 2]), ("people", [20, 22, 19, 21])):
        for stored in yields:
            store.start_run(spider)
            store.finish_run("finished", {"items_stored": stored, "pages": stored + 1,
                                          "drops": {"empty_body": 1}, "exit_status": 0})
    store.start_run("people")  # a run killed before it finished
    store.close()
    chart = tmp_path / "runs.html"

    result = run_scrapy("report", "-s", f"DATABASE_URL={database_url(database)}",
                        "--html", str(chart))

    assert result.returncode == ExitCode.YIELD_DROPPED == 8, result.stderr
    people, slrbs = result.stdout.split("\n\n")[:2]
    assert "!! yield dropped: run 5 found 2 articles against a median of 40.5 over the 4 " \
           "runs before it" in slrbs
    assert "!! run 10 has not finished: still running, or killed" in people
    assert "yield dropped" not in people
    assert "dropped items by reason: empty_body 5" in slrbs
    assert len(slrbs.splitlines()) == 1 + 1 + 1 + 5 + 1  # title, flag, header, runs, drops
    html = chart.read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and 'fill="#c0392b"><title>run 5 ' in html


def test_report_without_a_database_exits_3(tmp_path):
    result = run_scrapy("report", "-s", f"DATABASE_URL=sqlite:///{tmp_path}/none.db")
    assert result.returncode == ExitCode.DATABASE
    assert "no database at" in result.stderr
    assert not (tmp_path / "none.db").exists()


# ---- retries and User-Agent ---------------------------------------------------------

def test_retry_delay_doubles_up_to_the_cap_and_honours_retry_after():
    assert [retry_delay(n, 2, 120) for n in (0, 1, 2, 3, 8)] == [0, 2, 4, 8, 120]
    assert retry_delay(1, 2, 120, retry_after=30) == 30
    assert retry_delay(1, 2, 120, retry_after=600) == 120
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("17", now) == 17
    assert retry_after_seconds("Mon, 23 Nov 2026 12:01:00 GMT", now) == 60
    assert retry_after_seconds("soon", now) is None


class FlakySite(ThreadingHTTPServer):
    """Answers /robots.txt 404, then 503 with Retry-After twice, then the article."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), FlakyHandler)
        self.user_agents: list[str] = []


class FlakyHandler(QuietHandler):
    server: FlakySite

    def do_GET(self):
        if self.path == "/robots.txt":
            self.send_response(404)
            self.end_headers()
            return
        self.server.user_agents.append(self.headers["User-Agent"])
        if len(self.server.user_agents) <= 2:
            self.send_response(503)
            self.send_header("Retry-After", "1")
            self.end_headers()
            return
        self.send(200, article_html(7))


def test_503_is_retried_after_the_servers_wait_with_a_user_agent_naming_the_contact(database):
    site = FlakySite()
    serve(site)
    try:
        result = run_scrapy("crawl", "generic", "-a",
                            f"urls=http://127.0.0.1:{site.server_address[1]}/news/1.html",
                            "-s", f"DATABASE_URL={database_url(database)}",
                            "-s", "RETRY_BACKOFF_BASE=0.1",
                            "-s", "CONTACT_URL=mailto:crawler@example.org", *FAST)
    finally:
        site.shutdown()
        site.server_close()
    assert result.returncode == 0, result.stderr[-2000:]
    assert site.user_agents == ["newscrawl (+mailto:crawler@example.org)"] * 3
    # two retries, each held back for the server's Retry-After: 1 (above 0.1 and 0.2)
    assert "'newscrawl/retry/backoff_seconds': 2.0" in result.stderr
    assert rows(database, "SELECT requests_failed FROM crawl_runs") == [(2,)]
    assert rows(database, "SELECT count(*) FROM articles") == [(1,)]
