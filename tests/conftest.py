"""Shared test helpers: temporary databases and real `scrapy crawl` runs."""
from __future__ import annotations

import inspect
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

# The local HTTP sites and their fixtures (local_site) for every test module.
pytest_plugins = ["servers"]

ROOT = Path(__file__).resolve().parents[1]
# A test that starts a real crawl process is slow: `pytest -m "not slow"` leaves it out.
CRAWL_PROCESS = re.compile(r"\b(?:run_scrapy|crawl_replay|start_scrapy|crawl)\(")
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def run_scrapy(*args: str, cwd: Path = ROOT, env: dict | None = None,
               timeout: float = 180, before: str = "") -> subprocess.CompletedProcess:
    """Run the real `scrapy` command line (engine, downloader, pipelines) in a
    subprocess, with this interpreter, and return its exit status and output. `before`:
    Python code run in that process before the command line (to patch or report)."""
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    full_env.pop("NEWSCRAWL_DATABASE_URL", None)
    launcher = ("-c", before + "\nimport sys\nsys.argv[0] = 'scrapy'\n"
                "from scrapy.cmdline import execute\nexecute()\n") if before else ("-m", "scrapy")
    return subprocess.run(
        [sys.executable, *launcher, *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout,
    )


def crawl_replay(spider: str, database: Path, *extra: str,
                 replay_dir: Path = FIXTURES) -> subprocess.CompletedProcess:
    """`scrapy crawl SPIDER -s REPLAY_DIR=... -s DATABASE_URL=sqlite:///database`."""
    return run_scrapy("crawl", spider, "-s", f"REPLAY_DIR={replay_dir}",
                      "-s", f"DATABASE_URL=sqlite:///{database}", *extra)


@pytest.fixture
def database(tmp_path) -> Path:
    return tmp_path / "news.db"


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def crawler():
    """A Scrapy crawler with the default settings, for components built from it."""
    return get_crawler()


def database_url(database: Path) -> str:
    return f"sqlite:///{database}"


def rows(database: Path, sql: str, *args) -> list[tuple]:
    """The rows of `sql` on a SQLite file, read with the standard library."""
    with sqlite3.connect(database) as conn:
        return conn.execute(sql, args).fetchall()


def article_count(database: Path) -> int:
    if not database.exists():
        return 0
    try:
        return rows(database, "SELECT count(*) FROM articles")[0][0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def pytest_collection_modifyitems(items):
    for item in items:
        function = getattr(item, "function", None)
        if function is not None and CRAWL_PROCESS.search(inspect.getsource(function)):
            item.add_marker(pytest.mark.slow)
