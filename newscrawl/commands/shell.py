"""`scrapy shell URL`: Scrapy's own, without the item pipelines (the shell processes no
items), so that looking at a page never opens (or creates) the database."""
from scrapy.commands.shell import Command as ScrapyShellCommand


class Command(ScrapyShellCommand):
    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        self.settings.set("ITEM_PIPELINES", {}, priority="cmdline")
