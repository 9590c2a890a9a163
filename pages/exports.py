"""Exports: the workbook, the HTML report, raw data as CSV, and a backup that restores."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

from datetime import date  # noqa: E402

import streamlit as st  # noqa: E402

import assessments  # noqa: E402
import workspace  # noqa: E402
from pages import common, results  # noqa: E402
from reports import charts, csv_export, html, images  # noqa: E402

database = common.db()
engagement = common.current_engagement(database)
today = date.today().isoformat()
stem = images.file_stem(engagement.name, "", today).replace("--", "-")


def _report_html() -> bytes:
    db = common.db()
    readiness = results.readiness(db, engagement.id)
    culture, maturity = readiness.culture, readiness.maturity
    band = readiness.culture_bank.band_for(culture.overall)
    metrics = [("Culture readiness", "—" if band is None else f"{culture.overall:.0f}/100",
                "" if band is None else band.label),
               ("Maturity", f"Stage {maturity.overall_stage}" if maturity.overall_stage else "—",
                readiness.maturity_bank.stage_name(maturity.overall_stage)
                if maturity.overall_stage else ""),
               ("People answering", str(max(culture.participants, maturity.participants)), "")]
    figures = [("Culture readiness", charts.dimension_scores_chart(
        culture.dimensions, readiness.culture_bank.target)),
        ("Community maturity", charts.maturity_heatmap(
            maturity.distribution, maturity.competencies,
            [s.name for s in readiness.maturity_bank.stages]))]
    tables = [("Culture dimensions", culture.dimensions.reset_index()[
        ["name", "score", "band_label", "spread", "answered", "dont_know"]].rename(columns={
            "name": "Dimension", "score": "Score", "band_label": "Band", "spread": "Spread",
            "answered": "Answers", "dont_know": "Don't know"})),
        ("Competencies", maturity.competencies.reset_index()[
            ["name", "stage_name", "target_name", "gap"]].rename(columns={
                "name": "Competency", "stage_name": "Today", "target_name": "Target",
                "gap": "Gap (stages)"}))]
    platforms = results.platforms(db, engagement.id)
    if platforms is not None:
        winner = platforms.ranking.index[0]
        metrics.append(("Leading vendor", str(winner),
                        f"{platforms.ranking.loc[winner, 'score']:.2f} / 5"))
        figures.append(("Vendor ranking", charts.ranking_chart(
            platforms.contributions, set(platforms.knocked["vendor"]))))
        tables.append(("Vendor ranking", platforms.ranking.join(platforms.closeness.rename(
            columns={"rank": "TOPSIS rank"})).reset_index(names="Vendor").rename(columns={
                "score": "Weighted score", "rank": "Rank", "closeness": "TOPSIS closeness"})))
    plan = assessments.roadmap(readiness.recommendations, scaling=assessments.scaling_steps(
        readiness.culture_bank, culture))
    report = html.ReportInput(
        engagement={"name": engagement.name, "organization": engagement.organization,
                    "industry": engagement.industry, "size": engagement.size,
                    "purpose": engagement.purpose, "is_example": engagement.is_example},
        metrics=metrics, actions=assessments.top_actions(readiness.recommendations, 5),
        phase_titles=assessments.PHASE_TITLES, roadmap=plan, tables=tables,
        charts=[(title, images.labeled(figure, engagement.name, today))
                for title, figure in figures], exported_on=today)
    return html.engagement_report(report).encode("utf-8")


def _workbook(include_names: bool) -> bytes:
    # openpyxl is loaded when a workbook is asked for: most visits never ask.
    from pages.workbook import workbook_input
    from reports.excel import engagement_workbook

    return engagement_workbook(workbook_input(common.db(), engagement, include_names, today))


def _restore(upload) -> None:
    try:
        with st.spinner("Checking every record, then restoring…"):
            new_id = workspace.restore_engagement(common.db(), upload.getvalue())
    except workspace.WorkspaceError as error:
        st.error(common.escape_markdown(f"Nothing was restored: {error}"),
                 icon=":material/error:")
        return
    restored = workspace.get_engagement(common.db(), new_id)
    common.flash("success", f"Restored as “{restored.name}”. Pick it in the sidebar.")
    st.rerun()


st.title("Exports")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()
st.write("Everything this engagement holds, in forms a client keeps. Every chart also has PNG "
         "and SVG buttons under it on its page.")
# Downloads do not rerun the page (on_click="ignore"): a rerun replaces every button's file,
# and a second download clicked while it ran found its file gone.

with st.container(border=True):
    st.subheader("Excel workbook")
    st.caption("Summary, readiness, maturity, recommendations and roadmap, weights, scores with "
               "evidence, ranking and raw responses, with native charts. Weights and scores are "
               "input cells: change one in Excel and the totals and ranks recompute.")
    include_names = st.checkbox("Include participants' names (otherwise “Participant 1”, …)",
                                key="exports.include_names")
    st.download_button("Download workbook (.xlsx)", key="exports.xlsx", on_click="ignore",
                       data=lambda: _workbook(include_names), file_name=f"{stem}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/table:", type="primary")

with st.container(border=True):
    st.subheader("Report (HTML)")
    st.caption("One file with the charts inside: opens offline in any browser and prints well.")
    st.download_button("Download report (.html)", key="exports.html", on_click="ignore",
                       data=_report_html, file_name=f"{stem}.html", mime="text/html",
                       icon=":material/article:")

with st.container(border=True):
    st.subheader("Raw data (CSV)")
    left, right = st.columns(2)
    left.download_button(
        "Questionnaire answers", key="exports.responses_csv", on_click="ignore",
        icon=":material/download:",
        data=lambda: csv_export.responses_csv(workspace.engagement_responses_every_bank(
            common.db(), engagement.id)),
        file_name=f"{stem}-answers.csv", mime="text/csv")
    right.download_button(
        "Vendor scores", key="exports.scores_csv", on_click="ignore",
        icon=":material/download:",
        data=lambda: csv_export.scores_csv(workspace.engagement_scores(
            common.db(), engagement.id, include_archived=True)),
        file_name=f"{stem}-scores.csv", mime="text/csv")

with st.container(border=True):
    st.subheader("Backup and restore")
    st.caption("A backup holds the whole engagement, with its choice of question banks and "
               "every imported bank it uses, as compressed JSON (.json.gz), and restores on "
               "another installation as a new engagement (participants get new private "
               "links).")
    st.download_button("Download backup (.json.gz)", key="exports.backup", on_click="ignore",
                       data=lambda: workspace.backup_bytes(common.db(), engagement.id),
                       file_name=f"{stem}-backup.json.gz", mime="application/gzip",
                       icon=":material/backup:")
    upload = st.file_uploader(
        "Restore a backup", type=["gz", "json"], key="exports.restore_file",
        max_upload_size=workspace.MAX_BACKUP_MB,
        help=f"A .json.gz backup, or a .json backup from an earlier version, up to "
             f"{workspace.MAX_BACKUP_MB} MB. Every record is checked before anything is "
             "restored.")
    st.caption(f"Restores backups up to {workspace.MAX_BACKUP_MB} MB (.json.gz, or .json "
               "from earlier versions): a backup of 2,000 respondents scoring 200 vendors on "
               "200 criteria is under 1 MB.")
    if upload is not None and st.button("Restore this backup", key="exports.restore",
                                        icon=":material/restore:"):
        _restore(upload)
