"""Join links checked from the server before anyone tries them."""
import socket

import pytest

from workshops import links


def _lan_address() -> str | None:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 1))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") else address


@pytest.fixture
def listening():
    """A server socket on every address: (its LAN address, its port)."""
    lan = _lan_address()
    if lan is None:
        pytest.skip("this machine has no network address besides loopback")
    with socket.socket() as server:
        server.bind(("0.0.0.0", 0))
        server.listen()
        yield lan, server.getsockname()[1]


def test_a_server_on_this_computer_only_is_said_with_what_to_do():
    [problem] = links.problems("http://192.168.1.20:8501/?code=ACEFHJ", "127.0.0.1")
    assert "listens on this computer only" in problem and "python3 dev.py run" in problem


@pytest.mark.parametrize("link", ["http://localhost:8501/?code=X", "http://127.0.0.1:8501/",
                                  "http://[::1]:8501/"])
def test_a_link_that_names_this_computer_is_said(link):
    [problem] = links.problems(link, "0.0.0.0")
    assert "names this computer only" in problem and links.PUBLIC_URL_VARIABLE in problem


def test_a_host_name_that_does_not_resolve_is_said():
    [problem] = links.problems("http://no-such-host.invalid:8501/", "")
    assert "cannot be looked up" in problem


def test_an_address_where_nothing_answers_is_said(listening):
    lan, port = listening
    with socket.socket() as closed:       # a port nobody listens on
        closed.bind(("0.0.0.0", 0))
        free = closed.getsockname()[1]
    [problem] = links.problems(f"http://{lan}:{free}/?code=X", "0.0.0.0")
    assert f"Nothing answers at {lan}:{free}" in problem


def test_a_link_the_server_answers_on_has_no_problem(listening):
    lan, port = listening
    assert links.problems(f"http://{lan}:{port}/?code=X", "0.0.0.0") == []
    assert links.problems(f"http://{lan}:{port}/?code=X", "") == []


def test_a_link_that_is_not_a_web_address_is_said():
    assert "not a web address" in links.problems("ftp://x/", "")[0]
