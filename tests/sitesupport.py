"""A small news site on a real HTTP server (pytest-httpserver) for the ingest tests.

Pages carry ETags and honour If-None-Match; a page can be changed, removed or
slowed down between runs. Company names are made up and listed in a
``--companies`` file, so no gold name is involved.
"""
from __future__ import annotations

import hashlib
import time
from pathlib import Path

from werkzeug import Request, Response

NAMES = ["가온테크", "누리바이오", "다솜로보틱스", "라온소재", "마루에너지", "바다식품"]


def josa(name: str, after_consonant: str, after_vowel: str) -> str:
    """The particle Korean grammar wants after ``name`` (과/와, 은/는, 이/가)."""
    last = name[-1]
    final = (ord(last) - 0xAC00) % 28 if "가" <= last <= "힣" else 0
    return name + (after_consonant if final else after_vowel)


def write_companies(folder: Path) -> Path:
    path = folder / "companies.csv"
    path.write_text("name,kind\n" + "".join(f"{n},company\n" for n in NAMES), encoding="utf-8")
    return path


def page_html(i: int, a: str, b: str, extra: str = "") -> str:
    day = i % 27 + 1
    bwa, ane, awa, bnen = josa(b, "과", "와"), josa(a, "은", "는"), josa(a, "과", "와"), josa(b, "은", "는")
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>{a}, {bwa} 협약</title>'
            f'<meta property="article:published_time" content="2026-03-{day:02d}T09:00:00+09:00"></head>'
            f"<body><article><h1>{a}, {bwa} 협약</h1>"
            f"<p>{ane} {bwa} 신소재 공동개발 업무협약을 체결했다고 {day}일 밝혔다.</p>"
            f"<p>{awa} {bnen} 2027년까지 협력한다. 두 회사는 {i + 3}개 협력사와도 손잡았다. {extra}</p>"
            f"</article></body></html>")


class Site:
    """Serves /rss.xml listing /news/0..n-1; counts requests and 304s."""

    def __init__(self, httpserver, n: int = 3, etags: bool = True, delay: float = 0.0):
        self.server = httpserver
        self.etags = etags
        self.delay = delay
        self.pages: dict[str, str] = {}
        self.gone: set[str] = set()
        self.requests: list[str] = []
        self.not_modified = 0
        for i in range(n):
            self.pages[f"/news/{i}"] = page_html(i, NAMES[i % 6], NAMES[(i + 1) % 6])
        httpserver.expect_request("/rss.xml").respond_with_handler(self._rss)
        for path in self.pages:
            httpserver.expect_request(path).respond_with_handler(self._page)

    def url(self, path: str) -> str:
        return self.server.url_for(path)

    def _rss(self, request: Request) -> Response:
        items = "".join(f"<item><title>기사 {p}</title><link>{self.url(p)}</link></item>" for p in self.pages)
        xml = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>보도자료</title>'
               f"<link>{self.url('/')}</link>{items}</channel></rss>")
        return Response(xml, content_type="application/rss+xml; charset=utf-8")

    def _page(self, request: Request) -> Response:
        self.requests.append(request.path)
        if self.delay:
            time.sleep(self.delay)
        if request.path in self.gone:
            return Response("gone", status=404, content_type="text/plain")
        body = self.pages[request.path].encode("utf-8")
        headers = {}
        if self.etags:
            etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
            if request.headers.get("If-None-Match") == etag:
                self.not_modified += 1
                return Response(status=304, headers={"ETag": etag})
            headers["ETag"] = etag
        return Response(body, content_type="text/html; charset=utf-8", headers=headers)


def sources_file(folder: Path, site: Site, recheck_after: str | int = 0, extra: str = "") -> Path:
    """``recheck_after`` 0: every known page is asked for again (conditionally) on every run."""
    path = folder / "sources.toml"
    after = f'"{recheck_after}"' if isinstance(recheck_after, str) else recheck_after
    path.write_text(f"""
[politeness]
delay = 0.0
robots = false
retries = 0
allow_loopback = true

[recrawl]
recheck_after = {after}
{extra}

[[source]]
name = "wire"
kind = "rss"
url = "{site.url('/rss.xml')}"
""", encoding="utf-8")
    return path
