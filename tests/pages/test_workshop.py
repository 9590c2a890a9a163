"""Live workshops under AppTest: the facilitator runs a session, participants join and answer.

Each browser is its own AppTest. With a facilitator secret configured, a fresh AppTest is a
visitor until it joins with a code or signs in.
"""
import pytest
from streamlit.testing.v1 import AppTest

import workspace
from tests.conftest import ROOT
from tests.pages.helpers import errors, no_exceptions, open_page, texts

SECRET = "correct horse battery staple"
FACILITATOR_PAGES = {"pages/report.py", "pages/engagements.py", "pages/workshop.py",
                     "pages/exports.py", "pages/weights.py", "pages/comparison.py"}


def browser() -> AppTest:
    """Another person's browser on the same server (same workspace)."""
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", SECRET)
    return SECRET


def sign_in(at: AppTest, attempt: str = SECRET) -> AppTest:
    open_page(at, "pages/sign_in.py")
    at.text_input(key="sign_in.secret").input(attempt).run()
    at.button(key="sign_in.submit").click().run()
    no_exceptions(at)
    return at


def open_session(at: AppTest, tasks=("culture", "maturity"), method="points") -> str:
    """Open a workshop on the current engagement; returns its join code as shown."""
    at.switch_page("pages/workshop.py").run()
    at.multiselect(key="workshop.new.tasks").set_value(list(tasks)).run()
    at.radio(key="workshop.new.method").set_value(method).run()
    at.button(key="workshop.open").click().run()
    no_exceptions(at)
    shown = [m.value for m in at.markdown if m.value.startswith("# `")]
    assert shown, texts(at)
    return shown[0].strip("#` ")


def join(at: AppTest, code: str, name: str = "") -> AppTest:
    at.run()
    at.text_input(key="join.code").input(code).run()
    at.text_input(key="join.name").input(name).run()
    at.button(key="join.submit").click().run()
    no_exceptions(at)
    return at


def allowed_pages(at: AppTest) -> set[str]:
    return set(at.session_state["access.pages"])


def test_the_facilitator_opens_a_session_with_code_link_and_qr_code(app):
    open_page(app, "pages/engagements.py")
    code = open_session(app)
    assert len(code) == 7 and code[3] == "-"
    links = [c.value for c in app.code]
    assert any(link.endswith(f"/?code={code.replace('-', '')}") for link in links), links
    assert app.get("image"), "the QR code is on the page"
    assert "people join with" in texts(app)


def test_a_participant_joins_by_code_and_the_live_view_shows_the_answer(app, secret,
                                                                       workspace_path):
    sign_in(app)
    code = open_session(app)
    person = join(browser(), code.lower(), "Dana")
    assert [t.value for t in person.title] == ["Your workshop"]
    assert "You take part as **Dana**" in texts(person)
    person.switch_page("pages/culture.py").run()
    person.radio(key="culture.c01").set_value(5).run()
    no_exceptions(person)

    app.run()
    progress = next(d.value for d in app.dataframe if "Name" in d.value.columns)
    assert list(progress["Name"]) == ["Dana"]
    assert progress["Culture"].iloc[0] == pytest.approx(1 / 30)
    culture = next(d.value for d in app.dataframe if "Statement" in d.value.columns)
    assert culture["Answers"].tolist() == [1]


def test_a_visitor_sees_only_how_to_join_or_sign_in(app, secret, workspace_path):
    app.run()
    no_exceptions(app)
    assert allowed_pages(app) == {"pages/join.py", "pages/sign_in.py"}
    assert [t.value for t in app.title] == ["Join a workshop"]
    assert not app.selectbox, "no engagement picker, so no engagement names"
    assert "e" not in app.query_params
    assert workspace.EXAMPLE_NAME not in texts(app)


def test_a_participant_has_only_the_tasks_the_facilitator_chose(app, secret):
    sign_in(app)
    code = open_session(app, tasks=("culture", "weights"))
    person = join(browser(), code, "Dana")
    assert allowed_pages(person) == {"pages/join.py", "pages/culture.py",
                                     "pages/my_weights.py", "pages/group_results.py"}
    assert not FACILITATOR_PAGES & allowed_pages(person)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        person.switch_page("pages/report.py")


def test_a_participant_of_one_engagement_never_sees_another(app, secret, workspace_path):
    db = workspace.open_workspace(workspace_path)
    other = workspace.create_engagement(db, "Globex confidential")
    workspace.add_participant(db, other.id, "Globex CEO")
    sign_in(app)
    code = open_session(app)
    person = join(browser(), code, "Dana")
    token = person.query_params["p"]

    # A fresh browser with the private link and another engagement's id in the address.
    tampered = browser()
    tampered.query_params["p"] = token
    tampered.query_params["e"] = str(other.id)
    tampered.run()
    tampered.switch_page("pages/culture.py").run()
    no_exceptions(tampered)
    shown = texts(tampered)
    assert "Globex" not in shown and workspace.EXAMPLE_NAME in shown
    assert tampered.query_params["e"] != str(other.id)
    assert not tampered.selectbox


def test_the_private_link_brings_a_participant_back_in_a_new_browser(app, secret):
    sign_in(app)
    code = open_session(app)
    first = join(browser(), code, "Dana")
    first.switch_page("pages/culture.py").run()
    first.radio(key="culture.c02").set_value(2).run()

    later = browser()
    later.query_params["p"] = first.query_params["p"]
    later.run()
    assert "You take part as **Dana**" in texts(later)
    later.switch_page("pages/culture.py").run()
    assert later.radio(key="culture.c02").value == 2


