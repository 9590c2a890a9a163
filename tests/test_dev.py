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
