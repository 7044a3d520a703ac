"""The sources file (TOML): what to discover, how politely to fetch it, and where results go.

``sources_format()`` gives the format with every key and its default (the
defaults come from ``FetchPolicy``, ``RecrawlPolicy`` and ``SourceSpec``, so the
text cannot go stale); ``kdeal ingest --help`` and the README show it. Besides
``[politeness]`` and the ``[[source]]`` entries, a file may hold per-host
overrides (``[hosts."news.example.com"]``: delay, max_delay, jitter, adaptive),
``[recrawl]``, ``[database]`` (url; ``--db`` and ``KDEAL_DB`` come first) and
``[extract]`` (defaults for the command-line options of the same names).

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

from .fetch.policy import FetchPolicy, HostPolicy
from .recrawl import RecrawlPolicy
from .schedule import parse_every

SOURCE_KINDS = ("rss", "atom", "sitemap", "site", "list", "urls", "local")
SECTIONS = ("politeness", "hosts", "recrawl", "database", "extract", "source")
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
class ExtractSettings:
    """The ``[extract]`` section: defaults for options the command line did not give (None: the
    command's own default). ``companies`` are relative to the sources file."""

    companies: tuple[str, ...] = ()
    company_model: str | None = None
    workers: int | None = None
    kiwi_threads: int | None = None
    window_days: int | None = None


@dataclass(frozen=True)
class SourcesConfig:
    """A whole sources file: the sources, how to fetch (``policy``, per-host overrides inside it),
    when to fetch known articles again (``recrawl``), the database URL and extraction settings."""

    sources: tuple[SourceSpec, ...]
    policy: FetchPolicy
    path: str | None = None
    recrawl: RecrawlPolicy = RecrawlPolicy()
    database: str | None = None
    extract: ExtractSettings = ExtractSettings()

    def source(self, name: str) -> SourceSpec:
        for s in self.sources:
            if s.name == name:
                return s
        raise KdealError(f"no source named {name!r}")


_KIND_KEYS = (
    ("rss", 'url = "https://example.com/rss.xml"', "an RSS feed: its item links"),
    ("atom", 'url = "https://example.com/atom.xml"', "an Atom feed: its entry links"),
    ("sitemap", 'url = "https://example.com/news-sitemap.xml"', "a (news) sitemap or an index, one level down"),
    ("site", 'url = "https://example.com/"', "the sitemaps a site's robots.txt names (else /sitemap.xml)"),
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
    """The sources file format: every section with its keys at their defaults (optional sections
    commented out), and one [[source]] per kind."""
    lines = ["[politeness]   # every key optional; the values shown are the defaults"]
    for f in dataclasses.fields(FetchPolicy):
        value = getattr(FetchPolicy(), f.name)
        if f.name in _DERIVED_POLICY_KEYS or value is None or (isinstance(value, tuple) and f.name == "hosts"):
            continue
        lines.append(f"{f.name} = {_toml_value(value)}")
    lines += ["# contact = \"https://example.org/crawler\"   # goes into the user agent", "",
              "# [hosts.\"news.example.com\"]   # per-host overrides: delay, max_delay, jitter, adaptive",
              "# delay = 5.0", "", "[recrawl]      # when a known article is asked for again"]
    for f in dataclasses.fields(RecrawlPolicy):
        lines.append(f"{f.name} = {_toml_value(getattr(RecrawlPolicy(), f.name))}")
    lines += ["", "# [database]", "# url = \"postgresql+psycopg://kdeal@localhost/kdeal\"   # --db and KDEAL_DB come first",
              "", "# [extract]    # defaults for the command-line options of the same names",
              "# companies = [\"names.csv\"]   # relative to this file", "# workers = 2"]
    for kind, keys, what in _KIND_KEYS:
        lines += ["", f"[[source]]     # {what}", f'name = "my-{kind}"', f'kind = "{kind}"', *keys.splitlines()]
    lines += ["", f"# every source may also set max_items (at most this many URLs from it); "
                  f"list sources max_pages (default {SourceSpec('x', 'list').max_pages})"]
    return "\n".join(lines)


# Keys of FetchPolicy the format leaves out: the user agent is built from the version and contact.
_DERIVED_POLICY_KEYS = ("user_agent",)


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
    if kind in ("rss", "atom", "sitemap", "site", "list") and not raw.get("url"):
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


def _checked(where: str, raw: Any, types: dict[str, type | tuple[type, ...]], table: str) -> dict[str, Any]:
    """The keys of one table, each of its expected type (an int where a float is expected is fine)."""
    if not isinstance(raw, dict):
        raise _fail(where, f"{table} must be a table")
    unknown = set(raw) - set(types)
    if unknown:
        raise _fail(where, f"unknown key(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(types))}")
    values = dict(raw)
    for key, value in raw.items():
        expected = types[key]
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            values[key] = float(value)
        elif not isinstance(value, expected) or (expected in (int, float) and isinstance(value, bool)):
            names = " or ".join(t.__name__ for t in (expected if isinstance(expected, tuple) else (expected,)))
            raise _fail(where, f"{key} must be {names}, not {type(value).__name__}")
    return values


_POLICY_TYPES: dict[str, type | tuple[type, ...]] = {
    **{name: type(getattr(FetchPolicy(), name)) for name in _POLICY_KEYS - {"hosts", "contact", "allowed_types"}},
    "contact": str, "allowed_types": list}
_HOST_TYPES: dict[str, type | tuple[type, ...]] = {"delay": float, "max_delay": float, "jitter": float,
                                                   "adaptive": bool}
_RECRAWL_TYPES: dict[str, type | tuple[type, ...]] = {"recheck_after": (str, int, float), "retire_after": int}
_EXTRACT_TYPES: dict[str, type | tuple[type, ...]] = {
    "companies": list, "company_model": str, "workers": int, "kiwi_threads": int, "window_days": int}


def _hosts(where: str, raw: Any) -> tuple[tuple[str, HostPolicy], ...]:
    if not isinstance(raw, dict):
        raise _fail(where, '[hosts] must hold one table per host, e.g. [hosts."news.example.com"]')
    out = []
    for host, table in raw.items():
        values = _checked(f'{where[:-len("[hosts]")]}[hosts."{host}"]', table, _HOST_TYPES, "a host")
        try:
            out.append((host.lower(), HostPolicy(**values)))
        except ValueError as e:
            raise _fail(f'{where}."{host}"', str(e)) from e
    return tuple(out)


def _policy(where: str, raw: Any, hosts: tuple[tuple[str, HostPolicy], ...]) -> FetchPolicy:
    values = _checked(where, raw, _POLICY_TYPES, "[politeness]")
    if "allowed_types" in values:
        values["allowed_types"] = tuple(values["allowed_types"])
    try:
        return FetchPolicy(**values, hosts=hosts)
    except ValueError as e:
        raise _fail(where, str(e)) from e


def _recrawl(where: str, raw: Any) -> RecrawlPolicy:
    values = _checked(where, raw, _RECRAWL_TYPES, "[recrawl]")
    after = values.get("recheck_after")
    if isinstance(after, str):
        try:
            values["recheck_after"] = parse_every(after)
        except KdealError as e:
            raise _fail(where, f"recheck_after: {e}") from e
    elif after is not None:
        values["recheck_after"] = float(after)
    try:
        return RecrawlPolicy(**values)
    except ValueError as e:
        raise _fail(where, str(e)) from e


def _extract(where: str, raw: Any, base: Path) -> ExtractSettings:
    values = _checked(where, raw, _EXTRACT_TYPES, "[extract]")
    companies = values.pop("companies", [])
    if not all(isinstance(c, str) for c in companies):
        raise _fail(where, "companies must be a list of file names")
    for key in ("workers", "kiwi_threads"):
        if key in values and values[key] < 1:
            raise _fail(where, f"{key} must be at least 1")
    if values.get("window_days", 0) < 0:
        raise _fail(where, "window_days must not be negative")
    return ExtractSettings(companies=tuple(c if os.path.isabs(c) else str(base / c) for c in companies), **values)


def _database(where: str, raw: Any) -> str | None:
    values = _checked(where, raw, {"url": str}, "[database]")
    return values.get("url")


def parse_sources(text: str, origin: str = "<sources>", base: Path | None = None) -> SourcesConfig:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise KdealError(f"{origin}: not valid TOML: {e}") from e
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise _fail(origin, f"unknown section(s) {', '.join(sorted(unknown))}; use {', '.join(SECTIONS)}")
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise _fail(origin, "no [[source]] entries")
    base = base or Path(".")
    sources = tuple(_source(f"{origin}: source {n}", raw, base) for n, raw in enumerate(raw_sources, 1))
    names = [s.name for s in sources]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise _fail(origin, f"duplicate source name(s) {', '.join(dupes)}")
    hosts = _hosts(f"{origin}: [hosts]", data.get("hosts", {}))
    return SourcesConfig(sources=sources, policy=_policy(f"{origin}: [politeness]", data.get("politeness", {}), hosts),
                         path=origin, recrawl=_recrawl(f"{origin}: [recrawl]", data.get("recrawl", {})),
                         database=_database(f"{origin}: [database]", data.get("database", {})),
                         extract=_extract(f"{origin}: [extract]", data.get("extract", {}), base))


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
