"""Counted attempts in the workspace: they hold across connections and processes, parallel
attempts cannot slip past a limit together, a success is uncounted, old rows are pruned."""
import subprocess
import sys
import threading

import pytest

import workspace
from tests.conftest import ROOT
from workshops import Limit
from workspace import attempts

LIMIT = Limit(free=3, window=3600.0, first_wait=60.0, longest=600.0)
EVERYONE = Limit(free=5, window=600.0, first_wait=600.0, longest=600.0)
T = 1_700_000_000.0


def _keys(address="192.0.2.1"):
    return [(f"code/address/{address}", LIMIT), ("code/everyone", EVERYONE)]


def _rows(db):
    return {row["key"]: row for row in db.query("SELECT * FROM attempt_limits")}


def test_attempts_are_counted_until_a_limit_says_wait(fresh_db):
    for second in range(3):
        assert isinstance(attempts.take(fresh_db, _keys(), now=T + second), attempts.Taken)
    refused = attempts.take(fresh_db, _keys(), now=T + 3)
    assert refused == attempts.Refused("code/address/192.0.2.1", pytest.approx(59.0))
    assert _rows(fresh_db)["code/address/192.0.2.1"]["events"] == 3, "a refusal counts nothing"


def test_everyone_together_are_limited_whatever_their_addresses(fresh_db):
    for number in range(5):
        assert isinstance(attempts.take(fresh_db, _keys(f"192.0.2.{number}"), now=T),
                          attempts.Taken)
    refused = attempts.take(fresh_db, _keys("198.51.100.1"), now=T + 1)
    assert refused.key == "code/everyone" and refused.wait == pytest.approx(599.0)
    assert attempts.wait_for(fresh_db, [("code/everyone", EVERYONE)], now=T + 1) == refused


def test_a_success_is_uncounted(fresh_db):
    attempts.take(fresh_db, _keys(), now=T)
    taken = attempts.take(fresh_db, _keys(), now=T + 1)
    attempts.give_back(fresh_db, taken)
    assert _rows(fresh_db)["code/address/192.0.2.1"]["events"] == 1
    first_only = attempts.take(fresh_db, _keys("192.0.2.9"), now=T + 2)
    attempts.give_back(fresh_db, first_only)
    assert "code/address/192.0.2.9" not in _rows(fresh_db)


def test_a_success_after_others_counted_removes_only_itself(fresh_db):
    mine = attempts.take(fresh_db, _keys("192.0.2.1"), now=T)
    attempts.take(fresh_db, _keys("192.0.2.2"), now=T + 1)       # someone else, meanwhile
    attempts.give_back(fresh_db, mine)
    assert _rows(fresh_db)["code/everyone"]["events"] == 1


def test_counts_hold_for_a_new_connection_and_another_process(workspace_path):
    """What a reload, a second server process or a replica sees: the same counts."""
    first = workspace.open_workspace(workspace_path, seed_example_engagement=False)
    for second in range(2):
        attempts.take(first, _keys(), now=T + second)
    script = ("import sys, workspace; from workspace import attempts; "
              "from workshops import Limit; "
              "db = workspace.open_workspace(sys.argv[1]); "
              "limit = Limit(free=3, window=3600.0, first_wait=60.0, longest=600.0); "
              f"attempts.take(db, [('code/address/192.0.2.1', limit)], now={T + 2})")
    subprocess.run([sys.executable, "-c", script, str(workspace_path)], cwd=ROOT, check=True)
    again = workspace.open_workspace(workspace_path)
    refused = attempts.take(again, _keys(), now=T + 3)
    assert isinstance(refused, attempts.Refused)


def test_parallel_attempts_cannot_pass_a_limit_together(workspace_path):
    """Twenty threads, each with its own connection, try at once; five may pass."""
    workspace.open_workspace(workspace_path, seed_example_engagement=False)
    results, start = [], threading.Barrier(20)

    def attempt(number: int) -> None:
        db = workspace.open_workspace(workspace_path)
        start.wait()
        results.append(attempts.take(db, _keys(f"192.0.2.{number}"), now=T))

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(isinstance(r, attempts.Taken) for r in results) == 5


def test_rows_that_no_longer_matter_are_pruned(fresh_db):
    for number in range(50):
        attempts.take(fresh_db, [(f"code/address/192.0.2.{number}", LIMIT)], now=T)
    attempts.take(fresh_db, [("code/address/203.0.113.1", LIMIT)], now=T + 3601)
    assert set(_rows(fresh_db)) == {"code/address/203.0.113.1"}


def test_a_row_waiting_longer_than_its_window_is_kept_until_the_wait_ends(fresh_db):
    long_wait = Limit(free=1, window=10.0, first_wait=100.0, longest=100.0)
    attempts.take(fresh_db, [("secret/everyone", long_wait)], now=T)
    attempts.take(fresh_db, [("other", long_wait)], now=T + 50)
    assert "secret/everyone" in _rows(fresh_db)
    refused = attempts.take(fresh_db, [("secret/everyone", long_wait)], now=T + 50)
    assert refused.wait == pytest.approx(50.0)
