"""What many pages of one app process poll, read from the database once for all of them.

A room of 200 phones each asking every few seconds "has the facilitator changed anything?"
would be 200 reads per interval on each replica, for one answer that is the same for
everyone. :func:`shared` keeps the last answer for a short time per key (a session, a
campaign), and lets one caller read while the others wait for that read: the database sees
about one read per key per interval, however many people poll. A person's own action never
goes through it (their page reruns and reads fresh).
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

Value = TypeVar("Value")

#: How long a polled answer is shared: the delay a change may take beyond a page's own poll.
SECONDS = 1.0
#: Keys kept (a key is a session or a campaign of one workspace); the oldest go first.
KEPT = 512


class SharedPolls:
    """A per-process table of recent answers, safe to use from every page's thread."""

    def __init__(self, seconds: float = SECONDS, kept: int = KEPT,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds, self.kept, self.clock = seconds, kept, clock
        self._lock = threading.Lock()
        self._answers: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._readers: dict[Hashable, threading.Lock] = {}

    def _fresh(self, key: Hashable) -> tuple[bool, Any]:
        found = self._answers.get(key)
        if found is not None and self.clock() - found[0] < self.seconds:
            return True, found[1]
        return False, None

    def get(self, key: Hashable, read: Callable[[], Value]) -> Value:
        """The answer for ``key``: the one read less than :attr:`seconds` ago, else
        ``read()`` (one caller reads; others asking meanwhile wait for its answer).

        Raises:
            Whatever ``read`` raises (nothing is kept then).
        """
        with self._lock:
            fresh, value = self._fresh(key)
            if fresh:
                return value
            reader = self._readers.setdefault(key, threading.Lock())
        with reader:
            with self._lock:
                fresh, value = self._fresh(key)
                if fresh:
                    return value
            value = read()
            self.keep(key, value)
            return value

    def keep(self, key: Hashable, value: Any) -> None:
        """Share ``value``, just read, as the answer for ``key``."""
        with self._lock:
            self._answers[key] = (self.clock(), value)
            self._answers.move_to_end(key)
            while len(self._answers) > self.kept:
                old, _ = self._answers.popitem(last=False)
                self._readers.pop(old, None)


_polls = SharedPolls()


def shared(key: Hashable, read: Callable[[], Value]) -> Value:
    """``read()`` shared by every page of this process for :data:`SECONDS` (see
    :class:`SharedPolls`)."""
    return _polls.get(key, read)


def following(key: Hashable, read: Callable[[], Value]) -> Callable[[], Value]:
    """A poll for a fragment that refreshes itself: its first call (the page's own run, after
    something this person did) reads now; the timed refreshes after it share one read per
    second with everyone polling ``key`` (see :func:`shared`)."""
    calls = 0

    def poll() -> Value:
        nonlocal calls
        calls += 1
        if calls > 1:
            return shared(key, read)
        value = read()
        _polls.keep(key, value)          # fresh: the others' refreshes may use it too
        return value
    return poll
