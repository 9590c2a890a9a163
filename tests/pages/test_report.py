"""Readiness report: headline numbers, what to do first, charts, tables, snapshots and trend."""
import json

import pytest

import workspace
from tests.pages.helpers import no_exceptions, open_page, texts


def test_report_of_the_example_reads_like_advice(app, example_db):
    open_page(app, "pages/report.py")
    labels = {m.label: m.value for m in app.metric}
    assert labels["People answering"] == "5"
    assert labels["Culture readiness"].endswith("/100")
    assert labels["Maturity (overall)"].startswith("Stage ")
    page = texts(app)
    assert "What to do first" in page
    assert page.count("Pilot (first 3 months)") >= 2      # actions and the roadmap
    assert len(app.get("vega_lite_chart")) >= 2           # dimension scores and heatmap
    assert "Where people disagree most" in page


def test_top_actions_are_five_distinct_areas(app, example_db):
    open_page(app, "pages/report.py")
    top = [m.value for m in app.markdown if m.value[:4] in {f"**{n}." for n in "123456789"}]
    assert [t[:4] for t in top] == ["**1.", "**2.", "**3.", "**4.", "**5."]
    findings = [t.split("·")[1].strip() for t in top]      # "Source · finding · phase"
    assert len(set(findings)) == 5


def test_snapshot_button_freezes_the_result_and_the_trend_appears(app, example_db):
    [example] = workspace.list_engagements(example_db)
    open_page(app, "pages/report.py")
    charts_before = len(app.get("vega_lite_chart"))
    app.text_input(key="snapshot.label").input("After the workshop")
    app.button[[b.label for b in app.button].index(
        "Save a snapshot of today's result")].click().run()
    no_exceptions(app)
    snapshots = workspace.list_snapshots(example_db, example.id)
    assert [s.label for s in snapshots][-1] == "After the workshop"
    assert snapshots[-1].payload["participants"] == 5
    assert len(app.get("vega_lite_chart")) == charts_before + 2     # culture and maturity


def test_empty_engagement_says_how_to_start(app, workspace_path):
    db = workspace.open_workspace(workspace_path)
    engagement = workspace.create_engagement(db, "Empty")
    app.query_params["e"] = str(engagement.id)
    open_page(app, "pages/report.py")
    assert "Nobody has answered yet" in texts(app)
    assert not app.get("vega_lite_chart")


def test_single_answer_report_works(app, workspace_path):
    db = workspace.open_workspace(workspace_path)
    engagement = workspace.create_engagement(db, "One answer")
    person = workspace.add_participant(db, engagement.id, "CIO")
    workspace.save_answer(db, person.id, "culture", "c01", 2)
    app.query_params["e"] = str(engagement.id)
    open_page(app, "pages/report.py")
    assert {m.label: m.value for m in app.metric}["People answering"] == "1"
    assert "Maturity (overall)" in {m.label for m in app.metric}


def _specs(app) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("vega_lite_chart")]


def _titled(app, title: str) -> dict:
    return next(spec for spec in _specs(app) if spec["title"]["text"] == title)


@pytest.fixture
def two_today(example_db):
    """The example with two more snapshots taken on one day, the first one labeled."""
    [example] = workspace.list_engagements(example_db)
    [baseline] = workspace.list_snapshots(example_db, example.id)
    workspace.save_snapshot(example_db, example.id, baseline.payload, "Before the pilot",
                            "2026-11-30T09:00:00+00:00")
    workspace.save_snapshot(example_db, example.id, baseline.payload, "",
                            "2026-11-30T15:30:00+00:00")
    return example


def test_snapshots_are_listed_by_day_and_label(app, two_today):
    open_page(app, "pages/report.py")
    [table] = [df.value for df in app.dataframe if {"day", "time", "label"} <= set(df.value)]
    assert list(table["day"][-2:]) == ["2026-11-30 (1)", "2026-11-30 (2)"]
    assert list(table["time"][-2:]) == ["09:00", "15:30"]
    assert list(table["label"][-2:]) == ["Before the pilot", ""]


