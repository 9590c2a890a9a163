"""Weights: categories first, then criteria within each category, by one of three methods."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from ui import access, common, drafts, steering, tables, weight_inputs, workshop_views  # noqa: E402
from outcomes import tables as outcome_tables  # noqa: E402
from reports.formats import Kind  # noqa: E402
from vendors import weighting  # noqa: E402
from vendors.decision import CATEGORIES_LEVEL, build_decision  # noqa: E402
from vendors.errors import WeightsError  # noqa: E402

METHODS = {"direct": "Direct entry", "points": "100-point allocation",
           "ahp": "AHP pairwise comparison"}

database = common.db()
engagement = common.current_engagement(database)
categories = workspace.list_categories(database, engagement.id)
criteria = workspace.list_criteria(database, engagement.id)

st.title("Weights")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()
if not criteria:
    st.info("There are no criteria to weigh yet. Set up the requirements first.",
            icon=":material/info:")
    common.page_link("pages/requirements.py", label="Go to Requirements",
                 icon=":material/arrow_forward:")
    st.stop()

saved = workspace.get_weights(database, engagement.id)
levels = workshop_views.weight_levels(database, engagement.id)
steering.suggestion(database, engagement)

def _judgment(i: int, j: int, value: float) -> str:
    """A judgment in words: which of the pair is more important, and how much."""
    a, b = common.escape_markdown(names[ids[i]]), common.escape_markdown(names[ids[j]])
    if abs(value - 1) < 1e-9:
        return f"{a} and {b} equally important"
    if value > 1:
        return f"{a} {value:.3g}× as important as {b}"
    return f"{b} {1 / value:.3g}× as important as {a}"


def _is_set(level: str) -> bool:
    items = [item for item, _ in levels[level][1]]
    return level in saved and set(saved[level].weights) == set(items)


decision = build_decision(categories, criteria, saved)


def _method_words(method: str) -> str:
    """A method's name inside a sentence: "100-point allocation", "AHP pairwise comparison"."""
    name = METHODS[method]
    return name if name.startswith("AHP") else name[0].lower() + name[1:]


def _draft_id(level: str) -> str:
    return f"weights#{engagement.id}#{level}"


def _shown(method: str, previous: dict, ids: list[str]) -> dict:
    """The inputs the widgets of ``method`` show when drawn from ``previous`` inputs."""
    if method == "direct":
        return {"values": {i: float(previous.get("values", {}).get(i, 1.0)) for i in ids}}
    if method == "points":
        even = 100 // len(ids)
        return {"points": {i: int(previous.get("points", {}).get(i, even)) for i in ids}}
    judgments = previous.get("judgments", {})
    return {"judgments": {f"{i},{j}": weight_inputs.to_judgment(weight_inputs.to_step(
                float(judgments.get(f"{i},{j}", 1.0))))
                          for i in range(len(ids)) for j in range(i + 1, len(ids))},
            "method": previous.get("method", "eigenvector"), "order": ids}


def _discard(level: str) -> None:
    drafts.store().pop(_draft_id(level), None)
    for key in list(st.session_state.keys()):
        if key.startswith(f"weights.{level}."):
            del st.session_state[key]


def _caption(level: str) -> str:
    """Unsaved changes, saved (and for AHP whether its judgments are consistent), or not."""
    if _draft_id(level) in drafts.store():
        return "✎ unsaved changes"
    if not _is_set(level):
        return "equal until saved"
    result = decision.ahp.get(level)
    if result is not None and not weighting.is_consistent(result.consistency_ratio):
        return f"⚠ saved, inconsistent (CR {Kind.RATIO.text(result.consistency_ratio)})"
    return "✓ saved"


st.write("Weigh the categories against each other, then the criteria inside each category. "
         "A criterion's global weight is its category's weight times its weight within the "
         "category. Levels you have not weighed count with equal weights.")
if st.session_state.get("weights.level") not in levels:    # back from another page
    place = st.session_state.get("weights.place")
    st.session_state["weights.level"] = place if place in levels else list(levels)[0]
