"""Spider contracts that `scrapy check` runs on the site spiders (offline with
`-s REPLAY_DIR=fixtures`): each spider's article and list callbacks name a saved page."""
from __future__ import annotations

from itemadapter import is_item
from scrapy.contracts import Contract
from scrapy.exceptions import ContractFail


class ArticleContract(Contract):
    """`@article`: the callback returns exactly one article, read by the spider's layout (not
    the generic fall-back), with a title and a body."""

    name = "article"

    def post_process(self, output):
        items = [entry for entry in output if is_item(entry)]
        if len(items) != 1:
            raise ContractFail(f"expected one article, got {len(items)} items")
        article = items[0]
        missing = [field for field in ("title", "body") if not getattr(article, field, "")]
        if missing:
            raise ContractFail(f"article {article.url} has no {', '.join(missing)}")
        if article.extractor != "layout":
            raise ContractFail(f"the layout found no article on {article.url} "
                               f"(extracted by {article.extractor})")
