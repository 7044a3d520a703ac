"""Several news sites on several loopback hosts (127.0.0.2, 127.0.0.3 ...), each a real HTTP server.

Linux routes all of 127.0.0.0/8 to the loopback interface, so each site is a
host of its own to the fetcher's politeness. Every server records when each
request arrived (server-side, monotonic clock) and can answer slowly, so a
test or a benchmark can check that no host ever saw two requests closer than
its delay and measure how much faster several hosts are fetched at once.
Each site has an RSS feed listing its articles; article text uses made-up
company names (``sitesupport.NAMES``).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sitesupport import NAMES, page_html


@dataclass
class Hit:
    host: str
    path: str
    at: float
    user_agent: str


@dataclass
class MultiSite:
    """``hosts`` sites with ``pages`` articles each; ``latency`` seconds before each answer."""

    hosts: int = 4
    pages: int = 6
    latency: float = 0.0
    hits: list[Hit] = field(default_factory=list)
    status: dict[str, int] = field(default_factory=dict)  # path -> forced status (e.g. 404)
    bodies: dict[str, str] = field(default_factory=dict)  # "host/path" -> html
    _servers: list[ThreadingHTTPServer] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> "MultiSite":
        for n in range(self.hosts):
            server = ThreadingHTTPServer((f"127.0.0.{n + 2}", 0), self._handler())
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self._servers.append(server)
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def base(self, n: int) -> str:
        host, port = self._servers[n].server_address[:2]
        return f"http://{host}:{port}"

    def article(self, n: int, i: int) -> str:
        key = f"{self.base(n)}/news/{i}"
        if key not in self.bodies:
            k = n * self.pages + i
            self.bodies[key] = page_html(k, NAMES[k % 6], NAMES[(k + 1 + n) % 6])
        return self.bodies[key]

    def feed(self, n: int) -> str:
        items = "".join(f"<item><title>기사 {i}</title><link>{self.base(n)}/news/{i}</link></item>"
                        for i in range(self.pages))
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>사이트 {n}</title>'
                f"<link>{self.base(n)}/</link>{items}</channel></rss>")

    def requests_for(self, host_index: int, prefix: str = "/news/") -> list[Hit]:
        host = self.base(host_index).split("//", 1)[1]
        return [h for h in self.hits if h.host == host and h.path.startswith(prefix)]

    def min_gap(self) -> float:
        """The shortest time between two requests to one host, over all hosts."""
        gaps = []
        for n in range(self.hosts):
            host = self.base(n).split("//", 1)[1]
            times = sorted(h.at for h in self.hits if h.host == host)
            gaps += [b - a for a, b in zip(times, times[1:])]
        return min(gaps) if gaps else float("inf")

    def _answer(self, host: str, path: str) -> tuple[int, str, bytes]:
        n = [self.base(i).split("//", 1)[1] for i in range(self.hosts)].index(host)
        if path in self.status:
            return self.status[path], "text/plain", b"no"
        if path == "/rss.xml":
            return 200, "application/rss+xml; charset=utf-8", self.feed(n).encode("utf-8")
        if path == "/robots.txt":
            return 404, "text/plain", b""
        if path.startswith("/news/"):
            return 200, "text/html; charset=utf-8", self.article(n, int(path.rsplit("/", 1)[1])).encode("utf-8")
        return 404, "text/plain", b"not here"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                host = f"{self.server.server_address[0]}:{self.server.server_address[1]}"
                with site._lock:
                    site.hits.append(Hit(host, self.path, time.monotonic(), self.headers.get("User-Agent", "")))
                if site.latency:
                    time.sleep(site.latency)
                status, ctype, body = site._answer(host, self.path)
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def multi_sources(folder: Path, site: MultiSite, *, delay: float, concurrency: int, recheck_after: str | int = "7d",
                  extra: str = "", robots: bool = False, max_ahead: int = 256) -> Path:
    """A sources file with one RSS source per host."""
    after = f'"{recheck_after}"' if isinstance(recheck_after, str) else recheck_after
    sources = "".join(f'\n[[source]]\nname = "site{n}"\nkind = "rss"\nurl = "{site.base(n)}/rss.xml"\n'
                      for n in range(site.hosts))
    path = folder / "sources.toml"
    path.write_text(f"""
[politeness]
delay = {delay}
concurrency = {concurrency}
max_ahead = {max_ahead}
jitter = 0.0
robots = {"true" if robots else "false"}
retries = 0
allow_loopback = true

[recrawl]
recheck_after = {after}
{extra}
{sources}""", encoding="utf-8")
    return path