def test_a_participant_joins_anonymously(app, secret):
    sign_in(app)
    code = open_session(app)
    person = join(browser(), code)
    assert "You take part as **Anonymous 1**" in texts(person)


def test_wrong_replaced_and_closed_codes_get_one_message(app, secret):
    sign_in(app)
    old = open_session(app)
    app.button(key="workshop.rotate").click().run()
    new = next(m.value for m in app.markdown if m.value.startswith("# `")).strip("#` ")
    assert new != old
    messages = []
    for typed in ["ZZZ-ZZZ", old]:
        visitor = join(browser(), typed, "Eve")
        messages.append(errors(visitor))
        assert allowed_pages(visitor) == {"pages/join.py", "pages/sign_in.py"}
    app.button(key="workshop.close").click().run()
    visitor = join(browser(), new, "Eve")
    messages.append(errors(visitor))
    assert messages[0] == messages[1] == messages[2] == [workspace.sessions.NO_SESSION]


def test_repeated_wrong_codes_are_slowed_down(app, secret):
    sign_in(app)
    code = open_session(app)
    guesser = browser()
    for _ in range(10):
        join(guesser, "AAA-AAA")
        assert errors(guesser) == [workspace.sessions.NO_SESSION]
    join(guesser, code, "Mallory")
    assert "Too many codes that did not work from your network address" in errors(guesser)[0]
    assert allowed_pages(guesser) == {"pages/join.py", "pages/sign_in.py"}, \
        "even the right code waits until the delay is over"


def test_wrong_codes_count_across_connections(app, secret):
    """A reload (a new connection, a new Streamlit session) starts no fresh count: the
    tries are counted in the workspace by address, and a browser on this computer (which
    Streamlit reports without an address) counts as 127.0.0.1."""
    sign_in(app)
    code = open_session(app)
    for _ in range(10):
        assert errors(join(browser(), "AAA-AAA")) == [workspace.sessions.NO_SESSION]
    late = join(browser(), code, "Mallory")
    assert "Too many codes that did not work" in errors(late)[0]
    assert allowed_pages(late) == {"pages/join.py", "pages/sign_in.py"}


def test_a_wrong_secret_is_refused_and_repeated_wrong_secrets_slow_down(app, secret):
    for _ in range(5):
        sign_in(app, "not the secret")
        assert errors(app) == ["That is not the facilitator secret."]
    sign_in(app, SECRET)
    assert "Too many wrong secrets from your network address" in errors(app)[0]
    assert "pages/report.py" not in allowed_pages(app)


def test_wrong_secrets_count_across_connections(app, secret):
    for _ in range(5):
        assert errors(sign_in(browser(), "not the secret")) == [
            "That is not the facilitator secret."]
    late = sign_in(browser(), SECRET)
    assert "Too many wrong secrets" in errors(late)[0]
    assert "pages/report.py" not in allowed_pages(late)


def test_the_right_secret_opens_every_page_and_signing_out_closes_them(app, secret):
    sign_in(app)
    assert FACILITATOR_PAGES <= allowed_pages(app)
    app.button(key="access.sign_out").click().run()
    assert allowed_pages(app) == {"pages/join.py", "pages/sign_in.py"}


def test_a_paused_workshop_keeps_answers_out_until_it_resumes(app, secret, workspace_path):
    sign_in(app)
    code = open_session(app)
    person = join(browser(), code, "Dana")
    person.switch_page("pages/culture.py").run()
    app.button(key="workshop.pause").click().run()
    assert "Paused" in texts(app)

    person.run()
    assert person.radio(key="culture.c01").disabled
    assert "paused the workshop" in texts(person)
    db = workspace.open_workspace(workspace_path)
    [joined] = workspace.session_participants(db, workspace.live_session(db, 1).id)
    assert workspace.participant_answers(db, joined.id, "culture") == {}
    assert "paused" in errors(join(browser(), code, "Erin"))[0]

    app.button(key="workshop.resume").click().run()
    person.run()
    person.radio(key="culture.c01").set_value(3).run()
    assert workspace.participant_answers(db, joined.id, "culture")["c01"].value == 3


def test_revealed_results_show_the_group_but_never_a_name(app, secret):
    sign_in(app)
    code = open_session(app)
    dana = join(browser(), code, "Dana Secretname")
    dana.switch_page("pages/culture.py").run()
    dana.radio(key="culture.c01").set_value(5).run()
    dana.switch_page("pages/group_results.py").run()
    assert "has not shared the group's results yet" in texts(dana)
    assert not dana.dataframe

    app.toggle(key="workshop.reveal").set_value(True).run()
    dana.run()
    assert "at least 3 people have joined" in texts(dana), "two people would see each other"
    assert not dana.dataframe
    for name in ("Erin Othername", "Frank Thirdname"):
        join(browser(), code, name)
    dana.run()
    no_exceptions(dana)
    assert dana.dataframe, "the aggregate is shown"
    everything = texts(dana) + "".join(d.value.to_string() for d in dana.dataframe)
    for surname in ("Secretname", "Othername", "Thirdname"):
        assert surname not in everything


