"""`kdeal discover --sources FILE` against a real HTTP server on 127.0.0.1."""
from __future__ import annotations

from kdeal.pipeline.cli import main


def _rss(*links: str) -> str:
    items = "".join(f"<item><title>{n}</title><link>{link}</link></item>" for n, link in enumerate(links))
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


def _site(httpserver, tmp_path, robots: str, feed_paths: tuple[str, ...], listed: str):
    """A server with robots.txt and an RSS feed of ``feed_paths``, and a sources file naming the feed
    and the URL ``listed``."""
    url = httpserver.url_for
    httpserver.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")
    httpserver.expect_request("/rss").respond_with_data(_rss(*map(url, feed_paths)),
                                                        content_type="application/rss+xml")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[politeness]\ndelay = 0\nallow_loopback = true\n'
                       f'[[source]]\nname = "press"\nkind = "rss"\nurl = "{url("/rss")}"\n'
                       f'[[source]]\nname = "more"\nkind = "urls"\nurls = ["{url(listed)}"]\n',
                       encoding="utf-8")
    return sources, url


def test_discover_lists_candidates_from_a_sources_file(httpserver, tmp_path, capsys):
    sources, url = _site(httpserver, tmp_path, "User-agent: *\nAllow: /\n", ("/a/1", "/a/2"), "/a/3")
    assert main(["discover", "--sources", str(sources)]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [f"press\trss\t{url('/a/1')}", f"press\trss\t{url('/a/2')}",
                                    f"more\turls\t{url('/a/3')}"]
    assert "3 candidates, 0 disallowed by robots.txt, 0 sources failed" in out.err


def test_discover_does_not_list_what_robots_txt_forbids(httpserver, tmp_path, capsys):
    sources, url = _site(httpserver, tmp_path, "User-agent: *\nDisallow: /private/\n",
                         ("/news/1", "/private/2", "/news/3"), "/private/4")
    assert main(["-v", "discover", "--sources", str(sources)]) == 0
    out = capsys.readouterr()
    assert out.out.splitlines() == [f"press\trss\t{url('/news/1')}", f"press\trss\t{url('/news/3')}"]
    assert "2 candidates, 2 disallowed by robots.txt, 0 sources failed" in out.err
    assert url("/private/2") in out.err and "E201-robots-disallowed" in out.err
    assert not [r for r, _ in httpserver.log if r.path.startswith("/private/")]  # never fetched


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
