"""Answer load: many people saving questionnaire answers into one workspace file at once.

Run from the repository root:

    .venv/bin/python bench/answer_load.py [--participants 40] [--seconds 5] [--bank culture]

Each participant of an engagement gets its own OS process (a fresh interpreter running this
file with ``--worker``), like each person in a workshop has their own browser session. A worker
answers every item of the bank, then keeps re-answering with changing values (including
"don't know") until ``seconds`` have passed, through exactly the code path of the
questionnaire pages (``ui/common.py`` ``save_answer``)::

    db = workspace.open_workspace(path)        # one per script run, as ui/common.py db()
    bank.check_answer(item_id, value)
    workspace.save_answer(db, participant_id, bank.id, item_id, value, dont_know=...)

Every save that returned without an exception is *acknowledged*: the worker records it
(participant, item, value, sequence number) with its latency; an exception is recorded as
text and the worker goes on with the next answer, like a person who sees "Not saved" and
answers again. Each worker writes its results to a JSON file at the end (atomically: a
temporary file renamed into place), and the parent collects them into a :class:`LoadResult`.

Worker protocol (also used by the crash-safety test, which kills a worker on purpose): the
worker imports the app's packages and loads the bank, prints ``ready`` on stdout, waits for
one line on stdin (the start signal, so every worker starts writing at the same moment; end
of input instead makes it exit without writing), then writes. With
``echo`` on it prints ``try <seq> <item> <value>`` before each save and
``ack <seq> <item> <value>`` (flushed) after each save that returned, or ``error <seq> <text>``
after one that raised; ``<value>`` is ``dk`` for "don't know".
"""
from __future__ import annotations

import argparse
import json
import math
import os
import selectors
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DONT_KNOW = "dk"
"""How a "don't know" answer is written in echo lines."""
START_TIMEOUT = 600.0
"""Seconds all workers get to import the app's packages and report ready: a safety net for a
hung worker, not a speed limit (40 workers took 90 s on a 2-core machine at load 35)."""
FINISH_GRACE = 600.0
"""Seconds a worker may run past its duration (its last pass, a slow save) before it is killed."""


# ---------------------------------------------------------------- what a worker does

@dataclass(frozen=True)
class WorkerConfig:
    """Everything one worker process needs; travels to it as JSON on its command line.

    Attributes:
        path: the workspace file.
        participant_id: who is answering.
        bank: bank name or path, as given to ``assessments.load_bank``.
        seconds: keep re-answering until this long after the start signal (at least one
            full pass over the bank's items is always made).
        salt: shifts the value sequence, so workers (or rounds) give different answers.
        results: where the JSON results are written at the end ("" for nowhere).
        echo: print a ``try`` line before each save and an ``ack`` (or ``error``) line after.
        open_per_save: open the workspace for every save, as a page's script run does; False
            keeps one connection for the whole worker.
        dont_know: let "don't know" be one of the answers in the value cycle.
    """
    path: str
    participant_id: int
    bank: str = "culture"
    seconds: float = 0.0
    salt: int = 0
    results: str = ""
    echo: bool = False
    open_per_save: bool = True
    dont_know: bool = True


def planned_answer(item_ids: list[str], scale_max: int, sequence: int, salt: int = 0,
                   dont_know: bool = True) -> tuple[str, int | None]:
    """The item and value a worker saves at ``sequence`` (None = "don't know").

    Items are answered in bank order, over and over; each pass moves every item to the next
    value of the cycle 1..scale_max (then "don't know" when ``dont_know``), so consecutive
    answers to one item always differ.
    """
    index = sequence % len(item_ids)
    rounds = sequence // len(item_ids)
    choices = scale_max + 1 if dont_know else scale_max
    position = (rounds + index + salt) % choices
    return item_ids[index], (None if position == scale_max else position + 1)


def bank_scale(bank) -> tuple[list[str], int]:
    """Item ids and the highest valid answer of a loaded bank (likert scale or stage count)."""
    scale_max = getattr(bank, "scale_max", None) or len(bank.stages)
    return [item.id for item in bank.items], scale_max


def _format_value(value: int | None) -> str:
    return DONT_KNOW if value is None else str(value)


def parse_value(text: str) -> int | None:
    """The value of an echo line's last field (``dk`` is "don't know", None)."""
    return None if text == DONT_KNOW else int(text)