level = st.session_state["weights.level"]
st.session_state["weights.place"] = level
# The level picker is drawn here, at the end of the run, when this level's captions (saved,
# unsaved changes) are known.
level_picker = st.container()
title, items = levels[level]
ids = [item for item, _ in items]
names = dict(items)
current = saved.get(level) if _is_set(level) else None
# Typed but not saved (kept when the level or the page changes): the widgets start from it.
typed = drafts.store().get(_draft_id(level))

# AHP is offered only where it works: a level with too many items gets the other two and
# the reason (its consistency ratio needs Saaty's random index, tabulated up to 15 items).
too_many = weighting.ahp_refusal(len(ids), f"“{title}”")
offered = [m for m in METHODS if m != "ahp" or not too_many]
if st.session_state.get(f"weights.{level}.method") not in (*offered, None):
    st.session_state[f"weights.{level}.method"] = "points"
method = st.segmented_control(
    "Method", offered, format_func=METHODS.get, key=f"weights.{level}.method",
    default=(typed["method"] if typed and typed["method"] in offered
             else current.method if current and current.method in offered else "points"),
    selection_mode="single")
method = method or "points"
if too_many:
    st.caption(common.escape_markdown(too_many))
if typed and typed["method"] == method:
    source = typed["inputs"]
elif current and current.method == method:
    source = current.inputs
else:
    source = {}
inputs: dict = {}
result: pd.Series | None = None
problem: str | None = None
ahp = None

if method == "direct":
    st.caption("Enter any non-negative numbers; they are normalized to percentages.")
    previous = source.get("values", {})
    columns = st.columns(min(4, len(ids)))
    values = {}
    for index, item in enumerate(ids):
        values[item] = columns[index % len(columns)].number_input(
            common.escape_markdown(names[item]), min_value=0.0, max_value=1_000_000.0,
            value=float(previous.get(item, 1.0)), step=1.0, key=f"weights.{level}.direct.{item}")
    inputs = {"values": values}
    try:
        result = weighting.direct_weights(pd.Series(values))
    except WeightsError as error:
        problem = str(error)
elif method == "points":
    previous = source.get("points", {})
    even = 100 // len(ids)
    columns = st.columns(min(4, len(ids)))
    points = {}
    for index, item in enumerate(ids):
        points[item] = columns[index % len(columns)].number_input(
            common.escape_markdown(names[item]), min_value=0, max_value=100, step=1,
            value=int(previous.get(item, even)), key=f"weights.{level}.points.{item}")
    left = 100 - sum(points.values())
    if left >= 0:
        st.progress(sum(points.values()) / 100, text=f"{left} of 100 points left")
    inputs = {"points": points}
    try:
        result = weighting.points_weights(pd.Series(points), total=100)
    except WeightsError as error:
        problem = str(error)
else:
    previous = source.get("judgments", {})
    st.caption(weight_inputs.HELP)
    if len(ids) > 9:
        st.warning(f"{len(ids)} items make {len(ids) * (len(ids) - 1) // 2} comparisons; "
                   "consider grouping them into categories of 9 or fewer.",
                   icon=":material/warning:")
    judgments = weight_inputs.ahp_sliders(ids, names, previous, f"weights.{level}.ahp")
    ahp_method = st.radio("Priority method", ["eigenvector", "geometric"], horizontal=True,
                          key=f"weights.{level}.ahp_method",
                          index=0 if source.get("method", "eigenvector") == "eigenvector"
                          else 1,
                          format_func={"eigenvector": "Principal eigenvector (Saaty)",
                                       "geometric": "Geometric mean of rows"}.get)
    inputs = {"judgments": judgments, "method": ahp_method, "order": ids}
    matrix = weighting.matrix_from_judgments(
        len(ids), {tuple(int(x) for x in k.split(",")): v for k, v in judgments.items()})
    ahp = weighting.ahp_weights(matrix, method=ahp_method)
    result = pd.Series(ahp.weights, index=ids)

st.subheader("Result")
if problem:
    st.error(common.escape_markdown(problem), icon=":material/error:")
if result is not None:
    table = pd.DataFrame({"item": [names[i] for i in ids], "weight": result.reindex(ids)})
    common.chart("weights_chart", (table, title, "", True), f"weights-{level}", engagement,
                 width="stretch", numbers=outcome_tables.weights_numbers(table))
