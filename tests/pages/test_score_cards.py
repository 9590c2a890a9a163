"""Vendor scoring on a phone: a participant scores one card (a vendor on a criterion) at a time.

Each tap on a score saves it at once and shows the next card; "don't know" skips; the
facilitator's shortlist decides which vendors the cards offer.
"""
import pytest

import workspace
from tests.pages import helpers
from tests.pages.helpers import errors, no_exceptions
from tests.pages.test_workshop import browser, join, open_session, secret, sign_in  # noqa: F401

CARD = "scoring.card"


def texts(at) -> str:
    """What the person reads, progress bars' text included."""
    return helpers.texts(at) + "\n" + "\n".join(p.proto.text for p in at.get("progress"))


def _scoring_participant(app, name="Ann"):
    sign_in(app)
    code = open_session(app, tasks=("scores",))
    person = join(browser(), code, name)
    person.switch_page("pages/scoring.py").run()
    no_exceptions(person)
    return person, code


def _scores(workspace_path, name):
    db = workspace.open_workspace(workspace_path)
    person = next(p for p in workspace.list_participants(db, 1) if p.name == name)
    table = workspace.engagement_scores(db, 1)
    mine = table[table["scorer_id"] == person.id]
    return {(row.vendor, row.criterion): (row.score, row.evidence)
            for row in mine.itertuples()}


def test_a_participant_gets_cards_not_the_grid(app, secret):
    person, _ = _scoring_participant(app)
    assert not person.data_editor and not person.dataframe, \
        "no sideways grid on a participant's page"
    shown = texts(person)
    assert "0 of 266 scored" in shown
    assert "Card 1 of 266" in shown and "Microsoft Viva Engage" in shown
    assert "Single sign-on and identity" in shown
    assert "Must-have: below 3 knocks the vendor out" in shown
    labels = [b.label for b in person.button if b.key.startswith(f"{CARD}.score.")]
    assert labels[3].startswith("**3** · Meets the need")
    assert "does what the organization requires, out of the box" in labels[3]


def test_a_tap_saves_the_score_and_shows_the_next_vendor_on_the_same_criterion(
        app, secret, workspace_path):
    person, _ = _scoring_participant(app)
    person.button(key=f"{CARD}.score.4").click().run()
    no_exceptions(person)
    assert _scores(workspace_path, "Ann") == {("Microsoft Viva Engage", "sso"): (4.0, "")}
    shown = texts(person)
    assert "Saved 4 for Microsoft Viva Engage on Single sign-on and identity." in shown
    assert "1 of 266 scored" in shown and "Card 2 of 266" in shown
    assert "Slack" in [s.value for s in person.subheader]

    person.button(key=f"{CARD}.previous").click().run()
    chosen = person.button(key=f"{CARD}.score.4")
    assert chosen.proto.type == "primary" and chosen.label.startswith("✓ "), \
        "the saved score is marked when the person comes back"


def test_dont_know_skips_and_clears_and_the_first_unscored_is_one_tap_away(
        app, secret, workspace_path):
    person, _ = _scoring_participant(app)
    person.button(key=f"{CARD}.score.2").click().run()      # card 1 scored
    person.button(key=f"{CARD}.skip").click().run()         # card 2 skipped
    person.button(key=f"{CARD}.next").click().run()         # card 3 left open, on to 4
    person.button(key=f"{CARD}.score.5").click().run()      # card 4 scored
    assert "Card 5 of 266" in texts(person)
    person.button(key=f"{CARD}.first_open").click().run()
    assert "Card 3 of 266" in texts(person), "the skipped card is not 'unscored' any more"

    person.button(key=f"{CARD}.previous").click().run()     # back to the skipped card 2
    person.button(key=f"{CARD}.score.1").click().run()
    person.button(key=f"{CARD}.previous").click().run()
    person.button(key=f"{CARD}.skip").click().run()          # don't know after all: cleared
    saved = _scores(workspace_path, "Ann")
    assert saved[("Slack", "sso")] == (pytest.approx(float("nan"), nan_ok=True), "")
    assert sum(score == score for score, _ in saved.values()) == 2
    assert "2 of 266 scored" in texts(person)


