"""Every site spider crawled end to end in replay mode (a real `scrapy crawl` subprocess,
real pipelines, a fresh SQLite database), from its list pages; every article fixture's
expected item compared field by field with the stored row."""
from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Row, create_engine, select, text

from conftest import FIXTURES, crawl_replay
from newscrawl.spiders.base import seed_urls
from newscrawl.spiders.generic import GenericSpider
from newscrawl.spiders.people import PeopleSpider
from newscrawl.storage.models import ARTICLES

SITES = ("people", "chinanews", "slrbs", "xinhua", "sina", "netease", "cctv", "tencent",
         "thepaper", "ifeng", "huanqiu")
# List pages each site crawl reads: the start page and its 下一页 pages (cctv: two JSONP lists).
LIST_PAGES = {"people": 2, "chinanews": 2, "slrbs": 2, "xinhua": 1, "sina": 1, "netease": 1,
              "cctv": 2, "tencent": 1, "thepaper": 2, "ifeng": 2, "huanqiu": 2}


def expected_items(site: str) -> dict[str, dict]:
    """URL -> expected item, for every NAME.expected.json of the site."""
    items = {}
    for path in sorted((FIXTURES / site).glob("*.expected.json")):
        meta = json.loads(path.with_name(path.name.replace(".expected", "")).read_text(encoding="utf-8"))
        items[meta["url"]] = json.loads(path.read_text(encoding="utf-8"))
    return items


def stored_rows(database: Path) -> dict[str, Row]:
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        rows = {row.url: row for row in connection.execute(select(ARTICLES))}
    engine.dispose()
    return rows


def run_fallbacks(database: Path) -> list[int]:
    """generic_fallbacks of each crawl_runs row."""
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as connection:
        counts = list(connection.scalars(text("SELECT generic_fallbacks FROM crawl_runs ORDER BY id")))
    engine.dispose()
    return counts


def stats(output: str) -> dict[str, int]:
    return {key: int(value) for key, value in re.findall(r"'(newscrawl/[^']+)': (\d+)", output)}


class Crawl:
    def __init__(self, result, database):
        self.result, self.rows = result, stored_rows(database)
        self.database = database
        self.log = result.stdout + result.stderr
        self.stats = stats(self.log)


@pytest.fixture(scope="module")
def crawls(tmp_path_factory) -> dict[str, Crawl]:
    """One replay crawl per site spider, plus the generic spider on its fixtures' URLs."""
    done = {}
    for site in SITES:
        database = tmp_path_factory.mktemp(site) / "news.db"
        done[site] = Crawl(crawl_replay(site, database), database)
    database = tmp_path_factory.mktemp("generic") / "news.db"
    urls = ",".join(expected_items("generic"))
    done["generic"] = Crawl(crawl_replay("generic", database, "-a", f"urls={urls}"), database)
    return done


def comparable(field: str, value):
    if value is None:
        return None
    if field == "published_at":
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return moment.timestamp()
    return value


# Row bookkeeping, not article content.
RUN_COLUMNS = {"id", "first_seen", "last_seen", "first_run_id", "last_run_id"}
CASES = [(site, url, field) for site in (*SITES, "generic")
         for url, item in expected_items(site).items() for field in item]


@pytest.mark.parametrize(("site", "url", "field"), CASES)
def test_stored_article_field_equals_the_expected_item(crawls, site, url, field):
    crawl = crawls[site]
    assert url in crawl.rows, f"{url} not stored; crawl log tail:\n{crawl.log[-3000:]}"
    want = expected_items(site)[url][field]
    got = getattr(crawl.rows[url], field)
    if field == "duplicate_of" and got is not None:  # the original, by its canonical URL
        got = next(row.canonical_url for row in crawl.rows.values() if row.id == got)
    assert comparable(field, got) == comparable(field, want)


@pytest.mark.parametrize("site", (*SITES, "generic"))
def test_expected_items_are_whole(site):
    """Every stored column of an article is in its expected item (null where absent), so a
    field a spider fails to fill cannot go unchecked."""
    columns = {column.name for column in ARTICLES.columns} - RUN_COLUMNS
    for url, item in expected_items(site).items():
        assert set(item) == columns, url