if ahp is not None:
    cells = st.columns(3)
    cells[0].metric("λ max", Kind.RATIO.text(ahp.lambda_max))
    cells[1].metric("Consistency index", Kind.RATIO.text(ahp.consistency_index),
                    help="CI = (λmax - n) / (n - 1)")
    cells[2].metric("Consistency ratio", Kind.RATIO.text(ahp.consistency_ratio),
                    help="CR = CI / RI(n) with Saaty's random index (The Analytic Hierarchy "
                         "Process, 1980); above 0.10 the judgments contradict each other too "
                         "much to trust")
    st.caption(f"Method: {'principal eigenvector' if ahp.method == 'eigenvector' else 'geometric mean of rows'} "
               f"of the {len(ids)} x {len(ids)} comparison matrix.")
    if not weighting.is_consistent(ahp.consistency_ratio):
        advice = weighting.inconsistent_judgments(matrix, top=3)
        lines = [f"- **{_judgment(j.i, j.j, j.current)}** — consistent with your other "
                 f"judgments would be: {_judgment(j.i, j.j, j.suggested)} (CR would become "
                 f"{Kind.RATIO.text(j.consistency_ratio_after)})" for j in advice]
        st.warning("The judgments are inconsistent (CR above 0.10). These changes would help "
                   "most:\n" + "\n".join(lines), icon=":material/warning:")

baseline = current.method if current else "points"
unsaved = (method, inputs) != (baseline, _shown(baseline, current.inputs if current else {}, ids))
if unsaved:
    drafts.store()[_draft_id(level)] = {"method": method, "inputs": inputs}
    st.warning(common.escape_markdown(
        f"Unsaved changes to the weights of {title}: they stay here, also when you look at "
        "another level or page, until you save or discard them."), icon=":material/edit_note:")
else:
    drafts.store().pop(_draft_id(level), None)
st.text_input("Why (optional, kept in the audit trail with the change)",
              key=f"weights.{level}.note", max_chars=workspace.audit.NOTE_MAX,
              placeholder="e.g. The security team asked for more weight on identity")
left, right, _ = st.columns([1, 1, 2])
if left.button("Save these weights", key=f"weights.{level}.save", type="primary",
               disabled=result is None or problem is not None, icon=":material/save:"):
    try:
        workspace.save_weights(common.db(), engagement.id, level, method, inputs,
                               {k: float(v) for k, v in result.items()},
                               note=st.session_state.get(f"weights.{level}.note", ""))
    except workspace.WorkspaceError as error:
        st.error(common.escape_markdown(str(error)), icon=":material/error:")
    else:
        drafts.store().pop(_draft_id(level), None)
        st.session_state.pop(f"weights.{level}.note", None)
        if ahp is not None and not weighting.is_consistent(ahp.consistency_ratio):
            common.flash("warning", f"Weights for {title} saved ({_method_words(method)}), "
                                    f"but the judgments are inconsistent (CR "
                                    f"{Kind.RATIO.text(ahp.consistency_ratio)}, above 0.10). "
                                    "The comparison and every export flag this level until "
                                    "the judgments are revised.")
        else:
            common.flash("success", f"Weights for {title} saved ({_method_words(method)}).")
        st.rerun()
if unsaved:
    right.button("Discard changes", key=f"weights.{level}.discard",
                 on_click=access.guarded(_discard),
                 args=(level,), icon=":material/undo:")
elif current is None:
    st.caption("Not saved yet: this level counts with equal weights until you save.")
# Fixed option labels (see common.section_picker); whether a level is saved is a caption.
level_picker.radio("Level", list(levels), key="weights.level", horizontal=True,
                   format_func=lambda lv: common.escape_markdown(levels[lv][0]),
                   captions=[_caption(lv) for lv in levels])

st.header("Global weights")
if decision.unweighted:
    pending = [levels[lv][0] for lv in decision.unweighted if lv in levels]
    st.caption(common.escape_markdown("Equal weights still used for: " + ", ".join(pending)))
globals_table = outcome_tables.criteria_table(decision)
tables.show(globals_table, progress={"weight"}, key="weights.globals")
st.caption(f"{len(globals_table)} criteria; weights sum to "
           f"{Kind.WEIGHT.text(globals_table.frame['weight'].sum())}.")
