"""AHP on a phone: a participant answers one pair at a time on Saaty's verbal scale.

The example engagement's categories are 8 items: 28 pairs in all, or a reduced set of 16.
"""
import pytest

import workspace
from tests.pages import helpers
from tests.pages.helpers import errors, no_exceptions
from tests.pages.test_workshop import browser, join, open_session, secret, sign_in  # noqa: F401

PREFIX = "my_weights.categories.ahp"


def texts(at) -> str:
    shown = helpers.texts(at) + "\n" + "\n".join(p.proto.text for p in at.get("progress"))
    return shown.replace("**", "")


def _weighing_participant(app, name="Ann"):
    sign_in(app)
    code = open_session(app, tasks=("weights",), method="ahp")
    person = join(browser(), code, name)
    person.switch_page("pages/my_weights.py").run()
    no_exceptions(person)
    return person


def _saved(workspace_path, name="Ann"):
    db = workspace.open_workspace(workspace_path)
    person = next(p for p in workspace.list_participants(db, 1) if p.name == name)
    return workspace.participant_weights(db, person.id, "categories", "ahp")


def _categories(workspace_path):
    return [c.name for c in workspace.list_categories(workspace.open_workspace(workspace_path),
                                                      1)]


def _pick(person, side, step):
    person.button(key=f"{PREFIX}.pick.{side}.{step}").click().run()
    no_exceptions(person)


def test_one_pair_at_a_time_named_on_one_line_with_the_verbal_scale(app, secret,
                                                                      workspace_path):
    person = _weighing_participant(app)
    first, second = _categories(workspace_path)[:2]
    shown = texts(person)
    assert f"{first} vs {second}: which matters more" in shown
    assert "Pair 1 of 16" in shown and "0 of 16 pairs answered" in shown
    labels = [b.label for b in person.button if b.key.startswith(f"{PREFIX}.pick.")]
    assert len(labels) == 9, "9 answers; the in-between values come on request"
    assert labels[0].startswith(f"**{helpers.plain(labels[0]).split('**')[1]}** · extremely")
    assert "9 on Saaty's 1-9 scale" in labels[0]
    assert labels[4] == "**Equally important**  \n1 on Saaty's 1-9 scale"
    assert "· moderately more important  \n3 on Saaty" in labels[5]

    person.button(key=f"{PREFIX}.between_values").click().run()
    assert len([b for b in person.button if b.key.startswith(f"{PREFIX}.pick.")]) == 17


def test_a_tap_saves_the_pair_and_shows_the_next(app, secret, workspace_path):
    person = _weighing_participant(app)
    names = _categories(workspace_path)
    _pick(person, 1, 5)      # the second strongly more important than the first
    assert _saved(workspace_path) == {"0,1": pytest.approx(1 / 5)}
    shown = texts(person)
    assert f"Saved: {names[1]} strongly more important (5)." in shown
    assert "Pair 2 of 16" in shown and "1 of 16 pairs answered" in shown
    assert f"{names[1]} vs {names[2]}" in shown, "the ring goes on from the second item"

    person.button(key=f"{PREFIX}.previous").click().run()
    chosen = person.button(key=f"{PREFIX}.pick.1.5")
    assert chosen.proto.type == "primary" and chosen.label.startswith("✓ ")


def test_above_seven_items_a_reduced_set_is_offered_and_all_pairs_on_request(
        app, secret, workspace_path):
    person = _weighing_participant(app)
    shown = texts(person)
    assert "comparing every pair takes 28 answers" in shown
    assert "reduced set of 16: each item against four others" in shown
    person.button(key=f"{PREFIX}.design").click().run()
    assert "Pair 1 of 28" in texts(person)


def test_weights_from_a_reduced_set_come_from_the_pairs_answered(app, secret,
                                                                   workspace_path):
    """Seven answers around the ring, each item 3x the next: least squares gives weights
    in the ratio 3^7 : 3^6 : ... : 1, where counting unanswered pairs as equal would not."""
    person = _weighing_participant(app)
    for _ in range(7):
        _pick(person, 0, 3)
    table = next(d.value for d in person.dataframe if "Weight" in d.value.columns)
    weights = table.set_index("Item")["Weight"].reindex(_categories(workspace_path))
    expected = [3.0 ** (7 - k) for k in range(8)]
    assert weights.tolist() == pytest.approx([e / sum(expected) for e in expected])

    app.run()    # the facilitator's live view counts Ann's weights the same way
    group = next(d.value for d in app.dataframe if "weight" in d.value.columns)
    assert group["weight"].max() == pytest.approx(3 ** 7 / sum(expected))


def test_inconsistent_answers_get_a_note_naming_the_pair_to_revisit(app, secret,
                                                                     workspace_path):
    person = _weighing_participant(app)
    names = _categories(workspace_path)
    person.button(key=f"{PREFIX}.design").click().run()
    # The first 7 pairs compare the first category with each other one.
    _pick(person, 0, 9)            # first >> second
    _pick(person, 1, 9)            # third >> first
    for _ in range(5):
        _pick(person, 0, 1)        # the first equal to each of the rest
    assert not person.warning, "consistent so far"
    _pick(person, 0, 9)            # pair 8: second >> third, against both answers above
    [note] = [w.value for w in person.warning]
    plain = helpers.plain(note)
    assert "Your answers contradict each other (consistency ratio" in plain
    assert "above 0.10). Changing" in plain and "helps most" in plain
    revisit = person.button(key=f"{PREFIX}.revisit")
    revisit.click().run()
    shown = texts(person)
    assert any(f"Pair {k} of 28" in shown for k in (1, 2, 8))
    assert any(f"{a} vs {b}: which" in shown
               for a, b in ((names[0], names[1]), (names[0], names[2]), (names[1], names[2])))


def test_a_paused_workshop_refuses_the_tap(app, secret, workspace_path):
    person = _weighing_participant(app)
    app.switch_page("pages/workshop.py").run()
    app.button(key="workshop.pause").click().run()
    _pick(person, 0, 3)
    assert any("paused the workshop" in e for e in errors(person))
    assert _saved(workspace_path) is None
    assert "Pair 1 of 16" in texts(person)
