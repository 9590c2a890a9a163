"""Readiness report: headline numbers, what to do first, charts, tables, snapshots and trend."""
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
    assert len(app.get("vega_lite_chart")) == charts_before + 1


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