@pytest.mark.parametrize("site", SITES)
def test_crawl_from_the_list_page_stores_exactly_the_article_fixtures(crawls, site):
    crawl = crawls[site]
    assert crawl.result.returncode == 0, crawl.log[-3000:]
    assert sorted(crawl.rows) == sorted(expected_items(site))
    assert all(row.site == site for row in crawl.rows.values())
    assert crawl.stats.get("newscrawl/replay/missing", 0) == 0
    assert crawl.stats["newscrawl/list_pages"] == LIST_PAGES[site]


NOT_ARTICLES = {
    "people": {"video": 1, "http_404": 1, "redirect_home": 1},
    "chinanews": {"http_404": 1},
    "slrbs": {"redirect_home": 1},
    "xinhua": {"video": 1, "http_404": 1},
    "sina": {"video": 1},
    "netease": {"video": 1, "http_404": 1},
    "cctv": {"video": 1, "photo_gallery": 1},
    "tencent": {"video": 1, "http_404": 1},
    "thepaper": {"video": 1, "http_404": 1},
    "ifeng": {"video": 1, "http_404": 1},
    "huanqiu": {"video": 1, "http_404": 1},
}


@pytest.mark.parametrize("site", SITES)
def test_not_article_pages_give_no_item_one_log_line_and_a_counter(crawls, site):
    crawl = crawls[site]
    for reason, count in NOT_ARTICLES[site].items():
        assert crawl.stats.get(f"newscrawl/not_article/{reason}") == count
        assert len(re.findall(rf"not an article \({reason}\): ", crawl.log)) == count
    assert crawl.stats.get("newscrawl/extractor/generic", 0) == 0


def test_people_multi_page_article_is_one_item(crawls):
    row = crawls["people"].rows["http://www.people.com.cn/n1/2022/0726/c32306-32485214.html"]
    assert row.pages == 3
    assert not any(url.endswith(("-2.html", "-3.html")) for url in crawls["people"].rows)


def test_huanqiu_multi_page_article_is_one_item(crawls):
    rows = crawls["huanqiu"].rows
    assert rows["http://world.huanqiu.com/exclusive/2018-05/12001234.html"].pages == 2
    assert not any(url.endswith("_2.html") for url in rows)


def test_generic_spider_extracts_a_layout_it_has_never_seen(crawls):
    crawl = crawls["generic"]
    assert crawl.result.returncode == 0, crawl.log[-3000:]
    assert {row.extractor for row in crawl.rows.values()} == {"generic"}
    assert crawl.stats["newscrawl/extractor/generic"] == 2
    assert "newscrawl/extractor/fallback" not in crawl.stats  # its method, not a layout's drift
    assert run_fallbacks(crawl.database) == [0]


def test_generic_spider_follows_same_host_links_only_when_asked(tmp_path):
    start = "http://www.news.cn/local/2022-07/28/c_1128870913.htm"
    only = crawl_replay("generic", tmp_path / "a.db", "-a", f"urls={start}")
    assert sorted(stored_rows(tmp_path / "a.db")) == [start]
    assert "www.gov.cn" not in only.stderr
    crawl_replay("generic", tmp_path / "b.db", "-a", f"urls={start}", "-a", "follow_depth=1",
                 "-s", "LOG_LEVEL=DEBUG")
    assert sorted(stored_rows(tmp_path / "b.db")) == sorted(expected_items("generic"))


def test_generic_spider_without_urls_is_a_clear_error(tmp_path):
    result = crawl_replay("generic", tmp_path / "a.db")
    assert result.returncode != 0
    assert "-a urls=URL" in result.stderr


def test_list_pagination_stops_at_max_list_pages(tmp_path):
    result = crawl_replay("chinanews", tmp_path / "a.db", "-a", "max_list_pages=1")
    assert stats(result.stderr)["newscrawl/list_pages"] == 1
    urls = stored_rows(tmp_path / "a.db")
    assert "https://www.chinanews.com.cn/cj/2022/07-28/9815588.shtml" not in urls  # on page 2
    assert "https://www.chinanews.com.cn/cj/2022/07-28/9815004.shtml" in urls


