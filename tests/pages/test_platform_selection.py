"""Platform selection pages: requirements, weights, vendors, scoring and comparison."""
import json

import pandas as pd
import pyarrow as pa
import pytest

import workspace
from tests.pages.helpers import edit_grid, errors, no_exceptions, open_page, plain, texts

PAGES = ["pages/requirements.py", "pages/weights.py", "pages/vendors.py", "pages/scoring.py",
         "pages/comparison.py"]


@pytest.fixture
def empty(workspace_path):
    """A new engagement with nothing in it, opened in the app."""
    db = workspace.open_workspace(workspace_path)
    return db, workspace.create_engagement(db, "Contoso")


def _open(app, engagement, page):
    app.query_params["e"] = str(engagement.id)
    return open_page(app, page)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_example(app, example_db, page):
    open_page(app, page)
    assert app.title[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_what_to_do_on_an_empty_engagement(app, empty, page):
    _open(app, empty[1], page)
    assert app.info or app.button, "an empty page must offer a next step"


def test_start_from_the_standard_taxonomy(app, empty):
    db, engagement = empty
    _open(app, engagement, "pages/requirements.py")
    app.button(key="requirements.import").click().run()
    no_exceptions(app)
    criteria = workspace.list_criteria(db, engagement.id)
    assert len(criteria) >= 30
    assert len(workspace.list_categories(db, engagement.id)) == 8
    assert any("criteria in 8 categories added" in s.value for s in app.success)


def test_add_a_category_and_reject_a_duplicate(app, empty):
    db, engagement = empty
    _open(app, engagement, "pages/requirements.py")
    app.text_input(key="requirements.new_category").input("Frontline reach")
    app.button[[b.label for b in app.button].index("Add category")].click().run()
    app.text_input(key="requirements.new_category").input("frontline REACH")
    app.button[[b.label for b in app.button].index("Add category")].click().run()
    assert any("already exists" in e for e in errors(app))
    assert [c.name for c in workspace.list_categories(db, engagement.id)] == ["Frontline reach"]


def test_points_over_100_are_refused_and_nothing_is_saved(app, example_db):
    open_page(app, "pages/weights.py")
    app.segmented_control(key="weights.categories.method").set_value("points").run()
    app.number_input(key="weights.categories.points.security").set_value(90).run()
    no_exceptions(app)
    assert any("exceed" in e or "over" in e for e in errors(app)), \
        errors(app)
    assert app.button(key="weights.categories.save").disabled
    [example] = workspace.list_engagements(example_db)
    saved = workspace.get_weights(example_db, example.id)["categories"]
    assert saved.inputs["points"]["security"] == 20


def test_ahp_weights_are_computed_shown_and_saved(app, example_db):
    open_page(app, "pages/weights.py")
    app.segmented_control(key="weights.categories.method").set_value("ahp").run()
    app.select_slider(key="weights.categories.ahp.security.features").set_value(-4).run()
    no_exceptions(app)
    metrics = {m.label: m.value for m in app.metric}
    assert float(metrics["Consistency ratio"]) >= 0
    app.button(key="weights.categories.save").click().run()
    [example] = workspace.list_engagements(example_db)
    saved = workspace.get_weights(example_db, example.id)["categories"]
    assert saved.method == "ahp"
    assert saved.weights["security"] > saved.weights["features"]
    assert sum(saved.weights.values()) == pytest.approx(1)


def test_inconsistent_ahp_judgments_are_flagged_with_advice(app, example_db):
    open_page(app, "pages/weights.py")
    app.segmented_control(key="weights.categories.method").set_value("ahp").run()
    # security >> features, features >> integration, but integration >> security: circular.
    app.select_slider(key="weights.categories.ahp.security.features").set_value(-8).run()
    app.select_slider(key="weights.categories.ahp.features.integration").set_value(-8).run()
    app.select_slider(key="weights.categories.ahp.security.integration").set_value(8).run()
    no_exceptions(app)
    assert any("inconsistent" in w.value for w in app.warning)


def test_saving_inconsistent_ahp_judgments_is_remembered_and_flagged_downstream(app,
                                                                                example_db):
    """Issue 10: weights saved with CR above 0.10 said "saved" and nothing downstream
    remembered. Saving says so, the level's caption keeps it, and the comparison warns."""
    open_page(app, "pages/weights.py")
    app.segmented_control(key="weights.categories.method").set_value("ahp").run()
    app.select_slider(key="weights.categories.ahp.security.features").set_value(-8).run()
    app.select_slider(key="weights.categories.ahp.features.integration").set_value(-8).run()
    app.select_slider(key="weights.categories.ahp.security.integration").set_value(8).run()
    app.button(key="weights.categories.save").click().run()
    no_exceptions(app)
    assert any("but the judgments are inconsistent" in plain(w.value) for w in app.warning)
    captions = list(app.radio(key="weights.level").proto.captions)
    assert "inconsistent (CR" in captions[0] and "✓ saved" in captions[1:]
    app.switch_page("pages/comparison.py").run()
    no_exceptions(app)
    assert any("inconsistent" in plain(w.value) for w in app.warning)
    levels = next(d.value for d in app.dataframe if "verdict" in d.value.columns)
    verdict = levels.set_index("level").loc["Categories", "verdict"]
    assert verdict == "inconsistent: CR above 0.10, revisit the judgments"


def test_a_knocked_out_vendor_takes_no_rank_on_the_comparison_page(app, example_db):
    """Issue 10: a vendor below a must-have showed rank 2 above vendors that pass."""
    [example] = workspace.list_engagements(example_db)
    must = next(c for c in workspace.list_criteria(example_db, example.id) if c.must_have)
    leader = workspace.list_vendors(example_db, example.id)[0]
    scorer = workspace.list_participants(example_db, example.id)[0]
    workspace.save_scores(example_db, [workspace.Score(scorer.id, leader.id, must.id, 0)])
    for other in workspace.list_participants(example_db, example.id)[1:]:
        workspace.save_scores(example_db, [workspace.Score(other.id, leader.id, must.id,
                                                           None)])
    open_page(app, "pages/comparison.py")
    ranking = next(d.value for d in app.dataframe if "closeness" in d.value.columns)
    row = ranking.set_index("vendor").loc[leader.name]
    assert ranking["vendor"].iloc[-1] == leader.name
    assert pd.isna(row["rank"]) and row["knocked_out_by"].startswith(must.name)
    ranked = [int(r) for r in ranking["rank"].dropna()]
    assert ranked == sorted(ranked) and ranked[0] == 1
    leading = {m.label: plain(m.value) for m in app.metric}["Leading vendor"]
    assert leading != leader.name


def test_what_if_sliders_always_share_100_and_the_chart_follows(app, example_db):
    """Issue 10: the sliders did not add up to 100 and only the table followed them."""
    open_page(app, "pages/comparison.py")
    keys = [s.key for s in app.slider if s.key.startswith("whatif.")]
    assert sum(app.slider(key=k).value for k in keys) == 100
    charts_before = len(app.get("vega_lite_chart"))
    app.slider(key="whatif.cost").set_value(60).run()
    no_exceptions(app)
    values = {k: app.slider(key=k).value for k in keys}
    assert values["whatif.cost"] == 60 and sum(values.values()) == 100
    assert len(app.get("vega_lite_chart")) == charts_before
    trial = next(d.value for d in app.dataframe if "rank_trial" in d.value.columns)
    assert trial["score_trial"].tolist() != trial["score"].tolist()
    # The what-if chart draws the trial totals, vendor by vendor, as the table shows them.
    totals = [dict(zip(data["vendor"], data["total"])) for data in chart_data(app)
              if "total" in data.columns]
    trial_totals = {v: s for v, s in zip(trial["vendor"], trial["score_trial"])}
    assert any({v.removesuffix(" (knocked out)"): t for v, t in drawn.items()} == trial_totals
               for drawn in totals)
    app.button(key="whatif.reset").click().run()
    assert sum(app.slider(key=k).value for k in keys) == 100


def chart_data(at) -> list[pd.DataFrame]:
    """The datasets of every chart on the page."""
    return [pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
            for chart in at.get("vega_lite_chart") for dataset in chart.proto.datasets]


def test_add_vendors_from_the_catalog_and_archive_one(app, empty):
    db, engagement = empty
    _open(app, engagement, "pages/vendors.py")
    app.multiselect(key="vendors.catalog_pick").set_value(["slack", "viva_engage"]).run()
    app.button(key="vendors.add_catalog").click().run()
    no_exceptions(app)
    assert sorted(v.name for v in workspace.list_vendors(db, engagement.id)) == [
        "Microsoft Viva Engage", "Slack"]
    slack = next(v for v in workspace.list_vendors(db, engagement.id) if v.name == "Slack")
    app.selectbox(key="vendors.edit_pick").set_value(slack.id).run()
    app.checkbox(key="vendors.edit_archived").check()
    app.button[[b.label for b in app.button].index("Save vendor")].click().run()
    assert [v.name for v in workspace.list_vendors(db, engagement.id)] == [
        "Microsoft Viva Engage"]


def _score_as(app, workspace_path, name="Chief Information Officer"):
    """Open the scoring page of the example as one of its scorers; returns (db, example)."""
    db = workspace.open_workspace(workspace_path)
    [example] = workspace.list_engagements(db)
    people = {p.name: p for p in workspace.list_participants(db, example.id)}
    app.query_params["p"] = people[name].token
    open_page(app, "pages/scoring.py")
    return db, example


def _mine(db, example, name="Chief Information Officer"):
    scores = workspace.engagement_scores(db, example.id)
    mine = scores[scores["scorer"] == name]
    return {(r.vendor_id, r.criterion): (r.score, r.evidence) for r in mine.itertuples()}


def test_a_score_is_saved_the_moment_it_is_typed(app, workspace_path):
    db, example = _score_as(app, workspace_path)
    assert "Save scores" not in [b.label for b in app.button], "nothing waits for a Save"
    assert "saved as soon as you press Enter" in texts(app)
    first, second = workspace.list_vendors(db, example.id)[:2]
    before = _mine(db, example)
    edit_grid(app, "scoring.security.r0.matrix", {0: {f"v{first.id}": 1.0}})
    edit_grid(app, "scoring.security.r0.matrix", {0: {f"v{first.id}": 1.0},
                                              2: {f"v{second.id}": None}})
    after = _mine(db, example)
    assert after[(first.id, "sso")] == (1.0, before[(first.id, "sso")][1]), "evidence kept"
    assert pd.isna(after[(second.id, "data_residency")][0])
    changed = {cell for cell in after if after[cell] != before.get(cell)
               and not (pd.isna(after[cell][0]) and pd.isna(before.get(cell, (0,))[0]))}
    assert changed <= {(first.id, "sso"), (second.id, "data_residency")}
    assert [e.key for e in app.data_editor][0] == "scoring.security.r0.matrix", \
        "a saved edit keeps the grid (and the person's place in it)"


def test_an_out_of_range_score_is_refused_with_a_message_and_nothing_saved(app,
                                                                          workspace_path):
    db, example = _score_as(app, workspace_path)
    before = workspace.engagement_scores(db, example.id)
    vendor = workspace.list_vendors(db, example.id)[0]
    edit_grid(app, "scoring.security.r0.matrix", {0: {f"v{vendor.id}": 7.0},
                                              1: {f"v{vendor.id}": 1.0}})
    assert any("Not saved" in e and "7 is outside 0-5" in e for e in errors(app)), errors(app)
    pd.testing.assert_frame_equal(workspace.engagement_scores(db, example.id), before)
    assert [e.key for e in app.data_editor][0] == "scoring.security.r1.matrix", \
        "the grid is drawn afresh: it shows the saved scores, not the refused ones"
    assert app.data_editor[0].value[f"v{vendor.id}"].iloc[0] != 7.0


def test_an_evidence_note_is_saved_the_moment_it_is_typed(app, workspace_path):
    db, example = _score_as(app, workspace_path)
    vendors = workspace.list_vendors(db, example.id)
    score = _mine(db, example)[(vendors[1].id, "sso")][0]
    edit_grid(app, "scoring.security.r0.evidence", {1: {"Evidence": "SAML tested in the pilot"}})
    assert _mine(db, example)[(vendors[1].id, "sso")] == (score, "SAML tested in the pilot")


def test_scores_changed_elsewhere_redraw_the_grid_without_old_edits(app, workspace_path):
    db, example = _score_as(app, workspace_path)
    vendor = workspace.list_vendors(db, example.id)[0]
    person = next(p for p in workspace.list_participants(db, example.id)
                  if p.name == "Chief Information Officer")
    edit_grid(app, "scoring.security.r0.matrix", {0: {f"v{vendor.id}": 1.0}})
    workspace.save_score_values(db, person.id, {(vendor.id, "sso"): 4.0})  # another device
    app.run()
    assert [e.key for e in app.data_editor][0] == "scoring.security.r1.matrix"
    assert app.data_editor[0].value[f"v{vendor.id}"].iloc[0] == 4.0


def test_comparison_shows_ranking_topsis_robustness_and_acceptability(app, example_db):
    open_page(app, "pages/comparison.py")
    page = texts(app)
    assert "Ranking" in page and "How robust is the winner?" in page
    leader = {m.label: m.value for m in app.metric}["Leading vendor"]
    assert leader in {v.name for v in workspace.list_vendors(
        example_db, workspace.list_engagements(example_db)[0].id)}
    assert len(app.get("vega_lite_chart")) >= 4     # ranking, 2x2, tornado, acceptability
    assert "ranks first in" in page


def _chart(app, title: str) -> dict:
    return next(spec for spec in (json.loads(c.proto.spec) for c in app.get("vega_lite_chart"))
                if spec["title"]["text"] == title)


def test_positioning_axes_name_every_category_they_add_up(app, example_db):
    [example] = workspace.list_engagements(example_db)
    categories = workspace.list_categories(example_db, example.id)
    open_page(app, "pages/comparison.py")
    app.multiselect(key="compare.x").set_value([c.id for c in categories[:5]]).run()
    no_exceptions(app)
    spec = _chart(app, "Positioning")
    x = next(layer["encoding"]["x"] for layer in spec["layer"]
             if "y" in layer.get("encoding", {}) and "x" in layer["encoding"])
    title = " ".join(x["title"]) if isinstance(x["title"], list) else x["title"]
    assert "categories (weighted)" not in title
    assert title == " + ".join(c.name for c in categories[:5])


def test_what_if_changes_the_trial_ranking_without_saving(app, example_db):
    [example] = workspace.list_engagements(example_db)
    before = workspace.get_weights(example_db, example.id)
    open_page(app, "pages/comparison.py")
    app.slider(key="whatif.cost").set_value(100).run()
    no_exceptions(app)
    assert workspace.get_weights(example_db, example.id) == before


def test_criteria_are_reordered_renamed_and_added_from_the_editor(app, workspace_path):
    db = workspace.open_workspace(workspace_path)
    [example] = workspace.list_engagements(db)
    before = [c for c in workspace.list_criteria(db, example.id) if c.category == "security"]
    app.run()
    app.switch_page("pages/requirements.py").run()
    app.session_state["requirements.security.editor"] = {
        "edited_rows": {0: {"order": 99}, 1: {"name": "Roles and permissions"}},
        "added_rows": [{"name": "Audit trail", "direction": "benefit", "order": 1}],
        "deleted_rows": []}
    app.button[[b.label for b in app.button].index("Save criteria")].click().run()
    no_exceptions(app)
    after = [c for c in workspace.list_criteria(db, example.id) if c.category == "security"]
    assert [c.name for c in after] == ["Audit trail", "Roles and permissions",
                                       *[c.name for c in before[2:]], before[0].name]
    assert "security" not in workspace.get_weights(db, example.id)   # weights reset


def test_all_zero_direct_weights_are_refused(app, example_db):
    open_page(app, "pages/weights.py")
    app.segmented_control(key="weights.categories.method").set_value("direct").run()
    for number_input in app.number_input:
        if number_input.key.startswith("weights.categories.direct."):
            number_input.set_value(0.0)
    app.run()
    assert any("zero" in e for e in errors(app))
    assert app.button(key="weights.categories.save").disabled


HOSTILE = "**Bold** <img src=x onerror=alert(1)> =1+1 :red[x] 🚀"


@pytest.mark.parametrize("page", PAGES)
def test_hostile_category_criterion_and_vendor_names_render_as_text(app, empty, page):
    db, engagement = empty
    workspace.import_taxonomy(db, engagement.id, [{"id": "c", "name": HOSTILE}],
                              [{"id": "k", "category": "c", "name": HOSTILE + " crit"}])
    vendor = workspace.add_vendor(db, engagement.id, HOSTILE)
    other = workspace.add_vendor(db, engagement.id, "Plain vendor")
    scorer = workspace.add_participant(db, engagement.id, HOSTILE)
    workspace.save_scores(db, [workspace.Score(scorer.id, vendor.id, "k", 4),
                               workspace.Score(scorer.id, other.id, "k", 2)])
    _open(app, engagement, page)
    rendered = [e.value for kind in ("markdown", "caption", "warning", "success", "info")
                for e in getattr(app, kind)] + [
        o for radio in app.radio for o in radio.options]
    assert not any("**Bold**" in value for value in rendered), "markdown was not escaped"


def _warnings(app) -> str:
    return plain(" ".join(w.value for w in app.warning))


def test_unsaved_weights_stay_through_another_level_and_another_page(app, example_db):
    [example] = workspace.list_engagements(example_db)
    before = workspace.get_weights(example_db, example.id)
    open_page(app, "pages/weights.py")
    app.number_input(key="weights.categories.points.security").set_value(25).run()
    app.number_input(key="weights.categories.points.cost").set_value(3).run()
    assert "Unsaved changes to the weights of Categories" in _warnings(app)
    app.radio(key="weights.level").set_value("security").run()
    assert app.radio(key="weights.level").proto.captions[0] == "✎ unsaved changes"
    app.radio(key="weights.level").set_value("categories").run()
    assert app.number_input(key="weights.categories.points.security").value == 25
    app.switch_page("pages/vendors.py").run()
    app.switch_page("pages/weights.py").run()
    no_exceptions(app)
    assert app.radio(key="weights.level").value == "categories", "the level is kept too"
    assert app.number_input(key="weights.categories.points.security").value == 25
    assert app.number_input(key="weights.categories.points.cost").value == 3
    assert "Unsaved changes" in _warnings(app)
    assert workspace.get_weights(example_db, example.id) == before, "nothing saved unasked"

    app.button(key="weights.categories.discard").click().run()
    assert app.number_input(key="weights.categories.points.security").value == 20
    assert "Unsaved changes" not in _warnings(app)


def test_an_unsaved_method_change_is_kept_and_saving_ends_the_warning(app, example_db):
    [example] = workspace.list_engagements(example_db)
    open_page(app, "pages/weights.py")
    app.segmented_control(key="weights.categories.method").set_value("ahp").run()
    app.select_slider(key="weights.categories.ahp.security.features").set_value(-2).run()
    app.switch_page("pages/report.py").run()
    app.switch_page("pages/weights.py").run()
    assert app.segmented_control(key="weights.categories.method").value == "ahp"
    assert app.select_slider(key="weights.categories.ahp.security.features").value == -2
    app.button(key="weights.categories.save").click().run()
    no_exceptions(app)
    assert workspace.get_weights(example_db, example.id)["categories"].method == "ahp"
    assert "Unsaved changes" not in _warnings(app)
    assert app.radio(key="weights.level").proto.captions[0] == "✓ saved"


def test_a_fresh_page_claims_no_unsaved_changes(app, example_db):
    for page in ("pages/requirements.py", "pages/vendors.py", "pages/engagements.py",
                 "pages/weights.py"):
        open_page(app, page)
        assert "Unsaved changes" not in _warnings(app), page
    [example] = workspace.list_engagements(example_db)
    for level in [c.id for c in workspace.list_categories(example_db, example.id)]:
        app.radio(key="weights.level").set_value(level).run()
        assert app.radio(key="weights.level").value == level
        assert "Unsaved changes" not in _warnings(app), level


def test_unsaved_criteria_edits_stay_when_the_page_is_left_until_discarded(app, example_db):
    [example] = workspace.list_engagements(example_db)
    before = workspace.list_criteria(example_db, example.id)
    open_page(app, "pages/requirements.py")
    app.session_state["requirements.security.editor"] = {
        "edited_rows": {1: {"name": "Roles and permissions"}}, "added_rows": [],
        "deleted_rows": []}
    app.run()
    assert "Unsaved changes to the criteria of Security and compliance" in _warnings(app)
    app.switch_page("pages/weights.py").run()
    app.switch_page("pages/requirements.py").run()
    no_exceptions(app)
    security = next(e for e in app.data_editor if e.key == "requirements.security.editor")
    assert security.value["name"].iloc[1] == "Roles and permissions"
    assert "Unsaved changes to the criteria of Security and compliance" in _warnings(app)
    assert workspace.list_criteria(example_db, example.id) == before
    app.button(key="requirements.security.discard").click().run()
    security = next(e for e in app.data_editor if e.key == "requirements.security.editor")
    assert security.value["name"].iloc[1] == before[1].name
    assert "Unsaved changes" not in _warnings(app)


def test_a_category_is_renamed_as_typed_and_a_duplicate_is_refused(app, example_db):
    [example] = workspace.list_engagements(example_db)
    open_page(app, "pages/requirements.py")
    app.text_input(key="requirements.cost.name").input("Total cost").run()
    no_exceptions(app)
    names = {c.id: c.name for c in workspace.list_categories(example_db, example.id)}
    assert names["cost"] == "Total cost"
    app.text_input(key="requirements.cost.name").input("integration").run()
    assert any("Not renamed" in e and "already" in e for e in errors(app)), errors(app)
    assert app.text_input(key="requirements.cost.name").value == "Total cost"
    names = {c.id: c.name for c in workspace.list_categories(example_db, example.id)}
    assert names["cost"] == "Total cost"


def test_an_unsaved_vendor_edit_stays_while_another_vendor_is_looked_at(app, example_db):
    [example] = workspace.list_engagements(example_db)
    first, second = workspace.list_vendors(example_db, example.id)[:2]
    open_page(app, "pages/vendors.py")
    app.text_area(key="vendors.edit_note").input("Renewal due in May").run()
    assert f"Unsaved changes to {first.name}" in _warnings(app)
    app.selectbox(key="vendors.edit_pick").set_value(second.id).run()
    assert app.text_input(key="vendors.edit_name").value == second.name
    assert f"Unsaved changes also on: {first.name}" in texts(app)
    app.switch_page("pages/scoring.py").run()
    app.switch_page("pages/vendors.py").run()
    app.selectbox(key="vendors.edit_pick").set_value(first.id).run()
    assert app.text_area(key="vendors.edit_note").value == "Renewal due in May"
    app.button(key="vendors.save").click().run()
    no_exceptions(app)
    assert workspace.get_vendor(example_db, first.id).status_note == "Renewal due in May"
    assert "Unsaved changes" not in _warnings(app)


def test_a_half_typed_new_vendor_stays_when_the_page_is_left(app, example_db):
    open_page(app, "pages/vendors.py")
    app.text_input(key="vendors.new_name").input("Happeo").run()
    app.switch_page("pages/weights.py").run()
    app.switch_page("pages/vendors.py").run()
    assert app.text_input(key="vendors.new_name").value == "Happeo"
    assert "Unsaved changes to the new vendor (not added yet)" in _warnings(app)
    app.button(key="vendors.new_discard").click().run()
    assert app.text_input(key="vendors.new_name").value == ""


def test_platforms_chosen_from_the_catalog_stay_until_added(app, empty):
    db, engagement = empty
    _open(app, engagement, "pages/vendors.py")
    app.multiselect(key="vendors.catalog_pick").set_value(["slack", "staffbase"]).run()
    app.switch_page("pages/requirements.py").run()
    app.switch_page("pages/vendors.py").run()
    assert app.multiselect(key="vendors.catalog_pick").value == ["slack", "staffbase"]
    assert "Unsaved changes to the platforms chosen (not added yet)" in _warnings(app)
    app.button(key="vendors.add_catalog").click().run()
    assert len(workspace.list_vendors(db, engagement.id)) == 2
    assert app.multiselect(key="vendors.catalog_pick").value == []
    assert "Unsaved changes" not in _warnings(app)
