"""The action plan on the report page: owner, due date and status per roadmap action."""
from datetime import date, timedelta

import workspace
from outcomes import actions, gather
from tests.pages.helpers import errors, no_exceptions, open_page, texts

HOSTILE_OWNER = '<img src=x onerror=alert(1)> =HYPERLINK("http://evil") **bold** [x](http://y)'


def _first_action(db):
    [example] = workspace.list_engagements(db)
    frame = actions.plan_frame(gather.readiness(db, example.id), date.today().isoformat())
    return example, frame.iloc[0]


def test_an_owner_due_date_and_status_are_saved_and_a_late_action_is_said(app, example_db):
    example, first = _first_action(example_db)
    open_page(app, "pages/report.py")
    no_exceptions(app)
    app.selectbox(key="plan.action").set_value(first["key"]).run()
    yesterday = date.today() - timedelta(days=1)
    app.text_input(key="plan.owner.0").input(HOSTILE_OWNER)
    app.date_input(key="plan.due.0").set_value(yesterday)
    app.selectbox(key="plan.status.0").set_value("under way")
    next(b for b in app.button if b.label == "Save").click().run()
    no_exceptions(app)
    assert not errors(app)
    saved = workspace.actions.action_plan(example_db, example.id).loc[first["key"]]
    assert (saved["owner"], saved["due"], saved["status"]) == (
        HOSTILE_OWNER, yesterday.isoformat(), "under way")
    assert f"1 action late: {first['title']}" in texts(app)
    shown = next(df.value for df in app.dataframe if "late_text" in df.value.columns)
    assert shown.iloc[0]["owner"] == HOSTILE_OWNER and shown.iloc[0]["late_text"] == "late"
    # Done is never late.
    app.selectbox(key="plan.status.0").set_value("done")
    next(b for b in app.button if b.label == "Save").click().run()
    assert "action late" not in texts(app)


def test_an_owner_with_control_characters_is_refused_and_nothing_changes(app, example_db):
    example, first = _first_action(example_db)
    open_page(app, "pages/report.py")
    app.selectbox(key="plan.action").set_value(first["key"]).run()
    app.text_input(key="plan.owner.0").input("Ann\x07")
    next(b for b in app.button if b.label == "Save").click().run()
    no_exceptions(app)
    assert any("control characters" in e for e in errors(app))
    assert workspace.actions.action_plan(example_db, example.id).empty
