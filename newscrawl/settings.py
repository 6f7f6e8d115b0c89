"""newscrawl settings: every default in one place (README "Settings" lists them all).

Override any of them per run with `scrapy crawl SITE -s NAME=VALUE`.
"""
import os

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# --- storage -----------------------------------------------------------------------
# Any SQLAlchemy URL; the environment variable wins over this default, -s over both.
DATABASE_URL = os.environ.get("NEWSCRAWL_DATABASE_URL", "sqlite:///news.db")
# Articles written per commit, and the longest a written article waits for its commit.
STORAGE_BATCH_SIZE = 50
STORAGE_BATCH_SECONDS = 5.0
# Keep the body of an article stored as a duplicate (it is left out to save space).
STORE_DUPLICATE_BODIES = False
# Fetch article pages again even when their canonical URL is already stored.
REFRESH = False

# --- replay and record (see fixtures/README.md) ------------------------------------
# REPLAY_DIR: answer every request from saved responses under this folder, offline.
# RECORD_DIR: save every response of a live crawl into this folder.
REPLAY_DIR = None
RECORD_DIR = None
ADDONS = {"newscrawl.replay.ReplayAddon": 0}

# --- components ----------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # before the HTTP cache (900): a stored article is neither fetched nor replayed
    "newscrawl.downloader.skip_stored.SkipStoredMiddleware": 50,
}
ITEM_PIPELINES = {
    "newscrawl.pipelines.storage.StoragePipeline": 900,
}
EXTENSIONS = {
    "newscrawl.extensions.runs.CrawlRunRecorder": 0,
}

# --- politeness ------------------------------------------------------------------------
USER_AGENT = "newscrawl (+https://github.com/newscrawl/newscrawl)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
RETRY_TIMES = 3

# --- Scrapy housekeeping -------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
