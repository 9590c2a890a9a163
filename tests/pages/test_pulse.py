"""The pulse pages under AppTest: the facilitator sets up, opens, watches and closes a
campaign; a respondent reaches only their questionnaire, reads the rules first and answers;
the results show groups above the minimum and say why the others are hidden."""
from datetime import date, timedelta

import pandas as pd
import pytest

import workspace
from tests.pages.helpers import errors, no_exceptions, nodes, open_page, plain, texts
from tests.pages.test_bank_text import hostile_engagement  # noqa: F401 (a fixture)
from tests.pages.test_workshop import SECRET, allowed_pages, browser, sign_in
from tests.pulse_data import answer, random_campaign
from workspace import pulse, respondents

TODAY = date.today()


@pytest.fixture
def secret(monkeypatch):
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", SECRET)
    return SECRET


@pytest.fixture
def db(workspace_path):
    return workspace.open_workspace(workspace_path)


def example(db):
    return workspace.list_engagements(db)[0]


def running(db, name="Autumn pulse", **options):
    """An open campaign of the example engagement running today."""
    campaign = pulse.create_campaign(
        db, example(db).id, name, TODAY - timedelta(days=1), TODAY + timedelta(days=10),
        segments=[{"name": "Department", "values": ["Sales", "IT", "Legal"]},
                  {"id": "role", "name": "Role", "values": ["Leader", "Manager", "Employee"]}],
        **options)
    return pulse.open_campaign(db, campaign.id)


def respondent_answers(token: str, value: int) -> None:
    db = workspace.open_workspace()
    for item in ("c01", "c02", "c11"):
        respondents.save_answer(db, token, "culture", item, value)


# --- the facilitator -------------------------------------------------------------------------

def test_a_campaign_is_created_set_up_and_opened_on_the_page(app, db):
    open_page(app, "pages/pulse.py")
    assert "Create the campaign" in [b.label for b in app.button]
    app.text_input(key="campaigns.new.name").input("Spring pulse")
    app.button(key="FormSubmitter:campaigns.new-Create the campaign").click().run()
    no_exceptions(app)
    [campaign] = pulse.list_campaigns(db, example(db).id)
    assert campaign.status == "draft" and [h.value for h in app.header] == ["Spring pulse"]
    app.text_area(key="campaigns.segment.0.values").input("Sales\nIT\nFinance")
    app.number_input(key="campaigns.min_group").set_value(7)
    app.button(key="FormSubmitter:campaigns.settings-Save").click().run()
    no_exceptions(app)
    campaign = pulse.get_campaign(db, campaign.id)
    assert campaign.segment("department").values == ("Sales", "IT", "Finance")
    assert campaign.min_group == 7
    app.button(key="campaigns.open").click().run()
    no_exceptions(app)
    assert pulse.get_campaign(db, campaign.id).status == "open"
    shown = texts(app)
    assert "scores for groups of 7 or more respondents" in shown
    assert any(c.value.endswith(f"/?pulse={campaign.open_link}") for c in app.code)
    assert app.get("image"), "the QR code is on the page"


def test_a_bad_setting_is_refused_with_a_message_and_nothing_changes(app, db):
    campaign = pulse.create_campaign(db, example(db).id, "Draft", TODAY, TODAY)
    open_page(app, "pages/pulse.py")
    app.text_area(key="campaigns.segment.0.values").input("Sales\nsales")
    app.button(key="FormSubmitter:campaigns.settings-Save").click().run()
    assert errors(app) == ["Department lists “sales” twice."]
    assert pulse.get_campaign(db, campaign.id).segment("department").values == ()


def upload(app, name: str, data: bytes) -> None:
    app.file_uploader(key="campaigns.invitees").set_value((name, data, "text/csv")).run()
    no_exceptions(app)


def test_an_invitee_list_gives_private_links_in_a_mail_merge_file(app, db):
    campaign = running(db)
    open_page(app, "pages/pulse.py")
    upload(app, "staff.csv", b"email,Department,Role,First name\n"
                             b"ann@x.org,Sales,Leader,Ann\nbo@x.org,IT,Employee,Bo\n")
    assert "2 people; columns left out: First name." in texts(app)
    app.button(key="campaigns.invitees.create").click().run()
    no_exceptions(app)
    assert db.execute("SELECT count(*) FROM pulse_invitees").fetchone()[0] == 2
    _, merged = app.session_state["campaigns.mail_merge"]
    frame = pd.read_csv(pd.io.common.BytesIO(merged), encoding="utf-8-sig")
    assert list(frame.columns) == ["Identifier", "Department", "Role", "Link"]
    token = frame["Link"].iloc[0].split("?r=")[1]
    assert respondents.invitation(db, token).segments == {"department": "Sales",
                                                          "role": "Leader"}
    assert "the only copy of the links" in texts(app)
    assert "ann@x.org" not in str(list(db.query("SELECT * FROM pulse_invitees")))