def test_participants_weights_combine_into_group_weights_the_facilitator_can_adopt(
        app, secret, workspace_path):
    sign_in(app)
    code = open_session(app, tasks=("weights",), method="points")
    db = workspace.open_workspace(workspace_path)
    items = [c.id for c in workspace.list_categories(db, 1)]
    for name, first in (("Ann", 60), ("Ben", 20)):
        person = join(browser(), code, name)
        person.switch_page("pages/my_weights.py").run()
        person.number_input(key=f"my_weights.categories.points.{items[0]}").set_value(first).run()
        no_exceptions(person)
    app.run()
    assert "2 people weighed Categories" in texts(app)
    app.button(key="workshop.adopt").click().run()
    saved = workspace.get_weights(db, 1)["categories"]
    # Each person's other categories have 0 points, so their own weight of the first is 1.0:
    # the mean of the normalized weights is 1.0 for the first category.
    assert saved.weights[items[0]] == pytest.approx(1.0)


def test_over_allocated_points_are_refused_and_nothing_is_saved(app, secret, workspace_path):
    sign_in(app)
    code = open_session(app, tasks=("weights",), method="points")
    person = join(browser(), code, "Ann")
    person.switch_page("pages/my_weights.py").run()
    db = workspace.open_workspace(workspace_path)
    items = [c.id for c in workspace.list_categories(db, 1)]
    person.number_input(key=f"my_weights.categories.points.{items[0]}").set_value(70).run()
    person.number_input(key=f"my_weights.categories.points.{items[1]}").set_value(40).run()
    assert any("take 10 off" in e for e in errors(person))
    [ann] = workspace.list_participants(db, 1)[-1:]
    assert workspace.participant_weights(db, ann.id, "categories", "points") == {
        **{item: 0 for item in items}, items[0]: 70}


def test_a_closed_workshop_sends_its_participants_back_to_the_join_page(app, secret):
    sign_in(app)
    code = open_session(app)
    person = join(browser(), code, "Dana")
    app.button(key="workshop.close").click().run()
    person.run()
    assert allowed_pages(person) == {"pages/join.py", "pages/sign_in.py"}
    assert "That workshop session has ended" in texts(person)


def test_ahp_judgments_of_the_room_combine_by_geometric_mean(app, secret, workspace_path):
    sign_in(app)
    code = open_session(app, tasks=("weights",), method="ahp")
    db = workspace.open_workspace(workspace_path)
    first, second = [c.id for c in workspace.list_categories(db, 1)][:2]
    # Ann: the first category 3x as important as the second; Ben: the second 3x the first.
    # Both then go round the ring of categories (pairs 2-7), calling the rest equal.
    for name, side in (("Ann", 0), ("Ben", 1)):
        person = join(browser(), code, name)
        person.switch_page("pages/my_weights.py").run()
        person.button(key=f"my_weights.categories.ahp.pick.{side}.3").click().run()
        for _ in range(6):
            person.button(key="my_weights.categories.ahp.pick.0.1").click().run()
        no_exceptions(person)
    app.run()
    pairs = next(d.value for d in app.dataframe if "pair" in d.value.columns)
    top = pairs.iloc[0]
    assert top["group"] == pytest.approx(1.0) and top["spread"] == pytest.approx(1.0)
    app.button(key="workshop.adopt").click().run()
    saved = workspace.get_weights(db, 1)["categories"]
    assert saved.method == "ahp"
    assert saved.weights[first] == pytest.approx(saved.weights[second])


def test_a_participant_scores_vendors_and_sees_only_their_own_scores(app, secret,
                                                                    workspace_path):
    sign_in(app)
    code = open_session(app, tasks=("scores",))
    person = join(browser(), code, "Ann")
    person.switch_page("pages/scoring.py").run()
    no_exceptions(person)
    shown = texts(person)
    assert "All scorers" not in shown and "Score offline in Excel" not in shown
    assert "Enterprise Architect" not in shown, "another scorer's name stays hidden"
    assert not person.selectbox, "no chooser listing the other participants"


def test_names_appear_on_the_live_view_only_when_the_facilitator_asks(app, secret):
    sign_in(app)
    code = open_session(app)
    person = join(browser(), code, "Dana")
    person.switch_page("pages/culture.py").run()
    person.radio(key="culture.c01").set_value(2).run()
    app.run()

    def columns() -> set:
        return {str(c) for d in app.dataframe for c in d.value.columns}

    progress_names = next(d.value for d in app.dataframe if "Name" in d.value.columns)["Name"]
    assert list(progress_names) == ["Dana"], "who joined is always listed"
    assert "Dana" not in columns(), "answers are not shown by name unless asked"
    app.toggle(key="workshop.individual").set_value(True).run()
    assert "Dana" in columns()



def test_a_page_opened_before_the_close_saves_nothing_after_it(app, secret, workspace_path):
    """The participant's culture page was drawn while the session was open; the facilitator
    closes it; the participant's next answer, comment and weights are refused."""
    sign_in(app)
    code = open_session(app, tasks=("culture", "weights"))
    person = join(browser(), code, "Dana")
    person.switch_page("pages/culture.py").run()
    person.radio(key="culture.c01").set_value(4).run()
    app.button(key="workshop.close").click().run()

    person.radio(key="culture.c01").set_value(1)
    person.text_input(key="culture.c01.comment").input("after the close").run()
    no_exceptions(person)
    db = workspace.open_workspace(workspace_path)
    dana = next(p for p in workspace.list_participants(db, 1) if p.name == "Dana")
    answer = workspace.participant_answers(db, dana.id, "culture")["c01"]
    assert (answer.value, answer.comment) == (4, "")
    assert any("workshop is closed" in e for e in errors(person)), texts(person)
    assert allowed_pages(person) == {"pages/join.py", "pages/sign_in.py"}


