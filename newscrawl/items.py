"""The Article item: one news story as it will be stored.

A dataclass, read and written by Scrapy through itemadapter. Pipelines fill the
fields after the spider (see README "Item fields").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Image:
    url: str
    caption: str = ""
    credit: str = ""  # the photographer line, e.g. "康玉湛 摄"


@dataclass
class Dateline:
    """A wire dateline such as 中新网上海7月27日电 (王子涛 姜煜 康玉湛)."""

    text: str
    outlet: str = ""  # 中新网, 新华社
    place: str = ""  # 上海
    date: str = ""  # as written: 7月27日


@dataclass
class Article:
    url: str  # the URL the article was fetched from (first page when multi-page)
    site: str  # spider name: people, chinanews, slrbs, generic...
    title: str = ""
    subtitle: str = ""
    body: str = ""  # article paragraphs joined by "\n", as published (script kept)
    canonical_url: str = ""
    published_at: datetime | None = None  # timezone-aware
    source: str = ""  # the 来源 outlet
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    dateline: Dateline | None = None
    images: list[Image] = field(default_factory=list)
    channel: str = ""  # 上海频道, 国内新闻
    language: str = "zh"
    script: str = ""  # "Hans" (simplified), "Hant" (traditional), "" when not Chinese
    title_simplified: str = ""  # simplified form of title (same as title when Hans)
    body_simplified: str = ""  # simplified form of body, used for search and dedup
    encoding: str = ""  # codec the page bytes were decoded with
    encoding_reason: str = ""  # why: bom, header, meta, detected, fallback
    repairs: list[str] = field(default_factory=list)  # "field:kind:count" per text repair
    defects: list[str] = field(default_factory=list)  # "field:kind:count" data known lost
    extractor: str = "layout"  # "layout" or "generic"
    pages: int = 1  # pages joined into this item
    content_hash: str = ""  # exact-duplicate fingerprint of the simplified body
    duplicate_of: str = ""  # canonical URL of the original this item repeats
    duplicate_kind: str = ""  # "", "exact" or "near"
    similarity: float | None = None  # estimated similarity to duplicate_of
    redirected_from: str = ""  # the URL requested, when it redirected to `url` (not stored)
