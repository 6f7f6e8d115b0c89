"""BoilerplatePipeline: on items directly, and inside a real `scrapy runspider` crawl."""
from __future__ import annotations

import json
import textwrap

import pytest
from scrapy.exceptions import DropItem

from newscrawl.items import Article, Dateline, Image
from newscrawl.pipelines.boilerplate import BoilerplatePipeline
from tests.conftest import run_scrapy

STORY = ("中新网上海7月27日电 (王子涛 姜煜 康玉湛)7月27日,第二届中国国际进口博览会倒计时100天上海城市服务保障"
         "工作推进大会在国家会展中心(上海)举行。")
CAPTION = "上海将举全市之力做好第二届进口博览会服务保障工作。 康玉湛 摄"
PAGE_BODY = "\n".join(["首页 » 新闻频道 » 国内新闻", "来源:中国新闻网", STORY, f"{CAPTION} {CAPTION}",
                       "【编辑:王琴】", "返回顶部"])


@pytest.fixture
def pipeline(crawler):
    return BoilerplatePipeline.from_crawler(crawler)


def test_body_stripped_fields_filled_and_removals_counted(pipeline, crawler):
    item = Article(url="https://www.example.cn/a.shtml", site="generic", body=PAGE_BODY,
                   images=[Image("https://www.example.cn/a.jpg", caption=CAPTION)])
    assert pipeline.process_item(item) is item
    assert item.body == f"{STORY}\n{CAPTION}"
    assert (item.source, item.editors) == ("中国新闻网", ["王琴"])
    assert item.authors == ["王子涛", "姜煜", "康玉湛"]
    assert item.dateline == Dateline("中新网上海7月27日电 (王子涛 姜煜 康玉湛)", "中新网", "上海", "7月27日")
    assert item.images[0].credit == "康玉湛 摄"
    stats = crawler.stats.get_stats()
    for kind in ("breadcrumb", "source", "repeat", "editors", "back_to_top"):
        assert stats[f"newscrawl/boilerplate/{kind}"] == 1, kind


def test_fields_from_the_spider_win_and_authors_merge(pipeline):
    item = Article(url="https://www.example.cn/a.shtml", site="chinanews", body=PAGE_BODY,
                   source="中新网", editors=["李四"], authors=["姜煜", "张三"])
    pipeline.process_item(item)
    assert (item.source, item.editors) == ("中新网", ["李四"])
    assert item.authors == ["姜煜", "张三", "王子涛", "康玉湛"]


def test_the_simplified_body_follows_the_stripped_body(pipeline):
    body = "人民網>>上海頻道\n進博會將于今年11月5日至10日在國家會展中心(上海)舉行。\n(來源:綠色青浦)\n返回頂部"
    item = Article(url="https://sh.people.com.cn/n2/a.html", site="people", body=body,
                   body_simplified="人民网>>上海频道\n进博会将于今年11月5日至10日在国家会展中心(上海)举行。\n(来源:绿色青浦)\n返回顶部")
    pipeline.process_item(item)
    assert item.body == "進博會將于今年11月5日至10日在國家會展中心(上海)舉行。"
    assert item.body_simplified == "进博会将于今年11月5日至10日在国家会展中心(上海)举行。"
    assert item.source == "綠色青浦"


def test_a_body_of_boilerplate_only_is_dropped_with_its_url(pipeline, crawler):
    item = Article(url="https://www.example.cn/empty.shtml", site="generic", body="返回顶部\n分享到：微信 微博")
    with pytest.raises(DropItem, match=r"https://www.example.cn/empty.shtml.*back_to_top 1, share 1"):
        pipeline.process_item(item)
    assert crawler.stats.get_value("newscrawl/boilerplate/dropped_empty_body") == 1


SEED_SPIDER = textwrap.dedent('''
    import json
    import scrapy
    from newscrawl.items import Article

    class SeedSpider(scrapy.Spider):
        """Reads saved page texts; line 3 is the headline, the whole text is the body."""
        name = "seeds"

        def __init__(self, pages="", stats_file="", **kwargs):
            super().__init__(**kwargs)
            self.start_urls = pages.split(",")
            self.stats_file = stats_file

        def parse(self, response):
            lines = response.body.decode("utf-8").split("\\n")
            yield Article(url=response.url, site="seeds", title=lines[2].strip(), body="\\n".join(lines))

        def closed(self, reason):
            with open(self.stats_file, "w", encoding="utf-8") as out:
                json.dump(self.crawler.stats.get_stats(), out, default=str)
''')


def test_real_crawl_strips_seed_002_and_drops_a_boilerplate_page(shared, tmp_path):
    (tmp_path / "seeds_spider.py").write_text(SEED_SPIDER, encoding="utf-8")
    furniture = tmp_path / "furniture.txt"
    furniture.write_text("首页 > 新闻 > 正文\n\n\n\n返回顶部\n", encoding="utf-8")
    seed = shared / "seeds" / "002_83606eb4d14c8c86.txt"
    stats_file, items_file = tmp_path / "stats.json", tmp_path / "items.jsonl"
    done = run_scrapy(
        "runspider", "seeds_spider.py", "-a", f"pages={seed.as_uri()},{furniture.as_uri()}",
        "-a", f"stats_file={stats_file}", "-o", f"{items_file}:jsonl",
        "-s", 'ITEM_PIPELINES={"newscrawl.pipelines.boilerplate.BoilerplatePipeline": 300}',
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    items = [json.loads(line) for line in items_file.read_text(encoding="utf-8").splitlines()]
    assert len(items) == 1
    body = items[0]["body"].split("\n")
    assert body[0].startswith("中新网上海7月27日电") and body[-1].endswith("以优异成绩庆祝新中国成立70周年。")
    assert items[0]["source"] == "中国新闻网"
    assert items[0]["dateline"]["outlet"] == "中新网"
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    assert stats["newscrawl/boilerplate/dropped_empty_body"] == 1
    assert stats["item_dropped_count"] == 1
    assert stats["newscrawl/boilerplate/related"] >= 20
    assert stats["newscrawl/boilerplate/disclaimer"] == 1
    assert "furniture.txt" in done.stderr  # the drop is logged with the page's URL
