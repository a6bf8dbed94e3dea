"""The visitor's IP address, for rate limits (django-ratelimit) and login throttling (django-axes).

gunicorn does not rewrite ``REMOTE_ADDR``: ``FORWARDED_ALLOW_IPS`` only decides whose
``X-Forwarded-Proto`` it believes (gunicorn.conf.py). Behind a proxy, ``REMOTE_ADDR`` is the
proxy, so every visitor would share one limit. The same variable, read here as
``settings.TRUSTED_PROXIES``, says which peers may name the client in ``X-Forwarded-For``:

- a peer that is not a trusted proxy is the client, whatever ``X-Forwarded-For`` says (anyone
  can send that header, so believing it from anyone would let a visitor pick a fresh address
  for every request and never be limited);
- from a trusted proxy, ``X-Forwarded-For`` is read from the right (each proxy appends the
  address it received the request from) and the first address that is not itself a trusted
  proxy is the client. Entries to its left were written by the client and are ignored.

``*`` trusts every peer, so the left-most address wins: only for a proxy that overwrites the
header rather than appending to it. A peer on a Unix socket (empty ``REMOTE_ADDR``) can only be
the proxy, as gunicorn also assumes.
"""

import functools
import ipaddress

from django.conf import settings

# When nothing usable is known (a Unix socket without X-Forwarded-For): one shared bucket.
UNKNOWN = "0.0.0.0"  # noqa: S104 - a placeholder address, never bound  # nosec B104


@functools.cache
def _trusted(entries: tuple[str, ...]) -> tuple[bool, tuple]:
    if "*" in entries:
        return True, ()
    return False, tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def is_trusted_proxy(address) -> bool:
    every, networks = _trusted(tuple(settings.TRUSTED_PROXIES))
    return every or any(address in network for network in networks)


def parse(value: str):
    """An address from REMOTE_ADDR or X-Forwarded-For, or None: "[::1]", "1.2.3.4:5678" and zone ids allowed."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value.split("%", 1)[0])
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address the request came from, as trusted proxies report it (see the module docstring)."""
    peer_text = request.META.get("REMOTE_ADDR", "")
    peer = parse(peer_text)
    if peer_text and peer is None:
        return UNKNOWN
    if peer is not None and not is_trusted_proxy(peer):
        return str(peer)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = parse(hop)
        if address is None:  # garbage: the client wrote it, stop at the last address a proxy vouched for
            break
        peer = address
        if not is_trusted_proxy(address):
            break
    return str(peer) if peer is not None else UNKNOWN
