"""Writers racing each other. SQLite lets one writer in at a time; PostgreSQL lets them all
in, so each read-then-write block holds by a constraint, a lock or a retry. Each test starts
its writers together (a barrier) on their own connections, as separate pages would."""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

import workspace
from workspace import backup_bytes


def _race(location, count: int, act: Callable[[Any, int], Any]) -> list[Any]:
    """Run ``act(db, n)`` in ``count`` threads at once; each result or raised error."""
    results: list[Any] = [None] * count
    start = threading.Barrier(count)

    def run(n: int) -> None:
        db = workspace.open_workspace(location)
        start.wait()
        try:
            results[n] = act(db, n)
        except Exception as error:  # noqa: BLE001 - the test looks at every outcome
            results[n] = error
        finally:
            db.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_people_joining_an_anonymous_session_at_once_each_get_their_own_number(
        example_db, workspace_path):
    engagement = workspace.list_engagements(example_db)[0]
    session = workspace.open_session(example_db, engagement.id, ["culture"], anonymous=True)
    joined = _race(workspace_path, 12, lambda db, n: workspace.join_session(db, session.code))
    assert all(isinstance(person, workspace.Participant) for person in joined), joined
    names = sorted(person.name for person in joined)
    assert names == sorted(f"Participant {n}" for n in range(1, 13))


def test_a_room_never_takes_more_people_than_its_size(example_db, workspace_path):
    engagement = workspace.list_engagements(example_db)[0]
    session = workspace.open_session(example_db, engagement.id, ["culture"],
                                     max_participants=5)
    joined = _race(workspace_path, 12,
                   lambda db, n: workspace.join_session(db, session.code, f"Person {n}"))
    assert sum(isinstance(r, workspace.Participant) for r in joined) == 5
    assert all(isinstance(r, (workspace.Participant, workspace.RoomFull)) for r in joined)
    assert len(workspace.session_participants(example_db, session.id)) == 5


def test_two_facilitators_opening_a_session_at_once_leave_one_live(example_db,
                                                                   workspace_path):
    engagement = workspace.list_engagements(example_db)[0]
    opened = _race(workspace_path, 6,
                   lambda db, n: workspace.open_session(db, engagement.id, ["culture"]))
    assert all(isinstance(s, workspace.WorkshopSession) for s in opened), opened
    live = workspace.live_session(example_db, engagement.id)
    assert live is not None and live.id in {s.id for s in opened}
    statuses = example_db.rows("SELECT status FROM workshop_sessions WHERE engagement_id = ?",
                               [engagement.id])
    assert sum(status != "closed" for (status,) in statuses) == 1


def test_restoring_one_backup_twice_at_once_gives_two_engagements(example_db,
                                                                  workspace_path):
    engagement = workspace.list_engagements(example_db)[0]
    backup = backup_bytes(example_db, engagement.id)
    restored = _race(workspace_path, 3,
                     lambda db, n: workspace.restore_engagement(db, backup))
    assert all(isinstance(r, int) for r in restored), restored
    names = [e.name for e in workspace.list_engagements(example_db)]
    assert len(names) == len(set(names)) == 4


def test_answers_saved_at_once_are_all_kept_and_counted(example_db, workspace_path):
    engagement = workspace.list_engagements(example_db)[0]
    people = [workspace.add_participant(example_db, engagement.id, f"Racer {n}")
              for n in range(10)]
    before = workspace.engagement_fingerprint(example_db, engagement.id)

    def answer(db, n: int) -> None:
        for item in ("c01", "c02", "c03", "c04"):
            workspace.save_answer(db, people[n].id, "culture", item, 1 + n % 5)

    assert _race(workspace_path, 10, answer) == [None] * 10
    for n, person in enumerate(people):
        answers = workspace.participant_answers(example_db, person.id, "culture")
        assert {item: a.value for item, a in answers.items()} == {
            item: 1 + n % 5 for item in ("c01", "c02", "c03", "c04")}
    changes = example_db.value("SELECT sum(n) FROM change_counts WHERE scope = 'engagement' "
                               "AND owner = ?", [engagement.id])
    assert workspace.engagement_fingerprint(example_db, engagement.id) != before
    assert changes - before[0] == 40 + 0


