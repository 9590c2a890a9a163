"""Against a started server (as ``dev.py run`` starts it): Streamlit's internal figures are
served to nobody, while the app and its health check work."""
import urllib.error
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
