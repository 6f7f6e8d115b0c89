"""PostgreSQL: advisory locks that make dedup and the run lock hold across processes and hosts.

- **Story locks** (dedup): before an item's lookups, the writer takes a transaction-level
  advisory lock on every key the lookups and writes depend on: the item's LSH band keys, its
  content hash and its canonical URL (`story_lock_keys`). A second writer holding one of
  those keys in its open batch makes the first wait until that batch commits, so its lookups
  then see the committed copy: one original per story. Keys are taken in ascending order, and
  a writer that would have to wait commits its own batch first (releasing every lock it
  holds) before it waits: a waiter holds only smaller keys of its current item, so no two
  writers can wait for each other (no deadlock).
- **Run lock**: a session-level advisory lock keyed on the spider, held on a connection of
  its own for the whole crawl and released by the server when that connection ends (the
  process exits or is killed): one run of a spider at a time over every host writing the
  database; crawl workers of one shared-frontier run take it shared.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from sqlalchemy import Connection, Engine, text

# Keeps the run-lock keys apart from story keys (which are hashes, so a clash is only a wait).
RUN_LOCK_NAMESPACE = "newscrawl-run:"


def lock_key(name: str) -> int:
    """A signed 64-bit advisory-lock key for `name` (PostgreSQL's bigint)."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(),
                          "big", signed=True)


def story_lock_keys(canonical_url: str, content_hash: str, band_keys: Iterable[int]) -> list[int]:
    """The advisory-lock keys of an item, ascending and distinct: its band keys (already
    signed 64-bit, seeded by band number), and keys of its content hash and canonical URL."""
    keys = set(band_keys)
    keys.add(lock_key("url:" + canonical_url))
    if content_hash:
        keys.add(lock_key("hash:" + content_hash))
    return sorted(keys)


# All keys tried in one round trip (bool_and evaluates every row): a key taken after one
# that failed is released with the rest by the commit before waiting.
_TRY_XACT_ALL = text("SELECT bool_and(pg_try_advisory_xact_lock(k)) "
                     "FROM unnest(CAST(:keys AS bigint[])) AS k")
_XACT = text("SELECT pg_advisory_xact_lock(:key)")


def lock_story(connection: Connection, keys: list[int], commit_pending: Callable[[], None]) -> bool:
    """Hold every key in `keys` (ascending) until `connection`'s transaction ends.

    Returns True when the locks were taken without waiting; False when a key was held by
    another writer, in which case `commit_pending` was called first and the keys were then
    waited for one by one, in order.
    """
    if connection.execute(_TRY_XACT_ALL, {"keys": keys}).scalar():
        return True
    commit_pending()  # hold nothing while waiting (the next statement begins a new transaction)
    for key in keys:
        connection.execute(_XACT, {"key": key})
    return False


def lock_migrations(connection: Connection) -> None:
    """Make concurrent schema upgrades (workers starting together on an empty database)
    take turns: held until the upgrade's transaction ends."""
    connection.execute(_XACT, {"key": lock_key("newscrawl-migrations")})


def run_lock_key(spider: str) -> int:
    return lock_key(RUN_LOCK_NAMESPACE + spider)


def try_run_lock(engine: Engine, spider: str, *, shared: bool) -> Connection | None:
    """A connection holding the run lock of `spider` (exclusive, or `shared` by the workers
    of one run), or None when another session holds it in a conflicting mode. Closing the
    connection releases the lock."""
    function = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
    connection = engine.connect()
    try:
        taken = connection.execute(text(f"SELECT {function}(:key)"),
                                   {"key": run_lock_key(spider)}).scalar()
        connection.commit()
    except BaseException:
        connection.close()
        raise
    if not taken:
        connection.close()
        return None
    return connection


def run_lock_holders(engine: Engine, spider: str) -> str:
    """Who holds the run lock of `spider`: client addresses and backend pids, for the message."""
    key = run_lock_key(spider)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT a.client_addr, l.pid, l.mode FROM pg_locks l "
            "JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted "
            "AND l.classid = :high AND l.objid = :low AND l.objsubid = 1"),
            {"high": (key >> 32) & 0xFFFFFFFF, "low": key & 0xFFFFFFFF}).all()
    return ", ".join(f"{addr or 'local'} backend {pid} ({mode})" for addr, pid, mode in rows) \
        or "another session"
