"""Scrapy's everyday commands in this project: shell, parse and check look at pages without
locking, recording or writing; an in-memory database works with -O; the report reads a
database it may not write. Real `scrapy` processes on the saved fixtures."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, crawl_replay, run_scrapy

from newscrawl.extensions.lock import acquire, lock_path

pytestmark = pytest.mark.slow

ARTICLE = "http://sh.people.com.cn/n2/2022/0727/c134768-40052817.html"
LIST = "http://sh.people.com.cn/GB/134768/index.html"


def replay_args(database: Path) -> list[str]:
    return ["-s", f"REPLAY_DIR={FIXTURES}", "-s", f"DATABASE_URL=sqlite:///{database}"]


def test_shell_while_a_crawl_holds_the_lock_touches_no_lock_and_no_database(tmp_path, database):
    lock_dir = tmp_path / "locks"
    lock_dir.mkdir()
    held = acquire(lock_path(lock_dir, "people", f"sqlite:///{database}"))
    try:
        result = run_scrapy("shell", ARTICLE, *replay_args(database), "-s", f"LOCK_DIR={lock_dir}",
                            "-c", "response.css('h1::text').get()")
    finally:
        os.close(held)
    assert result.returncode == 0, result.stderr
    assert "苏州河" in result.stdout
    assert not database.exists()


def test_parse_reads_an_article_url_as_an_article_and_a_list_url_as_a_list(database):
    article = run_scrapy("parse", "--spider=people", ARTICLE, *replay_args(database))
    assert article.returncode == 0, article.stderr
    assert "'title': '苏州河中心城区段42公里岸线夜景灯光全面亮灯'" in article.stdout
    listing = run_scrapy("parse", "--spider=people", LIST, *replay_args(database))
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout.count("<GET http://sh.people.com.cn/n2/") >= 3
    named = run_scrapy("parse", "--spider=people", "-c", "parse_list", LIST, *replay_args(database))
    assert named.returncode == 0 and "TypeError" not in named.stderr
    assert named.stdout.count("<GET http://sh.people.com.cn/n2/") >= 3
    assert not database.exists()  # no --pipelines: nothing opened the database


def test_check_runs_every_site_spiders_contracts_offline(database):
    result = run_scrapy("check", *replay_args(database))
    assert result.returncode == 0, result.stderr
    assert "Ran 6 contracts" in result.stderr and "OK" in result.stderr
    assert not database.exists()


def test_check_fails_when_a_layout_no_longer_reads_its_page(tmp_path, database):
    """The contracts can fail: the people article fixture with its template renamed."""
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, fixtures)
    page = fixtures / "people" / "plain-2016.html"
    page.write_bytes(page.read_bytes().replace(b"rwb_zw", b"zw").replace(b"<p", b"<span"))
    result = run_scrapy("check", "people", "-s", f"REPLAY_DIR={fixtures}",
                        "-s", f"DATABASE_URL=sqlite:///{database}")
    assert result.returncode != 0
    assert "FAIL" in result.stderr


def test_an_in_memory_database_crawls_and_feeds_its_items_out(tmp_path):
    out = tmp_path / "out.jsonl"
    result = run_scrapy("crawl", "people", "-s", f"REPLAY_DIR={FIXTURES}",
                        "-s", "DATABASE_URL=sqlite://", "-O", str(out))
    assert result.returncode == 0, result.stderr
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    expected = {json.loads(path.with_name(path.name.replace(".expected", "")).read_text(
        encoding="utf-8"))["url"] for path in (FIXTURES / "people").glob("*.expected.json")}
    assert {item["url"] for item in items} == expected
    assert "no such table" not in result.stderr


def test_report_reads_a_database_in_a_folder_it_cannot_write(tmp_path, database):
    assert crawl_replay("slrbs", database).returncode == 0
    before = sorted(path.name for path in database.parent.iterdir())
    frozen = subprocess.run(["chattr", "+i", str(database.parent)], capture_output=True)
    if frozen.returncode != 0:
        pytest.skip(f"chattr +i not possible here: {frozen.stderr.strip()!r}")
    try:
        result = run_scrapy("report", "-s", f"DATABASE_URL=sqlite:///{database}")
    finally:
        subprocess.run(["chattr", "-i", str(database.parent)], check=True)
    assert result.returncode == 0, result.stderr
    assert "== slrbs" in result.stdout
    assert sorted(path.name for path in database.parent.iterdir()) == before


def test_report_on_a_missing_database_creates_none_and_exits_3(database):
    result = run_scrapy("report", "-s", f"DATABASE_URL=sqlite:///{database}")
    assert result.returncode == 3
    assert f"no database at sqlite:///{database}" in result.stderr
    assert not database.exists()
