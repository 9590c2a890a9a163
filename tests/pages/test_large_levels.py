"""Levels with more items than AHP can weigh (its consistency ratio needs Saaty's random
index, tabulated up to 15 items): the Weights page, a participant's Your weights page and the
Live workshop page's chooser refuse AHP up front, say why, and offer 100 points or direct
entry, which work at any size."""
import pytest

import workspace
from tests.pages.helpers import errors, no_exceptions, open_page, texts
from tests.pages.test_workshop import SECRET, browser, join, sign_in
from vendors import weighting

SIZES = [16, 20, 33]


def _engagement_with_a_category_of(db, size: int):
    engagement = workspace.create_engagement(db, f"Wide {size}")
    category = workspace.add_category(db, engagement.id, "Many criteria")
    for number in range(size):
        workspace.add_criterion(db, engagement.id, category.id, f"Criterion {number + 1}")
    return engagement, category


def test_fifteen_items_is_the_largest_ahp_level():
    assert weighting.MAX_ITEMS == 15
    assert weighting.ahp_refusal(15) is None
    assert "at most 15 items" in weighting.ahp_refusal(16)


@pytest.mark.parametrize("size", SIZES)
def test_the_weights_page_offers_no_ahp_for_a_level_too_big_and_says_why(app, workspace_path,
                                                                          size):
    db = workspace.open_workspace(workspace_path)
    engagement, category = _engagement_with_a_category_of(db, size)
    app.query_params["e"] = str(engagement.id)
    open_page(app, "pages/weights.py")
    app.radio(key="weights.level").set_value(category.id).run()
    no_exceptions(app)
    control = app.segmented_control(key=f"weights.{category.id}.method")
    assert control.options == ["Direct entry", "100-point allocation"]
    assert f"“Many criteria” has {size} items: use the 100-point allocation or direct entry" \
        in texts(app)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("method", ["points", "direct"])
def test_a_level_too_big_for_ahp_is_weighed_and_saved_by_the_other_methods(
        app, workspace_path, size, method):
    db = workspace.open_workspace(workspace_path)
    engagement, category = _engagement_with_a_category_of(db, size)
    app.query_params["e"] = str(engagement.id)
    open_page(app, "pages/weights.py")
    app.radio(key="weights.level").set_value(category.id).run()
    app.segmented_control(key=f"weights.{category.id}.method").set_value(method).run()
    app.button(key=f"weights.{category.id}.save").click().run()
    no_exceptions(app)
    assert not errors(app)
    saved = workspace.get_weights(db, engagement.id)[category.id]
    assert saved.method == method and len(saved.weights) == size
    assert sum(saved.weights.values()) == pytest.approx(1.0)


def test_a_remembered_ahp_choice_falls_back_when_the_level_grows(app, workspace_path):
    db = workspace.open_workspace(workspace_path)
    engagement, category = _engagement_with_a_category_of(db, 15)
    app.query_params["e"] = str(engagement.id)
    open_page(app, "pages/weights.py")
    app.radio(key="weights.level").set_value(category.id).run()
    app.segmented_control(key=f"weights.{category.id}.method").set_value("ahp").run()
    no_exceptions(app)
    workspace.add_criterion(db, engagement.id, category.id, "Criterion 16")
    app.run()
    no_exceptions(app)
    assert app.segmented_control(key=f"weights.{category.id}.method").value == "points"


@pytest.mark.parametrize("size", SIZES)
def test_the_facilitator_cannot_choose_ahp_for_a_level_too_big(app, workspace_path,
                                                                monkeypatch, size):
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", SECRET)
    db = workspace.open_workspace(workspace_path)
    engagement, category = _engagement_with_a_category_of(db, size)
    sign_in(app)
    app.sidebar.selectbox(key="engagement.picker").set_value(engagement.id).run()
    app.switch_page("pages/workshop.py").run()
    app.selectbox(key="workshop.new.level").set_value(category.id).run()
    no_exceptions(app)
    assert app.radio(key="workshop.new.method").options == ["100 points"]
    assert f"has {size} items: use the 100-point allocation" in texts(app)
    with pytest.raises(workspace.InvalidInput, match=f"has {size} items"):
        workspace.open_session(db, engagement.id, ["weights"], category.id, "ahp")


@pytest.mark.parametrize("size", SIZES)
def test_a_participants_page_explains_instead_of_failing_when_a_level_outgrew_ahp(
        app, workspace_path, monkeypatch, size):
    """The session chose AHP for 15 criteria; the facilitator added more afterwards."""
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", SECRET)
    db = workspace.open_workspace(workspace_path)
    engagement, category = _engagement_with_a_category_of(db, 15)
    opened = workspace.open_session(db, engagement.id, ["weights"], category.id, "ahp")
    for number in range(15, size):
        workspace.add_criterion(db, engagement.id, category.id, f"Criterion {number + 1}")
    person = join(browser(), opened.code, "Ann")
    person.switch_page("pages/my_weights.py").run()
    no_exceptions(person)
    assert "Pairwise comparison cannot be used here" in texts(person)
    assert f"has {size} items" in texts(person)
    assert not person.select_slider


def test_a_participant_weighs_a_big_level_by_points(app, workspace_path, monkeypatch):
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", SECRET)
    db = workspace.open_workspace(workspace_path)
    engagement, category = _engagement_with_a_category_of(db, 33)
    opened = workspace.open_session(db, engagement.id, ["weights"], category.id, "points")
    person = join(browser(), opened.code, "Ann")
    person.switch_page("pages/my_weights.py").run()
    first = workspace.list_criteria(db, engagement.id)[0].id
    person.number_input(key=f"my_weights.{category.id}.points.{first}").set_value(40).run()
    no_exceptions(person)
    [ann] = workspace.session_participants(db, opened.id)
    saved = workspace.participant_weights(db, ann.id, category.id, "points")
    assert len(saved) == 33 and saved[first] == 40


def test_participant_judgments_beyond_fifteen_items_are_refused(example_db):
    example = workspace.list_engagements(example_db)[0]
    opened = workspace.open_session(example_db, example.id, ["weights"])
    person = workspace.join_session(example_db, opened.code, "Ann")
    for key in ("0,15", "15,16", "3,2"):
        with pytest.raises(workspace.InvalidInput, match="both below 15"):
            workspace.save_participant_weights(example_db, person.id, "categories", "ahp",
                                               {key: 2.0})
