"""Exports: the workbook, the HTML report, raw data as CSV, and a backup that restores."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

from datetime import date  # noqa: E402

import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from outcomes import exports, pulse_exports, report, value  # noqa: E402
from ui import access, common, downloads, results  # noqa: E402
from reports import images  # noqa: E402

database = common.db()
engagement = common.current_engagement(database)
today = date.today().isoformat()
stem = images.file_stem(engagement.name, "", today).replace("--", "-")


def _details() -> dict[str, object]:
    return {"name": engagement.name, "organization": engagement.organization,
            "industry": engagement.industry, "size": engagement.size,
            "purpose": engagement.purpose, "is_example": engagement.is_example}


def _report_html() -> bytes:
    db = common.db()
    return report.report_html(_details(), results.readiness(db, engagement.id),
                              results.platforms(db, engagement.id), today,
                              workspace.list_snapshots(db, engagement.id),
                              workspace.sign_offs.list_sign_offs(db, engagement.id))


def _deck():
    from outcomes import pack

    db = common.db()
    return pack.gather_pack(db, engagement.id, today, results.readiness(db, engagement.id),
                            results.platforms(db, engagement.id))


def _pack_pptx() -> bytes:
    # python-pptx is loaded when a deck is asked for: most visits never ask.
    from reports.pptx_pack import deck_pptx

    return deck_pptx(_deck())


def _pack_pdf() -> bytes:
    from reports.pdf_pack import deck_pdf

    return deck_pdf(_deck())


def _workbook(include_names: bool, readiness, platforms):
    def build(progress) -> bytes:
        # openpyxl is loaded when a workbook is asked for: most visits never ask.
        from outcomes.exports import workbook_input
        from reports.excel import engagement_workbook
        from reports.progress import within

        progress(0.0, "Reading the engagement")
        export = workbook_input(common.db(), engagement, readiness, platforms, include_names,
                                today)
        return engagement_workbook(export, within(progress, exports.WORKBOOK_READ, 1.0))
    return build


def _answers_csv(include_names: bool) -> bytes:
    return exports.answers_csv(common.db(), engagement.id, include_names)


def _scores_csv(include_names: bool) -> bytes:
    return exports.scores_csv(common.db(), engagement.id, include_names)


def _restore(upload) -> None:
    if not access.may_create():
        return
    try:
        with st.spinner("Checking every record, then restoring…"):
            new_id = workspace.restore_engagement(common.db(), upload.getvalue(),
                                                  install_banks=access.administrator())
    except workspace.WorkspaceError as error:
        st.error(common.escape_markdown(f"Nothing was restored: {error}"),
                 icon=":material/error:")
        return
    if not access.make_owner(new_id):
        return
    restored = workspace.get_engagement(common.db(), new_id)
    common.flash("success", f"Restored as “{restored.name}”. Pick it in the sidebar.")
    st.rerun()


st.title("Exports")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()
st.write("Everything this engagement holds, in forms a client keeps. Every chart also has PNG "
         "and SVG buttons under it on its page.")
if access.blind_to_me(database, engagement.id):
    st.info("Blind scoring is on: the exports name the vendors, so they open to scorers once "
            "the facilitator turns it off.", icon=":material/visibility_off:")
    st.stop()
# Downloads do not rerun the page (on_click="ignore"): a rerun replaces every button's file,
# and a second download clicked while it ran found its file gone.

# Names are the facilitator's to see: a viewer's files name nobody.
include_names = access.may("run") and st.checkbox(
    "Include participants' names in the workbook and the CSV files (otherwise “Participant "
    "1”, …)", key="exports.include_names")

with st.container(border=True):
    st.subheader("Excel workbook")
    st.caption("Summary, readiness, maturity, recommendations and roadmap, weights, scores with "
               "evidence, ranking, raw responses and workshops (agreed values, records), with "
               "native charts. Weights and scores are input cells: change one in Excel and the "
               "totals and ranks recompute.")
    readiness = results.readiness(database, engagement.id)
    platforms = results.platforms(database, engagement.id)
    downloads.prepared_download(
        "Download workbook (.xlsx)", key="exports.xlsx", what="workbook", owner=engagement.id,
        source=(workspace.engagement_fingerprint(database, engagement.id), include_names,
                today),
        build=_workbook(include_names, readiness, platforms), file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table:")

with st.container(border=True):
    st.subheader("Board pack")
    st.caption("The answer in one slide, then readiness, the platform decision, method notes "
               "and data coverage, with the numbers the app shows. PowerPoint with native, "
               "editable charts and tables (speaker notes say how each number was made); PDF "
               "for executives.")
    left, right = st.columns(2)
    downloads.download_button(
        "Board pack (PowerPoint)", where=left, key="exports.pptx", data=_pack_pptx,
        file_name=f"{stem}-board-pack.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:", type="primary")
    downloads.download_button(
        "Board pack (PDF)", where=right, key="exports.pdf", data=_pack_pdf,
        file_name=f"{stem}-board-pack.pdf", mime="application/pdf",
        icon=":material/picture_as_pdf:")

with st.container(border=True):
    st.subheader("Report (HTML)")
    st.caption("One file with the charts inside: opens offline in any browser and prints well.")
    downloads.download_button("Download report (.html)", key="exports.html", data=_report_html,
                              file_name=f"{stem}.html", mime="text/html", icon=":material/article:")

with st.container(border=True):
    st.subheader("Data (CSV)")
    st.caption("Raw answers and scores, and the results tables as the app shows them.")
    left, right = st.columns(2)
    downloads.download_button(
        "Questionnaire answers", where=left, key="exports.responses_csv",
        icon=":material/download:", data=lambda: _answers_csv(include_names),
        file_name=f"{stem}-answers.csv", mime="text/csv")
    downloads.download_button(
        "Vendor scores", where=right, key="exports.scores_csv", icon=":material/download:",
        data=lambda: _scores_csv(include_names), file_name=f"{stem}-scores.csv",
        mime="text/csv")
    downloads.download_button(
        "Culture readiness by dimension", where=left, key="exports.culture_csv",
        icon=":material/download:", data=lambda: exports.culture_csv(readiness),
        file_name=f"{stem}-culture.csv", mime="text/csv", disabled=not readiness.has_culture,
        help=None if readiness.has_culture else "Nobody has answered the culture "
                                                  "questionnaire yet.")
    downloads.download_button(
        "Vendor ranking", where=right, key="exports.ranking_csv", icon=":material/download:",
        data=lambda: exports.ranking_csv(platforms), file_name=f"{stem}-ranking.csv",
        mime="text/csv", disabled=platforms is None,
        help=None if platforms is not None else "No vendor has been scored yet.")
    agreed_any = bool(len(readiness.agreed)) or bool(platforms is not None
                                                     and len(platforms.agreed))
    downloads.download_button(
        "Agreed values", where=left, key="exports.agreed_csv", icon=":material/download:",
        data=lambda: exports.agreed_csv(readiness, platforms),
        file_name=f"{stem}-agreed.csv", mime="text/csv", disabled=not agreed_any,
        help=None if agreed_any else "No value has been agreed in a workshop yet.")
    has_records = bool(workspace.workshop_records.list_records(database, engagement.id))
    downloads.download_button(
        "Workshop records", where=right, key="exports.workshops_csv",
        icon=":material/download:",
        data=lambda: exports.workshop_records_csv(common.db(), engagement.id, include_names),
        file_name=f"{stem}-workshops.csv", mime="text/csv", disabled=not has_records,
        help=None if has_records else "No workshop has been closed yet.")
    has_costs = platforms is not None and value.value_for_money(platforms) is not None
    downloads.download_button(
        "Value for money", where=left, key="exports.value_csv", icon=":material/download:",
        data=lambda: exports.value_csv(platforms), file_name=f"{stem}-value-for-money.csv",
        mime="text/csv", disabled=not has_costs,
        help=None if has_costs else "No cost is recorded yet (Vendors page).")
    downloads.download_button(
        "Action plan", where=right, key="exports.actions_csv", icon=":material/download:",
        data=lambda: exports.action_plan_csv(readiness, today,
                                             workspace.list_snapshots(common.db(),
                                                                      engagement.id)),
        file_name=f"{stem}-action-plan.csv", mime="text/csv", disabled=not readiness.has_any,
        help=None if readiness.has_any else "Nobody has answered the questionnaires yet.")
    if readiness.pulse is not None:     # the latest closed pulse, within its anonymity rules
        downloads.download_button(
            "Pulse results by group", where=left, key="exports.pulse_csv",
            icon=":material/download:", file_name=f"{stem}-pulse-results.csv", mime="text/csv",
            data=lambda: pulse_exports.results_csv(readiness.pulse))
        downloads.download_button(
            "Pulse answers (anonymized)", where=right, key="exports.pulse_answers_csv",
            icon=":material/download:", file_name=f"{stem}-pulse-answers.csv", mime="text/csv",
            data=lambda: pulse_exports.answers_csv(common.db(), readiness.pulse))

if not access.may("own"):
    st.caption("The backup and restoring one are for the engagement's owners.")
    st.stop()
with st.container(border=True):
    st.subheader("Backup and restore")
    st.caption("A backup holds the whole engagement, with its choice of question banks and "
               "every imported bank it uses, as compressed JSON (.json.gz), and restores on "
               "another installation as a new engagement (participants get new private "
               "links).")
    downloads.download_button("Download backup (.json.gz)", key="exports.backup",
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
               "200 criteria is under 2 MB.")
    if upload is not None and not access.may_create():
        st.caption("Restoring makes you the new engagement's owner, by your email address: "
                   "your company account sent none that it vouches for.")
    elif upload is not None and st.button("Restore this backup", key="exports.restore",
                                          icon=":material/restore:"):
        _restore(upload)
