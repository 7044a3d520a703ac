"""`kdeal discover --sources FILE` against a real HTTP server on 127.0.0.1."""
from __future__ import annotations

from kdeal.pipeline.cli import main


def test_discover_lists_candidates_from_a_sources_file(httpserver, tmp_path, capsys):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n", content_type="text/plain")
    rss = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
           '<item><title>가</title><link>https://news.example/1</link></item>'
           '<item><title>나</title><link>https://news.example/2</link></item></channel></rss>')
    httpserver.expect_request("/rss").respond_with_data(rss, content_type="application/rss+xml")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[politeness]\ndelay = 0\nallow_loopback = true\n'
                       f'[[source]]\nname = "press"\nkind = "rss"\nurl = "{httpserver.url_for("/rss")}"\n'
                       f'[[source]]\nname = "more"\nkind = "urls"\nurls = ["https://news.example/3"]\n',
                       encoding="utf-8")
    assert main(["discover", "--sources", str(sources)]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == ["press\trss\thttps://news.example/1", "press\trss\thttps://news.example/2",
                                    "more\turls\thttps://news.example/3"]
    assert "3 candidates, 0 sources failed" in out.err


def test_discover_with_a_bad_sources_file_is_one_error_line(tmp_path, capsys):
    sources = tmp_path / "bad.toml"
    sources.write_text("[[source]]\nname = 'x'\nkind = 'rss'\n", encoding="utf-8")
    assert main(["discover", "--sources", str(sources)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "needs url" in err


def test_discover_fails_when_every_source_fails(httpserver, tmp_path, capsys):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n",
                                                               content_type="text/plain")
    sources = tmp_path / "s.toml"
    sources.write_text(f'[politeness]\nallow_loopback = true\n[[source]]\nname = "a"\nkind = "rss"\n'
                       f'url = "{httpserver.url_for("/rss")}"\n', encoding="utf-8")
    assert main(["discover", "--sources", str(sources)]) == 1
    assert "E201-robots-disallowed" in capsys.readouterr().err


def test_discover_has_help():
    assert main(["discover", "--help"]) == 0