def _write_json_atomically(path: Path, data: dict) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def worker(config: WorkerConfig) -> int:
    """Body of one worker process (see the module docstring for its protocol)."""
    import workspace
    from assessments import load_bank

    bank = load_bank(config.bank)
    item_ids, scale_max = bank_scale(bank)
    shared = None if config.open_per_save else workspace.open_workspace(config.path)
    acks: list[list] = []
    latencies: list[float] = []
    errors: list[str] = []
    print("ready", flush=True)
    if not sys.stdin.readline():
        return 1  # the parent went away before the start signal: write nothing
    started = time.time()
    deadline = time.perf_counter() + config.seconds
    sequence = 0
    while sequence < len(item_ids) or time.perf_counter() < deadline:
        item_id, value = planned_answer(item_ids, scale_max, sequence, config.salt,
                                        config.dont_know)
        if config.echo:
            print(f"try {sequence} {item_id} {_format_value(value)}", flush=True)
        begin = time.perf_counter()
        try:
            # The page path: a script run opens the workspace, checks, saves.
            db = shared if shared is not None else workspace.open_workspace(config.path)
            bank.check_answer(item_id, value)
            workspace.save_answer(db, config.participant_id, bank.id, item_id, value,
                                  dont_know=value is None)
            del db
        except Exception as error:  # noqa: BLE001 - every failure is a finding
            errors.append(f"participant {config.participant_id}, save #{sequence} "
                          f"({item_id} = {_format_value(value)}): "
                          f"{type(error).__name__}: {error}")
            if config.echo:
                print(f"error {sequence} {errors[-1]}", flush=True)
        else:
            latencies.append(time.perf_counter() - begin)
            acks.append([sequence, item_id, value])
            if config.echo:
                print(f"ack {sequence} {item_id} {_format_value(value)}", flush=True)
        sequence += 1
    finished = time.time()
    if config.results:
        _write_json_atomically(Path(config.results), {
            "participant_id": config.participant_id, "bank_id": bank.id, "acks": acks,
            "latencies": latencies, "errors": errors, "started": started,
            "finished": finished})
    return 0


def worker_command(config: WorkerConfig) -> list[str]:
    """The command line that runs one worker with this interpreter."""
    return [sys.executable, str(Path(__file__).resolve()), "--worker",
            json.dumps(asdict(config))]


def start_worker(config: WorkerConfig, stderr_path: str | Path) -> subprocess.Popen:
    """Start one worker process; its stdin and stdout are text pipes, stderr goes to a file.

    Read ``ready`` from its stdout, then write a line to its stdin to let it start.
    """
    with open(stderr_path, "w", encoding="utf-8") as stderr:
        return subprocess.Popen(worker_command(config), cwd=ROOT, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=stderr, text=True, bufsize=1)


# ---------------------------------------------------------------- what the parent collects

@dataclass(frozen=True)
class Acknowledged:
    """One save that returned without an exception (value None = "don't know")."""
    participant_id: int
    item: str
    value: int | None
    sequence: int


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of ``values``; NaN when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class LoadResult:
    """What a load run produced.

    Attributes:
        bank_id: the id the answers were saved under.
        workers: how many worker processes were started.
        saves: how many saves were acknowledged in all.
        acknowledged: the LAST acknowledged answer per (participant id, item id).
        errors: every exception a worker surfaced, plus workers that failed or hung.
        latencies: seconds per acknowledged save (open + check + save), all workers.
        elapsed: seconds from the first worker's start to the last worker's end of writing.
        startup: seconds from starting the first process to every worker being ready.
    """
    bank_id: str
    workers: int
    saves: int = 0
    acknowledged: dict[tuple[int, str], Acknowledged] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    startup: float = 0.0

    def latency(self, q: float) -> float:
        """The q-th percentile save latency in seconds (nearest rank)."""
        return percentile(self.latencies, q)

    @property
    def p50(self) -> float:
        return self.latency(50)

    @property
    def p95(self) -> float:
        return self.latency(95)

    @property
    def max_latency(self) -> float:
        return max(self.latencies, default=math.nan)

    @property
    def saves_per_second(self) -> float:
        return self.saves / self.elapsed if self.elapsed > 0 else math.nan


