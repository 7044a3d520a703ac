"""The TOML sources file: what loads, and the one-line errors for what does not."""
from __future__ import annotations

import pytest
from kdeal.pipeline.sources import load_sources, parse_sources

from kdeal.errors import KdealError

GOOD = """
[politeness]
delay = 2
robots = true
retries = 1
max_bytes = 5_000_000
allow_loopback = true

[[source]]
name = "press"
kind = "rss"
url = "https://press.example/rss.xml"

[[source]]
name = "economy"
kind = "list"
url = "https://news.example/economy"
link_selector = "ul.list a.title"
next_selector = "a.next"
max_pages = 3

[[source]]
name = "picked"
kind = "urls"
urls = ["https://news.example/a/1", "https://news.example/a/2"]

[[source]]
name = "archive"
kind = "local"
path = "pages"
"""


def test_a_good_file_gives_sources_and_a_policy(tmp_path):
    f = tmp_path / "sources.toml"
    f.write_text(GOOD, encoding="utf-8")
    config = load_sources(f)
    assert [s.name for s in config.sources] == ["press", "economy", "picked", "archive"]
    assert config.policy.delay == 2.0 and config.policy.retries == 1 and config.policy.allow_loopback
    assert config.policy.max_bytes == 5_000_000 and config.policy.allow_private_hosts is False
    economy = config.source("economy")
    assert economy.selectors == {"link": "ul.list a.title", "next": "a.next"} and economy.max_pages == 3
    assert config.source("archive").path == str(tmp_path / "pages")


def test_politeness_defaults_apply_when_the_section_is_missing():
    config = parse_sources('[[source]]\nname = "a"\nkind = "urls"\nurls = ["https://x.example/"]\n')
    assert config.policy.robots is True and config.policy.allow_loopback is False


@pytest.mark.parametrize("text,fragment", [
    ("[[source]\nname = 'a'", "not valid TOML"),
    ("[politeness]\ndelay = 1\n", "no [[source]] entries"),
    ("[[source]]\nname = 'a'\nkind = 'ftp'\nurl = 'https://x.example'", "kind must be one of"),
    ("[[source]]\nname = 'a'\nkind = 'rss'", "needs url"),
    ("[[source]]\nname = 'a'\nkind = 'list'\nurl = 'https://x.example'", "needs link_selector"),
    ("[[source]]\nname = 'a'\nkind = 'rss'\nurl = 'file:///etc/passwd'", "not an http(s) URL"),
    ("[[source]]\nname = 'a'\nkind = 'urls'\nurls = ['https://x.example']\nspeed = 3", "unknown key(s) speed"),
    ("[politeness]\ndelay = 'fast'\n[[source]]\nname = 'a'\nkind = 'urls'\nurls = ['https://x.example']",
     "delay must be float"),
    ("[politeness]\ndelay = -1\n[[source]]\nname = 'a'\nkind = 'urls'\nurls = ['https://x.example']",
     "must not be negative"),
    ("[[source]]\nname = 'a'\nkind = 'urls'\nurls = ['https://x.example']\n"
     "[[source]]\nname = 'a'\nkind = 'urls'\nurls = ['https://y.example']", "duplicate source name"),
    ("[crawler]\nx = 1\n[[source]]\nname = 'a'\nkind = 'urls'\nurls = ['https://x.example']", "unknown section"),
])
def test_bad_files_raise_one_clear_line(text, fragment):
    with pytest.raises(KdealError) as e:
        parse_sources(text, "s.toml")
    message = str(e.value)
    assert fragment in message and message.startswith("s.toml") and "\n" not in message


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(KdealError, match="no such sources file"):
        load_sources(tmp_path / "nope.toml")
