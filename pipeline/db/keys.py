"""The keys that make writes idempotent: canonical URLs, content and result hashes, merge keys.

A document is the same document when its text hashes the same at the same
canonical URL; it needs rewriting only when the hash of everything stored for
it (text, metadata, mentions, deals) changes. A deal reported by several
documents is found again by its merge key: the deal type and the set of named
parties (sides ignored: "A는 B와" and "B는 A와" report the same deal), its
group, and whether it was negated.
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from kdeal.records import Deal, DocResult, Provenance

# Query parameters that only track where a click came from; they never select content.
TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|ref_src)$", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters.

    Query parameter order is kept (some sites route on it); only tracking
    parameters are dropped. Non-HTTP strings (paths, ``warc:`` origins) come
    back stripped but otherwise unchanged.
    """
    if url is None:
        return None
    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return url
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not TRACKING_PARAMS.match(k)], doseq=True)
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Provenance says which code, model and run made a result, not what the result is: a new
# kdeal version or another ingest of the same page must not rewrite an unchanged document.
_PROVENANCE_KEYS = frozenset(Provenance().to_json())
_RUN_KEYS = frozenset(("run_id", "fetched_at"))


def _without(obj: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in keys}


def result_hash(r: DocResult) -> str:
    """A hash of everything a document contributes to the database (provenance aside)."""
    payload = {
        "article": {**_without(r.article.to_json(), _RUN_KEYS), "origin": r.article.origin},
        "mentions": [_without(m.to_json(), _PROVENANCE_KEYS) for m in r.mentions],
        "deals": [_without(d.to_json(), _PROVENANCE_KEYS) for d in r.deals],
    }
    return sha256_text(json.dumps(payload, ensure_ascii=False, sort_keys=True))


def merge_key(d: Deal) -> str | None:
    """The key under which reports of one deal meet, or None if the deal must not merge.

    A deal without named parties (a bare count, "146건") is specific to its
    document and never merges.
    """
    names = sorted({p.canonical for p in d.parties})
    if not names:
        return None
    group = f"{d.group.label}:{d.group.count}" if d.group else ""
    key = "\x1f".join([d.type, "negated" if d.status == "negated" else "", group, *names])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


_DATE = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")


def published_date(published: str | None) -> date | None:
    """The calendar date of a ``published`` string (ISO or dotted), None if there is none."""
    if not published:
        return None
    m = _DATE.search(published)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
