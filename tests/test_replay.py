"""The fixture format: reading, writing and indexing saved responses."""
from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse, TextResponse

from newscrawl.replay import FixtureError, fixture_index, load_fixture, save_fixture

GBK_PAGE = "<html><head><title>人民网</title></head><body><p>进博会</p></body></html>"


def write_fixture(folder, name, url, body: bytes, headers=None, status=200):
    (folder / f"{name}.html").write_bytes(body)
    meta = {"url": url, "status": status, "headers": headers or {}, "body": f"{name}.html"}
    (folder / f"{name}.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder / f"{name}.json"


def test_loaded_response_has_the_exact_bytes_and_headers(tmp_path):
    body = GBK_PAGE.encode("gbk")
    meta = write_fixture(tmp_path, "a", "http://www.people.com.cn/a.html", body,
                         {"Content-Type": "text/html; charset=GB2312",
                          "Set-Cookie": ["a=1", "b=2"]})
    response = load_fixture(meta)
    assert isinstance(response, HtmlResponse)
    assert response.body == body
    assert response.headers.getlist("Set-Cookie") == [b"a=1", b"b=2"]
    assert "进博会" in response.text


def test_saved_response_loads_back_identical(tmp_path):
    body = '{"新闻": 1}'.encode()
    original = TextResponse("https://www.chinanews.com.cn/api?x=1#top", status=203,
                            headers={"Content-Type": "application/json"}, body=body)
    loaded = load_fixture(save_fixture(tmp_path / "rec", original))
    assert (loaded.url, loaded.status, loaded.body) == (original.url, 203, body)
    assert loaded.headers["Content-Type"] == b"application/json"


def test_index_maps_urls_and_skips_expected_items(tmp_path):
    write_fixture(tmp_path, "a", "http://x.cn/a", b"<p>a</p>")
    (tmp_path / "a.expected.json").write_text('{"url": "http://x.cn/a"}')
    (tmp_path / "sub").mkdir()
    write_fixture(tmp_path / "sub", "b", "http://x.cn/b", b"<p>b</p>")
    assert sorted(fixture_index(tmp_path)) == ["http://x.cn/a", "http://x.cn/b"]


def test_a_url_saved_twice_is_an_error(tmp_path):
    write_fixture(tmp_path, "a", "http://x.cn/a", b"1")
    write_fixture(tmp_path, "b", "http://x.cn/a", b"2")
    with pytest.raises(FixtureError, match="already saved"):
        fixture_index(tmp_path)


def test_missing_body_file_names_the_fixture(tmp_path):
    meta = write_fixture(tmp_path, "a", "http://x.cn/a", b"1")
    (tmp_path / "a.html").unlink()
    with pytest.raises(FixtureError, match="a.json"):
        load_fixture(meta)
