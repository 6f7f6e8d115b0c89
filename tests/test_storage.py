"""ArticleStore against real SQLite files."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from conftest import ROOT, rows
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

import newscrawl.storage.schema  # noqa: F401  (every table on METADATA)
from newscrawl.items import Article, Dateline, Image
from newscrawl.storage import ArticleStore, CommitFailed, StorageError
from newscrawl.storage.db import HEAD_REVISION, alembic_config
from newscrawl.storage.models import METADATA

SHANGHAI = timezone(timedelta(hours=8))


def article(n: int = 1, **fields) -> Article:
    defaults = dict(url=f"https://www.example.cn/n1/{n}.html", site="test",
                    title=f"标题{n}", body=f"第一段{n}\n第二段{n}")
    defaults.update(fields)
    return Article(**defaults)



@pytest.fixture
def store(database):
    store = ArticleStore(f"sqlite:///{database}", batch_size=3, batch_seconds=3600)
    store.start_run("test")
    yield store
    store.close()


def test_save_round_trips_every_field(store, database):
    published = datetime(2022, 7, 28, 17, 2, tzinfo=SHANGHAI)
    item = article(published_at=published, authors=["王子涛", "姜煜"],
                   dateline=Dateline("中新网上海7月27日电", "中新网", "上海", "7月27日"),
                   images=[Image("https://img/1.jpg", "上海将举全市之力", "康玉湛 摄")],
                   repairs=["body:pinyin:3"])
    store.save(item)
    store.commit()
    (row,) = rows(database, "SELECT canonical_url, authors, dateline, images, published_at,"
                            " repairs FROM articles")
    assert row[0] == item.url  # canonical_url defaults to the URL
    assert '"王子涛"' in row[1] and '"上海"' in row[2] and '"康玉湛 摄"' in row[3]
    assert row[4].startswith("2022-07-28 09:02:00")  # stored in UTC
    assert row[5] == '["body:pinyin:3"]'


def test_recrawl_updates_the_row_and_never_adds_one(store, database):
    first = store.save(article(1, title="旧标题"))
    again = store.save(article(1, title="新标题"))
    store.commit()
    assert first.created and not again.created and first.id == again.id
    assert rows(database, "SELECT count(*), max(title) FROM articles") == [(1, "新标题")]
    first_seen, last_seen = rows(database, "SELECT first_seen, last_seen FROM articles")[0]
    assert last_seen >= first_seen


def test_commits_in_batches(store, database):
    store.save(article(1))
    store.save(article(2))
    store.commit_if_due()
    assert rows(database, "SELECT count(*) FROM articles") == [(0,)]  # batch of 3 not full
    store.save(article(3))
    store.commit_if_due()
    assert rows(database, "SELECT count(*) FROM articles") == [(3,)]


def test_commit_says_what_it_stored_and_updated(store):
    store.save(article(1))
    store.save(article(2))
    store.save(article(1, title="改后标题"))
    assert store.commit() == {"stored": 2, "updated": 1}
    assert store.commit() == {}  # nothing pending


def test_a_failed_write_rolls_the_batch_back_and_counts_it_lost(store, database):
    store.save(article(1))
    store.commit()
    with sqlite3.connect(database) as conn:  # the database refuses the third row
        conn.execute("CREATE TRIGGER full BEFORE INSERT ON articles "
                     "WHEN (SELECT count(*) FROM articles) >= 2 "
                     "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
    conn.close()
    store.save(article(2))
    with pytest.raises(CommitFailed, match=r"writing https://www.example.cn/n1/3.html to "
                                           r"sqlite:///.* failed, 2 articles not stored: "
                                           r"database or disk is full") as failed:
        store.save(article(3))
    assert failed.value.lost == 2
    assert not store.skip_reason("https://www.example.cn/n1/2.html") == "stored"
    assert store.commit() == {}
    assert rows(database, "SELECT url FROM articles") == [("https://www.example.cn/n1/1.html",)]
    store.save(article(1, title="改后标题"))  # an update still fits
    assert store.commit() == {"updated": 1}


def test_batch_is_committed_after_its_time(database):
    store = ArticleStore(f"sqlite:///{database}", batch_size=1000, batch_seconds=0)
    store.save(article(1))
    store.commit_if_due()
    assert rows(database, "SELECT count(*) FROM articles") == [(1,)]
    store.close()


def test_close_commits_the_pending_batch(store, database):
    store.save(article(1))
    store.close()
    assert rows(database, "SELECT count(*) FROM articles") == [(1,)]


def test_stored_check_sees_committed_and_pending_urls(store):
    assert not store.skip_reason("https://www.example.cn/n1/1.html") == "stored"
    store.save(article(1))
    assert store.skip_reason("https://www.example.cn/n1/1.html") == "stored"
    store.commit()
    assert store.skip_reason("https://www.example.cn/n1/1.html") == "stored"


def test_stored_check_keeps_one_read_connection_and_sees_later_commits(store, database):
    url = "https://www.example.cn/n1/7.html"
    assert store.skip_reason(url) == ""
    connection = store.read_connection
    other = ArticleStore(f"sqlite:///{database}")  # another crawl process's writes
    other.save(article(7))
    other.close()
    assert store.skip_reason(url) == "stored"  # the first read's snapshot was not kept
    assert store.read_connection is connection and not connection.in_transaction()


def test_duplicate_points_at_its_original_and_drops_its_body(store, database):
    store.save(article(1))
    store.save(article(2, duplicate_of="https://www.example.cn/n1/1.html",
                       duplicate_kind="near", similarity=0.93))
    store.commit()
    assert rows(database, "SELECT id, duplicate_of, body, duplicate_kind FROM articles "
                          "ORDER BY id") == [(1, None, "第一段1\n第二段1", ""),
                                             (2, 1, None, "near")]


def test_run_row_records_start_end_and_counts(store, database):
    store.save(article(1))
    store.finish_run("finished", {"pages": 4, "items_stored": 1, "drops": {"empty_body": 2}})
    (run,) = rows(database, "SELECT spider, finished_at IS NOT NULL, finish_reason, pages,"
                            " items_stored, drops FROM crawl_runs")
    assert run == ("test", 1, "finished", 4, 1, '{"empty_body": 2}')
    assert rows(database, "SELECT first_run_id FROM articles") == [(1,)]


def test_sqlite_runs_in_wal_mode(store, database):
    assert rows(database, "PRAGMA journal_mode") == [("wal",)]


def test_existing_database_is_upgraded_not_recreated(database):
    first = ArticleStore(f"sqlite:///{database}")
    first.save(article(1))
    first.close()
    second = ArticleStore(f"sqlite:///{database}")
    assert second.skip_reason("https://www.example.cn/n1/1.html") == "stored"
    second.close()
    assert rows(database, "SELECT version_num FROM alembic_version") != []


def test_unopenable_path_is_a_clear_error(tmp_path):
    missing = tmp_path / "no" / "such" / "news.db"
    with pytest.raises(StorageError, match=str(missing.parent)):
        ArticleStore(f"sqlite:///{missing}")


def test_naive_datetime_is_refused(store):
    with pytest.raises(Exception, match="naive datetime"):
        store.save(article(1, published_at=datetime(2022, 7, 28, 17, 2)))
        store.commit()


def test_dialects_without_on_conflict_upsert_through_the_orm(store, database):
    store.upsert = None  # what a dialect without INSERT ... ON CONFLICT gets
    first = store.save(article(1, title="旧标题"))
    again = store.save(article(1, title="新标题"))
    store.commit()
    assert (first.created, again.created, first.id) == (True, False, again.id)
    assert rows(database, "SELECT count(*), max(title) FROM articles") == [(1, "新标题")]


def migrate(url: str, revision: str = "head") -> None:
    """Bring the database at `url` to `revision` through the migrations themselves (an
    ArticleStore gives an empty database the newest schema without them)."""
    config = alembic_config(url)
    engine = create_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def opens_importing_alembic(database) -> bool:
    """Whether a new process that opens (and closes) an ArticleStore on `database` imports Alembic."""
    opened = subprocess.run(
        [sys.executable, "-c", "import sys; from newscrawl.storage import ArticleStore; "
         f"ArticleStore('sqlite:///{database}').close(); print('alembic' in sys.modules)"],
        cwd=ROOT, capture_output=True, text=True, check=True)
    return opened.stdout.strip() == "True"


def test_migrations_build_exactly_the_schema_of_the_models(database):
    migrate(f"sqlite:///{database}")
    with create_engine(f"sqlite:///{database}").connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), METADATA)
    assert diff == []


def schema_of(url: str) -> dict:
    """Every table, column (in order), key, index and view of the database at `url`, and
    how SQLite stores each table (WITHOUT ROWID or not)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        found = inspect(connection)
        schema = {"views": {name: " ".join(found.get_view_definition(name).split())
                            for name in found.get_view_names()},
                  "version": connection.exec_driver_sql("SELECT * FROM alembic_version").all()}
        for table in found.get_table_names():
            schema[table] = {
                "columns": [(c["name"], str(c["type"]), c["nullable"], c["default"])
                            for c in found.get_columns(table)],
                "primary key": found.get_pk_constraint(table)["constrained_columns"],
                "foreign keys": sorted((k["constrained_columns"], k["referred_table"],
                                        k["referred_columns"], k["options"])
                                       for k in found.get_foreign_keys(table)),
                "unique": sorted(u["column_names"] for u in found.get_unique_constraints(table)),
                "indexes": sorted((i["name"], i["column_names"], i["unique"])
                                  for i in found.get_indexes(table)),
                "rowid": connection.exec_driver_sql(
                    "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = ?",
                    (table,)).scalar() if engine.dialect.name == "sqlite" else None,
            }
    engine.dispose()
    return schema


