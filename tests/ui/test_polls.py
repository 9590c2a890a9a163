"""Polls shared by every page of a process: a room of phones asking the same question every
few seconds costs the database about one read a second, and nobody sees an old answer for
longer than that."""
from __future__ import annotations

import threading

import pytest

from ui.polls import SharedPolls, following


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Reader:
    """Counts its reads; each read returns the read's number."""

    def __init__(self, pause: threading.Event | None = None) -> None:
        self.reads = 0
        self.pause = pause
        self.lock = threading.Lock()

    def __call__(self) -> int:
        if self.pause is not None:
            self.pause.wait(5)
        with self.lock:
            self.reads += 1
            return self.reads


def test_two_hundred_pages_polling_within_a_second_cost_one_read():
    clock, read = Clock(), Reader()
    polls = SharedPolls(seconds=1.0, clock=clock)
    answers = [polls.get(("session", 7), read) for _ in range(200)]
    assert read.reads == 1 and set(answers) == {1}
    clock.now += 0.99
    assert polls.get(("session", 7), read) == 1 and read.reads == 1
    clock.now += 0.02                         # past the second: the next poll reads again
    assert polls.get(("session", 7), read) == 2 and read.reads == 2


def test_pages_polling_at_the_same_moment_wait_for_one_read_instead_of_each_reading():
    gate = threading.Event()
    read = Reader(pause=gate)
    polls = SharedPolls(seconds=1.0)
    answers: list[int] = []
    threads = [threading.Thread(target=lambda: answers.append(polls.get("room", read)))
               for _ in range(20)]
    for thread in threads:
        thread.start()
    gate.set()
    for thread in threads:
        thread.join(5)
    assert read.reads == 1 and answers == [1] * 20


def test_each_session_has_its_own_answer_and_a_failed_read_is_not_kept():
    clock = Clock()
    polls = SharedPolls(seconds=1.0, clock=clock)
    assert polls.get("a", lambda: "A") == "A" and polls.get("b", lambda: "B") == "B"

    def broken() -> str:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        polls.get("c", broken)
    assert polls.get("c", lambda: "C") == "C"


def test_the_table_keeps_at_most_its_number_of_keys_the_oldest_going_first():
    polls = SharedPolls(seconds=60.0, kept=3)
    for key in "abcd":
        polls.get(key, lambda key=key: key.upper())
    read = Reader()
    polls.get("a", read)                      # "a" went first: read again
    polls.get("d", read)                      # "d" is still kept
    assert read.reads == 1


def test_a_refreshing_page_reads_now_on_its_own_run_and_shares_afterwards():
    read = Reader()
    page = following(("session", 99, "test"), read)
    other = following(("session", 99, "test"), read)
    assert page() == 1                        # the page's own run: fresh
    assert other() == 2                       # another page's own run: fresh too
    assert page() == 2 and other() == 2       # their refreshes: the one shared read
    assert read.reads == 2
