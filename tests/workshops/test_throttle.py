"""Throttling wrong codes and secrets: a few free tries, then waits that double up to a cap."""
import pytest

from workshops import Throttle


class FakeClock:
    """A clock the test moves by hand (seconds)."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def throttle(clock):
    return Throttle(free=3, first_wait=2.0, longest=30.0, clock=clock)


def _fail(throttle, key, times):
    for _ in range(times):
        throttle.failed(key)


def test_someone_who_never_failed_may_try_at_once(throttle):
    assert throttle.wait_for("browser-1") == 0


def test_the_first_three_wrong_codes_cost_nothing(throttle):
    for _ in range(2):
        throttle.failed("browser-1")
        assert throttle.wait_for("browser-1") == 0


def test_after_the_free_tries_the_next_one_waits_first_wait(throttle):
    _fail(throttle, "browser-1", 3)
    assert throttle.wait_for("browser-1") == 2.0


def test_each_further_failure_doubles_the_wait_up_to_the_longest(throttle):
    # free=3, first_wait=2, longest=30: after failures 3, 4, 5, 6, 7, 8 the waits are
    # 2 * 2**0 .. 2 * 2**5 = 2, 4, 8, 16, 32 -> 30, 64 -> 30.
    waits = []
    for _ in range(8):
        throttle.failed("browser-1")
        waits.append(throttle.wait_for("browser-1"))
    assert waits == [0, 0, 2, 4, 8, 16, 30, 30]


def test_the_wait_counts_down_with_time(throttle, clock):
    _fail(throttle, "browser-1", 4)               # must wait 4 s
    clock.advance(1.5)
    assert throttle.wait_for("browser-1") == pytest.approx(2.5)


def test_waiting_out_the_time_allows_a_try(throttle, clock):
    _fail(throttle, "browser-1", 5)               # must wait 8 s
    clock.advance(7.9)
    assert throttle.wait_for("browser-1") > 0
    clock.advance(0.1)
    assert throttle.wait_for("browser-1") == 0
    clock.advance(1_000)
    assert throttle.wait_for("browser-1") == 0    # never negative


def test_waiting_does_not_forgive_failures(throttle, clock):
    _fail(throttle, "browser-1", 3)
    clock.advance(10)                             # waited out the 2 s
    throttle.failed("browser-1")                  # the 4th wrong code
    assert throttle.wait_for("browser-1") == 4.0


def test_the_wait_runs_from_the_latest_failure(throttle, clock):
    _fail(throttle, "browser-1", 3)
    clock.advance(100)
    throttle.failed("browser-1")
    clock.advance(1)
    assert throttle.wait_for("browser-1") == pytest.approx(3.0)


def test_a_success_forgets_the_failures(throttle):
    _fail(throttle, "browser-1", 6)
    throttle.succeeded("browser-1")
    assert throttle.wait_for("browser-1") == 0
    _fail(throttle, "browser-1", 2)               # free tries again, from the start
    assert throttle.wait_for("browser-1") == 0
    throttle.failed("browser-1")
    assert throttle.wait_for("browser-1") == 2.0


def test_success_of_someone_unknown_is_harmless(throttle):
    throttle.succeeded("never-seen")
    assert throttle.wait_for("never-seen") == 0


def test_one_persons_failures_do_not_slow_down_another(throttle):
    _fail(throttle, "browser-1", 6)
    assert throttle.wait_for("browser-2") == 0
    _fail(throttle, "browser-2", 3)
    assert throttle.wait_for("browser-2") == 2.0
    assert throttle.wait_for("browser-1") == 16.0
    throttle.succeeded("browser-2")
    assert throttle.wait_for("browser-1") == 16.0


def test_defaults_give_three_free_tries_and_a_five_minute_cap(clock):
    throttle = Throttle(clock=clock)
    _fail(throttle, "k", 3)
    assert throttle.wait_for("k") == 2.0
    _fail(throttle, "k", 20)
    assert throttle.wait_for("k") == 300.0


def test_with_one_free_try_the_first_failure_already_waits(clock):
    throttle = Throttle(free=1, first_wait=5.0, clock=clock)
    assert throttle.wait_for("k") == 0
    throttle.failed("k")
    assert throttle.wait_for("k") == 5.0


def test_memory_stays_bounded_by_forgetting_the_oldest_keys(clock):
    throttle = Throttle(free=1, first_wait=1e6, longest=1e6, clock=clock)
    throttle.failed("oldest")
    for number in range(10_000):
        clock.advance(0.001)
        throttle.failed(f"key-{number}")
    assert throttle.wait_for("oldest") == 0          # forgotten to make room
    assert throttle.wait_for("key-9999") > 0         # the newest are still counted


def test_a_very_persistent_guesser_still_gets_the_longest_wait(throttle):
    _fail(throttle, "browser-1", 1_100)
    assert throttle.wait_for("browser-1") == 30.0
