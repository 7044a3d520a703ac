"""The sources file (TOML): what to discover and how politely to fetch it.

``sources_format()`` gives the format with every key and its default (the
defaults come from ``SourceSpec`` and ``FetchPolicy``, so the text cannot go
stale); ``kdeal ingest --help`` and the README show it.

A bad file is one ``KdealError`` line naming the file, and the line or the
source, so a cron job's log says exactly what to fix.
"""
from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomllib

from kdeal.errors import KdealError

from .fetch.policy import FetchPolicy

SOURCE_KINDS = ("rss", "atom", "sitemap", "list", "urls", "local")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


@dataclass(frozen=True)
class SourceSpec:
    """One configured source. ``url`` for rss/atom/sitemap/list; ``urls`` for urls; ``path`` for local."""

    name: str
    kind: str
    url: str | None = None
    urls: tuple[str, ...] = ()
    path: str | None = None
    link_selector: str | None = None
    next_selector: str | None = None
    max_pages: int = 1
    max_items: int | None = None

    @property
    def selectors(self) -> dict[str, str]:
        return {k: v for k, v in (("link", self.link_selector), ("next", self.next_selector)) if v}


@dataclass(frozen=True)
class SourcesConfig:
    sources: tuple[SourceSpec, ...]
    policy: FetchPolicy
    path: str | None = None

    def source(self, name: str) -> SourceSpec:
        for s in self.sources:
            if s.name == name:
                return s
        raise KdealError(f"no source named {name!r}")


_KIND_KEYS = (
    ("rss", 'url = "https://example.com/rss.xml"', "an RSS feed: its item links"),
    ("atom", 'url = "https://example.com/atom.xml"', "an Atom feed: its entry links"),
    ("sitemap", 'url = "https://example.com/news-sitemap.xml"', "a (news) sitemap or an index, one level down"),
    ("list", 'url = "https://example.com/economy"\nlink_selector = "ul.news a.title"\nnext_selector = "a.next"\n'
             "max_pages = 3", "a list page: links matched by the CSS selector; next page optional"),
    ("urls", 'urls = ["https://example.com/a/1", "https://example.com/a/2"]', "explicit URLs"),
    ("local", 'path = "corpus/pages"', "a file or folder, relative to the sources file"),
)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value:_}" if isinstance(value, int) and value >= 10_000 else repr(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace('"', '\\"') + '"'


def sources_format() -> str:
    """The sources file format: [politeness] with every key at its default, and one [[source]] per kind."""
    lines = ["[politeness]   # every key optional; the values shown are the defaults"]
    for f in dataclasses.fields(FetchPolicy):
        lines.append(f"{f.name} = {_toml_value(getattr(FetchPolicy(), f.name))}")
    for kind, keys, what in _KIND_KEYS:
        lines += ["", f"[[source]]     # {what}", f'name = "my-{kind}"', f'kind = "{kind}"', *keys.splitlines()]
    lines += ["", f"# every source may also set max_items (at most this many URLs from it); "
                  f"list sources max_pages (default {SourceSpec('x', 'list').max_pages})"]
    return "\n".join(lines)


_SOURCE_KEYS = {f.name for f in dataclasses.fields(SourceSpec)}
_POLICY_KEYS = {f.name for f in dataclasses.fields(FetchPolicy)}


def _fail(where: str, message: str) -> KdealError:
    return KdealError(f"{where}: {message}")


def _source(where: str, raw: Any, base: Path) -> SourceSpec:
    if not isinstance(raw, dict):
        raise _fail(where, "each [[source]] must be a table")
    unknown = set(raw) - _SOURCE_KEYS
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_SOURCE_KEYS))}")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise _fail(where, "needs a name of letters, digits, '.', '_' or '-'")
    where = f"{where} ({name})"
    kind = raw.get("kind")
    if kind not in SOURCE_KINDS:
        raise _fail(where, f"kind must be one of {', '.join(SOURCE_KINDS)}, not {kind!r}")
    for key in ("url", "path", "link_selector", "next_selector"):
        if key in raw and not isinstance(raw[key], str):
            raise _fail(where, f"{key} must be a string")
    urls = raw.get("urls", [])
    if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
        raise _fail(where, "urls must be a list of strings")
    for key in ("max_pages", "max_items"):
        if key in raw and (not isinstance(raw[key], int) or isinstance(raw[key], bool) or raw[key] < 1):
            raise _fail(where, f"{key} must be a positive integer")
    if kind in ("rss", "atom", "sitemap", "list") and not raw.get("url"):
        raise _fail(where, f"a {kind} source needs url")
    if kind == "urls" and not urls:
        raise _fail(where, "a urls source needs a non-empty urls list")
    if kind == "local" and not raw.get("path"):
        raise _fail(where, "a local source needs path")
    if kind == "list" and not raw.get("link_selector"):
        raise _fail(where, "a list source needs link_selector (CSS selector of article links)")
    for u in [raw.get("url"), *urls]:
        if u and not re.match(r"^https?://", u):
            raise _fail(where, f"{u!r} is not an http(s) URL")
    path = raw.get("path")
    if path and not os.path.isabs(path):
        path = str(base / path)
    return SourceSpec(name=name, kind=kind, url=raw.get("url"), urls=tuple(urls), path=path,
                      link_selector=raw.get("link_selector"), next_selector=raw.get("next_selector"),
                      max_pages=raw.get("max_pages", 1), max_items=raw.get("max_items"))


def _policy(where: str, raw: Any) -> FetchPolicy:
    if not isinstance(raw, dict):
        raise _fail(where, "[politeness] must be a table")
    unknown = set(raw) - _POLICY_KEYS
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_POLICY_KEYS))}")
    values = dict(raw)
    if "allowed_types" in values:
        if not isinstance(values["allowed_types"], list):
            raise _fail(where, "allowed_types must be a list of media types")
        values["allowed_types"] = tuple(values["allowed_types"])
    defaults = FetchPolicy()
    for key, value in values.items():
        expected = type(getattr(defaults, key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            values[key] = float(value)
        elif not isinstance(values[key], expected) or (expected is int and isinstance(value, bool)):
            raise _fail(where, f"{key} must be {expected.__name__}, not {type(value).__name__}")
    try:
        return FetchPolicy(**values)
    except ValueError as e:
        raise _fail(where, str(e)) from e


def parse_sources(text: str, origin: str = "<sources>", base: Path | None = None) -> SourcesConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise KdealError(f"{origin}: not valid TOML: {e}") from e
    unknown = set(data) - {"politeness", "source"}
    if unknown:
        raise _fail(origin, f"unknown section(s) {', '.join(sorted(unknown))}; use [politeness] and [[source]]")
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise _fail(origin, "no [[source]] entries")
    base = base or Path(".")
    sources = tuple(_source(f"{origin}: source {n}", raw, base) for n, raw in enumerate(raw_sources, 1))
    names = [s.name for s in sources]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise _fail(origin, f"duplicate source name(s) {', '.join(dupes)}")
    policy = _policy(f"{origin}: [politeness]", data.get("politeness", {}))
    return SourcesConfig(sources=sources, policy=policy, path=origin)


def load_sources(path: str | os.PathLike[str]) -> SourcesConfig:
    """Read and check a sources file; relative local paths are taken from the file's folder."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise KdealError(f"{p}: no such sources file") from e
    except (OSError, UnicodeDecodeError) as e:
        raise KdealError(f"{p}: cannot read: {e}") from e
    return parse_sources(text, str(p), p.parent)
