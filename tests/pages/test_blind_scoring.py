"""Blind scoring under AppTest: nothing a participant can reach names a vendor while it is on;
the facilitator's pages say it is on."""
import workspace
from tests.pages.helpers import no_exceptions, nodes, open_page, texts
from tests.pages.test_workshop import browser, join, open_session, secret, sign_in  # noqa: F401


def _leaks(at, names) -> list[str]:
    """The vendor names found anywhere in what the page sent to the browser."""
    sent = b"".join(node.proto.SerializeToString() for node in nodes(at)
                    if getattr(node, "proto", None) is not None)
    return [name for name in names if name.encode() in sent]


def test_a_participant_never_sees_a_vendor_name_while_blind_scoring_is_on(app, secret):
    db = workspace.open_workspace()
    [engagement] = workspace.list_engagements(db)
    vendors = workspace.list_vendors(db, engagement.id, include_archived=True)
    names = [v.name for v in vendors]
    workspace.blind.set_blind(db, engagement.id, True)
    sign_in(app)
    code = open_session(app, tasks=("scores",))
    people = [join(browser(), code, name) for name in ("Ann", "Ben", "Cy")]
    ann = people[0]
    assert _leaks(ann, names) == []
    ann.switch_page("pages/scoring.py").run()
    no_exceptions(ann)
    assert "Vendor A" in texts(ann) and "Blind scoring is on" in texts(ann)
    assert _leaks(ann, names) == []
    criterion = workspace.list_criteria(db, engagement.id)[0]
    for n, person in enumerate(workspace.list_participants(db, engagement.id)[-3:]):
        workspace.save_score_values(db, person.id, {(v.id, criterion.id): float(n + 1)
                                                    for v in vendors if not v.archived})
    app.switch_page("pages/workshop.py").run()
    assert "Blind scoring is on" in texts(app)
    app.toggle(key="workshop.reveal").set_value(True).run()
    ann.switch_page("pages/group_results.py").run()
    no_exceptions(ann)
    assert ann.dataframe, "the group's scores are shown"
    assert _leaks(ann, names) == []
    presenter = sign_in(browser())
    presenter.switch_page("pages/presenter.py").run()
    no_exceptions(presenter)
    assert _leaks(presenter, names) == []
    # A vendor score reopened for a second round: the participant's home page lists it.
    session = workspace.live_session(db, engagement.id)
    first = next(v for v in vendors if not v.archived)
    workspace.consensus.reopen(db, session.id, "score", criterion.id, vendor_id=first.id)
    ann.switch_page("pages/join.py").run()
    no_exceptions(ann)
    assert "Vendor A" in texts(ann)
    assert _leaks(ann, names) == []


def test_the_facilitator_turns_blind_scoring_on_and_off_on_the_vendors_page(app):
    db = workspace.open_workspace()
    [engagement] = workspace.list_engagements(db)
    open_page(app, "pages/vendors.py")
    app.toggle(key="vendors.blind").set_value(True).run()
    no_exceptions(app)
    assert workspace.blind.is_blind(db, engagement.id)
    assert "Blind scoring is on" in texts(app)
    app.switch_page("pages/scoring.py").run()
    app.button(key="who.continue").click().run()      # scoring as the example's first scorer
    no_exceptions(app)
    assert "Blind scoring is on" in texts(app)
    names = [v.name for v in workspace.list_vendors(db, engagement.id, include_archived=True)]
    assert _leaks(app, names) == [], "the scoring page names no vendor, not even here"
    app.switch_page("pages/comparison.py").run()
    assert "Blind scoring is on" in texts(app)
    app.switch_page("pages/vendors.py").run()
    app.toggle(key="vendors.blind").set_value(False).run()
    assert not workspace.blind.is_blind(db, engagement.id)