def test_app_processes_starting_together_migrate_once_and_seed_one_example(workspace_path):
    """Each opener sees the example as soon as its open returns: migrating and seeding are
    one transaction, so no page finds a new workspace empty (a first browser visit opens it
    from several threads at once)."""
    from workspace.migrations import LATEST_VERSION, schema_version

    start = threading.Barrier(4)
    seen: list = [None] * 4

    def open_and_look(n: int) -> None:
        start.wait()
        try:
            db = workspace.open_workspace(workspace_path)
            seen[n] = [e.name for e in workspace.list_engagements(db)]
            db.close()
        except Exception as error:  # noqa: BLE001 - the test looks at every outcome
            seen[n] = error

    threads = [threading.Thread(target=open_and_look, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [[workspace.EXAMPLE_NAME]] * 4, seen
    db = workspace.open_workspace(workspace_path)
    assert schema_version(db) == LATEST_VERSION


def test_a_session_closed_from_two_tabs_at_once_gets_one_record(example_db, workspace_path):
    from outcomes import workshop_record

    engagement = workspace.list_engagements(example_db)[0]
    session = workspace.open_session(example_db, engagement.id, ["culture"])
    closed = _race(workspace_path, 3,
                   lambda db, n: workshop_record.close(db, engagement.id, session.id))
    assert sum(not isinstance(r, Exception) for r in closed) == 1
    assert all(isinstance(r, workspace.InvalidInput) for r in closed
               if isinstance(r, Exception)), closed
    records = workspace.workshop_records.list_records(example_db, engagement.id)
    assert [r.session_id for r in records] == [session.id]


def test_a_pulse_never_takes_more_respondents_than_its_limit(fresh_db, workspace_path):
    from datetime import date, timedelta

    pulse = workspace.pulse
    engagement = workspace.create_engagement(fresh_db, "Pulse race")
    today = date.today()
    campaign = pulse.create_campaign(fresh_db, engagement.id, "Race", today,
                                     today + timedelta(days=7))
    pulse.update_campaign(fresh_db, campaign.id, max_respondents=4)
    pulse.open_campaign(fresh_db, campaign.id)
    role = pulse.get_campaign(fresh_db, campaign.id).segments[0]
    started = _race(workspace_path, 9, lambda db, n: workspace.respondents.start(
        db, campaign.id, {role.id: role.values[0]}))
    assert sum(isinstance(r, tuple) for r in started) == 4
    assert all(isinstance(r, (tuple, workspace.InvalidInput)) for r in started), started
    assert fresh_db.value("SELECT count(*) FROM pulse_respondents") == 4


def test_a_backup_taken_while_people_answer_is_one_moment_of_the_engagement(
        fresh_db, workspace_path, monkeypatch):
    """A backup reads the respondents, then their answers. Someone whose first answer came
    in between had answers but no respondent record in the backup being built, and the
    backup failed; now it reads one moment and the newcomer is in the next backup."""
    from tests.pulse_data import answer, open_campaign
    from workspace.store import Store

    engagement = workspace.create_engagement(fresh_db, "Live pulse")
    campaign = open_campaign(fresh_db, engagement.id)
    for _ in range(3):
        answer(fresh_db, campaign.id, {"role": "Employee"}, 4)
    other = workspace.open_workspace(workspace_path)
    reads = Store.rows

    def rows_after_a_newcomer(self, sql, params=None):
        if "FROM pulse_answers" in sql and not getattr(rows_after_a_newcomer, "done", False):
            rows_after_a_newcomer.done = True
            answer(other, campaign.id, {"role": "Employee"}, 2)   # another page, committed
        return reads(self, sql, params)

    monkeypatch.setattr(Store, "rows", rows_after_a_newcomer)
    data = workspace.export_engagement(fresh_db, engagement.id)
    monkeypatch.setattr(Store, "rows", reads)
    assert rows_after_a_newcomer.done
    assert len(data["pulse_respondents"]) == 3
    assert all(person["answers"]["culture"] for person in data["pulse_respondents"])
    later = workspace.export_engagement(fresh_db, engagement.id)
    assert len(later["pulse_respondents"]) == 4
    other.close()


def test_a_snapshot_refuses_to_write_rather_than_lose_it(fresh_db):
    with fresh_db.snapshot():
        with pytest.raises(RuntimeError, match="would not be kept"):
            workspace.create_engagement(fresh_db, "Lost")
    assert "Lost" not in [e.name for e in workspace.list_engagements(fresh_db)]
