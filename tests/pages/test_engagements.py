"""Engagements page: create, duplicate and empty names, rename, delete with confirmation, reset."""
import workspace
from tests.pages.helpers import errors, no_exceptions, plain, texts

HOSTILE = "<b>=SUM(A1)</b> 'quoted' \"double\" ; DROP TABLE engagements; -- 🚀"


def _create(app, name, **fields):
    app.text_input(key="new.name").input(name)
    for field, value in fields.items():
        app.text_input(key=f"new.{field}").input(value)
    app.button[[b.label for b in app.button].index("Create engagement")].click().run()
    no_exceptions(app)


def test_create_an_engagement_and_it_becomes_current(app, workspace_path):
    app.run()
    _create(app, "Contoso 2027", organization="Contoso", industry="Retail")
    names = [e.name for e in workspace.list_engagements(workspace.open_workspace(workspace_path))]
    assert "Contoso 2027" in names
    assert any("created" in s.value for s in app.success)
    assert "Current: Contoso 2027" in texts(app)
    picker = app.sidebar.selectbox(key="engagement.picker")
    assert picker.format_func(picker.value) == "Contoso 2027"


def test_duplicate_name_shows_a_message_and_creates_nothing(app, workspace_path):
    app.run()
    _create(app, "Example: Northwind Health (ILLUSTRATIVE)")
    assert any("already exists" in e for e in errors(app))
    assert len(workspace.list_engagements(workspace.open_workspace(workspace_path))) == 1


def test_empty_name_shows_a_message(app, workspace_path):
    app.run()
    _create(app, "   ")
    assert any("is empty" in e for e in errors(app))
    assert len(workspace.list_engagements(workspace.open_workspace(workspace_path))) == 1


def test_hostile_name_is_stored_verbatim_and_escaped_in_headings(app, workspace_path):
    app.run()
    _create(app, HOSTILE)
    [engagement] = [e for e in workspace.list_engagements(workspace.open_workspace(
        workspace_path)) if not e.is_example]
    assert engagement.name == HOSTILE
    heading = next(s.value for s in app.subheader if s.value.startswith("Current:"))
    assert "\\<b\\>" in heading and "\\=SUM" in heading


def test_rename_the_current_engagement(app, workspace_path):
    app.run()
    app.text_input(key="edit.name").input("Northwind, renamed")
    app.button[[b.label for b in app.button].index("Save changes")].click().run()
    no_exceptions(app)
    [engagement] = workspace.list_engagements(workspace.open_workspace(workspace_path))
    assert engagement.name == "Northwind, renamed"


def test_delete_needs_confirmation_then_removes_everything(app, workspace_path):
    app.run()
    assert not [b for b in app.button if b.label == "Yes, delete it for good"]
    app.toggle(key="delete.confirm").set_value(True).run()
    app.button(key="delete.yes").click().run()
    no_exceptions(app)
    assert workspace.list_engagements(workspace.open_workspace(workspace_path)) == []
    assert any("deleted" in s.value for s in app.success)
    app.button(key="example.restore").click().run()
    assert len(workspace.list_engagements(workspace.open_workspace(workspace_path))) == 1


def test_reset_the_example(app, workspace_path):
    db = workspace.open_workspace(workspace_path)
    [example] = workspace.list_engagements(db)
    workspace.add_participant(db, example.id, "Someone new")
    app.run()
    app.button(key="example.reset").click().run()
    no_exceptions(app)
    [fresh] = workspace.list_engagements(workspace.open_workspace(workspace_path))
    names = [p.name for p in workspace.list_participants(workspace.open_workspace(
        workspace_path), fresh.id)]
    assert "Someone new" not in names
    assert app.sidebar.selectbox(key="engagement.picker").value == fresh.id


def _warnings(app) -> str:
    return plain(" ".join(w.value for w in app.warning))


def test_a_half_typed_new_engagement_stays_when_the_page_is_left(app, workspace_path):
    app.run()
    app.text_input(key="new.name").input("Fabrikam 2028").run()
    app.text_area(key="new.purpose").input("Choose a platform").run()
    app.switch_page("pages/report.py").run()
    app.switch_page("pages/engagements.py").run()
    no_exceptions(app)
    assert app.text_input(key="new.name").value == "Fabrikam 2028"
    assert app.text_area(key="new.purpose").value == "Choose a platform"
    assert "Unsaved changes to the new engagement (not created yet)" in _warnings(app)
    app.button(key="new.create").click().run()
    assert "Fabrikam 2028" in [e.name for e in workspace.list_engagements(
        workspace.open_workspace(workspace_path))]
    assert app.text_input(key="new.name").value == ""
    assert "Unsaved changes" not in _warnings(app)


def test_unsaved_details_stay_with_their_engagement_when_another_is_picked(app,
                                                                          workspace_path):
    db = workspace.open_workspace(workspace_path)
    [example] = workspace.list_engagements(db)
    other = workspace.create_engagement(db, "Contoso", organization="Contoso Ltd")
    app.run()
    app.text_input(key="edit.organization").input("Northwind Health Trust").run()
    assert "Unsaved changes to this engagement's details" in _warnings(app)
    app.sidebar.selectbox(key="engagement.picker").set_value(other.id).run()
    assert app.text_input(key="edit.organization").value == "Contoso Ltd"
    assert "Unsaved changes" not in _warnings(app)
    app.sidebar.selectbox(key="engagement.picker").set_value(example.id).run()
    assert app.text_input(key="edit.organization").value == "Northwind Health Trust"
    assert "Unsaved changes to this engagement's details" in _warnings(app)
    app.button(key="edit.discard").click().run()
    assert app.text_input(key="edit.organization").value == example.organization
    assert workspace.get_engagement(db, example.id).organization == example.organization