def test_the_facilitator_caps_the_room_and_a_full_room_says_so(app, secret, workspace_path):
    sign_in(app)
    app.switch_page("pages/workshop.py").run()
    app.number_input(key="workshop.new.room").set_value(1).run()
    code = open_session(app)
    db = workspace.open_workspace(workspace_path)
    assert workspace.live_session(db, 1).max_participants == 1
    join(browser(), code, "Dana")
    late = join(browser(), code, "Erin")
    assert any("This workshop is full" in e for e in errors(late))
    assert allowed_pages(late) == {"pages/join.py", "pages/sign_in.py"}

    app.run()
    assert "The room is full: all 1 places are taken" in texts(app)
    app.number_input(key="workshop.room").set_value(2).run()
    no_exceptions(app)
    assert workspace.live_session(db, 1).max_participants == 2
    assert "You take part as **Erin**" in texts(join(browser(), code, "Erin"))


DAMAGED_HASH = "scrypt$16384$8$1$c2FsdHNhbHQ=$not*base64!"


@pytest.mark.parametrize("variable, value, message", [
    ("SOCIALREADY_FACILITATOR_SECRET", "short", "at least 12 characters"),
    ("SOCIALREADY_FACILITATOR_SECRET_HASH", "scrypt$16384$8$1$c2FsdA==", "not in the form"),
    ("SOCIALREADY_FACILITATOR_SECRET_HASH", DAMAGED_HASH, "damaged"),
    ("SOCIALREADY_TRUSTED_PROXY_HEADER", "X-Forwarded-For: 10.0.0.1", "header name"),
])
@pytest.mark.parametrize("page", ["pages/join.py", "pages/sign_in.py", "pages/engagements.py"])
def test_an_unusable_setting_gets_the_apps_own_message_and_no_page(app, monkeypatch, variable,
                                                                   value, message, page):
    """Never Streamlit's error page, never a fallback to local mode with every page open."""
    monkeypatch.setenv(variable, value)
    app.query_params["p"] = "x"
    app.run()
    no_exceptions(app)
    assert any(message in e and "cannot serve anyone" in e for e in errors(app)), errors(app)
    app.switch_page(page).run()
    no_exceptions(app)
    assert not app.title, "no page is drawn"
    assert any("cannot serve anyone" in e for e in errors(app))


def test_a_secrets_file_with_a_weak_secret_is_refused_too(app, secret):
    app.secrets["SOCIALREADY_FACILITATOR_SECRET"] = "short"
    app.run()
    assert allowed_pages(app) == {"pages/join.py", "pages/sign_in.py"}, \
        "the environment's secret wins; the file's is not read"


def test_the_facilitator_is_warned_when_the_server_shows_its_metrics(app, secret,
                                                                     monkeypatch):
    """Started as ``streamlit run app.py`` (not through serve.py), Streamlit serves its
    usage figures to anyone; the Live workshop page says so and how to start instead."""
    from streamlit import config

    sign_in(app)
    app.switch_page("pages/workshop.py").run()
    assert not any("metrics" in w.value for w in app.warning)
    monkeypatch.setattr(config, "_server_mode", "starlette-managed", raising=False)
    app.run()
    assert any("python3 dev.py run" in w.value and "metrics" in w.value for w in app.warning)


def test_the_sign_in_page_says_a_sign_in_lasts_for_this_tab_without_serve_py(app, secret,
                                                                           monkeypatch):
    """Only serve.py sets the sign-in cookie: started as ``streamlit run app.py`` the sign-in
    page does not promise hours, it says the tab and how to start the app instead."""
    from streamlit import config

    open_page(app, "pages/sign_in.py")
    assert "stays signed in for 12 hours" in texts(app)
    monkeypatch.setattr(config, "_server_mode", "starlette-managed", raising=False)
    app.run()
    shown = texts(app)
    assert "stays signed in" not in shown
    assert "a sign-in lasts only for this tab" in shown and "python3 dev.py run" in shown


VISITOR_PAGES = {"pages/join.py", "pages/sign_in.py"}


def _cookie_from_sign_in(app: AppTest, workspace_path) -> str:
    """What the browser does after a sign-in: trade the hand-over code for the cookie (as
    serve.py's sign-in address does), returning the cookie's token."""
    db = workspace.open_workspace(workspace_path)
    return workspace.sign_ins.hand_over(db, app.session_state["access.handover"]).token


@pytest.fixture
def cookie(monkeypatch):
    """The sign-in cookie the browser sends when it connects (None: none)."""
    from ui import access

    sent = {"token": None}
    monkeypatch.setattr(access, "_cookie", lambda: sent["token"])
    return sent


def test_a_refresh_returns_to_the_live_workshop_signed_in(app, secret, workspace_path, cookie):
    """F5 on the live view: a new connection with the cookie and the same address (page and
    engagement) lands on the same live session, signed in."""
    sign_in(app)
    code = open_session(app)
    cookie["token"] = _cookie_from_sign_in(app, workspace_path)
    refreshed = browser()
    refreshed.query_params["e"] = app.query_params["e"]
    refreshed.run()
    refreshed.switch_page("pages/workshop.py").run()
    no_exceptions(refreshed)
    assert FACILITATOR_PAGES <= allowed_pages(refreshed)
    assert [t.value for t in refreshed.title] == ["Live workshop"]
    assert any(m.value == f"# `{code}`" for m in refreshed.markdown)


