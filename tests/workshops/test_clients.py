"""Who is connecting: only the socket peer counts unless a proxy header is trusted, and a
forwarding header never makes a request "this computer"."""
import pytest

from workshops import ProxySettingError, identify, proxy_settings
from workshops.clients import PROXIED, TRUSTED_HEADER_VARIABLE, TRUSTED_HOPS_VARIABLE, UNKNOWN

BROWSER = {"Host": "localhost:8501", "Origin": "http://localhost:8501", "User-Agent": "x"}


# this computer ------------------------------------------------------------------------------

@pytest.mark.parametrize("peer", [None, "127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"])
def test_a_loopback_peer_with_a_local_host_is_this_computer(peer):
    assert identify(peer, BROWSER).local


@pytest.mark.parametrize("host", ["localhost", "localhost:8501", "127.0.0.1:8501", "[::1]:8501"])
def test_every_way_of_naming_this_computer_counts(host):
    assert identify(None, {**BROWSER, "Host": host}).local


@pytest.mark.parametrize("header", ["X-Forwarded-For", "x-forwarded-for", "Forwarded",
                                    "X-Real-IP", "True-Client-IP", "CF-Connecting-IP"])
def test_any_forwarding_header_means_not_this_computer(header):
    """Whoever wrote it, it says another machine is behind: a proxy or a forger."""
    assert not identify(None, {**BROWSER, header: "127.0.0.1"}).local
    assert not identify("127.0.0.1", {**BROWSER, header: "for=127.0.0.1"}).local


@pytest.mark.parametrize("host", ["evil.example:8501", "192.168.1.20:8501", "example.com"])
def test_a_host_that_is_not_this_computer_is_not_local(host):
    """A page reached by another name (DNS rebinding, a proxy passing its Host on)."""
    assert not identify(None, {**BROWSER, "Host": host}).local


@pytest.mark.parametrize("peer", ["192.168.1.50", "2001:db8::1", "not an address"])
def test_a_peer_on_the_network_is_not_local(peer):
    assert not identify(peer, BROWSER).local


def test_a_trusted_header_does_not_make_a_request_local():
    assert not identify(None, {**BROWSER, "X-Forwarded-For": "127.0.0.1"},
                        "X-Forwarded-For").local


# the address limits count by ----------------------------------------------------------------

def test_without_a_trusted_header_the_peer_counts():
    assert identify("192.168.1.50", BROWSER).address == "192.168.1.50"


def test_this_computer_has_an_address_too():
    """Streamlit reports loopback as no address; the limits still count it."""
    assert identify(None, BROWSER).address == "127.0.0.1"


@pytest.mark.parametrize("forged", ["203.0.113.1", "203.0.113.2", "10.0.0.1, 203.0.113.9"])
def test_an_untrusted_forwarded_for_counts_as_one_sender_whatever_it_says(forged):
    """uvicorn may already have put the header's word in place of a loopback peer, so the
    peer of such a request is not trusted either: every one shares one address."""
    assert identify(forged.split(",")[-1].strip(), {"X-Forwarded-For": forged}).address == \
        PROXIED


def test_other_forwarding_headers_do_not_change_the_address_by_default():
    assert identify("192.168.1.50", {"X-Real-IP": "203.0.113.1"}).address == "192.168.1.50"


def test_ipv6_addresses_count_by_their_64_network():
    first = identify("2001:db8:1:2::1", BROWSER).address
    assert first == identify("2001:db8:1:2:ffff::9", BROWSER).address == "2001:db8:1:2::/64"
    assert identify("2001:db8:1:3::1", BROWSER).address != first


def test_a_peer_that_is_not_an_address_counts_as_unknown():
    assert identify("testclient", {}).address == UNKNOWN


# a trusted proxy ----------------------------------------------------------------------------

def test_a_trusted_forwarded_for_gives_the_address_the_proxy_saw():
    """nginx's ``$proxy_add_x_forwarded_for`` appends the address it saw: with one proxy
    the rightmost entry is the client; what the client wrote to its left is ignored."""
    headers = {"X-Forwarded-For": "127.0.0.1, 10.9.8.7, 198.51.100.4"}
    assert identify(None, headers, "X-Forwarded-For", 1).address == "198.51.100.4"
    assert identify(None, headers, "x-forwarded-for", 2).address == "10.9.8.7"


def test_a_trusted_single_value_header():
    assert identify(None, {"X-Real-IP": "198.51.100.4"}, "X-Real-IP").address == \
        "198.51.100.4"


def test_a_trusted_rfc_7239_forwarded_header():
    headers = {"Forwarded": 'for=192.0.2.60;proto=http, for="[2001:db8:cafe::17]:4711"'}
    assert identify(None, headers, "Forwarded", 1).address == "2001:db8:cafe::/64"
    assert identify(None, headers, "Forwarded", 2).address == "192.0.2.60"


@pytest.mark.parametrize("headers", [{}, {"X-Forwarded-For": "not-an-ip"},
                                     {"X-Forwarded-For": ""}])
def test_a_missing_or_malformed_trusted_header_falls_back_to_the_peer(headers):
    """A request that did not pass the proxy (or a broken header) counts by its peer."""
    assert identify("192.168.1.50", headers, "X-Forwarded-For").address == "192.168.1.50"


def test_too_few_entries_for_the_hops_fall_back_to_the_peer():
    headers = {"X-Forwarded-For": "198.51.100.4"}
    assert identify("192.168.1.50", headers, "X-Forwarded-For", 2).address == "192.168.1.50"


# settings -----------------------------------------------------------------------------------

def test_no_proxy_is_trusted_by_default():
    assert proxy_settings({}) == ("", 1)


def test_the_proxy_settings_are_read():
    assert proxy_settings({TRUSTED_HEADER_VARIABLE: " X-Forwarded-For ",
                           TRUSTED_HOPS_VARIABLE: "2"}) == ("X-Forwarded-For", 2)


@pytest.mark.parametrize("settings, message", [
    ({TRUSTED_HEADER_VARIABLE: "X-Forwarded-For: 1.2.3.4"}, "header name"),
    ({TRUSTED_HEADER_VARIABLE: "X-Real-IP", TRUSTED_HOPS_VARIABLE: "0"}, "from 1 to 10"),
    ({TRUSTED_HEADER_VARIABLE: "X-Real-IP", TRUSTED_HOPS_VARIABLE: "two"}, "from 1 to 10"),
    ({TRUSTED_HEADER_VARIABLE: "X-Real-IP", TRUSTED_HOPS_VARIABLE: "11"}, "from 1 to 10"),
])
def test_unusable_proxy_settings_are_refused(settings, message):
    with pytest.raises(ProxySettingError, match=message):
        proxy_settings(settings)
