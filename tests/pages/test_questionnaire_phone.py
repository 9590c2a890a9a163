"""Questionnaires on a phone: options in one column, two lines high, and a clear end."""
from tests.pages.helpers import no_exceptions, texts
from tests.pages.test_workshop import browser, join, open_session, secret, sign_in  # noqa: F401


def _answering(app):
    sign_in(app)
    code = open_session(app, tasks=("culture", "maturity"))
    person = join(browser(), code, "Dana")
    person.switch_page("pages/culture.py").run()
    no_exceptions(person)
    return person


def test_answers_are_one_column_of_two_line_options(app, secret):
    person = _answering(app)
    answer = person.radio(key="culture.c01")
    assert not answer.proto.horizontal
    assert [option.split("\n\n")[1] for option in answer.options] == [
        "1 of 5", "2 of 5", "3 of 5", "4 of 5", "5 of 5", "left out of the score"]
    sections = person.radio(key="culture.section")
    assert not sections.proto.horizontal
    assert all("\n\nsection " in option for option in sections.options)


def test_the_last_answer_says_all_answered_and_leads_back_to_the_workshop(app, secret,
                                                                          culture_bank):
    person = _answering(app)
    items = [(d.id, i.id) for d in culture_bank.dimensions for i in d.items]
    for number, (section, item) in enumerate(items, start=1):
        if person.radio(key="culture.section").value != section:
            person.radio(key="culture.section").set_value(section).run()
        assert "answered - thank you" not in texts(person)
        person.radio(key=f"culture.{item}").set_value(4 if number % 2 else "dk").run()
    no_exceptions(person)
    assert f"All {len(items)} answered - thank you." in texts(person)
    assert any("Back to your workshop" in link.proto.label
               for link in person.get("page_link"))
