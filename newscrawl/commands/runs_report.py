"""The run report: pure functions over crawl_runs rows (newest first), no database.

Used by `scrapy report`. A run's yield is the articles it found: stored, updated, or
skipped as already stored (so an incremental run that finds nothing new still yields what
its list pages point at); a site's last finished run is flagged when its yield collapsed
against the median of the finished runs before it (a layout change, a block, a dead list
page).
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from statistics import median

from newscrawl.outcome import ExitCode
from newscrawl.storage.models import CrawlRun


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


COLUMNS = ["run", "started (UTC)", "min", "finish", "exit", "pages", "failed", "stored",
           "updated", "known", "dups", "generic", "dropped", "not art.", "errors"]


def run_row(run: CrawlRun) -> list[str]:
    """One run as the report's table cells (COLUMNS)."""
    minutes = ("" if run.finished_at is None
               else f"{(run.finished_at - run.started_at).total_seconds() / 60:.1f}")
    return [str(run.id), run.started_at.strftime("%Y-%m-%d %H:%M"), minutes,
            run.finish_reason or "-", "" if run.exit_status is None else str(run.exit_status),
            str(run.pages), str(run.requests_failed), str(run.items_stored),
            str(run.items_updated), str(run.articles_already_stored),
            str(run.duplicates_exact + run.duplicates_near),
            str(run.generic_fallbacks), str(sum(run.drops.values())),
            str(sum((run.not_articles or {}).values())), str(run.errors)]


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


def site_report(spider: str, runs: list[CrawlRun], flags: list[str]) -> str:
    """The report section of one spider: flags, then its runs newest first."""
    lines = [f"== {spider}"]
    lines += [f"!! {flag}" for flag in flags]
    lines.append(table([COLUMNS] + [run_row(run) for run in runs]))
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
