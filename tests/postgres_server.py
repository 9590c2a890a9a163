"""A throw-away PostgreSQL server for the tests and benchmarks: Debian's ``postgresql`` binaries,
a cluster in a temporary folder (``initdb`` refuses root, so as the ``postgres`` user when run as
root), fsync off, listening only on a unix socket in that folder. Stopped and removed at exit.
"""
from __future__ import annotations

import atexit
import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

URL_VARIABLE = "SOCIALREADY_TEST_POSTGRES_URL"   # a server someone else started (.ci/run)


def binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: Debian's newest cluster version, or PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class Server:
    """A running throw-away cluster; ``url`` reaches its ``postgres`` database."""

    def __init__(self, folder: Path, bin_dir: Path) -> None:
        self.folder = folder
        self.bin_dir = bin_dir
        self.url = f"postgresql+psycopg://postgres@/postgres?host={folder}"

    def stop(self) -> None:
        subprocess.run(_as_owner([str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"),
                                  "-m", "immediate", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def start(max_connections: int = 300) -> Server:
    """Start a new cluster and wait until it accepts connections.

    Raises:
        FileNotFoundError: PostgreSQL's server programs are not installed.
        RuntimeError: the cluster did not start (its log is in the message).
    """
    bin_dir = binaries()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="socialready-pg-"))
    os.chmod(folder, 0o755)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres",
                              "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    options = (f"-k {folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
               f"-c full_page_writes=off -c max_connections={max_connections} "
               "-c shared_buffers=256MB")
    log = folder / "server.log"
    started = subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
                                        "-l", str(log), "-w", "-t", "60", "start"]),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    server = Server(folder, bin_dir)
    if started.returncode != 0:
        text = log.read_text(errors="replace") if log.exists() else started.stderr.decode()
        server.stop()
        raise RuntimeError(f"PostgreSQL did not start:\n{text}")
    atexit.register(server.stop)
    return server


def main() -> None:
    """``python -m tests.postgres_server``: start a cluster, print its URL, stop on Ctrl-C."""
    server = start()
    print(server.url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
