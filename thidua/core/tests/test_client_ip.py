"""One ``client_ip(request)`` for sign-in throttling, the audit log and the portal's visitor
identity: X-Forwarded-For counts only from a trusted proxy (issue 17, item 1)."""

import pytest
from django.test import RequestFactory

from thidua.core.clients import client_ip
from thidua.portal.counting import visitor_id


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        ([], "198.51.100.1", "10.0.0.1", "198.51.100.1"),  # no proxy configured: the peer
        (["127.0.0.1"], "198.51.100.1", "10.0.0.1", "198.51.100.1"),  # untrusted peer: header ignored
        (["127.0.0.1"], "127.0.0.1", "203.0.113.5", "203.0.113.5"),  # nginx on this machine
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # spoofed left part
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "203.0.113.5, 10.1.2.3", "203.0.113.5"),  # two hops
        (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),  # a proxy sending no header
        (["127.0.0.1"], "127.0.0.1", "junk, 203.0.113.5", "203.0.113.5"),
        (["127.0.0.1"], "127.0.0.1", "203.0.113.5, junk", "127.0.0.1"),  # garbage: stop trusting
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
        ([], "::ffff:198.51.100.2", None, "198.51.100.2"),
        ([], "not-an-address", None, None),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.THIDUA_TRUSTED_PROXIES = proxies
    assert client_ip(request(remote, forwarded)) == expected


def test_the_portal_identifies_cookie_less_visitors_by_the_same_address(settings):
    settings.THIDUA_TRUSTED_PROXIES = ["127.0.0.1"]
    behind_proxy = visitor_id(request("127.0.0.1", "203.0.113.5"))[0]
    direct = visitor_id(request("203.0.113.5"))[0]
    spoofed = visitor_id(request("198.51.100.1", "203.0.113.5"))[0]
    assert behind_proxy == direct != spoofed