def test_signing_out_in_one_tab_signs_out_every_tab_of_the_browser(app, secret, workspace_path,
                                                                   cookie):
    sign_in(app)
    cookie["token"] = _cookie_from_sign_in(app, workspace_path)
    other_tab = browser()
    other_tab.run()
    assert FACILITATOR_PAGES <= allowed_pages(other_tab)
    other_tab.button(key="access.sign_out").click().run()
    assert allowed_pages(other_tab) == VISITOR_PAGES
    app.run()
    assert allowed_pages(app) == VISITOR_PAGES, "the tab that signed in is out too"
    assert "Your facilitator sign-in has ended" in texts(app)
    again = browser()
    again.run()
    assert allowed_pages(again) == VISITOR_PAGES, "the cookie opens nothing any more"


def test_a_sign_in_lasts_its_configured_hours(app, secret, workspace_path, cookie, monkeypatch):
    monkeypatch.setenv("SOCIALREADY_SIGN_IN_HOURS", "2")
    sign_in(app)
    assert "stays signed in for 2 hours" in texts(open_page(browser(), "pages/sign_in.py"))
    cookie["token"] = _cookie_from_sign_in(app, workspace_path)
    db = workspace.open_workspace(workspace_path)
    [left] = db.execute("SELECT expires_at - created_at FROM facilitator_sign_ins "
                        "WHERE id = ?", [app.session_state["access.sign_in"]]).fetchone()
    assert left == 2 * 3600
    db.execute("UPDATE facilitator_sign_ins SET expires_at = 0")   # the hours have passed
    app.run()
    assert allowed_pages(app) == VISITOR_PAGES
    fresh = browser()
    fresh.run()
    assert allowed_pages(fresh) == VISITOR_PAGES


def test_a_new_secret_ends_every_sign_in(app, secret, workspace_path, cookie, monkeypatch):
    sign_in(app)
    cookie["token"] = _cookie_from_sign_in(app, workspace_path)
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", "another long secret phrase")
    app.run()
    assert allowed_pages(app) == VISITOR_PAGES
    fresh = browser()
    fresh.run()
    assert allowed_pages(fresh) == VISITOR_PAGES


def test_no_cookie_and_a_forged_cookie_open_nothing(app, secret, cookie):
    cookie["token"] = "forged-" + "x" * 40
    app.run()
    assert allowed_pages(app) == VISITOR_PAGES


def _open_address(at: AppTest, address: str, monkeypatch) -> AppTest:
    """Open an address of the app by name, as typing it or a refresh does: the browser asks
    for the page by its address (AppTest has no way to say it, so the app is told)."""
    from streamlit.util import calc_hash

    from ui import access

    monkeypatch.setattr(access, "requested_address", lambda: address)
    at._page_hash = calc_hash(address)
    at.run()
    no_exceptions(at)
    monkeypatch.undo()
    return at


@pytest.mark.parametrize("address", ["report", "workshop", "exports", "engagements"])
def test_a_participant_on_a_facilitator_address_is_told_and_led_back(app, secret, address,
                                                                     monkeypatch):
    sign_in(app)
    code = open_session(app)
    person = join(browser(), code, "Dana")
    _open_address(person, address, monkeypatch)
    assert [t.value for t in person.title] == ["Not part of your workshop"]
    assert "one of the facilitator's pages" in texts(person)
    assert [link.label for link in person.get("page_link")] == ["Back to your tasks"]
    assert "Readiness" not in texts(person) and workspace.EXAMPLE_NAME not in texts(person)


def test_a_visitor_on_a_facilitator_address_is_asked_to_sign_in(app, secret, monkeypatch):
    app.run()
    _open_address(app, "workshop", monkeypatch)
    assert [t.value for t in app.title] == ["Sign in or join first"]
    assert {link.label for link in app.get("page_link")} == {"Facilitator sign-in",
                                                              "Join a workshop"}


def test_an_address_that_is_no_page_says_so(app, secret, monkeypatch):
    app.run()
    _open_address(app, "no-such-page", monkeypatch)
    assert [t.value for t in app.title] == ["Sign in or join first"]
    assert "There is no page at this address" in texts(app)


def test_the_facilitator_is_told_when_phones_cannot_open_the_join_link(app, monkeypatch):
    """Single-user local mode listens on this computer only: the Live workshop page says
    so, with what to do, before a session is open and beside its link."""
    from ui import access

    monkeypatch.setattr(access, "bound_address", lambda: "127.0.0.1")
    open_page(app, "pages/workshop.py")
    told = "This server listens on this computer only (server.address = 127.0.0.1)"
    assert told in texts(app) and "python3 dev.py run" in texts(app)
    open_session(app)
    assert told in texts(app)


def test_a_join_link_nothing_answers_at_is_said_beside_it(app, secret, monkeypatch):
    from ui import access

    monkeypatch.setattr(access, "bound_address", lambda: "0.0.0.0")
    monkeypatch.setenv("SOCIALREADY_PUBLIC_URL", "http://no-such-host.invalid:8501")
    sign_in(app)
    open_session(app)
    assert "host name no-such-host.invalid cannot be looked up" in texts(app)


def _end_countdown(workspace_path) -> None:
    """Let the countdown's minutes pass (its end moved into the past)."""
    db = workspace.open_workspace(workspace_path)
    session = workspace.live_session(db, 1)
    workspace.start_countdown(db, session.id, 1, now=0.0)      # ended in 1970


