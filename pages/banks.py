"""Question banks: which questionnaires an engagement uses; download, import and install banks."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import assessments  # noqa: E402
import workspace  # noqa: E402
from assessments.languages import english_name  # noqa: E402
from assessments.translation import missing_text, missing_translations  # noqa: E402
from ui import access, common, downloads, results, tables  # noqa: E402


def _bank_excel():
    """The Excel side of banks (openpyxl): loaded when a file is asked for or uploaded."""
    from assessments import bank_excel

    return bank_excel

database = common.db()
engagement = common.current_engagement(database)
shipped = assessments.available_banks()
installed = workspace.list_installed_banks(database)


def _describe(bank: assessments.Bank) -> str:
    if bank.kind == "likert":
        return f"{len(bank.dimensions)} dimensions, {len(bank.items)} statements"
    return f"{len(bank.competencies)} competencies x {len(bank.stages)} stages"


def _languages(bank: assessments.Bank) -> str:
    return ", ".join(english_name(code) for code in ("en", *bank.languages))


def _choose(field: str) -> None:
    try:
        workspace.set_engagement_banks(common.db(), engagement.id,
                                       **{field: st.session_state[f"banks.{field}"]})
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
        return
    common.flash("success", "Questionnaire choice saved.")


st.title("Question banks")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()
st.write("Questionnaires are data. Download a bank as an Excel workbook (or TOML file), edit "
         "statements, advice or stage descriptions, and import it back as a new bank; then "
         "choose which banks this engagement's questionnaires use.")

kinds = {b.id: b.kind for b in installed}
kinds |= {b: assessments.load_bank(b).kind for b in shipped}
rows, banks = [], {}
for bank_id, kind in kinds.items():
    try:
        bank = results.bank(database, bank_id, kind)
    except (ValueError, workspace.WorkspaceError) as error:
        rows.append({"Bank": bank_id, "Kind": kind, "Title": f"cannot be read: {error}",
                     "Version": "", "Content": "", "Languages": "", "Origin": "installed"})
        continue
    banks[bank_id] = bank
    rows.append({"Bank": bank_id, "Kind": bank.kind, "Title": bank.title,
                 "Version": bank.version, "Content": _describe(bank),
                 "Languages": _languages(bank),
                 "Origin": "shipped" if bank_id in shipped else "installed"})
tables.table(pd.DataFrame(rows), hide_index=True, width="stretch")

st.subheader("This engagement uses")
likert = [b for b, v in banks.items() if v.kind == "likert"]
staged = [b for b, v in banks.items() if v.kind == "staged"]
left, right = st.columns(2)
for column, field, options, current in (
        (left, "culture_bank", likert, engagement.culture_bank),
        (right, "maturity_bank", staged, engagement.maturity_bank)):
    if current not in options:
        options = [current, *options]
    st.session_state.setdefault(f"banks.{field}", current)
    column.selectbox("Culture questionnaire" if field == "culture_bank" else
                     "Maturity questionnaire", options, key=f"banks.{field}",
                     format_func=lambda b: f"{b} · {banks[b].title}" if b in banks else b,
                     on_change=access.guarded(_choose), args=(field,))
st.caption("Answers are kept per bank: switching back shows the earlier answers again.")

st.subheader("Download a bank to edit")
chosen = st.selectbox("Bank", list(banks), key="banks.download_pick",
                      format_func=lambda b: f"{b} · {banks[b].title}")
left, right = st.columns(2)
downloads.download_button(
    "As Excel workbook", where=left, key="banks.download_xlsx", icon=":material/table:",
    data=lambda: _bank_excel().bank_workbook(banks[chosen]), file_name=f"{chosen}-bank.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
downloads.download_button(
    "As TOML file", where=right, key="banks.download_toml", icon=":material/code:",
    data=lambda: (assessments.bank.BANKS_DIR / f"{chosen}.toml").read_bytes()
    if chosen in shipped else _bank_excel().bank_to_toml(
        workspace.installed_bank_data(common.db(), chosen)).encode("utf-8"),
    file_name=f"{chosen}.toml", mime="application/toml")

st.subheader("Import a bank")
if not access.administrator():
    st.caption("An installed bank serves every engagement of this installation: the "
               "administrator (the holder of the facilitator secret) installs or replaces "
               "banks.")
    st.stop()
upload = st.file_uploader("Bank file (.xlsx or .toml)", type=["xlsx", "toml"],
                          key="banks.upload", max_upload_size=5)
if upload is not None:
    try:
        data = _bank_excel().bank_data_from_upload(upload.getvalue(), upload.name)
        candidate = assessments.parse_bank(data, upload.name)
    except ValueError as error:
        st.error(common.escape_markdown(f"Nothing was imported: {error}"),
                 icon=":material/error:")
    else:
        replaces = candidate.id in {b.id for b in installed}
        try:
            workspace.check_bank_replacement(database, data)
        except workspace.WorkspaceError as error:
            problem = str(error)
        else:
            problem = None
        st.success(common.escape_markdown(
            f"“{candidate.title}” ({candidate.kind}, id {candidate.id}, version "
            f"{candidate.version}): {_describe(candidate)}, in {_languages(candidate)}. It is "
            "valid."
            + (" Installing replaces the installed bank with this id; every stored answer "
               "still fits it." if replaces and problem is None else "")),
            icon=":material/task_alt:")
        missing = missing_translations(candidate)
        if missing:
            # Never silently: a respondent choosing one of these languages would read these
            # texts in English.
            st.warning("Some texts have no translation and will show in English:\n\n"
                       + "\n".join(f"- {common.escape_markdown(line)}"
                                    for line in missing_text(missing)),
                       icon=":material/translate:")
        if problem is not None:
            st.error(common.escape_markdown(f"It cannot be installed: {problem}"),
                     icon=":material/error:")
        elif st.button("Install this bank", key="banks.install", type="primary",
                       icon=":material/add_task:"):
            try:
                workspace.install_bank(common.db(), candidate.id, candidate.kind,
                                       candidate.title, candidate.version, data,
                                       reserved=tuple(shipped))
            except workspace.WorkspaceError as error:
                st.error(common.escape_markdown(f"Nothing was installed: {error}"),
                         icon=":material/error:")
            else:
                common.flash("success", f"Bank “{candidate.id}” installed. Choose it above "
                                        "for this engagement.")
                st.rerun()