def test_the_invitee_uploader_says_its_real_limit_and_counts_one_person(app, db):
    from datafiles.invitees import MAX_BYTES

    running(db)
    open_page(app, "pages/pulse.py")
    uploader = app.get("file_uploader")[0]
    assert uploader.proto.max_upload_size_mb * 1_000_000 == MAX_BYTES
    assert "Up to 5 MB" in uploader.proto.help
    upload(app, "staff.csv", b"email,Department\nann@x.org,Sales\n")
    assert "1 person;" in texts(app) and "1 people" not in texts(app)
    assert [b.label for b in app.button if b.key == "campaigns.invitees.create"] == [
        "Create 1 private link"]


def test_a_cell_beyond_the_invitee_lists_header_is_refused_and_changes_nothing(app, db):
    running(db)
    open_page(app, "pages/pulse.py")
    upload(app, "staff.csv", b"email,Department\nann@x.org,Sales,Leader\n")
    [message] = errors(app)
    assert "row 2, column C holds “Leader” but the header has no column there" in message
    assert "campaigns.invitees.create" not in [b.key for b in app.button]
    assert db.execute("SELECT count(*) FROM pulse_invitees").fetchone()[0] == 0


def test_a_malformed_invitee_list_names_row_and_column_and_changes_nothing(app, db):
    running(db)
    open_page(app, "pages/pulse.py")
    upload(app, "staff.csv", b"email,Department\nann@x.org,Sales\nbo@x.org,Marketing\n")
    [message] = errors(app)
    assert "row 3, column B (Department): “Marketing” is not a value of Department" in message
    assert "campaigns.invitees.create" not in [b.key for b in app.button]
    assert db.execute("SELECT count(*) FROM pulse_invitees").fetchone()[0] == 0


def test_response_rates_show_live_and_flag_groups_under_60_percent(app, db):
    campaign = running(db)
    tokens = respondents.add_invitees(db, campaign.id, [{"department": "Sales"}] * 10
                                      + [{"department": "IT"}] * 10
                                      + [{"department": "Legal"}] * 3)
    for token in tokens[:8] + tokens[10:15] + tokens[20:22]:
        respondents.start(db, campaign.id, {}, token=token)
        respondent_answers(token, 4)
    open_page(app, "pages/pulse.py")
    rates = next(d.value for d in app.dataframe if "rate" in d.value.columns)
    rows = rates.set_index("value")
    assert rows.loc["Sales", "rate"] == 80 and rows.loc["IT", "rate"] == 50
    assert pd.isna(rows.loc["Legal", "responses"])            # 2: fewer than 5, no count
    assert rows.loc["Legal", "note"] == "fewer than 5 responses"
    assert "Under 60%: Department IT" in texts(app)
    assert [m.value for m in app.metric][:3] == ["15", "23", "65%"]


def test_closing_asks_first_then_points_to_the_results(app, db):
    campaign = running(db)
    open_page(app, "pages/pulse.py")
    app.toggle(key="campaigns.close").set_value(True).run()
    assert pulse.get_campaign(db, campaign.id).status == "open"
    app.button(key="campaigns.close.yes").click().run()
    no_exceptions(app)
    assert pulse.get_campaign(db, campaign.id).status == "closed"
    assert "This campaign is closed." in texts(app)


# --- results ---------------------------------------------------------------------------------

def show(app, part: str) -> None:
    """Show one part of the results page."""
    app.radio(key="results.section").set_value(part).run()
    no_exceptions(app)


def test_results_wait_for_the_close(app, db):
    campaign = running(db)
    for _ in range(6):
        answer(db, campaign.id, {"role": "Employee"}, 4)
    open_page(app, "pages/pulse_results.py")
    assert "Results appear when the campaign closes" in texts(app)
    assert not app.get("vega_lite_chart")


