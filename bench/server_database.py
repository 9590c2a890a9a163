"""The same workspace on SQLite and on PostgreSQL, measured side by side in one run.

Run from the repository root (PostgreSQL's server programs must be installed: Debian's
``postgresql``; a throw-away cluster is started in a temporary folder, fsync off):

    .venv/bin/python bench/server_database.py [--respondents 10000,50000] [--seconds 15]

For each size, a pulse campaign of that many respondents (bench/pulse_load.py builds it on
SQLite through the workspace's own functions; ``python -m workspace copy`` then copies it into
a new PostgreSQL database, the copy timed too). Then, on each engine:

- fingerprints: the campaign's and the engagement's cache keys, the median of 300 reads;
- the report's read (every answer of the campaign into frames) and the whole pulse results
  (read and computed), cold (the first, on a new connection) and warm (the next);
- save latency: 20 and 40 respondents answering at once, each in its own process, about one
  answer a second each (as people read the next statement), opening the workspace per save
  as a page's script run does: the p95 over every save;
- the backup of the engagement: time and size;
- the live view of a workshop session: 200 people in a live session of an engagement whose
  earlier sessions hold ``respondents`` people (every one answered the culture statements);
  the room's aggregates (``outcomes.room.build``) cold and warm, and the session's
  fingerprint (the key a presenter's page polls);
- peak memory of the backup and of the workbook, each in a process of its own
  (``bench/backup_memory.py``), above that of a process that only opens the workspace;
- exports and other people's pages: while the backup, then the workbook (the Exports page's
  xlsx), is built in one thread, another thread does what a page does 100 times a second;
  the longest it had to wait (the GIL), beside the export's time. The workbook is the
  workshops' engagement's (every answer of every participant, by name).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.pulse_load import build_campaign, run_load  # noqa: E402


def _timed(function, *args):
    begin = time.perf_counter()
    value = function(*args)
    return time.perf_counter() - begin, value


def longest_stall(function, *args) -> tuple[float, float]:
    """Run ``function`` in a thread while this one ticks every 10 ms; the function's time and
    the longest gap between two ticks beyond the 10 ms asked for (both in seconds)."""
    done = threading.Event()
    elapsed: list[float] = []

    def run() -> None:
        begin = time.perf_counter()
        function(*args)
        elapsed.append(time.perf_counter() - begin)
        done.set()

    worker = threading.Thread(target=run)
    last, stall = time.perf_counter(), 0.0
    worker.start()
    while not done.is_set():
        time.sleep(0.01)
        now = time.perf_counter()
        stall = max(stall, now - last - 0.01)
        last = now
    worker.join()
    return elapsed[0], stall


LIVE_ROOM = 200


def build_workshops(path: str, earlier: int, seed: int = 1) -> tuple[int, int]:
    """An engagement whose closed sessions hold ``earlier`` people and whose live session
    ``LIVE_ROOM`` (every one answered the culture statements); its id and the live
    session's."""
    import numpy as np

    import workspace
    from assessments import load_bank

    rng = np.random.default_rng(seed)
    statements = [s.id for s in load_bank("culture").statements]
    db = workspace.open_workspace(path, seed_example_engagement=False)
    engagement = workspace.create_engagement(db, "Workshops at scale")
    room = workspace.sessions.ROOM_SIZE_MAX
    sizes = [room] * (earlier // room) + ([earlier % room] if earlier % room else [])
    session, joined = None, 0
    for size in [*sizes, LIVE_ROOM]:
        # opening a session closes the one before
        session = workspace.open_session(db, engagement.id, ["culture"], max_participants=size)
        for _ in range(size):
            joined += 1            # names are unique within an engagement
            person = workspace.join_session(db, session.code, f"Person {joined}")
            workspace.responses.save_answers(db, [
                workspace.responses.Answer(person.id, "culture", item,
                                           int(rng.integers(1, 6))) for item in statements])
    db.close()
    return engagement.id, session.id


def peak_mb(*arguments: str) -> float:
    """The peak resident memory (MB) of ``bench/backup_memory.py`` run with ``arguments``."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "backup_memory.py"),
                           *arguments], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 2**20


def measure(location: str, engagement_id: int, campaign_id: int, tokens: list[str],
            seconds: float, workshops: tuple[int, int]) -> dict[str, float]:
    """Every figure of one engine (see the module docstring)."""
    import workspace
    from outcomes import pulse as pulse_results

    figures: dict[str, float] = {}
    db = workspace.open_workspace(location)
    campaign = workspace.pulse.get_campaign(db, campaign_id)
    figures["read cold (s)"], _ = _timed(workspace.respondents.campaign_answers, db, campaign)
    figures["read warm (s)"], _ = _timed(workspace.respondents.campaign_answers, db, campaign)
    db.close()
    db = workspace.open_workspace(location)
    after_close = date.today() + timedelta(days=60)      # results as the campaign closed
    figures["results cold (s)"], _ = _timed(pulse_results.results, db, campaign_id,
                                            after_close)
    figures["results warm (s)"], _ = _timed(pulse_results.results, db, campaign_id,
                                            after_close)
    for name, function, key in (("campaign fingerprint (ms)",
                                 workspace.pulse.campaign_fingerprint, campaign_id),
                                ("engagement fingerprint (ms)",
                                 workspace.engagement_fingerprint, engagement_id)):
        times = [_timed(function, db, key)[0] for _ in range(300)]
        figures[name] = statistics.median(times) * 1000
    from outcomes import room

    db.close()
    db = workspace.open_workspace(location)
    figures["live view cold (s)"], _ = _timed(room.build, db, *workshops)
    figures["live view warm (s)"], _ = _timed(room.build, db, *workshops)
    times = [_timed(workspace.session_fingerprint, db, workshops[1])[0] for _ in range(300)]
    figures["session fingerprint (ms)"] = statistics.median(times) * 1000
    figures["backup (s)"], data = _timed(workspace.backup_bytes, db, engagement_id)
    figures["backup (MB)"] = len(data) / 1e6
    figures["backup again (s)"], figures["longest stall, backup (s)"] = longest_stall(
        workspace.backup_bytes, db, engagement_id)
    from outcomes.cli import export_bytes

    # The workshops' engagement: its workbook lists every answer of every participant.
    figures["workbook (s)"], figures["longest stall, workbook (s)"] = longest_stall(
        export_bytes, db, workshops[0], "xlsx")
    db.close()
    floor = peak_mb("floor", location)
    figures["peak memory, backup (MB over opening)"] = peak_mb(
        "backup", location, str(engagement_id)) - floor
    figures["peak memory, workbook (MB over opening)"] = peak_mb(
        "workbook", location, str(workshops[0])) - floor
    for writers in (20, 40):
        load = run_load(location, tokens, writers, seconds, 1.0)
        figures[f"save p95, {writers} writers (ms)"] = load.p95 * 1000
        figures[f"saves, {writers} writers"] = len(load.latencies)
        figures[f"errors, {writers} writers"] = len(load.errors)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", default="10000",
                        help="sizes, comma-separated (default 10000)")
    parser.add_argument("--seconds", type=float, default=15.0,
                        help="how long each save load runs (default 15)")
    args = parser.parse_args(argv)
    import workspace
    from tests import postgres_server

    server = postgres_server.start()
    import sqlalchemy as sa

    admin = sa.create_engine(server.url, isolation_level="AUTOCOMMIT")
    for size in (int(s) for s in args.respondents.split(",")):
        with tempfile.TemporaryDirectory(prefix="socialready-engines-") as folder:
            path = str(Path(folder) / "workspace.db")
            built, (engagement_id, campaign_id, tokens) = _timed(build_campaign, path, size)
            built_rooms, workshops = _timed(build_workshops, path, size)
            with admin.connect() as connection:
                connection.exec_driver_sql(f"CREATE DATABASE pulse_{size}")
            url = sa.make_url(server.url).set(database=f"pulse_{size}").render_as_string(
                hide_password=False)
            source = workspace.open_workspace(path)
            target = workspace.open_workspace(url, seed_example_engagement=False)
            copied, rows = _timed(workspace.copy_workspace, source, target)
            source.close()
            target.close()
            print(f"\n{size:,} respondents: built on SQLite in {built:.0f} s (the workshops "
                  f"in {built_rooms:.0f} s); copied "
                  f"{sum(rows.values()):,} rows into PostgreSQL in {copied:.1f} s", flush=True)
            results = {engine: measure(location, engagement_id, campaign_id, tokens,
                                       args.seconds, workshops)
                       for engine, location in (("SQLite", path), ("PostgreSQL", url))}
            print(f"{'':42}{'SQLite':>12}{'PostgreSQL':>12}")
            for name in results["SQLite"]:
                print(f"{name:42}{results['SQLite'][name]:>12.3f}"
                      f"{results['PostgreSQL'][name]:>12.3f}", flush=True)
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
