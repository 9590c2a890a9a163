"""bench/room_load.py, the room-load client, still works against the real server.

The benchmark is run by hand (docs/performance.md); this small room keeps it from rotting
silently: three phones join over Streamlit's websocket, answer, and every answer they were
told was saved is in the workspace file, with the presenter view (in Chromium) counting each
of them. No time is asserted here.
"""
from __future__ import annotations

from bench import room_load


def test_three_phones_join_answer_and_every_acknowledged_answer_is_stored(browser):
    result = room_load.measure_room(3, seconds=6.0, think=1.0, browser=browser)

    assert result.errors == []
    assert result.joined == 3
    assert result.acknowledged >= 3            # each phone answered at least once
    assert result.lost == 0, result.lost_examples
    # The presenter counted every phone's first answer ("Answering" went up to 3).
    assert result.presenter and result.presenter[-1][1] == 3
    assert len(result.latencies) == 3 and result.unseen == 0


def test_an_acknowledged_answer_missing_from_the_file_counts_as_lost():
    taps = [room_load.Tap("Phone 001", "c1", 4, 1.0, 1.2, True, True),
            room_load.Tap("Phone 001", "c2", 0, 2.0, 2.2, True, False),   # don't know
            room_load.Tap("Phone 002", "c1", 2, 1.0, 1.1, True, True),
            room_load.Tap("Phone 002", "c1", 5, 3.0, 3.1, True, False),   # changed later
            room_load.Tap("Phone 003", "c1", 3, 1.0, 1.1, False, False)]  # never acknowledged
    stored = {("Phone 001", "c1"): (4, 0), ("Phone 001", "c2"): (None, 1),
              ("Phone 002", "c1"): (2, 0)}                 # the later 5 is not there

    lost = room_load.lost_answers(taps, stored)

    assert len(lost) == 1 and lost[0].startswith("Phone 002 / c1")


def test_the_kth_first_answer_counts_when_the_presenter_first_shows_k():
    taps = [room_load.Tap(f"Phone {n}", "c1", 3, sent, sent + 0.1, True, True)
            for n, sent in ((1, 10.0), (2, 11.0), (3, 12.0))]
    shown = [(9.0, 0), (10.5, 1), (12.5, 3)]

    latencies, unseen = room_load.presenter_latencies(taps, shown)

    assert latencies == [0.5, 1.5, 0.5] and unseen == 0
    assert room_load.presenter_latencies(taps, shown[:2]) == ([0.5], 2)
