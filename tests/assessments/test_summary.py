"""Snapshots read back as trends: named by day, ordered as saved, robust to older payloads."""
import pandas as pd

from assessments.summary import (culture_trend, maturity_trend, readiness_summary, snapshot_days,
                                 snapshot_overview)


def test_days_are_utc_dates_numbered_where_a_day_has_several():
    assert snapshot_days(["2026-09-01T08:00:00+00:00", "2026-11-30T09:00:00+00:00",
                          "2026-11-30T23:30:00-05:00", "2026-12-01T10:00:00",
                          "2026-11-30T15:00:00+00:00"]) == [
        "2026-09-01", "2026-11-30 (1)", "2026-12-01 (1)", "2026-12-01 (2)", "2026-11-30 (2)"]


def test_culture_trend_leaves_out_what_a_snapshot_does_not_hold(culture_bank):
    trend = culture_trend(culture_bank, [
        ("2026-01-01", "old", {"culture_overall": 40,
                               "culture": {"retired_dimension": 10, "open_sharing": None}}),
        ("2026-02-01", "odd", {"culture_overall": "high", "culture": [1, 2]}),
        ("2026-03-01", "  new\nlabel ", {"culture_overall": 55.5, "culture": {"open_sharing": 60}}),
        ("2026-04-01", "not an object", [1, 2])])
    assert trend.to_dict("records") == [
        {"order": 0, "day": "2026-01-01", "label": "old", "area": "Overall", "score": 40.0},
        {"order": 2, "day": "2026-03-01", "label": "new label", "area": "Overall",
         "score": 55.5},
        {"order": 2, "day": "2026-03-01", "label": "new label", "area": "Open and safe sharing",
         "score": 60.0}]


def test_maturity_trend_has_the_overall_stage_then_each_competency(maturity_bank):
    stages = {c.id: 2 for c in maturity_bank.competencies} | {"strategy": 3, "tools": 0,
                                                               "retired": 4}
    trend = maturity_trend(maturity_bank, [
        ("2026-01-01", "", {"culture_overall": 40}),              # saved before maturity counted
        ("2026-02-01", "Pilot", {"maturity_overall": 2, "maturity": stages}),
        ("2026-03-01", "", {"maturity_overall": 2.5, "maturity": {"strategy": "3"}})])
    assert list(trend["order"].unique()) == [1]
    names = [c.name for c in maturity_bank.competencies if c.id != "tools"]
    assert list(trend["area"]) == ["Overall", *names]
    strategy = trend[trend["area"] == "Strategy"].iloc[0]
    assert (strategy["stage"], strategy["stage_name"]) == (3, maturity_bank.stage_name(3))


def test_overview_has_a_row_per_snapshot_with_what_it_recorded(maturity_bank):
    overview = snapshot_overview(maturity_bank, [
        ("2026-11-30T09:05:00+00:00", "Before", {"culture_overall": 41.2, "maturity_overall": 2,
                                                 "participants": 5}),
        ("2026-11-30T15:30:00+00:00", "", {})])
    first, second = overview.to_dict("records")
    assert first == {"order": 0, "day": "2026-11-30 (1)", "time": "09:05", "label": "Before",
                     "culture": 41.2, "maturity": f"2. {maturity_bank.stage_name(2)}",
                     "participants": 5, "pulse": None}
    assert (second["day"], second["time"], second["label"]) == ("2026-11-30 (2)", "15:30", "")
    assert all(pd.isna(second[field]) for field in ("culture", "maturity", "participants",
                                                     "pulse"))


def test_a_snapshot_keeps_the_pulse_set_beside_the_leaders(culture_bank, maturity_bank):
    """Snapshots and the trend follow the pulse campaign by campaign."""
    from assessments import score

    summary = readiness_summary(culture_bank, score(culture_bank, pd.DataFrame(
        columns=["participant_id", "item", "value", "dont_know"])), maturity_bank,
        score(maturity_bank, pd.DataFrame(columns=["participant_id", "item", "value",
                                                   "dont_know"])),
        pulse=("Autumn pulse", 58.44, 412))
    assert (summary["pulse_campaign"], summary["pulse_overall"],
            summary["pulse_respondents"]) == ("Autumn pulse", 58.44, 412)
    snapshots = [("2026-09-01T09:00:00+00:00", "", {"pulse_overall": 51.0}),
                 ("2026-11-30T09:00:00+00:00", "", {"pulse_overall": 58.4})]
    trend = culture_trend(culture_bank, snapshots)
    assert list(trend["area"]) == ["Organization (pulse)"] * 2
    assert list(snapshot_overview(maturity_bank, snapshots)["pulse"]) == [51.0, 58.4]
