"""Slowing down guessing: after a few free failures, each try must wait longer.

One :class:`Throttle` per kind of secret (join codes, the facilitator sign-in), keyed by who
is trying (a browser session, an address). Failures beyond ``free`` double the wait, up to
``longest``; a success forgets the key's failures.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Throttle:
    """Counts failed attempts per key and says how long a key must wait before the next."""

    def __init__(self, free: int = 3, first_wait: float = 2.0, longest: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free, self.first_wait, self.longest = free, first_wait, longest
        self._clock = clock
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def wait_for(self, key: str) -> float:
        """Seconds ``key`` must still wait before its next attempt (0 when it may try now)."""
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
        if count == 0 or count < self.free:
            return 0.0
        wait = min(self.longest, self.first_wait * 2.0 ** min(count - self.free, 64))
        return max(0.0, last + wait - self._clock())

    def failed(self, key: str) -> None:
        """Record a failed attempt by ``key``."""
        with self._lock:
            count, _ = self._failures.get(key, (0, 0.0))
            self._failures[key] = (count + 1, self._clock())
            if len(self._failures) > 10_000:  # forget the oldest keys rather than grow forever
                for old in sorted(self._failures, key=lambda k: self._failures[k][1])[:1_000]:
                    del self._failures[old]

    def succeeded(self, key: str) -> None:
        """Forget the failures of ``key`` (it proved it knows the secret)."""
        with self._lock:
            self._failures.pop(key, None)
