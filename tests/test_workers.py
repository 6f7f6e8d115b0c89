"""Pages read in worker processes (newscrawl.workers): results in the order the pages were
sent, a dead worker loses no page, a reading's exception reaches its caller. The crawls that
read in workers end to end are in test_not_articles (the hostile site, with and without)."""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

from newscrawl.extraction.reading import read_page
from newscrawl.workers import PageReaders, worker_count


def reader_pid(number: int, seconds: float) -> tuple[int, int]:
    """`number` and the process that returned it, after `seconds`."""
    time.sleep(seconds)
    return number, os.getpid()


def dies_in_a_worker(number: int) -> int:
    if multiprocessing.parent_process() is not None:
        os._exit(1)
    return number


def fails(number: int) -> int:
    raise ValueError(f"no reading of page {number}")


async def read_in_order(readers: PageReaders, calls) -> list:
    """The results of `calls` ((function, *args) each), all sent at once, as each caller
    received them, in the order they received them."""
    handed_back = []

    async def one(call):
        try:
            handed_back.append(await readers.read(*call))
        except ValueError as exc:
            handed_back.append(str(exc))

    await asyncio.gather(*(one(call) for call in calls))
    return handed_back


def test_pages_are_read_here_while_the_workers_start():
    readers = PageReaders(workers=1, after=1)
    try:
        first = asyncio.run(readers.read(reader_pid, 0, 0.0))  # before the start is due
        # the start is due; it takes longer than these pages, which are read here meanwhile
        during = [asyncio.run(readers.read(reader_pid, number, 0.0)) for number in (1, 2)]
        assert readers.workers_started()
        after = asyncio.run(readers.read(reader_pid, 3, 0.0))
    finally:
        readers.close()
    assert [first, *during] == [(0, os.getpid()), (1, os.getpid()), (2, os.getpid())]
    assert after[0] == 3 and after[1] != os.getpid()
    assert readers.read_here == 3


def test_results_come_back_in_the_order_the_pages_were_sent():
    readers = PageReaders(workers=2, after=0)
    try:
        # the first page is read here, the start under way; the later ones, slowest first, by two workers
        first = asyncio.run(readers.read(reader_pid, 0, 0.0))
        assert readers.workers_started()
        calls = [(reader_pid, number, 0.05 * (6 - number)) for number in range(1, 6)]
        handed_back = [first, *asyncio.run(read_in_order(readers, calls))]
    finally:
        readers.close()
    assert [number for number, _ in handed_back] == list(range(6))
    assert handed_back[0][1] == os.getpid()
    worker_pids = {pid for _, pid in handed_back[1:]}
    assert os.getpid() not in worker_pids and len(worker_pids) == 2
    assert readers.read_here == 1


def test_a_dead_worker_loses_no_page_and_the_rest_are_read_here():
    readers = PageReaders(workers=1, after=0)
    calls = [(reader_pid, 0, 0.0), (dies_in_a_worker, 1), (reader_pid, 2, 0.0), (reader_pid, 3, 0.0)]
    try:
        asyncio.run(readers.read(reader_pid, -1, 0.0))  # starts the workers
        assert readers.workers_started()
        handed_back = asyncio.run(read_in_order(readers, calls))
        assert handed_back[1:] == [1, (2, os.getpid()), (3, os.getpid())]
        assert handed_back[0][0] == 0 and handed_back[0][1] != os.getpid()
        # once given up, the pool is not started again
        assert asyncio.run(readers.read(reader_pid, 4, 0.0)) == (4, os.getpid())
    finally:
        readers.close()


def test_workers_that_cannot_start_lose_no_page(monkeypatch):
    class NoProcesses(ProcessPoolExecutor):  # as when fork fails (no memory, process limit)
        def submit(self, *args, **kwargs):
            raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr("newscrawl.workers.ProcessPoolExecutor", NoProcesses)
    readers = PageReaders(workers=1, after=0)
    try:
        handed_back = asyncio.run(read_in_order(readers, [(reader_pid, n, 0.0) for n in range(3)]))
    finally:
        readers.close()
    assert handed_back == [(n, os.getpid()) for n in range(3)]


def test_a_pool_that_fails_to_be_made_loses_no_page(monkeypatch):
    class Unmakeable(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            raise ValueError("no pool today")

    monkeypatch.setattr("newscrawl.workers.ProcessPoolExecutor", Unmakeable)
    readers = PageReaders(workers=1, after=0)
    try:
        first = asyncio.run(readers.read(reader_pid, 0, 0.0))
        assert not readers.workers_started()
        rest = asyncio.run(read_in_order(readers, [(reader_pid, n, 0.0) for n in (1, 2)]))
    finally:
        readers.close()
    assert [first, *rest] == [(n, os.getpid()) for n in range(3)]


def test_a_readings_exception_reaches_its_caller_and_the_later_pages_go_on():
    readers = PageReaders(workers=1, after=0)
    try:
        asyncio.run(readers.read(reader_pid, -1, 0.0))  # starts the workers
        assert readers.workers_started()
        handed_back = asyncio.run(read_in_order(
            readers, [(reader_pid, 0, 0.0), (fails, 1), (reader_pid, 2, 0.0)]))
    finally:
        readers.close()
    assert handed_back[1] == "no reading of page 1"
    assert [handed_back[0][0], handed_back[2][0]] == [0, 2]
    assert handed_back[2][1] != os.getpid()


def test_a_page_reading_crosses_to_a_worker_and_back_unchanged():
    page = ("<html><head><title>市政府召开会议</title><link rel='canonical' href='/a.html'></head>"
            "<body><h1>市政府召开会议</h1><div class='content'>"
            + "<p>今天上午，市政府召开常务会议，研究部署下一阶段的经济工作。会议指出，要稳住基本盘。</p>" * 6
            + "<a href='/b.html'>下一篇</a></div></body></html>").encode("gbk")
    here = read_page(page, "gbk", "http://example.com/a.html", True)
    readers = PageReaders(workers=1, after=0)
    try:
        there = asyncio.run(readers.read(read_page, page, "gbk", "http://example.com/a.html", True))
    finally:
        readers.close()
    assert there == here
    assert here.article is not None and here.article.title == "市政府召开会议"
    assert here.declared_urls == ["/a.html"] and here.link_hrefs == ["/b.html"]


@pytest.mark.parametrize("setting, expected", [(None, max(0, (os.cpu_count() or 1) - 1)), (0, 0), (3, 3)])
def test_worker_count_defaults_to_the_cores_but_one(setting, expected):
    assert worker_count(setting) == expected


def test_a_negative_worker_count_is_refused():
    with pytest.raises(ValueError, match="PAGE_WORKERS"):
        worker_count(-1)
