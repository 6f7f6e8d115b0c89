"""The run report: pure functions over crawl_runs rows (newest first), no database.

Used by `scrapy report`. A run's yield is the articles it found: stored, updated, or
skipped as already stored (so an incremental run that finds nothing new still yields what
its list pages point at); a site's last finished run is flagged when its yield collapsed
against the median of the finished runs before it (a layout change, a block, a dead list
page).
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from html import escape
from statistics import median

from newscrawl.outcome import ExitCode, worst


@dataclass
class CrawlRun:
    """The crawl_runs columns of one run that the report reads (a column not read is 0)."""

    id: int
    spider: str
    started_at: datetime
    finished_at: datetime | None = None
    finish_reason: str = ""
    exit_status: int | None = None
    drops: dict[str, int] = field(default_factory=dict)
    not_articles: dict[str, int] | None = None
    pages: int = 0
    bytes: int = 0
    items_scraped: int = 0
    items_stored: int = 0
    items_updated: int = 0
    articles_already_stored: int = 0
    duplicates_exact: int = 0
    duplicates_near: int = 0
    generic_fallbacks: int = 0
    errors: int = 0
    requests_failed: int = 0

    @classmethod
    def from_row(cls, row) -> CrawlRun:
        """From a row of `SELECT * FROM crawl_runs`."""
        return cls(**{column.name: row._mapping[column.name] for column in fields(cls)})


def run_yield(run: CrawlRun) -> int:
    """Articles a run found: written to the database, or skipped as already stored."""
    return run.items_stored + run.items_updated + run.articles_already_stored


@dataclass(frozen=True)
class YieldDrop:
    run_id: int
    got: int
    baseline: float  # median yield of the runs before it
    runs: int  # how many runs the baseline is the median of

    def message(self) -> str:
        return (f"yield dropped: run {self.run_id} found {self.got} articles against a median "
                f"of {self.baseline:g} over the {self.runs} runs before it")


def yield_drop(runs: list[CrawlRun], *, window: int, ratio: float,
               min_baseline: float) -> YieldDrop | None:
    """The collapse of the last finished run's yield below `ratio` × the median of up to
    `window` finished runs before it; None when there is none, or too little history
    (no earlier run, or a median under `min_baseline`)."""
    finished = [run for run in runs if run.finished_at is not None]
    if len(finished) < 2:
        return None
    last, earlier = finished[0], finished[1:window + 1]
    baseline = median(run_yield(run) for run in earlier)
    if baseline < min_baseline or run_yield(last) >= ratio * baseline:
        return None
    return YieldDrop(last.id, run_yield(last), baseline, len(earlier))


def last_run_blocked(runs: list[CrawlRun]) -> bool:
    """True when the newest run ended with exit status BLOCKED: the site served error,
    anti-bot or login pages in place of most of its articles."""
    return bool(runs) and runs[0].exit_status == ExitCode.BLOCKED


def last_run_warning(runs: list[CrawlRun]) -> str:
    """Why the newest run needs a look ("" when it ended well)."""
    if not runs:
        return ""
    last = runs[0]
    if last.finished_at is None:
        return f"run {last.id} has not finished: still running, or killed"
    if last_run_blocked(runs):
        return (f"run {last.id} blocked: most article pages were error, anti-bot or login "
                f"pages (not articles: {count_list(last.not_articles or {})})")
    if last.exit_status:
        return f"run {last.id} failed: exit status {last.exit_status}"
    return ""


# Summed over the workers of one run (newscrawl.distributed); the other columns are merged
# below.
SUMMED = ("pages", "bytes", "items_scraped", "items_stored", "items_updated",
          "articles_already_stored", "duplicates_exact", "duplicates_near", "generic_fallbacks",
          "errors", "requests_failed")


def merge_worker_runs(runs: list[CrawlRun]) -> list[tuple[CrawlRun, int]]:
    """Runs of one spider (newest first) with the rows of workers that crawled together
    merged into one: rows whose times overlap (a killed worker's row counts from its start
    only). Returns (run, workers) newest first; a merged run has the first worker's id and
    start, the last finish of a worker (None when none finished), summed counts and drops,
    and the most severe exit status."""
    groups: list[list[CrawlRun]] = []
    end = None
    for run in sorted(runs, key=lambda run: (run.started_at, run.id)):
        if groups and end is not None and run.started_at <= end:
            groups[-1].append(run)
        else:
            groups.append([run])
            end = run.started_at
        end = max(end, run.finished_at or run.started_at)
    merged = []
    for group in reversed(groups):
        if len(group) == 1:
            merged.append((group[0], 1))
            continue
        finished = [run.finished_at for run in group if run.finished_at is not None]
        drops: dict[str, int] = {}
        for run in group:
            for reason, count in run.drops.items():
                drops[reason] = drops.get(reason, 0) + count
        statuses = [run.exit_status for run in group if run.exit_status is not None]
        run = CrawlRun(
            id=group[0].id, spider=group[0].spider, started_at=group[0].started_at,
            finished_at=max(finished, default=None),
            finish_reason=",".join(sorted({run.finish_reason or "-" for run in group})),
            exit_status=int(worst(ExitCode(status) for status in statuses)) if statuses else None,
            drops=drops, **{column: sum(getattr(run, column) or 0 for run in group)
                            for column in SUMMED})
        merged.append((run, len(group)))
    return merged


COLUMNS = ["run", "started (UTC)", "min", "finish", "exit", "pages", "failed", "stored",
           "updated", "known", "dups", "generic", "dropped", "not art.", "errors", "workers"]


def run_row(run: CrawlRun, workers: int = 1) -> list[str]:
    """One run (of `workers` workers) as the report's table cells (COLUMNS)."""
    minutes = ("" if run.finished_at is None
               else f"{(run.finished_at - run.started_at).total_seconds() / 60:.1f}")
    return [str(run.id), run.started_at.strftime("%Y-%m-%d %H:%M"), minutes,
            run.finish_reason or "-", "" if run.exit_status is None else str(run.exit_status),
            str(run.pages), str(run.requests_failed), str(run.items_stored),
            str(run.items_updated), str(run.articles_already_stored),
            str(run.duplicates_exact + run.duplicates_near),
            str(run.generic_fallbacks), str(sum(run.drops.values())),
            str(sum((run.not_articles or {}).values())), str(run.errors), str(workers)]


