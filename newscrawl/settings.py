"""newscrawl settings: every default in one place (README "Settings" lists them all).

Override any of them per run with `scrapy crawl SITE -s NAME=VALUE`.
"""
import os

from scrapy.settings import default_settings

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
# Failed commits in a row (disk full, database gone) after which the crawl stops
# (finish reason database_error, exit status 3) instead of fetching what it cannot store.
STORAGE_MAX_COMMIT_FAILURES = 3
# Keep the body of an article stored as a duplicate (it is left out to save space).
STORE_DUPLICATE_BODIES = False
# Fetch article pages again even when their canonical URL is already stored.
REFRESH = False
# An article URL that held no article (error, anti-bot or login page, not HTML, a redirect
# whose target is not stored...) is recorded in page_outcomes and fetched again no sooner
# than NOT_ARTICLE_RETRY_BASE seconds later, doubling with each attempt up to
# NOT_ARTICLE_RETRY_MAX (0: retried on the next run).
NOT_ARTICLE_RETRY_BASE = 3600.0
NOT_ARTICLE_RETRY_MAX = 7 * 86400.0
# A page whose body (or, when its body is short, its title) is the same on this many
# URLs of one host in one run is an error/anti-bot page: those URLs' rows of this run are
# taken out of articles into page_outcomes (reason repeated_page).
REPEATED_PAGE_URLS = 4

# --- dedup (docs/dedup.md) -------------------------------------------------------------
# A new body whose estimated containment in a stored one (or the reverse) reaches this
# share is a near duplicate; in (0, 1]. Chosen with bench/dedup.py: no negative pair of
# the labelled set scores above 0.58, and 99% of edited reprints score above 0.7.
DEDUP_THRESHOLD = 0.7

# --- text ----------------------------------------------------------------------------------
# Longest title stored, in characters; a longer one is cut at a phrase boundary (a repair).
TITLE_MAX_CHARS = 200

# --- spiders -------------------------------------------------------------------------------
# List pages followed from each start page through its 下一页 link (start page included);
# per crawl with -a max_list_pages=N.
MAX_LIST_PAGES = 5
# Pages joined into one multi-page article at most; per crawl with -a max_article_pages=N.
MAX_ARTICLE_PAGES = 20
# Processes that read pages (decode, parse, extract) beside the crawl's own, so that it
# goes on fetching (newscrawl.workers; the generic spider). Unset: one per core but one.
# 0: every page is read in the crawl's process.
PAGE_WORKERS = None
# Pages a crawl reads itself before it starts them: a cron run of a few new articles never
# pays for their start (about half a second, in a thread, while the crawl reads on itself).
# python -m bench.crawl: at 180 pages 100 left the workers half the crawl; below 30 a crawl
# ends before they are up and waits for them at exit.
PAGE_WORKERS_AFTER = 30
# Bytes of responses waiting to be read before downloads pause (Scrapy's default 5 MB). While
# page workers read, responses queue; past 2 MB more of them buy no speed, only memory
# (python -m bench.crawl: the crawl's peak at 1,000 pages 217 MB with 5 MB, 201 with 2 MB).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 2_000_000

# --- replay and record (see fixtures/README.md) ------------------------------------
# REPLAY_DIR: answer every request from saved responses under this folder, offline.
# RECORD_DIR: save every response of a live crawl into this folder.
REPLAY_DIR = None
RECORD_DIR = None
ADDONS = {
    "newscrawl.replay.ReplayAddon": 0,
    "newscrawl.politeness.UserAgentAddon": 0,
    "newscrawl.frontier.SharedFrontierAddon": 0,
}

# --- several workers, one frontier (docs/distributed.md) -------------------------------
# A redis:// URL switches on the frontier shared by every worker of a spider (scrapy-redis's
# scheduler and dupefilter); unset, a crawl is one process with Scrapy's own scheduler.
REDIS_URL = os.environ.get("NEWSCRAWL_REDIS_URL") or None
# Keys are <prefix>:<spider>:requests|dupefilter|run|busy; one prefix per cluster.
REDIS_KEY_PREFIX = "newscrawl"
# A worker that stops renewing its lease (killed) is given up after this many seconds; the
# run's other workers wait that long for it at the end.
FRONTIER_LEASE_SECONDS = 30