def test_a_countdown_shows_the_time_left_then_locks_the_answers(app, secret, workspace_path):
    sign_in(app)
    code = open_session(app)
    person = join(browser(), code, "Dana")
    person.switch_page("pages/culture.py").run()
    app.number_input(key="workshop.countdown.minutes").set_value(3).run()
    app.button(key="workshop.countdown.start").click().run()
    assert "answers lock in 3 minutes" in texts(app)
    assert "Time left 3:00" in texts(app) or "Time left 2:59" in texts(app)
    person.run()
    assert "Time left:" in texts(person) and not person.radio(key="culture.c01").disabled
    person.radio(key="culture.c01").set_value(4).run()

    _end_countdown(workspace_path)        # the three minutes have passed
    person.radio(key="culture.c01").set_value(1).run()
    no_exceptions(person)
    db = workspace.open_workspace(workspace_path)
    dana = next(p for p in workspace.list_participants(db, 1) if p.name == "Dana")
    assert workspace.participant_answers(db, dana.id, "culture")["c01"].value == 4
    assert any("Time is up" in e for e in errors(person))
    person.run()
    assert "Time is up" in texts(person) and person.radio(key="culture.c01").disabled
    app.run()
    assert "Time is up: answers are locked" in texts(app)

    app.button(key="workshop.countdown.stop").click().run()
    person.run()
    assert not person.radio(key="culture.c01").disabled
    person.radio(key="culture.c01").set_value(2).run()
    assert workspace.participant_answers(db, dana.id, "culture")["c01"].value == 2


@pytest.mark.parametrize("minutes", [0, -5, 99999])
def test_a_countdown_out_of_range_is_refused_in_the_page_and_starts_nothing(
        app, secret, workspace_path, minutes):
    sign_in(app)
    open_session(app)
    app.number_input(key="workshop.countdown.minutes").set_value(minutes).run()
    app.button(key="workshop.countdown.start").click().run()
    no_exceptions(app)
    assert any("whole minutes from 1 to 240" in e for e in errors(app))
    assert "Countdown started" not in texts(app)
    db = workspace.open_workspace(workspace_path)
    assert workspace.live_session(db, 1).ends_at is None


def test_the_facilitator_sees_one_clock_under_the_controls_saying_when_answers_lock(
        app, secret):
    sign_in(app)
    open_session(app)
    app.number_input(key="workshop.countdown.minutes").set_value(3).run()
    app.button(key="workshop.countdown.start").click().run()
    shown = texts(app)
    assert shown.count("Time left") == 1      # the live room's clock, redrawn as it runs
    assert "Answers lock at" in shown and "UTC" in shown


def test_an_anonymous_workshop_neither_asks_nor_shows_names(app, secret, workspace_path):
    sign_in(app)
    app.switch_page("pages/workshop.py").run()
    app.toggle(key="workshop.new.anonymous").set_value(True).run()
    code = open_session(app)
    link = next(c.value for c in app.code if "?code=" in c.value)
    assert link.endswith("&anonymous=1")

    person = browser()
    person.query_params["code"] = code.replace("-", "")
    person.query_params["anonymous"] = "1"
    person.run()
    assert not [t for t in person.text_input if t.key == "join.name"], "no name is asked"
    assert "This workshop is anonymous" in texts(person)
    person.button(key="join.submit").click().run()
    assert "This workshop is anonymous: no name is asked or kept" in texts(person)
    assert "you take part as **Participant 1**" in texts(person)
    typed = join(browser(), code, "Erin Realname")       # typed the code, and a name
    assert "Erin Realname" not in texts(typed) and "Participant 2" in texts(typed)
    for who in (person, typed):
        who.switch_page("pages/culture.py").run()
        who.radio(key="culture.c01").set_value(3).run()

    app.run()
    assert not [t for t in app.toggle if t.key == "workshop.individual"], \
        "no switch to show one person's answers"
    everything = texts(app) + "".join(d.value.to_string() for d in app.dataframe)
    assert "Realname" not in everything and "Participant 2" in everything
    db = workspace.open_workspace(workspace_path)
    assert "Erin Realname" not in [p.name for p in workspace.list_participants(db, 1)]


def _main_controls(at: AppTest) -> list:
    """Every widget a person could press or type into on the page itself (not the menu)."""
    kinds = ("button", "toggle", "checkbox", "text_input", "number_input", "selectbox",
             "multiselect", "radio", "download_button", "tabs", "link_button")
    return [element for kind in kinds for element in at.main.get(kind)]


def _metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_the_presenter_view_shows_code_qr_and_counts_with_no_controls_and_no_names(
        app, secret):
    sign_in(app)
    code = open_session(app)
    presenter = sign_in(browser())
    presenter.switch_page("pages/presenter.py").run()
    no_exceptions(presenter)
    assert any(m.value == f"# {code}" for m in presenter.markdown), texts(presenter)
    assert presenter.get("image"), "the QR code"
    assert (_metric(presenter, "Joined"), _metric(presenter, "Answering")) == ("0", "0")
    assert _main_controls(presenter) == []

    dana = join(browser(), code, "Dana Secretname")
    join(browser(), code, "Erin Othername")
    dana.switch_page("pages/culture.py").run()
    dana.radio(key="culture.c01").set_value(5).run()
    presenter.run()
    assert (_metric(presenter, "Joined"), _metric(presenter, "Answering")) == ("2", "1")
    assert "Secretname" not in texts(presenter) and "Othername" not in texts(presenter)

    app.toggle(key="workshop.presenter_names").set_value(True).run()
    presenter.run()
    assert "**Joined:** Dana Secretname, Erin Othername" in texts(presenter)
    app.toggle(key="workshop.presenter_names").set_value(False).run()
    presenter.run()
    assert "Secretname" not in texts(presenter)
    assert _main_controls(presenter) == []


