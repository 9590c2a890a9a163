"""The HTML report: self-contained, escaped, with the charts inside and the app's digits."""
import pandas as pd

from reports import charts, html
from reports.formats import Column, Kind, table

HOSTILE = "<script>alert('x')</script> & =1+1"


def _report(**overrides) -> str:
    actions = pd.DataFrame([{"title": "Run a listening tour", "finding": "Leaders 37/100",
                             "phase_title": "Pilot (first 3 months)", "detail": HOSTILE,
                             "source": "Culture"}])
    vendors = table(pd.DataFrame({"vendor": [HOSTILE, "Slack"], "score": [3.245, None]}),
                    [Column("vendor", "Vendor"), Column("score", "Weighted score",
                                                        Kind.SCORE_5)])
    values = dict(
        engagement={"name": HOSTILE, "organization": "Contoso", "purpose": "Decide",
                    "is_example": True},
        metrics=[("Culture readiness", "49/100", "Barrier")],
        sections=[
            html.Section("What to do first", notes=["Only the culture questionnaire has "
                                                    "answers."], actions=actions),
            html.Section("Roadmap", roadmap={"Pilot (first 3 months)": pd.DataFrame(
                [{"title": "Run a listening tour", "area_name": "Leaders"}]),
                "Roll out (months 9-18)": pd.DataFrame(columns=["title", "area_name"])}),
            html.Section("Vendor ranking", charts=[charts.ranking_chart(
                pd.DataFrame({"Security": [2.0]}, index=[HOSTILE]))],
                tables=[("", vendors)])],
        exported_on="2026-11-26")
    values.update(overrides)
    return html.engagement_report(html.ReportInput(**values))


def test_report_is_one_offline_document_with_inline_svg_charts():
    document = _report()
    assert document.startswith("<!doctype html>")
    assert "<svg" in document
    assert "http://" not in document.replace("http://www.w3.org", "")
    assert "<script" not in document.lower().replace("&lt;script", "")


def test_user_text_is_escaped_everywhere():
    document = _report()
    assert HOSTILE not in document
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; =1+1" in document


def test_report_shows_notes_actions_roadmap_and_the_example_note():
    document = _report()
    assert "Only the culture questionnaire has answers." in document
    assert "1. Run a listening tour" in document
    assert "Pilot (first 3 months)" in document
    assert "Nothing urgent in this phase." in document
    assert "invented to illustrate" in document


def test_numbers_read_as_in_the_app_and_missing_ones_say_so():
    """3.245 is shown as the app and spreadsheets round it (3.25, not Python's 3.24); a
    missing score is a dash, never 'nan' or 'None'."""
    document = _report()
    assert "<td class='num'>3.25</td>" in document
    assert "<td class='num'>—</td>" in document
    assert ">nan<" not in document.lower() and ">None<" not in document


def test_a_section_without_data_says_so_instead_of_an_empty_table():
    empty = table(pd.DataFrame({"vendor": []}), [Column("vendor", "Vendor")],
                  note="No vendor has been scored yet.")
    document = _report(sections=[html.Section("Platform decision", tables=[("", empty)])])
    assert "No vendor has been scored yet." in document
    assert "<table>" not in document


def test_the_report_reads_on_a_phone():
    """A new user's review: without a viewport the report laid out at 980 px on a phone, its
    text at 40 %; a wide table scrolls in its own box, not the page."""
    document = _report()
    assert "<meta name='viewport' content='width=device-width, initial-scale=1'>" in document
    assert "<div class='wide'><table>" in document and ".wide { overflow-x: auto;" in document
