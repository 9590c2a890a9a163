"""Several app replicas behind HAProxy on this machine, sharing one PostgreSQL database.

    SOCIALREADY_DATABASE_URL=postgresql+psycopg://... SOCIALREADY_FACILITATOR_SECRET=... \\
        .venv/bin/python deploy/replicas.py --replicas 2 --port 8600

starts ``--replicas`` Streamlit processes (``serve.py``, on ports after ``--port``, each on
127.0.0.1 only) with one cookie secret (``STREAMLIT_SERVER_COOKIE_SECRET``, else a new one), and HAProxy on ``--port`` in front of them with
deploy/haproxy.cfg: sticky by an inserted cookie, WebSockets held for an hour, each replica's
``/_stcore/health`` checked every second, the browser's address passed on in
``X-Forwarded-For`` (which the replicas are told to trust, one hop). Ctrl-C stops them all.

Why each setting: Streamlit keeps a visit's state in the process that holds its WebSocket
(hence sticky sessions), and signs its cookies and upload tokens with the cookie secret
(hence one secret: a browser that fails over to another replica keeps a valid upload token
and sign-in). Everything else that matters (answers, sessions, sign-ins, the join-code
limits) is in the database. A facilitator secret is required: through a proxy nobody is
"this computer", so without one no facilitator page would open.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "haproxy.cfg"
SECRET_VARIABLES = ("SOCIALREADY_FACILITATOR_SECRET", "SOCIALREADY_FACILITATOR_SECRET_HASH")


def haproxy_config(bind: str, replicas: list[tuple[str, int]], secure_cookie: bool = False
                   ) -> str:
    """deploy/haproxy.cfg for HAProxy listening on ``bind`` ("127.0.0.1:8600") in front of
    ``replicas`` (host, port); the stickiness cookie is marked Secure behind TLS."""
    servers = "\n".join(f"    server r{n} {host}:{port} check cookie r{n}"
                        for n, (host, port) in enumerate(replicas, start=1))
    return (TEMPLATE.read_text(encoding="utf-8").replace("__BIND__", bind)
            .replace("__SECURE__", " secure" if secure_cookie else "")
            .replace("__SERVERS__", servers))


def replica_environment(environ: dict[str, str], database_url: str) -> dict[str, str]:
    """The environment of a replica: the shared database, the proxy's header trusted.

    Raises:
        SystemExit: no facilitator secret is set, or no PostgreSQL database is named.
    """
    if not any(environ.get(key, "").strip() for key in SECRET_VARIABLES):
        raise SystemExit("Replicas need a facilitator secret: set "
                         "SOCIALREADY_FACILITATOR_SECRET (see README.md).")
    if not database_url.startswith("postgresql"):
        raise SystemExit("Replicas share one PostgreSQL database: set "
                         "SOCIALREADY_DATABASE_URL to a postgresql+psycopg:// address.")
    return {**environ, "SOCIALREADY_DATABASE_URL": database_url,
            "SOCIALREADY_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
            "SOCIALREADY_TRUSTED_PROXY_HOPS": "1"}


@dataclass
class Deployment:
    """Running replicas and their proxy; ``url`` is the proxy's address."""
    url: str
    ports: list[int]
    folder: Path
    replicas: dict[int, subprocess.Popen] = field(default_factory=dict)
    proxy: subprocess.Popen | None = None
    logs: list = field(default_factory=list)

    def kill(self, port: int) -> None:
        """Kill one replica at once (SIGKILL), as a crashed machine would go."""
        self.replicas[port].kill()
        self.replicas[port].wait(10)

    def stopped(self) -> list[str]:
        """What has stopped on its own: "HAProxy", "replica 8502", ..."""
        return ([f"replica {port}" for port, p in self.replicas.items() if p.poll() is not None]
                + (["HAProxy"] if self.proxy is not None and self.proxy.poll() is not None
                   else []))

    def stop(self, keep_logs: bool = False) -> None:
        """Stop the proxy and every replica (and delete the folder unless ``keep_logs``)."""
        processes = [*([self.proxy] if self.proxy else []), *self.replicas.values()]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        for log in self.logs:
            log.close()
        if not keep_logs:
            shutil.rmtree(self.folder, ignore_errors=True)


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait_healthy(url: str, seconds: float, process: subprocess.Popen | None = None,
                  log: Path | None = None) -> None:
    """Wait until ``url`` answers its health check and ``process`` (the one meant to answer
    it) still runs: a server someone else left on the port does not count."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200 and (process is None or process.poll() is None):
                    time.sleep(0.5)
                    if process is None or process.poll() is None:
                        return
        except OSError:
            pass
        stopped = process is not None and process.poll() is not None
        if stopped or time.monotonic() > deadline:
            said = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{url} did not answer its health check"
                               + (" (it stopped)" if stopped else f" in {seconds:.0f} s")
                               + (f":\n{said}" if said else ""))
        time.sleep(0.3)


def start(port: int, count: int, database_url: str, environ: dict[str, str] | None = None,
          python: str = sys.executable, cookie_secret: str | None = None,
          log_folder: Path | None = None) -> Deployment:
    """Start ``count`` replicas on ``port + 1`` ... and HAProxy on ``port`` (127.0.0.1),
    and wait until each replica and then the proxy answer their health checks (HAProxy
    starts with every replica up).

    Raises:
        SystemExit: see :func:`replica_environment`.
        FileNotFoundError: HAProxy is not installed (Debian: apt-get install haproxy).
        RuntimeError: a port is taken, or a replica or the proxy did not come up (the
            message ends with its log).
    """
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        raise FileNotFoundError("HAProxy is not installed (Debian: apt-get install haproxy)")
    environment = replica_environment(dict(os.environ if environ is None else environ),
                                      database_url)
    secret = (cookie_secret or environment.get("STREAMLIT_SERVER_COOKIE_SECRET")
              or secrets.token_urlsafe(32))
    ports = [port + n for n in range(1, count + 1)]
    taken = [p for p in [port, *ports] if not _port_free(p)]
    if taken:
        raise RuntimeError(f"port(s) {', '.join(map(str, taken))} already in use: choose "
                           "another --port (the replicas take the ports after it)")
    folder = Path(tempfile.mkdtemp(prefix="socialready-replicas-"))
    logs = log_folder or folder
    deployment = Deployment(f"http://127.0.0.1:{port}", ports, folder)
    try:
        for replica in ports:
            log = open(logs / f"replica-{replica}.log", "wb")
            deployment.logs.append(log)
            # The secret goes in the environment: Streamlit refuses it on the command line,
            # where every user of the machine could read it.
            deployment.replicas[replica] = subprocess.Popen(
                [python, "-m", "streamlit", "run", "serve.py", "--server.port", str(replica),
                 "--server.address", "127.0.0.1"],
                cwd=ROOT, env={**environment, "STREAMLIT_SERVER_COOKIE_SECRET": secret},
                stdout=log, stderr=subprocess.STDOUT)
        for replica in ports:
            _wait_healthy(f"http://127.0.0.1:{replica}", 120, deployment.replicas[replica],
                          logs / f"replica-{replica}.log")
        config = folder / "haproxy.cfg"
        config.write_text(haproxy_config(f"127.0.0.1:{port}",
                                         [("127.0.0.1", p) for p in ports]), encoding="utf-8")
        log = open(logs / "haproxy.log", "wb")
        deployment.logs.append(log)
        deployment.proxy = subprocess.Popen([haproxy, "-f", str(config), "-db"], stdout=log,
                                            stderr=subprocess.STDOUT)
        _wait_healthy(deployment.url, 30, deployment.proxy, logs / "haproxy.log")
    except BaseException:
        deployment.stop()
        raise
    return deployment


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8600,
                        help="the proxy's port; the replicas take the ports after it")
    args = parser.parse_args(argv)
    def stop_on(signum, _frame) -> None:
        raise SystemExit(128 + signum)

    # A service manager stops with SIGTERM, a closed terminal with SIGHUP: both end every
    # process started here, as Ctrl-C does.
    signal.signal(signal.SIGTERM, stop_on)
    signal.signal(signal.SIGHUP, stop_on)
    deployment = start(args.port, args.replicas, os.environ.get("SOCIALREADY_DATABASE_URL", ""))
    print(f"SocialReady on {deployment.url}: {args.replicas} replicas behind HAProxy "
          f"(logs in {deployment.folder}; Ctrl-C stops them).", flush=True)
    code = 0
    try:
        while True:
            gone = deployment.stopped()
            if "HAProxy" in gone or len(gone) == len(deployment.replicas):
                print(f"Stopped on its own: {', '.join(gone)}; stopping the rest.",
                      file=sys.stderr, flush=True)
                code = 1
                break
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        deployment.stop(keep_logs=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