def test_a_second_run_does_not_fetch_stored_articles_again(tmp_path):
    database = tmp_path / "a.db"
    crawl_replay("slrbs", database)
    again = stats(crawl_replay("slrbs", database).stderr)
    assert again["newscrawl/skipped/stored"] == len(expected_items("slrbs"))
    assert again.get("newscrawl/extractor/layout", 0) == 0


def test_layout_drift_falls_back_to_generic_extraction_and_warns(tmp_path):
    """The slrbs pages with the CMS's class names changed, as after a site redesign."""
    drifted = tmp_path / "fixtures" / "slrbs"
    shutil.copytree(FIXTURES / "slrbs", drifted)
    for page in drifted.glob("*.html"):
        page.write_bytes(page.read_bytes().replace(b'class="article"', b'class="post"'))
    result = crawl_replay("slrbs", tmp_path / "a.db", replay_dir=drifted.parent)
    rows = stored_rows(tmp_path / "a.db")
    assert sorted(rows) == sorted(expected_items("slrbs"))
    assert {row.extractor for row in rows.values()} == {"generic"}
    assert stats(result.stderr)["newscrawl/extractor/fallback"] == len(rows)
    assert run_fallbacks(tmp_path / "a.db") == [len(rows)]
    assert re.search(r"WARNING: spider slrbs: 4 of 4 articles needed generic extraction", result.stderr)


def test_seed_urls_from_the_argument_and_a_file(tmp_path):
    url_file = tmp_path / "urls.txt"
    # written by Windows Notepad: a byte order mark before the first line
    url_file.write_text("http://www.news.cn/a.htm\n# pages to read\n\nhttps://www.example.cn/b.html\n",
                        encoding="utf-8-sig")
    assert seed_urls("http://www.news.cn/a.htm, http://x.cn/c", str(url_file)) == [
        "http://www.news.cn/a.htm", "http://x.cn/c", "https://www.example.cn/b.html"]
    # bad URLs are kept here, to be logged and counted when the crawl starts
    assert seed_urls("www.news.cn/a.htm", "") == ["www.news.cn/a.htm"]
    with pytest.raises(ValueError, match="cannot be read"):
        seed_urls("", str(tmp_path / "missing.txt"))


@pytest.mark.parametrize("site", SITES)
def test_a_site_spider_given_urls_reads_just_those_articles_with_its_layout(tmp_path, site):
    """-a urls= re-crawls chosen articles: no list page or feed is fetched, each page is read
    by the site's layout (a later page's URL leads to its article's first page)."""
    wanted = sorted(expected_items(site))[:2]
    database = tmp_path / "news.db"
    result = crawl_replay(site, database, "-a", f"urls={','.join(wanted)}")
    assert result.returncode == 0, result.stderr[-3000:]
    rows = stored_rows(database)
    assert sorted(rows) == wanted
    assert {row.extractor for row in rows.values()} == {"layout"}
    assert "newscrawl/list_pages" not in stats(result.stderr)


def test_bad_spider_arguments_are_refused_before_the_crawl():
    with pytest.raises(ValueError, match="max_list_pages must be at least 1"):
        PeopleSpider(max_list_pages="0")
    with pytest.raises(ValueError, match="follow_depth must be a whole number"):
        GenericSpider(urls="http://www.news.cn/a.htm", follow_depth="deep")


def test_a_pdf_at_an_article_url_gives_no_item_and_one_counted_log_line(tmp_path):
    site = tmp_path / "fixtures" / "people"
    site.mkdir(parents=True)
    for name in ("list", "list-page2"):
        for suffix in (".json", ".html"):
            shutil.copy(FIXTURES / "people" / f"{name}{suffix}", site)
    (site / "pdf.bin").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (site / "pdf.json").write_text(json.dumps({
        "url": "http://sh.people.com.cn/n2/2022/0728/c134768-40056543.html", "status": 200,
        "headers": {"Content-Type": "application/pdf"}, "body": "pdf.bin"}), encoding="utf-8")
    result = crawl_replay("people", tmp_path / "a.db", replay_dir=site.parent)
    assert result.returncode == 0, result.stderr[-2000:]
    assert stored_rows(tmp_path / "a.db") == {}
    skipped = {key: n for key, n in stats(result.stderr).items() if key.startswith("newscrawl/not_article/")}
    assert sum(skipped.values()) == 1, skipped
    assert re.search(r"not an article \(content_type\): "
                     r"http://sh.people.com.cn/n2/2022/0728/c134768-40056543.html", result.stderr)


