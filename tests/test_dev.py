"""``python3 dev.py run`` binds to this machine unless a facilitator secret is set."""
import pytest

import dev


def test_without_a_secret_the_app_stays_on_this_machine():
    assert dev.serve_arguments([], has_secret=False) == []
    assert dev.serve_arguments(["--server.port", "8600"], has_secret=False) == [
        "--server.port", "8600"]


def test_without_a_secret_a_network_address_is_refused():
    with pytest.raises(SystemExit, match="needs a facilitator secret"):
        dev.serve_arguments(["--server.address", "0.0.0.0"], has_secret=False)
    with pytest.raises(SystemExit):
        dev.serve_arguments(["--server.address=192.168.1.20"], has_secret=False)


def test_with_a_secret_the_room_can_reach_the_app():
    assert dev.serve_arguments([], has_secret=True) == ["--server.address", "0.0.0.0"]
    assert dev.serve_arguments(["--server.address", "192.168.1.20"], has_secret=True) == [
        "--server.address", "192.168.1.20"]


def test_a_secret_counts_from_the_environment_or_the_secrets_file(tmp_path):
    missing = tmp_path / "secrets.toml"
    assert not dev.secret_configured({}, missing)
    assert not dev.secret_configured({"SOCIALREADY_FACILITATOR_SECRET": "  "}, missing)
    assert dev.secret_configured({"SOCIALREADY_FACILITATOR_SECRET": "s3cret-words"}, missing)
    missing.write_text('SOCIALREADY_FACILITATOR_SECRET_HASH = "scrypt$16384$8$1$a$b"\n')
    assert dev.secret_configured({}, missing)


@pytest.fixture
def run_without_installing(monkeypatch):
    """``dev.py run`` with this interpreter and no installation; records what it serves."""
    import sys

    served = []
    monkeypatch.setattr(dev, "PYTHON", sys.executable)
    monkeypatch.setattr(dev, "ensure_environment", lambda extras: None)
    monkeypatch.setattr(dev, "serve", lambda options: served.append(options) or 0)
    for name in ("SOCIALREADY_FACILITATOR_SECRET", "SOCIALREADY_FACILITATOR_SECRET_HASH",
                 "SOCIALREADY_TRUSTED_PROXY_HEADER", "SOCIALREADY_TRUSTED_PROXY_HOPS",
                 "SOCIALREADY_SIGN_IN_HOURS"):
        monkeypatch.delenv(name, raising=False)
    return served


@pytest.mark.parametrize("variable, value, message", [
    ("SOCIALREADY_FACILITATOR_SECRET", "short", "at least 12 characters"),
    ("SOCIALREADY_FACILITATOR_SECRET_HASH", "scrypt$16384$8$1$a$b", "damaged"),
    ("SOCIALREADY_TRUSTED_PROXY_HOPS", "many", None),
    ("SOCIALREADY_TRUSTED_PROXY_HEADER", "X-Forwarded-For: 1.2.3.4", "header name"),
    ("SOCIALREADY_SIGN_IN_HOURS", "0", "from 1 to 168"),
])
def test_run_refuses_to_serve_with_an_unusable_setting(run_without_installing, monkeypatch,
                                                       capfd, variable, value, message):
    monkeypatch.setenv(variable, value)
    if message is None:      # hops only matter with a header
        monkeypatch.setenv("SOCIALREADY_TRUSTED_PROXY_HEADER", "X-Forwarded-For")
        message = "from 1 to 10"
    assert dev.main(["run"]) == 1
    assert run_without_installing == [], "nothing was served"
    stderr = capfd.readouterr().err
    assert "SocialReady cannot start: " in stderr and message in stderr
    assert "Nothing was started" in stderr


def test_run_serves_with_a_usable_secret(run_without_installing, monkeypatch):
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", "projector-and-coffee-2027")
    assert dev.main(["run"]) == 0
    assert run_without_installing == [["--server.address", "0.0.0.0"]]
