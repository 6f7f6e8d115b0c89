"""Fixture replay and recording through Scrapy's HTTP cache.

`-s REPLAY_DIR=fixtures` answers every request from saved responses and never
touches the network; `-s RECORD_DIR=DIR` saves every response a live crawl fetches.
Both use the fixture format of fixtures/README.md: NAME.json (url, status, headers,
body file name) beside the raw body bytes.

ReplayAddon turns the two settings into HTTP cache settings before the crawler
starts; FixtureStorage is the cache storage that reads and writes the files.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

logger = logging.getLogger(__name__)


class FixtureError(ValueError):
    """A fixture file that cannot be read as a saved response."""


def fixture_index(root: Path) -> dict[str, Path]:
    """Map each saved URL under `root` to its NAME.json file."""
    index: dict[str, Path] = {}
    for meta_path in sorted(root.rglob("*.json")):
        if meta_path.name.endswith(".expected.json"):
            continue
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise FixtureError(f"{meta_path}: not readable JSON ({exc})") from exc
        if not isinstance(meta, dict) or "url" not in meta:
            continue
        url = meta["url"]
        if url in index:
            raise FixtureError(f"{meta_path}: {url} is already saved in {index[url]}")
        index[url] = meta_path
    return index


def load_fixture(meta_path: Path) -> Response:
    """Build the Response saved in `meta_path`, with the exact body bytes."""
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        body = (meta_path.parent / meta["body"]).read_bytes()
    except (OSError, ValueError, KeyError) as exc:
        raise FixtureError(f"{meta_path}: {exc!r}") from exc
    headers = Headers(meta.get("headers", {}))
    respcls = responsetypes.from_args(headers=headers, url=meta["url"], body=body)
    return respcls(
        url=meta["url"], status=int(meta.get("status", 200)), headers=headers, body=body
    )


def fixture_name(url: str) -> str:
    """A readable, unique file stem for a URL: host, path and a short hash."""
    parts = urlsplit(url)
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", f"{parts.netloc}{parts.path}").strip("_")
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    return f"{readable[-80:]}-{digest}"


def body_suffix(content_type: str) -> str:
    for marker, suffix in (("html", ".html"), ("xml", ".xml"), ("json", ".body.json")):
        if marker in content_type:
            return suffix
    return ".bin"


def save_fixture(directory: Path, response: Response) -> Path:
    """Write `response` into `directory` in the fixture format; return NAME.json."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = fixture_name(response.url)
    content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
    body_path = directory / f"{stem}{body_suffix(content_type)}"
    body_path.write_bytes(response.body)
    headers = {
        key.decode("latin-1"): [v.decode("latin-1") for v in values]
        for key, values in response.headers.items()
    }
    meta = {"url": response.url, "status": response.status, "headers": headers,
            "body": body_path.name}
    meta_path = directory / f"{stem}.json"
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta_path


class FixtureStorage:
    """HTTPCACHE_STORAGE reading REPLAY_DIR, or writing RECORD_DIR."""

    def __init__(self, settings):
        replay_dir = settings.get("REPLAY_DIR")
        record_dir = settings.get("RECORD_DIR")
        self.replay_dir = Path(replay_dir) if replay_dir else None
        self.record_dir = Path(record_dir) if record_dir else None
        self.index: dict[str, Path] = {}

    def open_spider(self, spider) -> None:
        if self.replay_dir is None:
            return
        if not self.replay_dir.is_dir():
            raise FixtureError(f"REPLAY_DIR {self.replay_dir} is not a directory")
        self.index = fixture_index(self.replay_dir)
        logger.info("replay: %d saved responses in %s", len(self.index), self.replay_dir)

    def close_spider(self, spider) -> None:
        pass

    def retrieve_response(self, spider, request) -> Response | None:
        if self.replay_dir is None:
            return None
        meta_path = self.index.get(request.url)
        if meta_path is None:
            logger.warning("replay: no saved response for %s", request.url)
            spider.crawler.stats.inc_value("newscrawl/replay/missing")
            return None
        return load_fixture(meta_path)

    def store_response(self, spider, request, response) -> None:
        if self.record_dir is not None:
            save_fixture(self.record_dir, response)


class ReplayAddon:
    """Turns REPLAY_DIR / RECORD_DIR into HTTP cache settings (ADDONS)."""

    def update_settings(self, settings) -> None:
        replay, record = settings.get("REPLAY_DIR"), settings.get("RECORD_DIR")
        if replay and record:
            raise ValueError("REPLAY_DIR and RECORD_DIR cannot be used together")
        if not (replay or record):
            return
        settings.set("HTTPCACHE_ENABLED", True, priority="project")
        settings.set("HTTPCACHE_STORAGE", "newscrawl.replay.FixtureStorage", priority="project")
        settings.set("HTTPCACHE_POLICY", "scrapy.extensions.httpcache.DummyPolicy",
                     priority="project")
        settings.set("HTTPCACHE_EXPIRATION_SECS", 0, priority="project")
        if replay:
            # Offline: a miss is dropped, never fetched; nothing to be polite to.
            settings.set("HTTPCACHE_IGNORE_MISSING", True, priority="project")
            settings.set("ROBOTSTXT_OBEY", False, priority="project")
            settings.set("AUTOTHROTTLE_ENABLED", False, priority="project")
            settings.set("DOWNLOAD_DELAY", 0, priority="project")