def test_results_show_groups_above_the_minimum_and_say_why_others_are_hidden(app, db):
    campaign = running(db)
    for count, profile, value in ((8, {"department": "Sales", "role": "Employee"}, 4),
                                  (7, {"department": "IT", "role": "Employee"}, 2),
                                  (6, {"department": "IT", "role": "Leader"}, 5),
                                  (2, {"department": "Legal", "role": "Employee"}, 1)):
        for _ in range(count):
            answer(db, campaign.id, profile, value)
    pulse.close_campaign(db, campaign.id)
    open_page(app, "pages/pulse_results.py")
    assert [h.value for h in app.header] == ["The organization", "Downloads"]   # one part
    show(app, "segments")
    grid = next(d.value for d in app.dataframe if "Open and safe sharing" in d.value.columns)
    assert grid.loc["Department: Legal", "Open and safe sharing"] == "fewer than 5 responses"
    assert grid.loc["Department: Sales", "Open and safe sharing"].split(" ")[0].isdigit()
    assert grid.loc["Role: Manager", "Open and safe sharing"] == "no responses"
    app.selectbox(key="results.within").set_value(("department", "IT")).run()
    view = next(d.value for d in app.dataframe if "Open and safe sharing" in d.value.columns
                and "IT · Leader" in d.value.index)
    assert view.loc["IT · Leader", "Open and safe sharing"].split(" ")[0].isdigit()
    show(app, "leaders")
    assert "Leaders against employees" in [h.value for h in app.header]
    gap = next(d.value for d in app.dataframe if "gap" in d.value.columns)
    assert gap["gap"].notna().all()
    assert app.get("vega_lite_chart")


def test_the_results_page_offers_the_anonymized_answers(app, db):
    campaign = random_campaign(db, example(db).id, people=30, seed=2)
    open_page(app, "pages/pulse_results.py")
    labels = [b.label for b in app.get("download_button")]
    assert labels[-2:] == ["Results by group (CSV)", "Answers (CSV, anonymized)"]
    assert app.selectbox(key="results.campaign").value == campaign.id


# --- a respondent ----------------------------------------------------------------------------

def test_a_respondent_reaches_only_their_questionnaire_and_reads_the_rules_first(app, secret,
                                                                                 db):
    campaign = running(db)
    person = browser()
    person.query_params["pulse"] = campaign.open_link
    person.run()
    no_exceptions(person)
    assert allowed_pages(person) == {"pages/pulse_answer.py"}
    assert "e" not in person.query_params
    shown = texts(person)
    assert "how your answers stay anonymous" in shown
    assert "groups of 5 or more people" in shown and workspace.EXAMPLE_NAME not in shown
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        person.switch_page("pages/pulse_results.py")
    person.selectbox(key="pulse.segment.department").set_value("IT")
    person.selectbox(key="pulse.segment.role").set_value("Leader")
    person.button(key="pulse.start").click().run()
    no_exceptions(person)
    token = person.query_params["r"]
    assert "pulse" not in person.query_params
    assert respondents.respondent_by_token(db, token).segments == {"department": "IT",
                                                                   "role": "Leader"}
    person.radio(key="pulse.q.culture.c01").set_value(4).run()
    person.text_input(key="pulse.q.culture.c01.comment").input("Ask Anna Berg").run()
    no_exceptions(person)
    saved = respondents.respondent_answers(db, respondents.respondent_by_token(db, token).id,
                                           "culture")["c01"]
    assert (saved.value, saved.comment) == (4, "Ask [name]")
    assert person.text_input(key="pulse.q.culture.c01.comment").value == "Ask [name]"

    back = browser()                                   # another device, the private link
    back.query_params["r"] = token
    back.run()
    no_exceptions(back)
    assert back.radio(key="pulse.q.culture.c01").value == 4
    assert "1 of 31 answered" in back.get("progress")[0].proto.text


def test_an_invitee_is_not_asked_the_groups_the_list_gave(app, secret, db):
    campaign = running(db)
    [token] = respondents.add_invitees(db, campaign.id, [{"department": "Sales"}])
    person = browser()
    person.query_params["r"] = token
    person.run()
    assert not person.selectbox
    assert "Your invitation already says which groups you belong to" in texts(person)
    person.button(key="pulse.start").click().run()
    person.radio(key="pulse.q.culture.c02").set_value(2).run()
    no_exceptions(person)
    assert db.execute("SELECT answered FROM pulse_invitees").fetchone()[0] == 1