def test_a_new_database_gets_exactly_the_schema_the_migrations_build(tmp_path):
    """The start-up shortcut for an empty database (newscrawl.storage.db.create_schema)."""
    migrated, created = f"sqlite:///{tmp_path / 'migrated.db'}", f"sqlite:///{tmp_path / 'new.db'}"
    migrate(migrated)
    ArticleStore(created).close()
    assert schema_of(created) == schema_of(migrated)
    assert set(schema_of(created)) >= {"articles", "crawl_runs", "page_outcomes", "article_bands"}
    assert schema_of(created)["article_bands"]["rowid"] == 1  # WITHOUT ROWID, as migrated


def test_an_empty_database_is_created_without_importing_alembic(database):
    assert not opens_importing_alembic(database)
    assert rows(database, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]


def test_a_database_with_tables_but_no_revision_goes_through_the_migrations(database):
    """Only an empty database takes the shortcut: one with tables of its own is not
    overwritten (the first migration fails on a table it would create, and nothing changes)."""
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, note TEXT)")
    with pytest.raises(StorageError):
        ArticleStore(f"sqlite:///{database}")
    assert rows(database, "SELECT name FROM sqlite_master WHERE type = 'table'") == [("articles",)]


def test_a_database_at_an_older_revision_is_upgraded_keeping_its_rows(database):
    url = f"sqlite:///{database}"
    migrate(url, "0002")  # the schema before crawl_runs.articles_already_stored
    with sqlite3.connect(database) as connection:
        connection.execute(
            "INSERT INTO crawl_runs (spider, started_at, finish_reason, pages, bytes, items_scraped,"
            " items_stored, items_updated, duplicates_exact, duplicates_near, generic_fallbacks,"
            " errors, drops, requests_failed) VALUES ('people', '2026-11-01 00:00:00', 'finished',"
            " 3, 100, 2, 2, 0, 0, 0, 0, 0, '{}', 0)")
    ArticleStore(url).close()
    assert rows(database, "SELECT spider, items_stored, articles_already_stored FROM crawl_runs") == [
        ("people", 2, 0)]


def test_head_revision_is_the_newest_migration(database):
    scripts = ScriptDirectory.from_config(alembic_config(f"sqlite:///{database}"))
    assert scripts.get_current_head() == HEAD_REVISION


def test_a_database_at_head_opens_without_importing_alembic(database):
    """The start-up shortcut: a cron run on a database at head never imports Alembic, and
    finds the schema the migrations built."""
    migrate(f"sqlite:///{database}")
    schema = rows(database, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    assert not opens_importing_alembic(database)
    assert rows(database, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == schema
