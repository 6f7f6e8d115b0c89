"""Signals of newscrawl's own, sent through crawler.signals."""

# Sent by StoragePipeline after an article row is written (not yet committed), with
# kwargs item (the Article), article_id (int) and created (False for an update).
article_stored = object()