def test_a_respondent_who_chooses_german_reads_the_rules_and_questions_in_german(app, secret,
                                                                                 db):
    campaign = running(db)
    person = browser()
    person.query_params["pulse"] = campaign.open_link
    person.run()
    choice = person.segmented_control(key="pulse.language")
    assert choice.options == ["English", "Deutsch", "Français"] and choice.value == "en"
    assert "how your answers stay anonymous" in texts(person)
    person.selectbox(key="pulse.segment.role").set_value("Leader")
    choice.set_value("de").run()
    no_exceptions(person)
    shown = texts(person)
    assert "Bevor Sie beginnen: So bleiben Ihre Antworten anonym" in shown
    assert "Ergebnisse werden nur für Gruppen ab 5 Personen angezeigt" in shown
    assert "Kulturelle Bereitschaft" in shown and "how your answers" not in shown
    assert person.query_params["lang"] == "de"
    assert person.selectbox(key="pulse.segment.de.role").options[0] == "Keine Angabe"
    assert person.selectbox(key="pulse.segment.de.role").value == "Leader"   # kept
    assert person.button(key="pulse.start").label == "Befragung beginnen"
    person.button(key="pulse.start").click().run()
    no_exceptions(person)
    question = person.radio(key="pulse.q.de.culture.c01")
    assert plain(question.label) == ("**1.** Die Menschen hier teilen unfertige Arbeit mit "
                                     "Kolleginnen und Kollegen außerhalb ihres eigenen Teams.")
    assert question.options == ["Stimme überhaupt nicht zu", "Stimme nicht zu",
                                "Weder Zustimmung noch Ablehnung", "Stimme zu",
                                "Stimme voll und ganz zu", "Weiß nicht"]
    assert person.subheader[0].value == "Offener und angstfreier Austausch"
    question.set_value(4).run()
    assert "1 von 31 beantwortet" in person.get("progress")[0].proto.text
    # The section picker speaks German too (it said "Section 1 of 8 ... Jump to another").
    assert [e.label for e in person.expander if "Abschnitt 1 von" in e.label], [
        e.label for e in person.expander]
    assert not [e.label for e in person.expander if "Section" in e.label or "Jump" in e.label]
    token = person.query_params["r"]
    assert respondents.respondent_by_token(db, token).segments == {"role": "Leader"}
    assert [c.value for c in person.code if token in c.value][0].endswith("&lang=de")

    person.segmented_control(key="pulse.language").set_value("fr").run()   # midway
    no_exceptions(person)
    assert person.radio(key="pulse.q.fr.culture.c01").value == 4
    assert person.radio(key="pulse.q.fr.culture.c01").options[3] == "D’accord"
    assert person.subheader[0].value == "Partage ouvert et en confiance"
    assert person.query_params["lang"] == "fr"

    back = browser()                             # the private link, as bookmarked
    back.query_params["r"] = token
    back.query_params["lang"] = "de"
    back.run()
    assert back.radio(key="pulse.q.de.culture.c01").value == 4
    assert back.radio(key="pulse.q.de.culture.c01").label.startswith("**1.** Die Menschen hier")
    plain_link = browser()                       # the link without its language: English
    plain_link.query_params["r"] = token
    plain_link.run()
    assert plain_link.radio(key="pulse.q.culture.c01").label.startswith(
        "**1.** People here share unfinished work")


def test_answers_given_in_german_and_french_pool_and_no_language_is_kept(app, secret, db):
    campaign = running(db)
    [invited] = respondents.add_invitees(db, campaign.id, [{"department": "Sales"}])
    tokens = []
    for language, value, link in (("de", 4, ("pulse", campaign.open_link)),
                                  ("fr", 2, ("r", invited))):
        person = browser()
        person.query_params[link[0]] = link[1]
        person.query_params["lang"] = language
        person.run()
        person.button(key="pulse.start").click().run()
        question = person.radio(key=f"pulse.q.{language}.culture.c01")
        assert question.options[0] == {"de": "Stimme überhaupt nicht zu",
                                       "fr": "Pas du tout d’accord"}[language]
        question.set_value(value).run()
        no_exceptions(person)
        tokens.append(person.query_params["r"])
    answers = [respondents.respondent_answers(
        db, respondents.respondent_by_token(db, token).id, "culture")["c01"].value
        for token in tokens]
    assert answers == [4, 2]                     # the same item, whatever the language
    stored = [value for table in db.table_names() if table.startswith("pulse")
              for row in db.query(f"SELECT * FROM {table}") for value in row.values()]
    assert not {"de", "fr", "Deutsch", "Français"} & {str(v) for v in stored}


