"""Slowing down guessing and flooding: how many attempts a key may make, and then how long
it must wait.

A :class:`Limit` is a rule ("10 wrong codes an hour from one address, then waits that double
from 2 seconds to 5 minutes"); a :class:`Count` is where one key (an address, or everyone
together) stands under it. Both are plain values: the workspace stores the counts, so that
they hold across connections, server processes and replicas. Times are wall-clock seconds
(``time.time()``), the one clock that several processes share.

The limits the app applies are the constants at the end; README.md ("Security and limits")
states them and what they allow an attacker.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Count:
    """Where one key stands: ``events`` counted since ``window_start``, and the earliest
    time of its next attempt (``next_allowed``)."""
    events: int
    window_start: float
    next_allowed: float


@dataclass(frozen=True)
class Limit:
    """``free`` attempts per ``window`` seconds; the attempt that uses up the free ones
    makes the next wait ``first_wait`` seconds, each further one twice as long as the one
    before, up to ``longest``. The count starts again once a window has passed since it
    began (waiting out a delay does not by itself forgive anything)."""
    free: int
    window: float
    first_wait: float
    longest: float

    def wait(self, count: Count | None, now: float) -> float:
        """Seconds the key must still wait before its next attempt (0 when it may try)."""
        if count is None:
            return 0.0
        return max(0.0, count.next_allowed - now)

    def counted(self, count: Count | None, now: float) -> Count:
        """The key's count after one more attempt at ``now``."""
        if count is None or now - count.window_start >= self.window:
            count = Count(0, now, 0.0)
        events = count.events + 1
        next_allowed = count.next_allowed
        if events >= self.free:
            doublings = min(events - self.free, 64)
            next_allowed = now + min(self.longest, self.first_wait * 2.0 ** doublings)
        return Count(events, count.window_start, next_allowed)

    def expires(self, count: Count) -> float:
        """When the count stops mattering (it can be forgotten after this time)."""
        return max(count.window_start + self.window, count.next_allowed)


MINUTE, HOUR = 60.0, 3600.0

#: Wrong join codes from one address: 10 an hour, then 30 s, 1 min, 2 min, up to 5 minutes.
CODES_PER_ADDRESS = Limit(free=10, window=HOUR, first_wait=30.0, longest=5 * MINUTE)
#: Wrong join codes from everyone together: 60 in 10 minutes, then nobody may try a code
#: for 10 minutes. At most 360 wrong codes an hour reach the check, whatever the addresses.
CODES_EVERYONE = Limit(free=60, window=10 * MINUTE, first_wait=10 * MINUTE,
                       longest=10 * MINUTE)
#: Wrong facilitator secrets from one address: 5 an hour, then 30 s, 1 min, ... up to 15 min.
SECRETS_PER_ADDRESS = Limit(free=5, window=HOUR, first_wait=30.0, longest=15 * MINUTE)
#: Wrong facilitator secrets from everyone together: 20 in 10 minutes, then 10 minutes' wait.
SECRETS_EVERYONE = Limit(free=20, window=10 * MINUTE, first_wait=10 * MINUTE,
                         longest=10 * MINUTE)
#: People joining from one address: 20 in 10 minutes, then 10 minutes' wait.
JOINS_PER_ADDRESS = Limit(free=20, window=10 * MINUTE, first_wait=10 * MINUTE,
                          longest=10 * MINUTE)
#: People starting a pulse survey through its open link from one address: 200 in 10 minutes,
#: then 10 minutes' wait (an office behind one address starts a few hundred people an hour;
#: invitee links are not limited this way).
PULSE_STARTS_PER_ADDRESS = Limit(free=200, window=10 * MINUTE, first_wait=10 * MINUTE,
                                 longest=10 * MINUTE)
#: Survey links that open nothing, from one address: as wrong join codes.
PULSE_LINKS_PER_ADDRESS = CODES_PER_ADDRESS
