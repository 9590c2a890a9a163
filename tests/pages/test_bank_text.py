"""Bank text is shown as typed, never as Markdown: an imported bank cannot put a tracking image,
a live link or formatting on a page.

A consultant imports banks from files anyone may have edited. Every text of the banks here (the
title, descriptions, statements, answer labels, bands, dimension, competency and stage names,
stage descriptors, recommendation and action titles and details) carries Markdown images and
links, bare addresses that Streamlit's Markdown turns into links by itself (``http://``,
``www.``, e-mail addresses), and formatting. Every page that shows bank text is rendered under
AppTest and every string it renders as Markdown (bodies, labels, help, radio options and
captions, expander and tab labels) is checked: no image or link syntax outside a backslash
escape, and no address left whole for the autolinker. The HTML report is checked too.
"""
from __future__ import annotations

import re
import tomllib
from html.parser import HTMLParser

import pytest

import workspace
from assessments import parse_bank
from assessments.bank import BANKS_DIR
from ui.common import escape_markdown
from tests.pages.helpers import markdown_sources, no_exceptions, open_page, plain

BEACON = "![beacon](http://tracker.example/b.png)"
HOSTILE = (f"{BEACON} [click](http://evil.example/x) http://evil.example/y "
           "www.evil.example bob@evil.example <https://evil.example> **bold** :red[red]")
"""Under 200 characters, so that it fits every name and title of a bank."""
UNESCAPED = re.compile(r"(?<!\\)(?:\\\\)*(?:!\[|\]\(|<https?:|<mailto:|<www)")
"""Image or link syntax that Markdown would act on: not behind a backslash."""
ADDRESS = re.compile(r"(?i)(?:https?://|www\.)[\w-]|[\w.+-]@[\w-]+\.\w")
"""What Streamlit's autolinker turns into a link, in the text it looks at (see seen)."""


def seen(source: str) -> str:
    """The text Streamlit's autolinker looks at: the Markdown with its backslash escapes
    resolved (the invisible characters a person does not see are still there)."""
    return re.sub(r"\\(.)", r"\1", source)