def test_both_trends_name_each_snapshot_by_day_and_label(app, two_today):
    open_page(app, "pages/report.py")
    for title in ("Culture readiness over time", "Community maturity over time"):
        spec = _titled(app, title)
        x = (spec.get("encoding") or spec["layer"][0]["encoding"])["x"]
        assert x["sort"][-2:] == ["2026-11-30 (1)\nBefore the pilot", "2026-11-30 (2)"], title


def test_a_snapshot_is_renamed_and_its_label_shown_as_typed(app, two_today, example_db):
    open_page(app, "pages/report.py")
    [_, labeled, _] = workspace.list_snapshots(example_db, two_today.id)
    app.selectbox(key="snapshot.chosen").set_value(labeled.id).run()
    assert app.text_input(key="snapshot.new_label").value == "Before the pilot"
    app.text_input(key="snapshot.new_label").input("**After** the <b>pilot</b> =1+1")
    app.button[[b.label for b in app.button].index("Rename")].click().run()
    no_exceptions(app)
    assert workspace.get_snapshot(example_db, two_today.id, labeled.id).label == (
        "**After** the <b>pilot</b> =1+1")
    app.toggle(key="snapshot.delete").set_value(True).run()
    # Markdown would make the label bold; escaped, it reads as typed.
    assert "\\*\\*After\\*\\*" in app.warning[0].value
    assert "**After** the <b>pilot</b> =1+1" in texts(app)


def test_a_label_field_takes_no_more_than_the_limit(app, two_today, example_db):
    open_page(app, "pages/report.py")
    chosen = app.selectbox(key="snapshot.chosen").value
    app.session_state["snapshot.new_label"] = "x" * (workspace.SNAPSHOT_LABEL_MAX + 50)
    app.button[[b.label for b in app.button].index("Rename")].click().run()
    no_exceptions(app)
    assert workspace.get_snapshot(example_db, two_today.id, chosen).label == (
        "x" * workspace.SNAPSHOT_LABEL_MAX)


def test_deleting_a_snapshot_asks_first(app, two_today, example_db):
    open_page(app, "pages/report.py")
    assert "snapshot.delete.yes" not in [b.key for b in app.button]
    chosen = app.selectbox(key="snapshot.chosen").value
    app.toggle(key="snapshot.delete").set_value(True).run()
    app.button(key="snapshot.delete.yes").click().run()
    no_exceptions(app)
    assert chosen not in [s.id for s in workspace.list_snapshots(example_db, two_today.id)]
    assert "Snapshot deleted" in texts(app)
    assert not app.toggle(key="snapshot.delete").value


@pytest.mark.parametrize("payload", [
    {}, {"culture_overall": 40}, {"culture": [1, 2], "maturity": "3"},
    {"culture_overall": "high", "maturity_overall": 2.5, "maturity": {"strategy": None}}],
    ids=["empty", "culture only", "odd types", "odd values"])
def test_older_snapshots_missing_fields_do_not_break_the_report(app, example_db, payload):
    [example] = workspace.list_engagements(example_db)
    # Saving checks a payload's shape now; older versions stored whatever they were given.
    example_db.execute("INSERT INTO snapshots (engagement_id, taken_at, label, payload) "
                       "VALUES (?, ?, ?, ?)", [example.id, "2026-10-01T00:00:00", "old",
                                               json.dumps(payload)])
    open_page(app, "pages/report.py")
    no_exceptions(app)
    assert "Culture readiness over time" in [spec["title"]["text"] for spec in _specs(app)]


def test_a_share_nobody_can_measure_reads_as_a_dash_not_an_empty_bar(app, workspace_path):
    """A new user's review: one respondent's agreement (undefined) was a blank progress bar
    on the page while the HTML said "—"; it is drawn as a number column whose missing
    value reads "—"."""
    db = workspace.open_workspace(workspace_path)
    engagement = workspace.create_engagement(db, "One voice")
    person = workspace.add_participant(db, engagement.id, "CEO")
    workspace.save_answer(db, person.id, "culture", "c01", 4)
    app.query_params["e"] = str(engagement.id)
    open_page(app, "pages/report.py")
    [grid] = [d for d in app.dataframe if "band_label" in d.value.columns]
    columns = json.loads(grid.proto.columns)
    assert columns["agreement"]["type_config"]["type"] == "number"
    assert columns["coverage"]["type_config"]["type"] == "progress"
    assert grid.proto.placeholder == "—"