# --- components ----------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # before the HTTP cache (900): a stored article is neither fetched nor replayed
    "newscrawl.downloadermiddlewares.skip_stored.SkipStoredMiddleware": 50,
    # after RetryMiddleware (550), before DownloaderStats (850): retries wait first
    "newscrawl.downloadermiddlewares.backoff.RetryBackoffMiddleware": 560,
    # below HttpCompressionMiddleware (590): sees decompressed bytes, decides their charset
    "newscrawl.downloadermiddlewares.charset.CharsetMiddleware": 580,
    # Scrapy's, in the place of its own (580), below the charset decision: reads the head only
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.downloadermiddlewares.metarefresh.HeadMetaRefreshMiddleware": 579,
}
ITEM_PIPELINES = {
    "newscrawl.pipelines.encoding.EncodingFixPipeline": 100,
    "newscrawl.pipelines.boilerplate.BoilerplatePipeline": 200,
    "newscrawl.pipelines.repeats.RepeatedPagePipeline": 250,
    "newscrawl.pipelines.dedup.DedupPipeline": 300,
    "newscrawl.pipelines.storage.StoragePipeline": 900,
}
EXTENSIONS = {
    # built first: a run that finds its spider already running touches nothing
    "newscrawl.extensions.lock.RunLock": -100,
    "newscrawl.extensions.runs.CrawlRunRecorder": 0,
    "newscrawl.extensions.lost.LostRequests": 0,
}
# Unattended runs need no interactive consoles listening on local ports. They are left out of
# Scrapy's base list, not set to None in EXTENSIONS: Scrapy imports every EXTENSIONS key to
# normalise it, and their modules (the remote control's aiohttp, twisted.conch) cost every
# run 10 MB and a tenth of a second. EXTENSIONS = {"scrapy.extensions.telnet.TelnetConsole": 0}
# puts one back.
EXTENSIONS_BASE = {path: order for path, order in default_settings.EXTENSIONS_BASE.items()
                   if path not in ("scrapy.extensions.telnet.TelnetConsole",
                                   "scrapy.extensions.remote_control.RemoteControl")}

# `scrapy check -s REPLAY_DIR=fixtures`: the site spiders' contracts on their saved pages.
SPIDER_CONTRACTS = {"newscrawl.contracts.ArticleContract": 10}

# --- unattended runs (docs/operations.md) --------------------------------------------
# Set by `scrapy crawl` (so also by crawlall's children), never by hand: the run lock, the
# crawl_runs row and the stored-article skip act only in a crawl, so `scrapy shell`,
# `parse`, `check` and `fetch` neither take a lock nor record a run nor skip a URL.
CRAWL_COMMAND = False
# Run locks: one file per spider and database, flock-ed while a crawl runs, released by
# the OS when the process ends; a second run exits with status 75. Unset: the lock file
# sits beside the SQLite database (.news.db.SPIDER.lock), so every process writing it
# meets it whatever its $TMPDIR; PostgreSQL uses an advisory lock instead. Set to a
# folder to keep the lock files there.
LOCK_DIR = None
# `scrapy crawlall` runs every spider except these (they need arguments, e.g. -a urls=).
CRAWLALL_EXCLUDE = ["generic"]
# `scrapy report`: runs shown per spider, and the earlier finished runs whose median
# yield (articles stored or updated) the last run is compared with.
REPORT_RUNS = 8
# The last run is flagged when its yield is below this share of that median...
YIELD_DROP_RATIO = 0.5
# ...and the median is at least this many articles (smaller sites are too noisy).
YIELD_MIN_BASELINE = 5

# --- politeness ------------------------------------------------------------------------
# Where a site operator can read what the crawler is and reach whoever runs it: the
# User-Agent is "newscrawl (+CONTACT_URL)" (newscrawl.politeness.UserAgentAddon) unless
# USER_AGENT is set. Set it to your own page or mailto: address when you deploy.
CONTACT_URL = "https://github.com/newscrawl/newscrawl"
# Fetch and obey each site's robots.txt (for this User-Agent).
ROBOTSTXT_OBEY = True
# Requests in flight at once: over all sites, and to one site (domain).
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Outputs of one response processed at once. Scrapy starts this many tasks for every response
# (its default, 100, cost a fetch-only crawl of 5,000 pages a third of its CPU); our pipelines
# are synchronous, and a page yields one article or a list of links.
CONCURRENT_ITEMS = 16
# The least time between two requests to one site; AutoThrottle only raises it.
DOWNLOAD_DELAY = 0.5
# AutoThrottle adapts the delay per site to its response times, aiming at this many
# requests in flight to that site, starting at START_DELAY and never above MAX_DELAY.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
# A request with no complete answer after this many seconds fails (and is retried).
DOWNLOAD_TIMEOUT = 30
# Responses larger than this are cancelled (a news page is well under a megabyte);
# from WARNSIZE on a warning is logged.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# Retries of timeouts, connection errors and these statuses (Scrapy's list: 5xx
# gateway/server errors, 408 timeout, 429 too many requests), RETRY_TIMES times each.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# Retry n waits RETRY_BACKOFF_BASE * 2**(n-1) seconds (or the server's Retry-After),
# at most RETRY_BACKOFF_MAX (newscrawl.downloadermiddlewares.backoff).
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 120.0

# --- Scrapy housekeeping -------------------------------------------------------------
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
