"""Limits on attempts: a few free ones per window, then waits that double up to a cap."""
import pytest

from workshops import Count, Limit
from workshops import throttle

LIMIT = Limit(free=3, window=3600.0, first_wait=2.0, longest=30.0)
START = 1_000_000.0


def _after(attempts: int, limit: Limit = LIMIT, start: float = START, step: float = 0.0):
    count = None
    for number in range(attempts):
        count = limit.counted(count, start + number * step)
    return count


def test_a_key_never_seen_may_try_at_once():
    assert LIMIT.wait(None, START) == 0


def test_the_free_attempts_cost_nothing_until_the_last_free_one():
    for attempts in (1, 2):
        assert LIMIT.wait(_after(attempts), START) == 0


def test_the_attempt_that_uses_up_the_free_ones_makes_the_next_wait_first_wait():
    assert LIMIT.wait(_after(3), START) == 2.0


def test_each_further_attempt_doubles_the_wait_up_to_the_longest():
    # free=3, first_wait=2, longest=30: after attempts 3..8 the waits are 2, 4, 8, 16, 30, 30.
    waits = [LIMIT.wait(_after(n), START) for n in range(1, 9)]
    assert waits == [0, 0, 2, 4, 8, 16, 30, 30]


def test_the_wait_counts_down_with_time():
    count = _after(4)                                  # must wait 4 s
    assert LIMIT.wait(count, START + 1.5) == pytest.approx(2.5)
    assert LIMIT.wait(count, START + 4.0) == 0
    assert LIMIT.wait(count, START + 1_000) == 0       # never negative


def test_waiting_out_a_delay_does_not_forgive_the_attempts():
    count = _after(3)
    later = LIMIT.counted(count, START + 10)           # the 4th, after waiting out 2 s
    assert LIMIT.wait(later, START + 10) == 4.0


def test_the_count_starts_again_once_the_window_has_passed():
    count = _after(6)
    fresh = LIMIT.counted(count, START + 3600)
    assert fresh == Count(1, START + 3600, 0.0)
    assert LIMIT.wait(fresh, START + 3600 + 60) == 0


def test_a_count_expires_when_neither_its_window_nor_its_wait_matters_any_more():
    short = Limit(free=1, window=10.0, first_wait=100.0, longest=100.0)
    count = short.counted(None, START)
    assert short.expires(count) == START + 100
    assert LIMIT.expires(_after(1)) == START + 3600


def test_a_very_persistent_guesser_still_gets_the_longest_wait():
    assert LIMIT.wait(_after(1_100), START) == 30.0


def test_the_apps_limits_allow_a_room_and_stop_enumeration():
    """The figures README.md states: what a room may get wrong, what a guesser gets."""
    assert throttle.CODES_PER_ADDRESS.free == 10
    assert throttle.CODES_EVERYONE.free == 60 and throttle.CODES_EVERYONE.window == 600
    assert throttle.CODES_EVERYONE.first_wait == throttle.CODES_EVERYONE.longest == 600
    assert throttle.SECRETS_PER_ADDRESS.free == 5
    assert throttle.SECRETS_EVERYONE.free == 20
    assert throttle.JOINS_PER_ADDRESS.free == 20
    # Everyone together: the 60th wrong code in a window stops all codes for 10 minutes, so
    # at most 60 wrong codes per 10 minutes reach the check.
    assert throttle.CODES_EVERYONE.wait(_after(59, throttle.CODES_EVERYONE), START) == 0
    assert throttle.CODES_EVERYONE.wait(_after(60, throttle.CODES_EVERYONE), START) == 600