def test_the_presenter_view_shows_the_revealed_results_as_participants_see_them(app, secret):
    sign_in(app)
    code = open_session(app)
    presenter = sign_in(browser())
    presenter.switch_page("pages/presenter.py").run()
    for name, value in (("Ann", 5), ("Ben", 1), ("Cy", 3)):
        person = join(browser(), code, name)
        person.switch_page("pages/culture.py").run()
        person.radio(key="culture.c01").set_value(value).run()
    presenter.run()
    assert "The group's results" not in texts(presenter), "not before they are shared"
    assert not presenter.dataframe
    app.toggle(key="workshop.reveal").set_value(True).run()
    presenter.run()
    no_exceptions(presenter)
    culture = next(d.value for d in presenter.dataframe if "Statement" in d.value.columns)
    assert culture["Answers"].tolist() == [3]
    everything = texts(presenter) + "".join(d.value.to_string() for d in presenter.dataframe)
    for name in ("Ann", "Ben", "Cy"):
        assert name not in everything
    assert _main_controls(presenter) == []


def test_the_presenter_counts_each_answer_without_computing_the_room_until_it_is_shared(
        app, secret, monkeypatch):
    """The projector redraws its two numbers twice a second: from one count, never by
    computing every aggregate of the room (which a room of 100 phones changes many times a
    second)."""
    import outcomes.room

    built, real = [], outcomes.room.build
    monkeypatch.setattr(outcomes.room, "build",
                        lambda *args, **kwargs: built.append(1) or real(*args, **kwargs))
    sign_in(app)
    code = open_session(app)
    presenter = sign_in(browser())
    presenter.switch_page("pages/presenter.py").run()
    for count, (name, value) in enumerate((("Ann", 5), ("Ben", 1), ("Cy", 3)), start=1):
        person = join(browser(), code, name)
        person.switch_page("pages/culture.py").run()
        person.radio(key="culture.c01").set_value(value).run()
        built.clear()
        presenter.run()
        assert (_metric(presenter, "Joined"), _metric(presenter, "Answering")) == (
            str(count), str(count))
        assert built == [], "the room was computed for two numbers"
    app.toggle(key="workshop.reveal").set_value(True).run()
    presenter.run()
    assert "The group's results" in texts(presenter)


def test_the_presenter_view_without_a_session_says_how_to_open_one(app, secret):
    presenter = sign_in(app)
    presenter.switch_page("pages/presenter.py").run()
    no_exceptions(presenter)
    assert "No workshop is open for this engagement" in texts(presenter)


def _answer_c01(code: str, answers: dict[str, int]) -> dict[str, AppTest]:
    people = {}
    for name, value in answers.items():
        person = join(browser(), code, name)
        person.switch_page("pages/culture.py").run()
        person.radio(key="culture.c01").set_value(value).run()
        people[name] = person
    return people


def test_a_disputed_statement_is_reopened_answered_again_and_agreed(app, secret,
                                                                    workspace_path,
                                                                    culture_bank):
    """The consensus step end to end: the room disputes c01 (1, 5, 3), the facilitator
    reopens it, everyone answers again, the group agrees on 4 with a rationale; the results
    use 4 for c01, and the record keeps both rounds."""
    from outcomes import gather

    sign_in(app)
    code = open_session(app)
    people = _answer_c01(code, {"Ann": 1, "Ben": 5, "Cy": 3})
    app.run()
    statement = culture_bank.items[0].text
    assert statement in texts(app) and "Disputed items" in texts(app)
    app.button(key="consensus.reopen.0").click().run()
    no_exceptions(app)
    db = workspace.open_workspace(workspace_path)
    [reopened] = workspace.consensus.reopened_items(db, workspace.live_session(db, 1).id)
    assert sorted(reopened.round_one.values()) == [1.0, 3.0, 5.0]

    for person in people.values():
        person.switch_page("pages/join.py").run()
        assert "Second round" in texts(person) and statement in texts(person)
        person.radio(key=f"round2.{reopened.id}").set_value(4.0).run()
        no_exceptions(person)
    app.run()
    rounds = next(d.value for d in app.dataframe if "Round 2 mean" in d.value.columns)
    assert rounds.iloc[0][["Round 1 answers", "Round 2 mean", "Round 2 spread"]].tolist() == [
        3, 4.0, 0.0]
    app.selectbox(key=f"consensus.value.{reopened.id}").set_value(4.0).run()
    app.text_input(key=f"consensus.why.{reopened.id}").input(
        "Leaders share openly, but only inside their teams").run()
    app.button(key=f"consensus.agree.{reopened.id}").click().run()
    no_exceptions(app)
    assert "the results now use it" in texts(app)

    readiness = gather.readiness(db, 1)
    item = readiness.culture.items.loc["c01"]
    assert (item["score"], item["spread"]) == (pytest.approx(75.0), pytest.approx(0.0))
    assert readiness.agreed["rationale"].tolist() == [
        "Leaders share openly, but only inside their teams"]
    report = app.switch_page("pages/report.py").run()
    no_exceptions(report)
    assert "Agreed in a workshop" in texts(report)
    agreed = next(d.value for d in report.dataframe if "rationale" in d.value.columns)
    assert agreed["value_text"].tolist() == [f"4 · {readiness.culture_bank.labels[3]}"]

    app.switch_page("pages/workshop.py").run()
    app.button(key="workshop.close").click().run()
    no_exceptions(app)
    [record] = workspace.workshop_records.list_records(db, 1)
    [kept] = record.payload["rounds"]
    assert sorted(a["value"] for a in kept["round_one"]["answers"]) == [1.0, 3.0, 5.0]
    assert [a["value"] for a in kept["round_two"]["answers"]] == [4.0, 4.0, 4.0]
    assert kept["agreed"]["value"] == 4.0
    assert record.payload["people"] == {"count": 3, "names": ["Ann", "Ben", "Cy"]}
    assert "Past sessions" in texts(app) and "Second rounds and agreed values" in texts(app)


