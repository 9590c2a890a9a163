"""A process killed while saving answers loses nothing it had already reported as saved.

The child is a worker of ``bench/answer_load.py`` in echo mode: it saves answers in a loop
through the questionnaire page's code path (open the workspace, ``bank.check_answer``,
``workspace.save_answer``) and prints ``ack <seq> <item> <value>`` on stdout only after a save
returned. The parent lets it save a while, then kills it with SIGKILL in the middle of its
burst of saves, which is what a crashed or killed app server does to a write in progress.

The workspace runs WAL with ``synchronous = NORMAL``: a committed transaction survives the
process dying (it is in the WAL file, which the OS keeps); only a power loss may drop the
last commits, and that is not what this file tests.
"""
from __future__ import annotations

import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import workspace
from bench.answer_load import (WorkerConfig, integrity_check, parse_value,
                               prepare_engagement, start_worker)

LINE_TIMEOUT = 300.0
"""Seconds to wait for the child's next line: generous, a loaded machine only slows it down."""
KILLS = ((40, 0.0), (95, 0.001), (170, 0.0025), (260, 0.004), (75, 0.006), (130, 0.009))
"""Per round: acknowledged saves to wait for, then seconds to wait before the kill. A save
takes a few milliseconds; the delays move the kill across its phases (opening the file,
inside the transaction, committing, reporting back) and the counts across the answer cycle."""


@dataclass
class Burst:
    """What the child reported before it was killed."""
    acknowledged: list[tuple[int, str, int | None]] = field(default_factory=list)
    attempted: list[tuple[int, str, int | None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    returncode: int | None = None

    def in_flight(self) -> list[tuple[str, int | None]]:
        """Saves that had started but not reported back when the kill came (at most one)."""
        last = self.acknowledged[-1][0] if self.acknowledged else -1
        return [(item, value) for seq, item, value in self.attempted if seq > last]


def _pump(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def save_until_killed(config: WorkerConfig, stderr: Path, kill_after: int,
                      delay: float = 0.0) -> Burst:
    """Start an echoing worker, let it acknowledge ``kill_after`` saves, wait ``delay``
    seconds while it goes on saving, then SIGKILL it."""
    burst = Burst()
    child = start_worker(config, stderr)
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_pump, args=(child.stdout, lines), daemon=True)
    reader.start()
    try:
        assert lines.get(timeout=LINE_TIMEOUT) == "ready", stderr.read_text()
        child.stdin.write("go\n")
        child.stdin.flush()
        while len(burst.acknowledged) < kill_after:
            line = lines.get(timeout=LINE_TIMEOUT)
            assert line is not None, f"the child stopped on its own: {stderr.read_text()}"
            _record(burst, line)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        burst.returncode = child.wait(timeout=LINE_TIMEOUT)
        # Whatever the child had flushed before dying is still in the pipe: read it all.
        while (line := lines.get(timeout=LINE_TIMEOUT)) is not None:
            _record(burst, line)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        reader.join(timeout=LINE_TIMEOUT)
        child.stdout.close()
        child.stdin.close()
    return burst


def _record(burst: Burst, line: str) -> None:
    kind, rest = line.split(" ", 1)
    if kind == "error":
        burst.errors.append(rest)
        return
    seq, item, value = rest.split(" ")
    entry = (int(seq), item, parse_value(value))
    (burst.acknowledged if kind == "ack" else burst.attempted).append(entry)


def _saved(path: Path, participant_id: int) -> dict[str, int | None]:
    db = workspace.open_workspace(path)
    try:
        return {item: answer.value
                for item, answer in workspace.participant_answers(db, participant_id,
                                                                  "culture").items()
                if answer.answered}
    finally:
        db.close()


def test_answers_reported_as_saved_survive_the_writer_being_killed_mid_burst(tmp_path,
                                                                             workspace_path):
    """Kill the answering process with SIGKILL six times, at different moments.

    What a participant would notice if this failed: after the server crashed and came back,
    an answer they had seen saved is gone or shows an older value, or the app cannot open the
    workspace at all (a damaged file). Each round: the file passes ``PRAGMA integrity_check``
    (on SQLite) and the workspace holds every answer the child reported as saved, with the
    value it reported last. The one save the kill may have interrupted counts either way
    (committed or not): the child never reported it, so nobody was told it was saved. On
    PostgreSQL the app process dies with a transaction open on the server, which the server
    rolls back when the connection drops.
    """
    path = workspace_path
    engagement_id = prepare_engagement(path, participants=1)
    db = workspace.open_workspace(path)
    participant_id = workspace.list_participants(db, engagement_id)[0].id
    db.close()
    expected: dict[str, int | None] = {}

    for round_number, (kill_after, delay) in enumerate(KILLS):
        config = WorkerConfig(path=str(path), participant_id=participant_id, bank="culture",
                              seconds=600, salt=3 * round_number, echo=True)
        burst = save_until_killed(config, tmp_path / f"child-{round_number}.err", kill_after,
                                  delay)

        assert burst.returncode == -signal.SIGKILL, "the child was killed, not finished"
        assert burst.errors == []
        assert len(burst.acknowledged) >= kill_after
        for _, item, value in burst.acknowledged:
            expected[item] = value
        if not workspace.store.is_url(str(path)):
            assert integrity_check(path) == "ok"
        saved = _saved(path, participant_id)
        interrupted = dict(burst.in_flight())
        for item, value in expected.items():
            allowed = {value, interrupted[item]} if item in interrupted else {value}
            assert item in saved and saved[item] in allowed, (
                f"round {round_number + 1}: {item} was reported saved as {value}, "
                f"the workspace holds {saved.get(item, 'nothing')}")
        assert set(saved) <= set(expected) | set(interrupted)
        expected = saved  # the interrupted save, if it landed, is the value to keep from now