def test_the_facilitator_sees_the_languages_and_what_reads_in_english(app, db):
    campaign = pulse.create_campaign(db, example(db).id, "With maturity", TODAY, TODAY,
                                     include_maturity=True)
    open_page(app, "pages/pulse.py")
    shown = texts(app)
    assert campaign.name in shown
    assert "Respondents choose their language: English, German, French" in shown
    [warning] = [plain(w.value) for w in app.warning if "read some texts" in w.value]
    assert "no translation into German, French: asked in English" in warning


def test_a_closed_survey_takes_no_answers_and_says_so(app, secret, db):
    campaign = running(db)
    _, token = respondents.start(db, campaign.id, {})
    pulse.close_campaign(db, campaign.id)
    person = browser()
    person.query_params["r"] = token
    person.run()
    assert "not taking answers now" in texts(person)
    assert person.radio(key="pulse.q.culture.c01").disabled
    assert "come back" not in texts(person) and "change your answers" not in texts(person)


@pytest.mark.parametrize("language, closed, promise", [
    ("en", "not taking answers", "you can come back"),
    ("de", "nimmt keine Antworten an", "können Sie mit Ihrem persönlichen Link"),
    ("fr", "n’accepte pas de réponses", "vous pouvez revenir")])
def test_a_closed_surveys_link_says_so_first_and_promises_no_changes(app, secret, db,
                                                                     language, closed,
                                                                     promise):
    campaign = running(db)
    pulse.close_campaign(db, campaign.id)
    person = browser()
    person.query_params["pulse"] = campaign.open_link
    person.query_params["lang"] = language
    person.run()
    no_exceptions(person)
    assert closed in person.info[0].value
    order = list(nodes(person))
    assert order.index(person.info[0]) < order.index(person.subheader[0])   # before the rules
    assert promise not in texts(person)
    assert not person.get("segmented_control"), "no language to choose for a closed survey"
    assert "pulse.start" not in [b.key for b in person.button]


@pytest.mark.parametrize("language, hint", [("en", "please name no one"),
                                            ("de", "bitte nennen Sie niemanden namentlich"),
                                            ("fr", "merci de ne nommer personne")])
def test_the_comment_fields_ask_to_name_no_one_below_the_field_where_a_phone_shows_it(
        app, secret, db, language, hint):
    """At 390 px a placeholder was cut off ("…bitte nennen S"): the request is a caption."""
    campaign = running(db)
    _, token = respondents.start(db, campaign.id, {})
    person = browser()
    person.query_params["r"] = token
    person.query_params["lang"] = language
    person.run()
    no_exceptions(person)
    mark = "" if language == "en" else f"{language}."
    field = person.text_input(key=f"pulse.q.{mark}culture.c01.comment")
    assert not field.placeholder
    assert any(hint in c.value for c in person.caption)


def test_a_wrong_link_gets_one_message_and_is_slowed_down(app, secret, db):
    running(db)
    for attempt in range(11):
        person = browser()
        person.query_params["r"] = f"guess-{attempt}"
        person.run()
        no_exceptions(person)
    assert "Too many survey links that did not work from your network address" in errors(
        person)[0]
    fresh = browser()
    fresh.query_params["r"] = "guess"
    fresh.run()
    assert allowed_pages(fresh) == {"pages/pulse_answer.py"}
    fresh.button(key="pulse.leave").click().run()
    assert allowed_pages(fresh) == {"pages/join.py", "pages/sign_in.py"}


def test_people_starting_through_the_open_link_from_one_address_are_limited(app, secret, db,
                                                                             monkeypatch):
    from workshops import throttle

    monkeypatch.setattr(throttle, "PULSE_STARTS_PER_ADDRESS",
                        throttle.Limit(free=2, window=600, first_wait=600, longest=600))
    campaign = running(db)
    for _ in range(3):
        person = browser()
        person.query_params["pulse"] = campaign.open_link
        person.run()
        person.button(key="pulse.start").click().run()
    assert "Many people have started this survey from your network address" in errors(
        person)[0]
    assert db.execute("SELECT count(*) FROM pulse_respondents").fetchone()[0] == 2


def test_the_facilitator_page_without_a_link_explains_it(app):
    open_page(app, "pages/pulse_answer.py")
    assert "Open it with a survey link" in texts(app)


def test_a_campaign_with_maturity_shows_its_stages_in_the_results(app, db):
    random_campaign(db, example(db).id, people=12, seed=5, maturity=True)
    open_page(app, "pages/pulse_results.py")
    show(app, "maturity")
    assert "Community maturity" in [h.value for h in app.header]
    stages = next(d.value for d in app.dataframe if "mean" in d.value.columns)
    assert stages["mean"].between(1, 4).all()


