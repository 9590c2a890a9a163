"""Against a started server (as ``dev.py run`` starts it): Streamlit's internal figures are
served to nobody, while the app and its health check work; a page of another site cannot
open the app's connection."""
import base64
import http.client
import os
import urllib.error
import urllib.parse
import urllib.request

import pytest

PATHS = ["/_stcore/metrics", "/_stcore/metrics?families=session_events",
         "//_stcore//metrics", "/_stcore/metrics/", "/_stcore/%6Detrics"]


def _status(url: str, method: str = "GET", accept: str = "*/*") -> int:
    request = urllib.request.Request(url, method=method, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("path", PATHS)
def test_the_metrics_are_served_to_nobody_in_workshop_mode(workshop_server, path):
    assert _status(workshop_server + path) == 404
    assert _status(workshop_server + path, accept="application/x-protobuf") == 404
    assert _status(workshop_server + path, method="OPTIONS") == 404


def test_the_metrics_are_not_served_in_local_mode_either(server):
    assert _status(server + "/_stcore/metrics") == 404


def test_the_app_and_its_health_check_still_answer(workshop_server):
    assert _status(workshop_server + "/_stcore/health") == 200
    assert _status(workshop_server + "/") == 200


def _websocket_handshake(url: str, origin: str) -> int:
    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    connection.request("GET", "/_stcore/stream", headers={
        "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(), "Origin": origin})
    try:
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_page_of_another_site_cannot_open_the_apps_connection(server):
    """Cross-site WebSocket hijacking: a page on another origin, open in the facilitator's
    browser, would otherwise act as them in single-user local mode (enableCORS)."""
    assert _websocket_handshake(server, "http://evil.example") == 403
    assert _websocket_handshake(server, server) == 101
