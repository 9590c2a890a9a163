"""The organization-wide pulse at scale: a campaign of 10,000 respondents, and respondents
saving answers while others answer.

Run from the repository root:

    .venv/bin/python bench/pulse_load.py [--respondents 10000] [--others 40] [--seconds 20]
                                         [--interval 1.0]

The campaign is built through the workspace's own functions: four segments (10 departments,
5 locations, 4 levels, the 3 roles) with uneven sizes, every respondent invited (one private
link each), starting through their link and answering every statement (4 % "don't know", 5 %
leave a comment) in one transaction each.

The load: ``others + 1`` processes, each a respondent with their own link, answer through
the respondent page's code path (``workspace.open_workspace`` per save, then
``workspace.respondents.save_answer``). With ``--interval`` each waits that long between
answers, as a person reading the next statement does (about one second is quick); with 0
they save in a tight loop, which measures the machine more than the workspace (every process
competes for two cores). Paced people start at a random moment of their first pause and
pause between half and one and a half times the interval. Each save's latency is kept; the
p95 is over every save of every process, each one "a respondent's answer while the others
answer".
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEGMENTS = [
    {"name": "Department", "values": [f"Department {n}" for n in range(1, 11)]},
    {"name": "Location", "values": ["Lyon", "Paris", "Berlin", "Madrid", "Remote"]},
    {"name": "Level", "values": ["Staff", "Senior", "Lead", "Executive"]},
    {"id": "role", "name": "Role", "values": ["Leader", "Manager", "Employee"]},
]
SHARES = ([0.3, 0.2, 0.15, 0.1, 0.08, 0.06, 0.04, 0.03, 0.02, 0.02],
          [0.5, 0.2, 0.15, 0.1, 0.05], [0.5, 0.3, 0.15, 0.05], [0.03, 0.12, 0.85])


def build_campaign(path: str | Path, respondents: int, seed: int = 0, close: bool = False
                   ) -> tuple[int, int, list[str]]:
    """A campaign of ``respondents`` people in a new workspace at ``path``; returns the
    engagement id, the campaign id and every respondent's link token."""
    import workspace
    from assessments import load_bank

    rng = np.random.default_rng(seed)
    db = workspace.open_workspace(path, seed_example_engagement=False)
    engagement = workspace.create_engagement(db, "Pulse at scale")
    today = date.today()
    campaign = workspace.pulse.create_campaign(
        db, engagement.id, "Pulse at scale", today - timedelta(days=1),
        today + timedelta(days=30), segments=SEGMENTS)
    workspace.pulse.update_campaign(db, campaign.id,
                                    max_respondents=min(50_000, max(10_000, respondents)))
    campaign = workspace.pulse.open_campaign(db, campaign.id)
    ids = [s.get("id") or s["name"].lower() for s in SEGMENTS]
    profiles = [{segment: rng.choice(spec["values"], p=shares)
                 for segment, spec, shares in zip(ids, SEGMENTS, SHARES)}
                for _ in range(respondents)]
    tokens = workspace.respondents.add_invitees(db, campaign.id, profiles)
    statements = [s.id for s in load_bank("culture").statements]
    for token, profile in zip(tokens, profiles):
        workspace.respondents.start(db, campaign.id, {}, token=token)
        lift = 0.8 if profile["role"] == "Leader" else 0.0
        answers = [("culture", item, None, True) if rng.random() < 0.04 else
                   ("culture", item, int(np.clip(round(rng.normal(3.1 + lift, 0.9)), 1, 5)),
                    False) for item in statements]
        workspace.respondents.save_answers(db, token, answers)
        if rng.random() < 0.05:
            workspace.respondents.save_comment(db, token, "culture",
                                               str(rng.choice(statements)),
                                               "Synthetic comment for the benchmark")
    if close:
        workspace.pulse.close_campaign(db, campaign.id)
    db.close()
    return engagement.id, campaign.id, tokens


def worker(path: str, token: str, seconds: float, interval: float, salt: int,
           results: str) -> int:
    """One respondent answering until ``seconds`` have passed (see the module docstring)."""
    import workspace
    from assessments import load_bank

    statements = [s.id for s in load_bank("culture").statements]
    # Warm, as an app server is: its engine (and, on a server database, its pool) exists.
    workspace.open_workspace(path).close()
    print("ready", flush=True)
    if not sys.stdin.readline():
        return 1
    latencies, errors = [], []
    deadline = time.perf_counter() + seconds
    sequence = 0
    pace = np.random.default_rng(salt)
    if interval:        # people do not answer in step: each starts somewhere in a pause
        time.sleep(pace.uniform(0, interval))
    while time.perf_counter() < deadline:
        item = statements[sequence % len(statements)]
        value = 1 + (sequence + salt) % 5
        begin = time.perf_counter()
        try:
            db = workspace.open_workspace(path)          # as a page's script run does
            workspace.respondents.save_answer(db, token, "culture", item, value)
            del db
        except Exception as error:  # noqa: BLE001 - every failure is a finding
            errors.append(f"{type(error).__name__}: {error}")
        else:
            latencies.append(time.perf_counter() - begin)
        sequence += 1
        if interval:
            time.sleep(interval * pace.uniform(0.5, 1.5))
    Path(results).write_text(json.dumps({"latencies": latencies, "errors": errors}))
    return 0


@dataclass
class Load:
    processes: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(1, int(np.ceil(q / 100 * len(ordered)))) - 1] if ordered else float(
            "nan")

    @property
    def p95(self) -> float:
        return self.percentile(95)


def run_load(path: str | Path, tokens: list[str], processes: int, seconds: float,
             interval: float) -> Load:
    """``processes`` respondents (the first tokens) answering at once for ``seconds``."""
    result = Load(processes)
    with tempfile.TemporaryDirectory(prefix="pulse-load-") as folder:
        running = []
        for index, token in enumerate(tokens[:processes]):
            out = Path(folder) / f"w{index}.json"
            command = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(
                {"path": str(path), "token": token, "seconds": seconds, "interval": interval,
                 "salt": index, "results": str(out)})]
            running.append((subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, text=True), out))
        for process, _ in running:
            if process.stdout.readline().strip() != "ready":
                result.errors.append("a worker did not start")
        for process, _ in running:
            process.stdin.write("go\n")
            process.stdin.close()
        for process, out in running:
            process.wait(timeout=seconds + 600)
            process.stdout.close()
            if out.exists():
                data = json.loads(out.read_text())
                result.latencies += data["latencies"]
                result.errors += data["errors"]
            else:
                result.errors.append(f"a worker left no results (exit {process.returncode})")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--others", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--interval", type=float, default=1.0)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(**json.loads(args.worker))
    with tempfile.TemporaryDirectory(prefix="socialready-pulse-") as folder:
        path = Path(folder) / "workspace.db"
        started = time.perf_counter()
        _, _, tokens = build_campaign(path, args.respondents)
        print(f"{args.respondents:,} respondents built in {time.perf_counter() - started:.0f} s")
        for processes in (1, args.others + 1):
            load = run_load(path, tokens, processes, args.seconds, args.interval)
            print(f"{processes:>3} answering, {args.interval:g} s apart: {len(load.latencies):,}"
                  f" saves, p50 {load.percentile(50) * 1000:.1f} ms, p95 {load.p95 * 1000:.1f} "
                  f"ms, max {max(load.latencies, default=0) * 1000:.1f} ms, "
                  f"{len(load.errors)} errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