def prepare_engagement(path: str | Path, participants: int, name: str = "Answer load") -> int:
    """Create an engagement with ``participants`` people in the workspace at ``path``.

    The workspace is created if needed (without the example engagement). Returns the
    engagement id.
    """
    import workspace

    db = workspace.open_workspace(path, seed_example_engagement=False)
    try:
        engagement = workspace.create_engagement(db, name, purpose="Concurrent answer load")
        for number in range(1, participants + 1):
            workspace.add_participant(db, engagement.id, f"Participant {number:03d}")
        return engagement.id
    finally:
        db.close()


def _stderr_tail(path: Path, lines: int = 8) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(text[-lines:])


def _wait_ready(processes: dict[int, subprocess.Popen], timeout: float) -> dict[int, str]:
    """Read each worker's ``ready`` line; returns {worker index: problem} for those that failed."""
    problems: dict[int, str] = {}
    waiting = set(processes)
    selector = selectors.DefaultSelector()
    for index, process in processes.items():
        selector.register(process.stdout, selectors.EVENT_READ, index)
    deadline = time.monotonic() + timeout
    try:
        while waiting:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                for index in waiting:
                    problems[index] = f"not ready after {timeout:.0f} s"
                break
            for key, _ in selector.select(timeout=min(remaining, 1.0)):
                index = key.data
                line = processes[index].stdout.readline()
                selector.unregister(key.fileobj)
                waiting.discard(index)
                if line.strip() != "ready":
                    problems[index] = f"did not start (said {line.strip()!r})"
    finally:
        selector.close()
    return problems


def run_answer_load(path: str | Path, engagement_id: int, bank: str = "culture", *,
                    seconds: float = 0.0, open_per_save: bool = True, dont_know: bool = True,
                    start_timeout: float = START_TIMEOUT,
                    finish_grace: float = FINISH_GRACE) -> LoadResult:
    """Let every participant of the engagement answer the bank at once, one process each.

    Args:
        path: the workspace file (it must hold the engagement and its participants).
        engagement_id: whose participants answer.
        bank: bank name or path for ``assessments.load_bank``.
        seconds: how long each worker keeps re-answering after its first full pass over the
            items (0: one pass, every item answered once).
        open_per_save: open the workspace for every save as a page's script run does (True)
            or once per worker.
        dont_know: include "don't know" in the cycle of answers.
        start_timeout: seconds all workers get to become ready.
        finish_grace: seconds past ``seconds`` after which a worker still running is killed
            (and reported as an error).

    Returns:
        The collected :class:`LoadResult`; a worker that failed to start, crashed, hung or
        left no results shows up in ``errors`` (its answers are then not in the result).
    """
    import workspace
    from assessments import load_bank

    db = workspace.open_workspace(path, seed_example_engagement=False)
    try:
        people = workspace.list_participants(db, engagement_id)
    finally:
        db.close()
    result = LoadResult(bank_id=load_bank(bank).id, workers=len(people))
    with tempfile.TemporaryDirectory(prefix="answer-load-") as folder:
        folder = Path(folder)
        configs = {index: WorkerConfig(path=str(path), participant_id=person.id, bank=str(bank),
                                       seconds=seconds, salt=index,
                                       results=str(folder / f"worker-{index}.json"),
                                       open_per_save=open_per_save, dont_know=dont_know)
                   for index, person in enumerate(people)}
        processes: dict[int, subprocess.Popen] = {}
        try:
            launched = time.perf_counter()
            for index, config in configs.items():
                processes[index] = start_worker(config, folder / f"worker-{index}.err")
            problems = _wait_ready(processes, start_timeout)
            result.startup = time.perf_counter() - launched
            for index, process in processes.items():
                if index not in problems:
                    try:
                        process.stdin.write("go\n")
                        process.stdin.close()
                    except OSError as error:
                        problems[index] = f"could not be started: {error}"
            deadline = time.monotonic() + seconds + finish_grace
            for index, process in processes.items():
                if index in problems:
                    process.kill()
                    process.wait()
                    continue
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
                    problems[index] = f"still running {seconds + finish_grace:.0f} s after start"
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.kill()
                    process.wait()
                for stream in (process.stdin, process.stdout):
                    if stream and not stream.closed:
                        try:
                            stream.close()
                        except OSError:
                            pass  # a pipe to a dead worker
        starts, ends = [], []
        for index, config in configs.items():
            who = f"worker {index} (participant {config.participant_id})"
            results_file = Path(config.results)
            if index in problems or not results_file.exists():
                why = problems.get(index) or f"exited with code {processes[index].returncode}"
                result.errors.append(f"{who} {why}; left no results. stderr: "
                                     f"{_stderr_tail(folder / f'worker-{index}.err')}")
                continue
            data = json.loads(results_file.read_text(encoding="utf-8"))
            result.errors.extend(data["errors"])
            result.latencies.extend(data["latencies"])
            result.saves += len(data["acks"])
            starts.append(data["started"])
            ends.append(data["finished"])
            for sequence, item, value in data["acks"]:
                result.acknowledged[(config.participant_id, item)] = Acknowledged(
                    config.participant_id, item, value, sequence)
            if processes[index].returncode != 0:
                result.errors.append(f"{who} exited with code {processes[index].returncode}: "
                                     f"{_stderr_tail(folder / f'worker-{index}.err')}")
        result.elapsed = (max(ends) - min(starts)) if starts else 0.0
    return result