def table(rows: list[list[str]]) -> str:
    """Right-aligned plain-text columns."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(width) for cell, width in zip(row, widths))
                     for row in rows)


def count_list(counts: dict[str, int]) -> str:
    """Counts by reason, most frequent first, as "reason N, ..."."""
    return ", ".join(f"{reason} {count}" for reason, count
                     in sorted(counts.items(), key=lambda item: -item[1]))


def reason_totals(counts: list[dict[str, int]]) -> dict[str, int]:
    """Several reason -> count maps summed."""
    totals: dict[str, int] = {}
    for mapping in counts:
        for reason, count in mapping.items():
            totals[reason] = totals.get(reason, 0) + count
    return totals


def drop_reasons(runs: list[CrawlRun]) -> str:
    """Drop reasons summed over `runs`, most frequent first, as "reason N, ..."."""
    return count_list(reason_totals([run.drops for run in runs]))


def site_report(spider: str, runs: list[CrawlRun], flags: list[str],
                workers: dict[int, int] | None = None) -> str:
    """The report section of one spider: flags, then its runs newest first (`workers`:
    run id -> workers merged into it, when more than one)."""
    lines = [f"== {spider}"]
    lines += [f"!! {flag}" for flag in flags]
    workers = workers or {}
    lines.append(table([COLUMNS] + [run_row(run, workers.get(run.id, 1)) for run in runs]))
    reasons = drop_reasons(runs)
    if reasons:
        lines.append(f"dropped items by reason: {reasons}")
    not_article_reasons = count_list(reason_totals([run.not_articles or {} for run in runs]))
    if not_article_reasons:
        lines.append(f"not articles by reason: {not_article_reasons}")
    return "\n".join(lines)


def yield_chart_html(runs_by_spider: dict[str, list[CrawlRun]],
                     flagged: dict[str, int | None]) -> str:
    """A self-contained HTML page: per spider, a bar per run (oldest left) of the
    articles it found; the flagged run red, unfinished runs grey."""
    sections = []
    for spider, runs in runs_by_spider.items():
        ordered = list(reversed(runs))
        top = max([run_yield(run) for run in ordered] + [1])
        bar, gap, height = 28, 8, 120
        bars = []
        for i, run in enumerate(ordered):
            value = run_yield(run)
            h = round(height * value / top)
            x = i * (bar + gap)
            colour = ("#c0392b" if run.id == flagged.get(spider)
                      else "#999" if run.finished_at is None else "#2e86c1")
            bars.append(
                f'<rect x="{x}" y="{height - h + 14}" width="{bar}" height="{h}" '
                f'fill="{colour}"><title>run {run.id} {run.started_at:%Y-%m-%d %H:%M}: '
                f'{value} articles</title></rect>'
                f'<text x="{x + bar / 2}" y="{height - h + 10}" font-size="10" '
                f'text-anchor="middle">{value}</text>'
                f'<text x="{x + bar / 2}" y="{height + 28}" font-size="9" '
                f'text-anchor="middle">{run.id}</text>')
        width = max(len(ordered) * (bar + gap), 200)
        sections.append(
            f"<h2>{escape(spider)}</h2>"
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
            f'height="{height + 34}">{"".join(bars)}</svg>')
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            "<title>newscrawl: articles per run</title></head><body>"
            "<h1>Articles written per run</h1><p>Oldest run left; red: yield dropped; "
            "grey: unfinished. Numbers under the bars are run ids.</p>"
            + "".join(sections) + "</body></html>\n")
