"""Pulse results: the organization's scores, the segment heatmap and filtered views,
leaders against employees, drivers, comments and the trend across campaigns, every group
within the anonymity rules."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from outcomes import pulse_exports, pulse_tables  # noqa: E402
from reports.formats import Kind  # noqa: E402
from ui import common, downloads, pulse  # noqa: E402
from ui import tables as shown_tables  # noqa: E402
from workspace.pulse import CLOSED  # noqa: E402

esc = common.escape_markdown
database = common.db()
engagement = common.current_engagement(database)
st.title("Pulse results")
st.caption(f"Engagement: {esc(engagement.name)}")
common.show_flash()
campaigns = workspace.pulse.list_campaigns(database, engagement.id)
if not campaigns:
    st.info("This engagement has no pulse campaign yet.", icon=":material/info:")
    common.page_link("pages/pulse.py", label="Create one on Pulse campaigns",
                 icon=":material/campaign:")
    st.stop()
by_id = {c.id: c for c in campaigns}
ids = sorted(by_id, key=lambda i: (by_id[i].phase() != CLOSED, -i))
if st.session_state.get("results.campaign") not in ids:
    st.session_state["results.campaign"] = ids[0]
st.selectbox("Campaign", ids, key="results.campaign",
             format_func=lambda i: f"{by_id[i].name} · {pulse.phase_text(by_id[i])}")
campaign = by_id[st.session_state["results.campaign"]]
result = pulse.results(database, campaign.id)
key = ("pulse", *pulse.fingerprint(database, campaign.id))

if not result.has_scores:
    st.info(esc(result.note()), icon=":material/lock_clock:")
    if not result.closed:
        common.page_link("pages/pulse.py", label="Response rates on Pulse campaigns",
                     icon=":material/campaign:")
    st.stop()

st.caption(f"Groups of fewer than {result.minimum} responses are hidden, and so is any group "
           "that would let a smaller one be worked out; a hidden cell says why.")
shown_tables.metrics(pulse_tables.metrics(result))


def _organization() -> None:
    st.header("The organization")
    common.chart("dimension_scores_chart", (result.organization.dimensions,
                                            result.culture_bank.target,
                                            f"{result.respondents} respondents"),
                 "pulse-scores", engagement, key=key, width="stretch")
    shown_tables.show(pulse.results_table(database, campaign.id, "scores_table"),
                      progress={"agreement"}, key="results.scores")
    with st.expander("Every statement", icon=":material/list:"):
        shown_tables.show(pulse.results_table(database, campaign.id, "statements_table"),
                          key="results.statements")


def _segments() -> None:
    st.header("Segments")
    heatmap = pulse.results_table(database, campaign.id, "heatmap_table")
    common.chart("pulse_heatmap_chart", (heatmap.frame,), "pulse-heatmap", engagement, key=key,
                 width="stretch")
    shown_tables.table(pulse.results_table(database, campaign.id, "heatmap_table", as_grid=True),
                       width="stretch", key="results.heatmap")

    st.subheader("Filter and break down")
    segments = {s.id: s for s in result.segments}
    filters = [None, *[(s.id, v) for s in result.segments for v in s.values]]
    left, right = st.columns(2)
    within = left.selectbox("Within", filters, key="results.within", format_func=lambda f: (
        "Everyone" if f is None else f"{segments[f[0]].name}: {f[1]}"))
    choices = [s.id for s in result.segments if within is None or s.id != within[0]]
    if choices:
        if st.session_state.get("results.breakdown") not in choices:
            st.session_state["results.breakdown"] = choices[0]
        breakdown = right.selectbox("Break down by", choices, key="results.breakdown",
                                    format_func=lambda s: segments[s].name)
        shown_tables.table(pulse.results_table(database, campaign.id, "view_table", breakdown, within,
                                       as_grid=True), width="stretch", key="results.view")


def _leaders() -> None:
    st.header("Leaders against employees")
    gap = pulse.results_table(database, campaign.id, "gap_table")
    if result.gap is None:
        st.info(esc(gap.note), icon=":material/info:")
    else:
        common.chart("leaders_employees_chart", (result.gap.dimensions, result.gap.leaders,
                                                 result.gap.employees),
                     "pulse-leaders-employees", engagement, key=key, width="stretch")
        st.caption(esc(gap.note))
        shown_tables.show(gap, key="results.gap")
        findings = pulse.results_table(database, campaign.id, "gap_findings_table")
        for row in findings.frame.to_dict("records"):
            with st.container(border=True):
                st.markdown(f"**{esc(row['title'])}**  \n:gray[{esc(row['name'])}: leaders "
                            f"{Kind.CHANGE.text(row['gap'])} points above employees]")
                st.markdown(esc(row["detail"]))
        statements = pulse.results_table(database, campaign.id, "gap_statements_table")
        st.subheader("Where they differ most")
        if statements.empty:
            st.caption(esc(statements.note))
        else:
            shown_tables.show(statements, key="results.gap_statements")


def _drivers() -> None:
    st.header("Drivers")
    drivers = pulse.results_table(database, campaign.id, "drivers_table")
    st.caption("Which dimensions go with the outcome statement: the correlation between each "
               "person's dimension score and their answer, with its 95% interval, over the whole "
               "organization (never for a smaller group, whose comparison with others could "
               "reveal a few people).")
    if drivers.note:
        st.info(esc(drivers.note), icon=":material/info:")
    if not drivers.frame["r"].isna().all():
        shown_tables.show(drivers, hide=("outcome_text", "note"), key="results.drivers")


def _comments() -> None:
    st.header("Comments")
    comments = pulse.results_table(database, campaign.id, "comments_table")
    if comments.empty:
        st.info(esc(comments.note or "No comments."), icon=":material/info:")
    else:
        st.caption("By dimension and statement, in alphabetical order; names typed by "
                   "respondents are masked as [name].")
        counts = comments.frame["area"].value_counts(sort=False)
        area = st.selectbox("Dimension", list(counts.index), key="results.comments_area",
                            format_func=lambda a: f"{a} ({counts[a]})")
        shown_tables.show(pulse.results_table(database, campaign.id, "comments_table", area),
                          hide=("area",), key="results.comments")


def _maturity() -> None:
    st.header(esc(result.maturity_bank.title))
    maturity = pulse.results_table(database, campaign.id, "maturity_table")
    if maturity.empty:
        st.info(esc(maturity.note), icon=":material/info:")
    else:
        shown_tables.show(maturity, key="results.maturity")
        shown_tables.table(pulse.results_table(database, campaign.id, "heatmap_table", "maturity",
                                       as_grid=True),
                           width="stretch", key="results.maturity_heatmap")


def _trend() -> None:
    closed = [c for c in campaigns if c.phase() == CLOSED]
    st.header("Trend across campaigns")
    rows = []
    for order, past in enumerate(sorted(closed, key=lambda c: (c.closes_on, c.id))):
        found = pulse.results(database, past.id)
        if found.has_scores:
            scores = found.organization.dimensions
            rows += [{"order": order, "day": past.closes_on, "label": past.name,
                      "area": name, "score": score}
                     for name, score in zip(scores["name"], scores["score"])]
            rows.append({"order": order, "day": past.closes_on, "label": past.name,
                         "area": "Overall", "score": found.organization.overall})
    if rows:
        common.chart("trend_chart", (pd.DataFrame(rows), "One point per closed campaign"),
                     "pulse-trend", engagement, width="stretch")


SECTIONS = {"organization": "The organization", "segments": "Segments",
            "leaders": "Leaders against employees", "drivers": "Drivers",
            "comments": "Comments"}
if result.maturity_bank is not None:
    SECTIONS["maturity"] = result.maturity_bank.title
if sum(c.phase() == CLOSED for c in campaigns) >= 2:
    SECTIONS["trend"] = "Trend across campaigns"
# One part at a time: the page stays quick to redraw and short on a phone.
if st.session_state.get("results.section") not in SECTIONS:
    st.session_state["results.section"] = "organization"
chosen = st.radio("Show", list(SECTIONS), key="results.section", horizontal=True,
                  format_func=lambda part: esc(SECTIONS[part]), label_visibility="collapsed")
{"organization": _organization, "segments": _segments, "leaders": _leaders,
 "drivers": _drivers, "comments": _comments, "maturity": _maturity, "trend": _trend}[chosen]()

st.header("Downloads")
left, right = st.columns(2)
downloads.download_button("Results by group (CSV)", where=left,
                          data=lambda: pulse_exports.results_csv(result),
                          file_name="pulse-results.csv", mime="text/csv",
                          key="results.csv", icon=":material/table:")
downloads.download_button("Answers (CSV, anonymized)", where=right,
                          data=lambda: pulse_exports.answers_csv(common.db(), result),
                          file_name="pulse-answers.csv", mime="text/csv",
                          key="results.answers_csv", icon=":material/download:",
                          help="One row per respondent, no name, link or comment, and only the "
                               "segments whose every combination holds at least "
                               f"{result.minimum} people.")
