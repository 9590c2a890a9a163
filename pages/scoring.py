"""Vendor scoring: each scorer rates every vendor on every criterion (0-5) with evidence."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

from datetime import date  # noqa: E402

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from datafiles.text import TEXT_MAX  # noqa: E402
from ui import access, common, downloads, score_cards, score_grid, tables  # noqa: E402
from reports import images  # noqa: E402
from reports.formats import counted  # noqa: E402
from vendors.scoring import SCORE_MAX, SCORE_MIN, aggregate_scorers, scoring_guide  # noqa: E402

database = common.db()
engagement = common.current_engagement(database)
taxonomy = common.taxonomy()

st.title("Vendor scoring")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()

categories = workspace.list_categories(database, engagement.id)
criteria = workspace.list_criteria(database, engagement.id)
vendors = workspace.list_vendors(database, engagement.id)
if not criteria or not vendors:
    st.info("Scoring needs criteria and at least one vendor.", icon=":material/info:")
    common.page_link("pages/requirements.py", label="Requirements", icon=":material/checklist:")
    common.page_link("pages/vendors.py", label="Vendors", icon=":material/store:")
    st.stop()

person = common.participant_gate(database, engagement)
paused = common.session_paused(database, person)
blind = workspace.blind.is_blind(database, engagement.id)
if blind:
    # Scorers see "Vendor A", "Vendor B", ...: every name on this page comes from here.
    vendors = workspace.blind.masked(database, engagement.id, vendors)
    st.info("Blind scoring is on: vendors are shown as Vendor A, B, ... so that a brand does "
            "not sway a score" + (" (turn it off on the Vendors page)."
                                  if access.is_facilitator() else "."),
            icon=":material/visibility_off:")
everyone = workspace.engagement_scores(database, engagement.id)
if blind:
    everyone = everyone.assign(vendor=everyone["vendor_id"].map(
        workspace.blind.labels(database, engagement.id)))
mine = everyone[everyone["scorer_id"] == person.id]
names = {v.id: v.name for v in vendors} | {k.id: k.name for k in criteria}
# A workshop's participants score the vendors its facilitator shortlisted; the facilitator's
# own grid keeps every vendor.
offered = (workspace.blind.masked(database, engagement.id, workspace.offered_vendors(
    database, workspace.get_session(database, person.session_id)))
           if person.session_id is not None else vendors)
cards = (not access.is_facilitator() and access.member() is None
         or st.toggle("One score at a time (cards, for a phone)", key="scoring.cards",
                      help="Score vendor by vendor on large buttons instead of the grid."))
if cards:
    cells = list(zip(mine["vendor_id"], mine["criterion"]))
    score_cards.show(person, score_cards.deck(categories, criteria, offered),
                     {cell: float(v) for cell, v in zip(cells, mine["score"]) if pd.notna(v)},
                     {cell: note or "" for cell, note in zip(cells, mine["evidence"])},
                     taxonomy.anchors, taxonomy.cost_note, paused)
else:
    with st.expander("The 0-5 scale", icon=":material/straighten:", expanded=False):
        tables.table(pd.DataFrame({"Score": list(taxonomy.anchors),
                                   "Means": list(taxonomy.anchors.values())}),
                     hide_index=True, width="stretch")
        st.caption(taxonomy.cost_note)

    used = [c for c in categories if any(k.category == c.id for k in criteria)]
    scored = {c.id: int(mine[mine["criterion"].isin(
        [k.id for k in criteria if k.category == c.id])]["score"].notna().sum()) for c in used}
    per_category = {c.id: len(vendors) * sum(1 for k in criteria if k.category == c.id)
                    for c in used}
    total_done, total = sum(scored.values()), sum(per_category.values())
    st.progress(total_done / total, text=f"{total_done} of {total} scores given")
    # Fixed option labels (see common.section_picker); progress goes in the captions.
    category_id = st.radio("Category", [c.id for c in used], key="scoring.category",
                           horizontal=True,
                           format_func=lambda c: common.escape_markdown(
                               {k.id: k.name for k in used}[c]),
                           captions=[("✓ " if scored[c.id] == per_category[c.id] else "")
                                     + f"{scored[c.id]}/{per_category[c.id]}" for c in used])
    rows = [k for k in criteria if k.category == category_id]
    columns = {v.id: f"v{v.id}" for v in vendors}
    cells = list(zip(mine["criterion"], mine["vendor_id"]))
    score_of = dict(zip(cells, mine["score"]))   # plain dicts: one lookup per cell is cheap
    evidence_of = dict(zip(cells, mine["evidence"]))
    shown_scores = {(v.id, k.id): None if pd.isna(score_of.get((k.id, v.id), None))
                    else float(score_of[(k.id, v.id)]) for k in rows for v in vendors}
    shown_notes = {(v.id, k.id): evidence_of.get((k.id, v.id)) or "" for k in rows for v in vendors}
    prefix = f"scoring.{category_id}"
    grid_round = score_grid.editor_round(prefix, shown_scores, shown_notes)


    def _save_scores(key: str, criterion_ids: list[str], shown: dict) -> None:
        vendor_of = {column: vendor for vendor, column in columns.items()}
        changes = score_grid.save_edits(
            prefix, key,
            lambda edits: score_grid.score_changes(edits, criterion_ids, vendor_of, shown, names),
            lambda db, changes: workspace.save_score_values(db, person.id, changes))
        if changes:
            score_grid.saved(prefix, scores=shown | changes)


    def _save_notes(key: str, note_cells: list, shown: dict) -> None:
        changes = score_grid.save_edits(
            prefix, key, lambda edits: (score_grid.note_changes(edits, note_cells, shown), []),
            lambda db, changes: workspace.save_evidence(db, person.id, changes))
        if changes:
            score_grid.saved(prefix, notes=shown | changes)


    matrix = pd.DataFrame({
        "criterion": [k.name + (" (cost)" if k.direction == "cost" else "")
                      + (f" · must ≥ {k.min_score:g}" if k.must_have else "") for k in rows],
        **{columns[v.id]: pd.Series([shown_scores[(v.id, k.id)] for k in rows], dtype=float)
           for v in vendors}})
    note_cells = [(v.id, k.id) for k in rows for v in vendors]
    evidence = pd.DataFrame({"Criterion": [names[k] for _, k in note_cells],
                             "Vendor": [names[v] for v, _ in note_cells],
                             "Evidence": [shown_notes[cell] for cell in note_cells]})

    st.caption("Score each vendor from 0 (not available) to 5 (best in class); a score is saved "
               "as soon as you press Enter or move to another cell. Leave a cell empty where you "
               "cannot judge yet.")
    refused = score_grid.refusal(prefix)
    if refused:
        st.error(common.escape_markdown(refused), icon=":material/error:")
    matrix_key = f"{prefix}.r{grid_round}.matrix"
    tables.grid(matrix, key=matrix_key, hide_index=True, width="stretch",
                disabled=paused or ["criterion"], on_change=access.guarded(_save_scores),
                args=(matrix_key, [k.id for k in rows], shown_scores),
                column_config={
                    "criterion": st.column_config.TextColumn("Criterion", width="large"),
                    **{columns[v.id]: st.column_config.NumberColumn(
                        v.name, min_value=SCORE_MIN, max_value=SCORE_MAX, step=0.5,
                        format="%.1f") for v in vendors}})
    with st.expander("Evidence notes (why each score)", icon=":material/notes:"):
        notes_key = f"{prefix}.r{grid_round}.evidence"
        tables.grid(evidence, key=notes_key, hide_index=True, width="stretch",
                    disabled=paused or ["Criterion", "Vendor"],
                    on_change=access.guarded(_save_notes),
                    args=(notes_key, note_cells, shown_notes),
                    column_config={"Evidence": st.column_config.TextColumn(
                        width="large", max_chars=TEXT_MAX if person.session_id is None
                        else workspace.participation.NOTE_MAX)})
        st.caption("A note is saved as soon as you press Enter or move to another cell.")

if not access.is_facilitator():
    # A participant sees their own scores only; the group's are the facilitator's to reveal.
    if access.member() is None:
        common.back_to_workshop()
    st.stop()
scorers = everyone["scorer_id"].nunique()
if scorers >= 1 and everyone["score"].notna().any():
    st.header("All scorers")
    aggregated = aggregate_scorers(everyone.dropna(subset=["score"])[
        ["scorer", "vendor", "criterion", "score"]])
    flagged = aggregated[aggregated["flagged"]]
    st.caption(f"{counted(scorers, 'scorer')}. Results use the mean of everyone's scores; a "
               "spread of 1.5 points or more between scorers is flagged for discussion.")
    if not flagged.empty:
        criterion_names = {k.id: k.name for k in criteria}
        table = flagged.reset_index()
        table["criterion"] = table["criterion"].map(criterion_names)
        st.warning(f"{counted(len(flagged), 'score')} where scorers disagree by 1.5 points or "
                   "more.",
                   icon=":material/forum:")
        tables.table(table[["vendor", "criterion", "mean", "spread", "scorers"]],
                     hide_index=True, width="stretch", column_config={
                         "vendor": "Vendor", "criterion": "Criterion",
                         "mean": st.column_config.NumberColumn("Mean", format="%.2f"),
                         "spread": st.column_config.NumberColumn("Spread", format="%.2f"),
                         "scorers": "Scorers"})
st.header("Score offline in Excel")
vendor_keys = [(v.id, v.name) for v in vendors]
category_names = {c.id: c.name for c in categories}
criterion_keys = [(k.id, category_names.get(k.category, k.category), k.name) for k in criteria]
current_long = mine[["vendor_id", "criterion", "score", "evidence"]].reset_index(drop=True)


def _template() -> bytes:
    wide = current_long.pivot_table(index="vendor_id", columns="criterion", values="score",
                                    aggfunc="first")
    from reports import score_template   # openpyxl, loaded when a template is asked for

    return score_template.score_template(engagement.name, person.name, vendor_keys,
                                         criterion_keys, wide, evidence=current_long,
                                         anchors=taxonomy.anchors, guides={
                                             k.id: scoring_guide(k.direction, k.must_have,
                                                                 k.min_score)
                                             for k in criteria})


st.caption("Download a template with every vendor and criterion and your current scores, fill "
           "it in Excel, upload it, check what will change, then apply.")
downloads.download_button(
    "Download my scoring template (.xlsx)", key="scoring.template", data=_template,
    icon=":material/download:",
    file_name=images.file_stem(engagement.name, f"scores {person.name}",
                               date.today().isoformat()) + ".xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
upload = st.file_uploader("Upload a filled template", type=["xlsx"], key="scoring.upload",
                          max_upload_size=5)
if upload is not None:
    from reports import score_template

    try:
        parsed = score_template.read_score_template(upload.getvalue(), upload.name, vendor_keys,
                                                    criterion_keys)
        changes = score_template.preview_changes(parsed, current_long)
    except ValueError as error:
        st.error(common.escape_markdown(f"Nothing was imported: {error}"),
                 icon=":material/error:")
    else:
        if changes.empty:
            st.info("The upload holds the same scores and evidence as the app: nothing to "
                    "change.", icon=":material/info:")
        else:
            shown = changes.assign(
                vendor=changes["vendor_id"].map(names),
                criterion=changes["criterion"].map({k.id: k.name for k in criteria}))
            tables.table(shown[["vendor", "criterion", "old_score", "new_score",
                                "new_evidence"]], hide_index=True, width="stretch",
                         column_config={"vendor": "Vendor", "criterion": "Criterion",
                                        "old_score": "Now", "new_score": "After import",
                                        "new_evidence": "Evidence after import"})
            this = "this" if len(changes) == 1 else "these"
            if st.button(f"Apply {this} {counted(len(changes), 'change')}", key="scoring.apply",
                         type="primary", icon=":material/done_all:"):
                try:
                    workspace.save_scores(common.db(), [
                        workspace.Score(person.id, int(row.vendor_id), row.criterion,
                                        None if pd.isna(row.new_score)
                                        else float(row.new_score), row.new_evidence or "")
                        for row in changes.itertuples()])
                except workspace.WorkspaceError as error:
                    st.error(common.escape_markdown(f"Nothing was imported: {error}"),
                             icon=":material/error:")
                else:
                    common.flash("success", f"{counted(len(changes), 'score')} imported.")
                    st.rerun()

common.page_link("pages/comparison.py", label="Next: the comparison",
                 icon=":material/arrow_forward:")