# --- the pulse elsewhere ---------------------------------------------------------------------

def test_the_readiness_report_sets_the_organization_beside_the_leaders(app, db):
    random_campaign(db, example(db).id, people=30, seed=6)
    open_page(app, "pages/report.py")
    assert "Organization-wide pulse" in [h.value for h in app.header]
    beside = next(d.value for d in app.dataframe if "organization" in d.value.columns)
    assert beside["organization"].notna().all() and beside["leadership"].notna().all()
    recommendations = next(d.value for d in app.dataframe if "title" in d.value.columns
                           and "rank" in d.value.columns)
    assert len(recommendations)
    app.button(key="FormSubmitter:snapshot-Save a snapshot of today's result").click().run()
    newest = workspace.list_snapshots(db, example(db).id)[-1]
    assert newest.payload["pulse_campaign"] == "Autumn pulse"
    assert newest.payload["pulse_respondents"] == 30


def test_the_exports_page_offers_the_pulse_files(app, db):
    random_campaign(db, example(db).id, people=30, seed=6)
    open_page(app, "pages/exports.py")
    keys = [b.key for b in app.get("download_button")]
    assert {"exports.pulse_csv", "exports.pulse_answers_csv"} <= set(keys)


def test_campaign_and_bank_text_stay_text_on_every_pulse_page(app, hostile_engagement):
    """A hostile bank (Markdown images, links, addresses, formatting in every text) and a
    campaign and segments named the same way: no page renders any of it as Markdown."""
    from tests.pages.test_bank_text import HOSTILE, live_markdown

    example, _ = hostile_engagement
    db = workspace.open_workspace()
    campaign = pulse.create_campaign(
        db, example.id, HOSTILE[:150], TODAY - timedelta(days=1), TODAY + timedelta(days=5),
        segments=[{"name": f"Team {HOSTILE[:120]}", "values": [f"{HOSTILE[:150]} 1", "Plain"]},
                  {"id": "role", "name": "Role", "values": ["Leader", "Employee"]}])
    campaign = pulse.open_campaign(db, campaign.id)
    app.query_params["e"] = str(example.id)
    open_page(app, "pages/pulse.py")
    assert not live_markdown(app)
    person = browser()
    person.query_params["pulse"] = campaign.open_link
    person.run()
    person.switch_page("pages/pulse_answer.py").run()
    no_exceptions(person)
    assert not live_markdown(person)
    person.button(key="pulse.start").click().run()
    no_exceptions(person)
    assert not live_markdown(person)
    segment = campaign.segments[0].id
    for value in (f"{HOSTILE[:150]} 1", "Plain"):
        for _ in range(6):
            _, token = respondents.start(db, campaign.id, {segment: value, "role": "Employee"})
            respondents.save_answers(db, token, [("culture", item, 2, False) for item in
                                                 ("c01", "c02", "c11", "o01")])
            respondents.save_comment(db, token, "culture", "c01", HOSTILE)
    pulse.close_campaign(db, campaign.id)
    open_page(app, "pages/pulse_results.py")
    for part in app.radio(key="results.section").options:
        app.radio(key="results.section").set_value(part).run()
        no_exceptions(app)
        assert not live_markdown(app), part


def test_hostile_text_in_a_translation_stays_text_like_other_bank_text(app, secret,
                                                                       hostile_engagement):
    """The hostile bank's German texts (each its own numbered copy of the hostile text) reach
    a respondent who chose German, escaped like every other bank text."""
    from tests.pages.test_bank_text import hostile_bank, live_markdown
    from ui.common import escape_markdown

    example, _ = hostile_engagement
    db = workspace.open_workspace()
    german = hostile_bank("culture")["dimensions"][0]["items"][0]["translations"]["de"]["text"]
    label = hostile_bank("culture")["scale"]["translations"]["de"]["labels"][0]
    campaign = pulse.open_campaign(db, pulse.create_campaign(
        db, example.id, "Hostile", TODAY - timedelta(days=1), TODAY + timedelta(days=5)).id)
    person = browser()
    person.query_params["pulse"] = campaign.open_link
    person.query_params["lang"] = "de"
    person.run()
    no_exceptions(person)
    assert not live_markdown(person)
    person.button(key="pulse.start").click().run()
    no_exceptions(person)
    assert not live_markdown(person)
    question = person.radio(key="pulse.q.de.culture.c01")
    assert question.label == f"**1.** {escape_markdown(german)}"
    assert question.options[0] == escape_markdown(label)
