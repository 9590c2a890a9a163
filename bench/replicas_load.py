"""A room of phones through HAProxy in front of 1, 2 and 3 replicas on one PostgreSQL database.

Run from the repository root (by hand; CI never runs it). Needs HAProxy (``apt-get install
haproxy``), PostgreSQL's server programs and Chromium, as the tests do:

    .venv/bin/python bench/replicas_load.py --replicas 1,2,3 --participants 100 --seconds 60

For each number of replicas, a new database, ``deploy/replicas.py`` in front of it, and the
room of ``bench/room_load.py`` (simulated phones speaking Streamlit's own protocol, each from
an address of its own, the presenter view in Chromium) through the proxy. Printed per run:
the tap-to-presenter p95 (a phone's first answer until the projector counts it), the tap
p95 (until the phone's own page has saved and redrawn), answers per second, every
acknowledged answer checked against the database, and the replicas' CPU: in all, and per
participant (CPU seconds per second of the window, per phone), which is what sizing needs.
All of it shares one machine (the phones, the proxy, PostgreSQL and the replicas).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.room_load import GOAL_SECONDS, RoomResult, measure_room  # noqa: E402


def figures(replicas: int, result: RoomResult) -> dict[str, float | int | None]:
    """What a reader sizing a deployment needs from one run."""
    window = max(result.window_seconds, 1e-9)
    return {"replicas": replicas, "participants": result.participants,
            "joined": result.joined, "tap to presenter p95 (s)": result.p(0.95),
            "tap p95 (s)": result.tap_p(0.95), "answers per second": result.acknowledged / window,
            "acknowledged": result.acknowledged, "lost": result.lost,
            "errors": len(result.errors),
            "replicas' CPU (cores busy)": result.server_cpu_seconds / window,
            "CPU per participant (core-ms per second)":
                1000 * result.server_cpu_seconds / window / max(result.joined, 1),
            "replicas' memory at the end (MB)": result.rss_after / 2**20}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", default="1,2,3")
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=5.0)
    parser.add_argument("--json", default="bench/last_replicas_load.json")
    args = parser.parse_args(argv)
    from tests import postgres_server

    server = postgres_server.start()
    import sqlalchemy as sa

    admin = sa.create_engine(server.url, isolation_level="AUTOCOMMIT")
    out = []
    try:
        for count in (int(c) for c in args.replicas.split(",")):
            name = f"replicas_{count}"
            with admin.connect() as connection:
                connection.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
                connection.exec_driver_sql(f"CREATE DATABASE {name}")
            url = sa.make_url(server.url).set(database=name).render_as_string(
                hide_password=False)
            print(f"{count} replica(s), a room of {args.participants} for {args.seconds:g} s "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)
            result = measure_room(args.participants, args.seconds, args.think,
                                  database_url=url, replicas=count)
            shown = figures(count, result)
            for key, value in shown.items():
                text = "-" if value is None else (f"{value:,.3f}" if isinstance(value, float)
                                                  else f"{value}")
                print(f"  {key:<44} {text}")
            p95 = shown["tap to presenter p95 (s)"]
            print(f"  {'goal: tap to presenter p95 <= 1 s':<44} "
                  f"{'met' if p95 is not None and p95 <= GOAL_SECONDS else 'NOT met'}")
            for line in result.errors[:5] + result.lost_examples:
                print(f"  ! {line}")
            out.append({**shown, "load average": os.getloadavg()[0]})
    finally:
        server.stop()
    Path(args.json).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
