"""URL safety: only http(s), and no requests into the machine's own networks.

A sources file or a redirect can point at 127.0.0.1, 10.x, 169.254.169.254
(cloud metadata) and so on; those are refused unless the policy allows them.
Every address the host name resolves to is checked, so a public name that
resolves to a private address is refused too.
"""
from __future__ import annotations

import ipaddress
import socket
from typing import Callable
from urllib.parse import urlsplit

from .policy import FetchPolicy

Resolver = Callable[[str], list[str]]


class UnresolvedHost(OSError):
    """The host name did not resolve (now): a network failure to retry, not a refusal."""


def system_resolver(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({info[4][0] for info in infos})


def refusal(url: str, policy: FetchPolicy, resolve: Resolver = system_resolver) -> str | None:
    """Why ``url`` must not be fetched, or None when it may be.

    Raises ``UnresolvedHost`` when the name does not resolve: DNS fails for a
    while like any other part of the network, so the fetcher retries it.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as e:
        return f"malformed URL: {e}"
    if parts.scheme not in ("http", "https"):
        return f"scheme {parts.scheme or '(none)'!r} is not http or https"
    if not host:
        return "URL has no host"
    if parts.username or parts.password:
        return "URLs with credentials are not fetched"
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolve(host)]
        except UnicodeError as e:
            return f"cannot resolve host {host}: {e}"
        except OSError as e:
            raise UnresolvedHost(f"cannot resolve host {host}: {e}") from e
    if not addresses:
        return f"host {host} has no address"
    for addr in addresses:
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
            addr = addr.ipv4_mapped
        if addr.is_loopback:
            if not policy.allow_loopback:
                return f"{host} is a loopback address ({addr}); set allow_loopback to fetch it"
        elif addr.is_link_local:
            if not policy.allow_private_hosts:
                return f"{host} is a link-local address ({addr}); set allow_private_hosts to fetch it"
        elif addr.is_private or addr.is_reserved or addr.is_multicast or addr.is_unspecified:
            if not policy.allow_private_hosts:
                return f"{host} is a private or reserved address ({addr}); set allow_private_hosts to fetch it"
    return None