def test_a_past_sessions_tables_read_like_the_rest_of_the_app(app, secret, workspace_path):
    """A reviewer's walk: the record's tables showed raw names (round_1_answers, agreement),
    raw digits (spread 10.8253, agreement 0.7835) and hid Agreed and Why past the right
    edge; they carry the app's labels and digits, the item, agreed value and why first."""
    import json

    from outcomes import workshop_record

    db = workspace.open_workspace(workspace_path)
    session = workspace.open_session(db, 1, ["culture", "maturity"])
    for name, value in (("Ann", 2), ("Ben", 5), ("Cy", 4)):
        person = workspace.join_session(db, session.code, name)
        workspace.save_answer(db, person.id, "culture", "c01", value)
    item = workspace.consensus.reopen(db, session.id, "culture", "c01", "culture")
    workspace.consensus.agree(db, item.id, 4, "Settled after the break")
    workshop_record.close(db, 1, session.id)
    sign_in(app)
    app.switch_page("pages/workshop.py").run()
    no_exceptions(app)
    assert "Past sessions" in texts(app)
    rounds = next(d for d in app.dataframe if "round_1_answers" in d.value.columns)
    labels = {key: spec.get("label") for key, spec in json.loads(rounds.proto.columns).items()}
    assert list(rounds.value.columns)[:3] == ["item", "agreed", "why"]
    assert (labels["agreed"], labels["why"], labels["round_1_answers"]) == (
        "Agreed value", "Why", "Round 1 answers")
    culture = next(d for d in app.dataframe if "statement" in d.value.columns)
    config = json.loads(culture.proto.columns)
    assert {config[k]["label"] for k in ("statement", "agreement", "spread")} == {
        "Statement", "Agreement", "Spread"}
    assert config["agreement"]["type_config"]["format"] == "%.0f%%"
    [row] = culture.value.to_dict("records")
    assert row["spread"] == round(row["spread"], 1) and row["agreement"] == int(
        row["agreement"]) and row["agreement"] > 1     # a percentage, as everywhere else


def test_the_dispute_threshold_can_change_and_says_its_equivalent_on_each_scale(app, secret,
                                                                                 culture_bank):
    sign_in(app)
    code = open_session(app)
    _answer_c01(code, {"Ann": 2, "Ben": 4})            # spread 1.0 on 1-5
    app.run()
    statement = culture_bank.items[0].text
    assert statement in texts(app)
    assert "0.81 on the 0-5 vendor scores, 0.49 on the 1-4 maturity stages" in texts(app)
    app.number_input(key="consensus.threshold").set_value(1.2).run()
    no_exceptions(app)
    assert statement not in texts(app)
    assert "No item is disputed above the threshold" in texts(app)
    assert "1.50 on the 0-5 vendor scores" in texts(app)
    refreshed = sign_in(browser())
    refreshed.switch_page("pages/workshop.py").run()
    assert refreshed.number_input(key="consensus.threshold").value == pytest.approx(1.2)


def test_a_disputed_vendor_score_is_agreed_and_the_comparison_uses_it(app, secret,
                                                                      workspace_path):
    from outcomes import gather

    sign_in(app)
    code = open_session(app, tasks=("scores",))
    db = workspace.open_workspace(workspace_path)
    vendor = workspace.list_vendors(db, 1)[0]
    criterion = workspace.list_criteria(db, 1)[0]
    people = []
    for name, score in (("Ann", 0.0), ("Ben", 5.0)):
        person = join(browser(), code, name)
        [joined] = [p for p in workspace.list_participants(db, 1) if p.name == name]
        workspace.save_score_values(db, joined.id, {(vendor.id, criterion.id): score})
        people.append(person)
    app.run()
    assert f"{vendor.name} · {criterion.name}" in texts(app)
    app.button(key="consensus.reopen.0").click().run()
    [reopened] = workspace.consensus.reopened_items(db, workspace.live_session(db, 1).id)
    for person in people:
        person.run()
        assert f"{vendor.name} · {criterion.name}" in texts(person)
        person.radio(key=f"round2.{reopened.id}").set_value(3.0).run()
    app.run()
    app.selectbox(key=f"consensus.value.{reopened.id}").set_value(3.0).run()
    app.text_input(key=f"consensus.why.{reopened.id}").input("Roadmap item, not shipped").run()
    app.button(key=f"consensus.agree.{reopened.id}").click().run()
    assert gather.platforms(db, 1).raw.loc[vendor.name, criterion.id] == 3.0
    comparison = app.switch_page("pages/comparison.py").run()
    no_exceptions(comparison)
    assert "Scores agreed in a workshop" in texts(comparison)
    assert "Roadmap item, not shipped" in "".join(
        d.value.to_string() for d in comparison.dataframe)