def hostile_bank(name: str) -> dict:
    """The shipped bank ``name`` with every text replaced by HOSTILE and a number."""
    data = tomllib.loads((BANKS_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    data["bank"]["id"] = f"{name}_hostile"
    count = iter(range(10_000))

    def spoil(node):
        if isinstance(node, dict):
            return {key: value if key in ("id", "kind", "band", "phase", "dimension",
                                          "languages")
                    else spoil(value) for key, value in node.items()}
        if isinstance(node, list):
            return [spoil(value) for value in node]
        if isinstance(node, str):
            return f"{HOSTILE} {next(count)}"
        return node

    spoiled = spoil(data)
    parse_bank(spoiled, f"{name}_hostile.toml")        # a valid bank, as an import would be
    return spoiled


@pytest.fixture
def hostile_engagement(example_db):
    """The example engagement switched to the hostile banks, with one more participant whose
    answers leave every culture dimension a barrier and every competency at stage 1."""
    for name, kind in (("culture", "likert"), ("maturity", "staged")):
        data = hostile_bank(name)
        workspace.install_bank(example_db, data["bank"]["id"], kind, data["bank"]["title"],
                               data["bank"]["version"], data)
    [example] = workspace.list_engagements(example_db)
    workspace.set_engagement_banks(example_db, example.id, culture_bank="culture_hostile",
                                   maturity_bank="maturity_hostile")
    person = workspace.add_participant(example_db, example.id, "Reader")
    culture, maturity = (parse_bank(hostile_bank(n), n) for n in ("culture", "maturity"))
    workspace.save_answers(example_db, [
        *(workspace.Answer(person.id, culture.id, item.id, 5 if item.reverse else 1)
          for item in culture.items),
        *(workspace.Answer(person.id, maturity.id, c.id, 1) for c in maturity.competencies)])
    return example, person


def live_markdown(at) -> list[tuple[str, str]]:
    """Markdown sources of the page that would show an image, a link or an autolink."""
    return [(where, source[:120]) for where, source in markdown_sources(at)
            if UNESCAPED.search(source) or ADDRESS.search(seen(source))]


def shown(at) -> int:
    """How many Markdown sources show the hostile text escaped (and so, as typed)."""
    escaped = escape_markdown(HOSTILE)
    return sum(escaped in source for _, source in markdown_sources(at))


def test_escaped_addresses_are_not_left_whole_for_the_autolinker():
    for text in ("http://evil.example", "HTTPS://evil.example", "www.evil.example",
                 "bob@evil.example", "mailto:bob@evil.example"):
        escaped = escape_markdown(text)
        assert ADDRESS.search(seen(escape_markdown(text).replace("\u2060", "")))
        assert not ADDRESS.search(seen(escaped)), escaped
        assert plain(escaped) == text            # and reads as typed


def test_the_culture_questionnaire_shows_bank_text_as_typed(app, hostile_engagement):
    example, person = hostile_engagement
    app.query_params["p"] = person.token
    open_page(app, "pages/culture.py")
    assert not live_markdown(app)
    radio = app.radio(key="culture.c01")
    assert escape_markdown(HOSTILE) in radio.label and len(radio.options) == 6
    assert shown(app) >= 8           # title, description, section, subheader, caption, items
    app.radio(key="culture.section").set_value(app.radio(key="culture.section").options[-1])
    app.run()
    no_exceptions(app)
    assert not live_markdown(app)


def test_the_maturity_questionnaire_shows_bank_text_as_typed(app, hostile_engagement):
    example, person = hostile_engagement
    app.query_params["p"] = person.token
    open_page(app, "pages/maturity.py")
    assert not live_markdown(app)
    [options] = [r.options for r in app.radio if r.key.startswith("maturity.")
                 and not r.key.endswith("section")]
    assert sum(escape_markdown(HOSTILE) in option for option in options) == 4
    assert shown(app) >= 12          # title, description, stages, competency, descriptors


def test_the_report_shows_recommendations_from_the_bank_as_typed(app, hostile_engagement):
    example, _ = hostile_engagement
    app.query_params["e"] = str(example.id)
    open_page(app, "pages/report.py")
    assert not live_markdown(app)
    assert shown(app) >= 10          # five actions (title and detail), the roadmap, captions


def test_the_banks_page_shows_hostile_titles_as_typed(app, hostile_engagement):
    open_page(app, "pages/banks.py")
    assert not live_markdown(app)


class _Active(HTMLParser):
    """Collects elements of an HTML document that fetch or link anything."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "img", "link", "script", "iframe", "image", "use") or any(
                name in ("href", "src", "xlink:href") for name, _ in attrs):
            self.found.append(tag)


def test_the_html_report_shows_bank_text_as_text(app, hostile_engagement, monkeypatch):
    from streamlit.runtime.media_file_manager import MediaFileManager
    example, _ = hostile_engagement
    builders = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        if file_name and file_name.endswith(".html"):
            builders["html"] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    app.query_params["e"] = str(example.id)
    open_page(app, "pages/exports.py")
    document = builders["html"]()
    document = document.decode() if isinstance(document, bytes) else document
    parser = _Active()
    parser.feed(document)
    assert parser.found == []
    assert "![beacon](http://tracker.example/b.png)" in document.replace("&quot;", '"')


def test_the_workshop_views_show_bank_text_as_typed(app, hostile_engagement, example_db,
                                                    monkeypatch):
    """The live view (facilitator) and the group results (participant) of a workshop on the
    hostile banks: statements and competencies appear in tables, never as Markdown."""
    from tests.pages.test_workshop import SECRET, browser, sign_in
    monkeypatch.setenv("SOCIALREADY_FACILITATOR_SECRET", SECRET)
    example, _ = hostile_engagement
    session = workspace.open_session(example_db, example.id, ["culture", "maturity"])
    people = [workspace.join_session(example_db, session.code, name)
              for name in ("Ann", "Ben", "Cat")]
    culture = parse_bank(hostile_bank("culture"), "culture")
    workspace.save_answers(example_db, [workspace.Answer(p.id, culture.id, item.id, 1 + n)
                                        for n, p in enumerate(people)
                                        for item in culture.items[:5]])
    workspace.update_session(example_db, session.id, reveal=True)
    sign_in(app)
    app.switch_page("pages/workshop.py").run()
    no_exceptions(app)
    assert not live_markdown(app)
    statements = {text for frame in app.dataframe if "Statement" in frame.value.columns
                  for text in frame.value["Statement"]}
    assert len(statements) == 5 and all(t.startswith(HOSTILE) for t in statements)

    participant = browser()
    participant.query_params["p"] = people[0].token
    open_page(participant, "pages/group_results.py")
    assert not live_markdown(participant)
    assert participant.dataframe, "the group's results are shown"
