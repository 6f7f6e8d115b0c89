"""Signals of newscrawl's own, sent through crawler.signals."""

# Sent by StoragePipeline after an article row is written (not yet committed), with
# kwargs item (the Article), article_id (int) and created (False for an update).
article_stored = object()

# Sent by the spiders for a fetched article URL that holds no article, with kwargs url
# (the URL requested, before redirects), site (spider name), reason, detail and
# target_url (the canonical URL it redirected to, or None).
page_not_article = object()