def people_fixtures_without(tmp_path: Path, *names: str) -> Path:
    """A copy of fixtures/people without the saved responses `names` (a REPLAY_DIR)."""
    copy = tmp_path / "fixtures" / "people"
    shutil.copytree(FIXTURES / "people", copy,
                    ignore=lambda _, files: [f for f in files if f.split(".")[0] in names])
    return copy.parent


def test_articles_are_found_through_the_rss_feed_too(tmp_path):
    replay = people_fixtures_without(tmp_path, "list", "list-page2")
    crawl_replay("people", tmp_path / "a.db", replay_dir=replay)
    assert sorted(stored_rows(tmp_path / "a.db")) == [
        "http://health.people.com.cn/n1/2022/0726/c14739-32485377.html",
        "http://sh.people.com.cn/n2/2022/0727/c134768-40052817.html",
        "http://www.people.com.cn/n1/2022/0726/c32306-32485214.html",
    ]


def test_a_multi_page_article_whose_last_page_fails_is_stored_cut_and_counted(tmp_path):
    replay = people_fixtures_without(tmp_path, "multipage-p3")
    result = crawl_replay("people", tmp_path / "a.db", replay_dir=replay)
    row = stored_rows(tmp_path / "a.db")["http://www.people.com.cn/n1/2022/0726/c32306-32485214.html"]
    assert row.pages == 2
    assert "示范区先后打通了元荡路" in row.body and "太浦河" not in row.body
    assert stats(result.stderr)["newscrawl/multipage/incomplete"] == 1
    assert "multi-page article cut after page 2" in result.stderr


def test_the_slrbs_reprint_is_linked_to_the_chinanews_original(tmp_path):
    """Seed 002: the reprint page and its original, crawled into one database."""
    database = tmp_path / "a.db"
    crawl_replay("chinanews", database)
    crawl_replay("slrbs", database)
    by_url = stored_rows(database)
    original = by_url["https://www.chinanews.com.cn/gn/2019/07-27/8908774.shtml"]
    reprint = by_url["http://www.slrbs.com/news/guonei/2019-07-27/1040902.html"]
    assert (reprint.duplicate_of, reprint.duplicate_kind) == (original.id, "exact")
    assert original.duplicate_of is None
    others = [row for row in by_url.values() if row.site == "slrbs" and row is not reprint]
    assert others and all(row.duplicate_of is None for row in others)


def test_a_sitemap_index_leads_to_its_sitemaps_and_they_to_the_articles():
    from scrapy.http import XmlResponse
    from scrapy.utils.test import get_crawler

    crawler = get_crawler(PeopleSpider)
    spider = crawler._create_spider()
    index = XmlResponse("http://www.people.com.cn/sitemap_index.xml", body=(
        b'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>http://www.people.com.cn/sitemap/politics.xml</loc></sitemap>"
        b"<sitemap><loc>http://elsewhere.example/sitemap.xml</loc></sitemap></sitemapindex>"))
    followed = list(spider.parse_feed(index))
    assert [request.url for request in followed] == ["http://www.people.com.cn/sitemap/politics.xml"]
    assert followed[0].callback == spider.parse_feed
    sitemap = XmlResponse(followed[0].url, body=(
        b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>http://politics.people.com.cn/n1/2022/0728/c1001-32487394.html</loc></url>"
        b"<url><loc>http://politics.people.com.cn/GB/index.html</loc></url></urlset>"))
    assert [request.url for request in spider.parse_feed(sitemap)] == [
        "http://politics.people.com.cn/n1/2022/0728/c1001-32487394.html"]
