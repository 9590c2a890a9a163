"""Culture and maturity questionnaires: who is answering, answers saved at once, resume by link."""
from streamlit.testing.v1 import AppTest

import workspace
from tests.conftest import ROOT
from tests.pages.helpers import errors, no_exceptions, open_page, texts


def _new_engagement(workspace_path, name="Contoso"):
    db = workspace.open_workspace(workspace_path)
    engagement = workspace.create_engagement(db, name)
    return db, engagement


def _start(app, engagement, person="CIO", page="pages/culture.py"):
    app.query_params["e"] = str(engagement.id)
    open_page(app, page)
    app.text_input(key="who.new_name").input(person)
    app.button(key="who.start").click().run()
    no_exceptions(app)
    return app


def test_a_new_person_starts_answering_and_gets_a_private_link(app, workspace_path):
    db, engagement = _new_engagement(workspace_path)
    _start(app, engagement, "Chief Information Officer")
    [person] = workspace.list_participants(db, engagement.id)
    assert person.name == "Chief Information Officer"
    assert app.query_params["p"] == person.token
    assert "Answering as **Chief Information Officer**" in texts(app)


def test_an_answer_is_saved_the_moment_it_is_given(app, workspace_path):
    db, engagement = _new_engagement(workspace_path)
    _start(app, engagement)
    app.radio(key="culture.c01").set_value(4).run()
    app.radio(key="culture.c02").set_value("dk").run()
    no_exceptions(app)
    [person] = workspace.list_participants(db, engagement.id)
    saved = workspace.participant_answers(db, person.id, "culture")
    assert saved["c01"].value == 4
    assert saved["c02"].dont_know and saved["c02"].value is None
    assert "2 of 30 answered" in app.get("progress")[0].proto.text


def test_a_comment_is_saved_as_given(app, workspace_path):
    db, engagement = _new_engagement(workspace_path)
    _start(app, engagement)
    app.text_input(key="culture.c01.comment").input("Only in IT <b>so far</b>").run()
    [person] = workspace.list_participants(db, engagement.id)
    assert workspace.participant_answers(db, person.id, "culture")["c01"].comment == (
        "Only in IT <b>so far</b>")


def test_answers_come_back_after_a_refresh_through_the_link(app, workspace_path):
    db, engagement = _new_engagement(workspace_path)
    _start(app, engagement)
    app.radio(key="culture.c03").set_value(2).run()
    token = app.query_params["p"]

    refreshed = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    refreshed.query_params["p"] = token
    refreshed.run()
    refreshed.switch_page("pages/culture.py").run()
    no_exceptions(refreshed)
    assert refreshed.radio(key="culture.c03").value == 2
    assert refreshed.radio(key="culture.c01").value is None
    assert "Answering as **CIO**" in texts(refreshed)


def test_the_next_button_moves_to_the_next_dimension(app, workspace_path, culture_bank):
    _, engagement = _new_engagement(workspace_path)
    _start(app, engagement)
    app.button(key="culture.next").click().run()
    assert app.subheader[0].value == culture_bank.dimensions[1].name
    second_item = culture_bank.dimensions[1].items[0].id
    assert app.radio(key=f"culture.{second_item}").value is None


def test_a_refresh_comes_back_to_the_section_in_the_address(app, workspace_path,
                                                           culture_bank):
    _, engagement = _new_engagement(workspace_path)
    _start(app, engagement)
    app.button(key="culture.next").click().run()
    second = culture_bank.dimensions[1]
    assert app.query_params["section"] == second.id

    refreshed = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    refreshed.query_params.update(p=app.query_params["p"], section=second.id)
    refreshed.run()
    refreshed.switch_page("pages/culture.py").run()
    no_exceptions(refreshed)
    assert refreshed.subheader[0].value == second.name


def test_a_section_the_bank_does_not_have_opens_the_first_one(app, workspace_path,
                                                             culture_bank):
    _, engagement = _new_engagement(workspace_path)
    app.query_params["section"] = "<script>nope</script>"
    _start(app, engagement)
    assert app.subheader[0].value == culture_bank.dimensions[0].name
    assert app.query_params["section"] == culture_bank.dimensions[0].id


def test_leaving_the_questionnaire_and_coming_back_keeps_the_section(app, workspace_path,
                                                                    maturity_bank):
    _, engagement = _new_engagement(workspace_path)
    _start(app, engagement, page="pages/maturity.py")
    app.button(key="maturity.next").click().run()
    app.button(key="maturity.next").click().run()
    app.switch_page("pages/report.py").run()
    app.switch_page("pages/maturity.py").run()
    no_exceptions(app)
    assert app.subheader[0].value == maturity_bank.competencies[2].name


def test_someone_who_answered_before_can_continue(app, workspace_path):
    db, engagement = _new_engagement(workspace_path)
    person = workspace.add_participant(db, engagement.id, "CEO")
    workspace.save_answer(db, person.id, "culture", "c01", 5)
    app.query_params["e"] = str(engagement.id)
    open_page(app, "pages/culture.py")
    app.selectbox(key="who.existing").set_value(person.token)
    app.button(key="who.continue").click().run()
    assert app.radio(key="culture.c01").value == 5


def test_switching_person_clears_the_previous_answers_from_the_page(app, workspace_path):
    db, engagement = _new_engagement(workspace_path)
    _start(app, engagement)
    app.radio(key="culture.c01").set_value(1).run()
    app.button(key="who.switch").click().run()
    assert "Who is answering?" in texts(app)
    app.text_input(key="who.new_name").input("HR Director")
    app.button(key="who.start").click().run()
    assert app.radio(key="culture.c01").value is None


def test_duplicate_participant_name_gets_a_message(app, workspace_path):
    db, engagement = _new_engagement(workspace_path)
    workspace.add_participant(db, engagement.id, "CIO")
    _start(app, engagement, "cio")
    assert any("already takes part" in e for e in errors(app))
    assert len(workspace.list_participants(db, engagement.id)) == 1


def test_maturity_stage_and_target_are_saved(app, workspace_path):
    db, engagement = _new_engagement(workspace_path)
    _start(app, engagement, page="pages/maturity.py")
    app.radio(key="maturity.strategy").set_value(2).run()
    app.selectbox(key="maturity.target.strategy").set_value(4).run()
    no_exceptions(app)
    [person] = workspace.list_participants(db, engagement.id)
    assert workspace.participant_answers(db, person.id, "maturity")["strategy"].value == 2
    assert workspace.get_targets(db, engagement.id, "maturity") == {"strategy": 4}
    assert "1 of 8 answered" in app.get("progress")[0].proto.text


def test_last_maturity_competency_links_to_the_report(app, workspace_path, maturity_bank):
    _, engagement = _new_engagement(workspace_path)
    _start(app, engagement, page="pages/maturity.py")
    for _ in maturity_bank.competencies[1:]:
        app.button(key="maturity.next").click().run()
    assert app.subheader[0].value == maturity_bank.competencies[-1].name
    assert not [b for b in app.button if b.key == "maturity.next"]
