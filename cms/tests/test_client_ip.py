"""Whose address counts for rate limits and login throttling: X-Forwarded-For only from a trusted proxy."""

import pytest
from django.test import RequestFactory

from cms.client_ip import client_ip


def address(remote_addr, forwarded=None):
    meta = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **meta))


@pytest.fixture(autouse=True)
def proxies(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]


def test_a_visitor_talking_to_gunicorn_directly_is_its_peer_whatever_it_claims():
    assert address("203.0.113.7") == "203.0.113.7"
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_appended():
    assert address("10.0.0.2", "203.0.113.7") == "203.0.113.7"
    # A visitor's own X-Forwarded-For is kept by the proxy on the left: it is ignored.
    assert address("10.0.0.2", "1.2.3.4, 203.0.113.7") == "203.0.113.7"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    assert address("127.0.0.1", "203.0.113.7, 10.1.2.3") == "203.0.113.7"


def test_garbage_in_the_header_stops_at_the_last_address_a_proxy_vouched_for():
    assert address("10.0.0.2", "203.0.113.7, not-an-address") == "10.0.0.2"
    assert address("10.0.0.2", "") == "10.0.0.2"


def test_ipv6_and_ports_are_understood():
    assert address("10.0.0.2", "[2001:db8::1]:4711") == "2001:db8::1"
    assert address("10.0.0.2", "203.0.113.7:4711") == "203.0.113.7"
    assert address("2001:db8::9") == "2001:db8::9"


def test_a_unix_socket_peer_is_the_proxy(settings):
    assert address("", "203.0.113.7") == "203.0.113.7"
    assert address("") == "0.0.0.0"  # noqa: S104 - one shared bucket, nothing is bound


def test_a_star_trusts_every_peer_so_the_left_most_address_wins(settings):
    settings.TRUSTED_PROXIES = ["*"]
    assert address("203.0.113.7", "198.51.100.1, 10.0.0.5") == "198.51.100.1"