# ---------------------------------------------------------------- checking the file afterwards

def lost_answers(path: str | Path, result: LoadResult) -> list[str]:
    """Acknowledged answers the workspace does not hold with their last acknowledged value.

    Reads back through ``workspace.participant_answers``; an empty list means nothing was
    lost or left stale.
    """
    import workspace

    db = workspace.open_workspace(path, seed_example_engagement=False)
    try:
        problems = []
        people = sorted({participant for participant, _ in result.acknowledged})
        saved = {p: workspace.participant_answers(db, p, result.bank_id) for p in people}
        for (participant, item), ack in sorted(result.acknowledged.items()):
            answer = saved[participant].get(item)
            if answer is None or not answer.answered:
                problems.append(f"participant {participant} {item}: acknowledged "
                                f"{_format_value(ack.value)} (save #{ack.sequence}), not saved")
            elif (answer.value, answer.dont_know) != (ack.value, ack.value is None):
                shown = DONT_KNOW if answer.dont_know else answer.value
                problems.append(f"participant {participant} {item}: acknowledged "
                                f"{_format_value(ack.value)} (save #{ack.sequence}), "
                                f"workspace holds {shown}")
        return problems
    finally:
        db.close()


def integrity_check(path: str | Path) -> str:
    """SQLite's ``PRAGMA integrity_check`` of the file: ``"ok"`` or the problems found."""
    conn = sqlite3.connect(str(path), timeout=30)
    try:
        return "\n".join(row[0] for row in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


# ---------------------------------------------------------------- command line

def _ms(seconds: float) -> str:
    return "-" if math.isnan(seconds) else f"{seconds * 1000:,.1f}"


def main(argv: list[str] | None = None) -> int:
    """Run one answer load in a temporary workspace and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--bank", default="culture")
    parser.add_argument("--one-connection", action="store_true",
                        help="open the workspace once per worker instead of once per save")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(WorkerConfig(**json.loads(args.worker)))
    if args.participants < 1:
        parser.error("--participants must be at least 1")
    with tempfile.TemporaryDirectory(prefix="socialready-answer-load-") as folder:
        path = Path(folder) / "workspace.db"
        engagement_id = prepare_engagement(path, args.participants)
        started = time.perf_counter()
        result = run_answer_load(path, engagement_id, args.bank, seconds=args.seconds,
                                 open_per_save=not args.one_connection)
        total = time.perf_counter() - started
        lost = lost_answers(path, result)
        integrity = integrity_check(path)
    mode = "one connection per worker" if args.one_connection else "workspace opened per save"
    print(f"Answer load: {result.workers} processes x {args.bank}, {args.seconds:g} s, {mode}"
          f" (start-up {result.startup:.1f} s, whole run {total:.1f} s)")
    header = (f"{'processes':>9} | {'saves':>7} | {'errors':>6} | {'p50 ms':>8} | "
              f"{'p95 ms':>8} | {'max ms':>8} | {'saves/s':>8}")
    print(header)
    print("-" * len(header))
    print(f"{result.workers:>9} | {result.saves:>7,} | {len(result.errors):>6} | "
          f"{_ms(result.p50):>8} | {_ms(result.p95):>8} | {_ms(result.max_latency):>8} | "
          f"{result.saves_per_second:>8,.1f}")
    print(f"lost or stale answers: {len(lost)}; integrity_check: {integrity}")
    for line in (result.errors + lost)[:10]:
        print("  " + line)
    return 0 if not result.errors and not lost and integrity == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
