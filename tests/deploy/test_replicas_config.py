"""The reference deployment (deploy/): what it refuses to start without, and an HAProxy
configuration that HAProxy itself accepts, sticky by cookie, every replica health-checked."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from deploy.replicas import haproxy_config, replica_environment

URL = "postgresql+psycopg://me@/socialready?host=/tmp"


def test_replicas_need_a_facilitator_secret_and_a_server_database():
    with pytest.raises(SystemExit, match="facilitator secret"):
        replica_environment({}, URL)
    with pytest.raises(SystemExit, match="PostgreSQL"):
        replica_environment({"SOCIALREADY_FACILITATOR_SECRET": "s"}, "/tmp/workspace.db")
    environment = replica_environment({"SOCIALREADY_FACILITATOR_SECRET": "s"}, URL)
    assert environment["SOCIALREADY_DATABASE_URL"] == URL
    assert environment["SOCIALREADY_TRUSTED_PROXY_HEADER"] == "X-Forwarded-For"
    assert environment["SOCIALREADY_TRUSTED_PROXY_HOPS"] == "1"


def test_the_configuration_is_sticky_checked_and_accepted_by_haproxy(tmp_path):
    text = haproxy_config("127.0.0.1:8500", [("127.0.0.1", 8501), ("10.0.0.7", 8501)])
    assert "    server r1 127.0.0.1:8501 check cookie r1" in text
    assert "    server r2 10.0.0.7:8501 check cookie r2" in text
    assert "cookie SOCIALREADY_REPLICA insert indirect nocache httponly attr" in text
    assert "option httpchk GET /_stcore/health" in text and "timeout tunnel 1h" in text
    assert "http-request del-header X-Forwarded-For" in text
    assert "__" not in text
    assert " httponly secure attr" in haproxy_config("0.0.0.0:443", [("a", 1)], True)
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not os.path.exists(haproxy):
        if os.environ.get("SOCIALREADY_REQUIRE_HAPROXY") == "1":
            pytest.fail("HAProxy is required here but missing (apt-get install haproxy)")
        pytest.skip("HAProxy is not installed (apt-get install haproxy)")
    path = tmp_path / "haproxy.cfg"
    path.write_text(text)
    checked = subprocess.run([haproxy, "-c", "-f", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "WARNING" not in checked.stdout + checked.stderr


def test_a_port_someone_else_holds_is_refused_before_anything_starts(tmp_path):
    import socket

    from deploy import replicas

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        taken = holder.getsockname()[1]
        with pytest.raises(RuntimeError, match=f"port\\(s\\) {taken} already in use"):
            replicas.start(taken - 1, 2, URL,
                           environ={"SOCIALREADY_FACILITATOR_SECRET": "s", "PATH": "/usr/bin"})


def test_another_server_answering_on_a_replicas_port_is_not_taken_for_the_replica(tmp_path):
    # A developer's own app on the port answers the health check; the replica meant to be
    # there stopped at once. Starting must fail, not route people to the other app.
    import http.server
    import sys
    import threading

    from deploy import replicas

    class Healthy(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Healthy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stopped = subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
    log = tmp_path / "replica.log"
    log.write_text("Port is not available")
    try:
        with pytest.raises(RuntimeError, match="(?s)it stopped.*Port is not available"):
            replicas._wait_healthy(f"http://127.0.0.1:{server.server_port}", 10, stopped, log)
    finally:
        server.shutdown()
