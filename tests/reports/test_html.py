"""The HTML report: self-contained, escaped, with the charts inside."""
import pandas as pd

from reports import charts, html

HOSTILE = "<script>alert('x')</script> & =1+1"


def _report(**overrides) -> str:
    values = dict(
        engagement={"name": HOSTILE, "organization": "Contoso", "purpose": "Decide",
                    "is_example": True},
        metrics=[("Culture readiness", "49/100", "Barrier")],
        actions=pd.DataFrame([{"title": "Run a listening tour", "finding": "Leaders 37/100",
                               "phase": "pilot", "detail": HOSTILE, "source": "Culture"}]),
        phase_titles={"pilot": "Pilot (first 3 months)"},
        roadmap={"pilot": pd.DataFrame([{"title": "Run a listening tour",
                                         "area_name": "Leaders"}])},
        tables=[("Vendors", pd.DataFrame({"Vendor": [HOSTILE], "Score": [3.25]}))],
        charts=[("Ranking", charts.ranking_chart(pd.DataFrame({"Security": [2.0]},
                                                             index=[HOSTILE])))],
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


def test_report_shows_actions_roadmap_tables_and_the_example_note():
    document = _report()
    assert "1. Run a listening tour" in document
    assert "Pilot (first 3 months)" in document
    assert "3.25" in document
    assert "invented to illustrate" in document


def test_report_without_actions_says_there_is_nothing_to_close():
    document = _report(actions=pd.DataFrame(columns=["title", "finding", "phase", "detail",
                                                     "source"]))
    assert "No gap to close" in document
