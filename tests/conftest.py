"""Shared test helpers: temporary databases and real `scrapy crawl` runs."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def run_scrapy(*args: str, cwd: Path = ROOT, env: dict | None = None,
               timeout: float = 180) -> subprocess.CompletedProcess:
    """Run the real `scrapy` command line (engine, downloader, pipelines) in a
    subprocess, with this interpreter, and return its exit status and output."""
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    full_env.pop("NEWSCRAWL_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args],
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
