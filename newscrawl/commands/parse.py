"""`scrapy parse URL`: Scrapy's own, with the item pipelines left out unless `--pipelines`
asks for them, so that looking at a page never opens (or creates) the database."""
from scrapy.commands.parse import Command as ScrapyParseCommand


class Command(ScrapyParseCommand):
    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        if not opts.pipelines:
            self.settings.set("ITEM_PIPELINES", {}, priority="cmdline")