def test_an_evidence_note_is_saved_with_the_card(app, secret, workspace_path):
    person, _ = _scoring_participant(app)
    person.text_input(key=f"{CARD}.note.1.sso").input("SSO needs the premium plan").run()
    person.button(key=f"{CARD}.score.3").click().run()
    assert _scores(workspace_path, "Ann")[("Microsoft Viva Engage", "sso")] == (
        3.0, "SSO needs the premium plan")


def test_cost_criteria_read_as_cost(app, secret):
    person, _ = _scoring_participant(app)
    person.session_state[f"{CARD}.at"] = _first_cost_card()
    person.run()
    labels = [b.label for b in person.button if b.key.startswith(f"{CARD}.score.")]
    assert labels[0].endswith("negligible cost") and labels[5].endswith("most costly")
    assert "COST: 0 = negligible, 5 = most costly." in texts(person)
    assert "Cost: a higher score means more costly" in texts(person)


def _first_cost_card() -> int:
    """Where the first cost criterion's first vendor is (7 vendors a criterion)."""
    db = workspace.open_workspace()
    criteria = workspace.list_criteria(db, 1)
    categories = workspace.list_categories(db, 1)
    order = [k for c in categories for k in sorted(criteria, key=lambda k: k.position)
             if k.category == c.id]
    return 7 * next(i for i, k in enumerate(order) if k.direction == "cost")


def test_a_paused_workshop_refuses_the_tap_and_says_so(app, secret, workspace_path):
    person, _ = _scoring_participant(app)
    app.switch_page("pages/workshop.py").run()
    app.button(key="workshop.pause").click().run()
    # The card was drawn before the pause: the tap still reaches the server.
    person.button(key=f"{CARD}.score.4").click().run()
    assert any("paused the workshop" in e for e in errors(person)), texts(person)
    assert _scores(workspace_path, "Ann") == {}
    assert "Card 1 of 266" in texts(person), "a refused tap does not move on"
    assert person.button(key=f"{CARD}.score.4").disabled


def test_a_closed_workshop_refuses_the_tap_with_the_workspaces_message(
        app, secret, workspace_path):
    person, _ = _scoring_participant(app)
    app.switch_page("pages/workshop.py").run()
    app.button(key="workshop.close").click().run()
    person.button(key=f"{CARD}.score.4").click().run()
    assert any("This workshop is closed, so nothing more is saved" in e
               for e in errors(person)), texts(person)
    assert _scores(workspace_path, "Ann") == {}


def test_the_facilitators_shortlist_decides_which_vendors_the_cards_offer(
        app, secret, workspace_path):
    person, _ = _scoring_participant(app)
    db = workspace.open_workspace(workspace_path)
    vendors = {v.name: v.id for v in workspace.list_vendors(db, 1)}
    app.switch_page("pages/workshop.py").run()
    app.multiselect(key="workshop.shortlist").set_value(
        [vendors["Slack"], vendors["Staffbase"]]).run()
    no_exceptions(app)
    assert workspace.live_session(db, 1).shortlist == (vendors["Slack"], vendors["Staffbase"])

    person.run()
    assert "0 of 76 scored" in texts(person), "2 vendors x 38 criteria"
    assert [s.value for s in person.subheader] == ["Slack"]
    person.button(key=f"{CARD}.score.3").click().run()
    assert [s.value for s in person.subheader] == ["Staffbase"]

    _answer_as_someone(app)
    grid = next(e for e in app.data_editor if e.key.endswith(".matrix"))
    assert len(grid.value.columns) == 1 + len(vendors), "the facilitator's grid keeps them all"


def test_a_facilitator_on_a_narrow_screen_can_switch_to_cards(app, secret, workspace_path):
    sign_in(app)
    _answer_as_someone(app)
    app.toggle(key="scoring.cards").set_value(True).run()
    no_exceptions(app)
    assert "Card 1 of 266" in texts(app)


def _answer_as_someone(app):
    """The facilitator opens the scoring page and scores as the example's first person."""
    app.switch_page("pages/scoring.py").run()
    app.button(key="who.continue").click().run()
    no_exceptions(app)
