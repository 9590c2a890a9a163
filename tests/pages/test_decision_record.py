"""The decision record on the comparison page: History, sign-off, changed since sign-off."""
import pytest

import workspace
from outcomes import decision_record
from tests.pages.helpers import errors, markdown_sources, no_exceptions, open_page, texts


@pytest.fixture
def example(example_db):
    return example_db, workspace.list_engagements(example_db)[0]


def _frame(app, column):
    """The first table on the page with this column."""
    return next(d.value for d in app.dataframe if column in d.value.columns)


def _sign(app, name, note=""):
    app.text_input(key="decision.signer").input(name)
    app.text_area(key="decision.note").input(note)
    app.button(key="FormSubmitter:decision.form-Sign off this decision").click().run()
    no_exceptions(app)


def test_the_facilitator_signs_off_and_the_record_is_listed(app, example):
    db, engagement = example
    open_page(app, "pages/comparison.py")
    assert "No decision has been signed off yet." in texts(app)
    _sign(app, "Ana Board", "Approved at the board of 3 May")
    [signed] = workspace.sign_offs.list_sign_offs(db, engagement.id)
    assert (signed.signed_by, signed.note) == ("Ana Board", "Approved at the board of 3 May")
    assert "nothing has changed since" in texts(app)
    shown = _frame(app, "signed_by")
    assert list(shown["signed_by"]) == ["Ana Board"]


def test_a_sign_off_without_a_name_is_refused_with_a_message(app, example):
    db, engagement = example
    open_page(app, "pages/comparison.py")
    _sign(app, "   ")
    assert any("who signs the decision off" in e for e in errors(app))
    assert workspace.sign_offs.list_sign_offs(db, engagement.id) == []


def test_changes_after_sign_off_are_shown_with_what_moved(app, example):
    db, engagement = example
    decision_record.sign_off(db, engagement.id, "Ana", "")
    workspace.update_criterion(db, engagement.id, "permissions", must_have=True, min_score=3)
    open_page(app, "pages/comparison.py")
    assert "Changed since sign-off" in texts(app)
    moved = _frame(app, "signed")
    assert "Permissions and access control" in list(moved["item"])


def test_history_shows_one_vendors_changes_with_who_and_the_note(app, example):
    db, engagement = example
    vendor = workspace.list_vendors(db, engagement.id)[0]
    workspace.update_vendor(db, vendor.id, status_note="Renewal due", actor="Bo",
                            note="<b>checked</b> with **procurement**")
    open_page(app, "pages/comparison.py")
    app.selectbox(key="compare.history").set_value(f"v{vendor.id}").run()
    no_exceptions(app)
    trail = _frame(app, "actor")
    assert list(trail["actor"])[0] == "Bo"
    assert list(trail["note"])[0] == "<b>checked</b> with **procurement**"
    assert set(trail["vendor"]) == {vendor.name}


def test_hostile_signer_and_note_render_as_text(app, example):
    db, engagement = example
    decision_record.sign_off(db, engagement.id, "**bold** [x](javascript:alert(1))",
                             "<img src=x onerror=alert(1)>")
    workspace.update_criterion(db, engagement.id, "permissions", min_score=1)
    open_page(app, "pages/comparison.py")
    for where, source in markdown_sources(app):
        assert "](javascript" not in source and "<img" not in source, where


def test_a_note_given_with_saved_weights_is_kept_in_the_audit_trail(app, example):
    db, engagement = example
    open_page(app, "pages/weights.py")
    level = app.session_state["weights.level"]
    app.text_input(key=f"weights.{level}.note").input("<b>Board</b> asked =1+1")
    points = next(n for n in app.number_input if n.key.startswith(f"weights.{level}.points."))
    points.set_value(points.value + 1)
    other = [n for n in app.number_input if n.key.startswith(f"weights.{level}.points.")][1]
    other.set_value(other.value - 1).run()
    app.button(key=f"weights.{level}.save").click().run()
    no_exceptions(app)
    trail = workspace.audit.audit_trail(db, engagement.id)
    assert trail.iloc[-1]["note"] == "<b>Board</b> asked =1+1"
    assert app.text_input(key=f"weights.{level}.note").value == ""
