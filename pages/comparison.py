"""Comparison: weighted ranking, knock-outs, TOPSIS cross-check, 2x2, what-if and robustness."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from outcomes import tables, value  # noqa: E402
from outcomes.robustness import (DEFAULT_CONCENTRATION, DRAWS, SEED, SPREADS,  # noqa: E402
                                 by_expected_rank)
from reports.formats import counted  # noqa: E402
from ui import access, common, decision_record, results, steering, whatif  # noqa: E402
import workspace  # noqa: E402
from ui import tables as shown_tables  # noqa: E402
from vendors import sensitivity, weighting  # noqa: E402


# Cached by the engagement's fingerprint (``key``) and the inputs chosen on the page; the
# tables themselves (underscored) are not hashed on every run.
@st.cache_data(max_entries=32, show_spinner="Simulating 10,000 weightings…")
def _acceptability(key: tuple, _matrix: pd.DataFrame, _weights: pd.Series, _directions: dict,
                   concentration: float) -> pd.DataFrame:
    return sensitivity.rank_acceptability(_matrix, _weights, draws=DRAWS, seed=SEED,
                                          concentration=concentration, directions=_directions)


@st.cache_data(max_entries=32, show_spinner=False)
def _thresholds(key: tuple, _matrix: pd.DataFrame, _weights: pd.Series, _categories: dict,
                _directions: dict) -> pd.DataFrame:
    return sensitivity.rank_reversal_thresholds(_matrix, _weights, _categories, _directions)


database = common.db()
engagement = common.current_engagement(database)
st.title("Vendor comparison")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}"
           + (" · illustrative example data" if engagement.is_example else ""))
common.show_flash()

if access.blind_to_me(database, engagement.id):
    st.info("Blind scoring is on: the comparison opens to scorers once the facilitator turns "
            "it off.", icon=":material/visibility_off:")
    st.stop()
outcome = results.platforms(database, engagement.id)
if access.may("read"):
    steering.header(database, engagement, outcome)
if workspace.blind.is_blind(database, engagement.id):
    st.caption("Blind scoring is on: scorers see the vendors as Vendor A, B, ...; this page "
               "names them (turn it off on the Vendors page).")
if outcome is None:
    st.info("The comparison needs criteria, vendors and at least one score.",
            icon=":material/info:")
    common.page_link("pages/scoring.py", label="Go to Vendor scoring",
                     icon=":material/arrow_forward:")
    st.stop()
decision, matrix = outcome.decision, outcome.matrix
key = results.fingerprint(database, engagement.id)
directions = decision.directions
category_names = decision.category_names
eligible = outcome.eligible
knocked_out = set(outcome.knocked_out)

ranking_table = tables.ranking_table(outcome)
if ranking_table.note:
    st.warning(common.escape_markdown(ranking_table.note), icon=":material/warning:")
shown_tables.metrics(tables.platform_metrics(outcome), widths=[2, 1, 1])

st.header("Ranking")
st.caption("Vendors that pass every must-have are ranked by weighted score (ties share the "
           "best rank); a knocked-out vendor is listed after them with the reason and takes "
           "no rank.")
shown_tables.show(ranking_table, hide=[] if outcome.ranking["pending"].any() else ["pending"],
                  key="compare.ranking")
common.chart("ranking_chart", (outcome.contributions, knocked_out), "weighted-ranking",
             engagement, key=key, width="stretch")
if access.may("run"):      # who changed what names people: the facilitator's to read
    decision_record.history(database, engagement.id,
                            workspace.list_vendors(database, engagement.id,
                                                   include_archived=True),
                            workspace.list_criteria(database, engagement.id),
                            workspace.list_categories(database, engagement.id), "compare")

if decision.minimums:
    st.subheader("Must-haves")
    pending = outcome.pending_scores
    if not knocked_out and pending.empty:
        st.success("Every vendor meets every must-have minimum.", icon=":material/verified:")
    elif not knocked_out:
        st.info("No vendor fails a must-have so far.", icon=":material/info:")
    else:
        st.error(f"{counted(len(knocked_out), 'vendor')} "
                 f"{'fails' if len(knocked_out) == 1 else 'fail'} at least one must-have: "
                 "they are listed last, take no rank and cannot win.", icon=":material/block:")
    if not pending.empty:
        st.caption(common.escape_markdown(
            f"{counted(len(pending), 'must-have score')} not given yet: "
            + ", ".join(sorted({f"{v} on {decision.criterion_names[c]}" for v, c in
                                zip(pending["vendor"], pending["criterion"])}))[:600]))

if len(outcome.agreed):
    st.subheader("Scores agreed in a workshop")
    agreed = tables.agreed_table(outcome.agreed)
    st.caption(agreed.note)
    shown_tables.show(agreed, key="compare.agreed")

st.subheader("How the weights were set")
consistency = tables.consistency_table(decision)
if consistency.frame["inconsistent"].any():
    st.warning("Some AHP judgments are inconsistent (consistency ratio above 0.10): the "
               "weights of those levels contradict themselves. Revisit them on the Weights "
               "page before relying on the ranking.", icon=":material/warning:")
shown_tables.show(consistency, key="compare.consistency")

st.header("Positioning")
x_default, y_default = tables.positioning_axes(decision)
ids = list(category_names)
left, right = st.columns(2)
x_ids = left.multiselect("Horizontal axis", ids, default=x_default, key="compare.x",
                         format_func=category_names.get)
y_ids = right.multiselect("Vertical axis", ids, default=y_default, key="compare.y",
                          format_func=category_names.get)
positioning_note = tables.positioning_note(outcome)
if positioning_note:
    st.caption(common.escape_markdown(positioning_note))
if x_ids and y_ids and outcome.eligible:
    # Best ranked first: where the chart numbers its points, 1 is the ranking's leader.
    points = tables.positioning_points(outcome, x_ids, y_ids)
    axis_title = lambda chosen: tables.positioning_axis_title(decision, chosen)  # noqa: E731
    common.chart("positioning_chart", (points, axis_title(x_ids), axis_title(y_ids)),
                 "positioning", engagement, key=(*key, tuple(x_ids), tuple(y_ids)),
                 width="stretch", numbers=tables.positioning_table(points, axis_title(x_ids),
                                                                   axis_title(y_ids)))
elif outcome.eligible:
    st.caption("Choose at least one category for each axis.")

st.header("Value for money")
worth = value.value_for_money(outcome)
if worth is None:
    st.caption("No cost is recorded yet: enter licence, users, implementation and horizon on "
               "the Vendors page to compare benefit with total cost of ownership. Until "
               "then cost counts only as its 0-5 criteria.")
else:
    st.caption(common.escape_markdown(
        "Benefit is the weighted score over the benefit criteria only: the cost criteria "
        "are left out and the other weights renormalized to sum to 100%, so price is not "
        f"counted twice. Amounts in {worth.currency}, not converted."))
    st.markdown(common.escape_markdown(value.headline(worth)))
    if len(worth.plotted):
        common.chart("value_chart", (value.chart_points(worth, knocked_out), worth.currency),
                     "value-for-money", engagement, key=key, width="stretch")
    if worth.missing_costs:
        st.warning(common.escape_markdown(
            "Cost data missing (not filled in) for: " + ", ".join(worth.missing_costs)),
            icon=":material/warning:")
    listed = value.value_table(worth)
    shown_tables.show(listed, key="compare.value")
    st.caption(common.escape_markdown(listed.note))

st.header("What if the weights were different?")
with st.expander("Try other category weights (nothing is saved)", icon=":material/tune:"):
    st.caption("The sliders always share 100%: moving one rescales the others in proportion. "
               "The table and the chart below follow them; the saved weights stay as they are.")
    ids = list(category_names)
    whatif.sliders(ids, category_names, decision.category_weights)
    trial_weights = {c: st.session_state[whatif.slider_key(c)] for c in ids}
    st.button("Back to the saved weights", key="whatif.reset",
              on_click=access.guarded(whatif.reset),
              args=(ids, decision.category_weights), icon=":material/undo:")
    try:
        trial, trial_table = tables.what_if(outcome, trial_weights)
    except weighting.WeightsError as error:
        st.error(common.escape_markdown(str(error)), icon=":material/error:")
    else:
        shown_tables.show(trial_table, key="compare.whatif")
        common.chart("ranking_chart", (trial.contributions, set(trial.knocked_out),
                                       "With the trial weights (not saved)"),
                     "what-if-ranking", engagement, key=(*key, tuple(trial_weights.items())),
                     width="stretch")

st.header("How robust is the winner?")
if knocked_out:
    st.caption("Among the vendors that pass every must-have; knocked-out vendors take no part.")
if len(eligible) < 2:
    st.caption("Robustness needs at least two vendors that pass the must-haves.")
else:
    subset = matrix.loc[eligible]
    if len(outcome.tied_first) > 1:
        st.info(common.escape_markdown(tables.tie_note(outcome)), icon=":material/balance:")
    else:
        thresholds = _thresholds(key, subset, decision.weights, decision.categories,
                                 directions)
        leader = thresholds["winner"].iloc[0]
        robustness = tables.robustness_table(thresholds, category_names)
        common.chart("tornado_chart", (robustness.frame, leader), "rank-reversal",
                     engagement, key=key, width="stretch")
        shown_tables.show(robustness, key="compare.robustness")

    concentration = st.select_slider(
        "How uncertain are the weights?", list(SPREADS), value=DEFAULT_CONCENTRATION,
        format_func=SPREADS.get, key="compare.spread",
        help="Weights are drawn 10,000 times from a Dirichlet distribution centred on the "
             "chosen weights; a larger uncertainty spreads the draws further.")
    acceptability = _acceptability(key, subset, decision.weights, directions, concentration)
    acceptability = by_expected_rank(acceptability)
    common.chart("acceptability_chart", (acceptability,), "rank-acceptability", engagement,
                 key=(*key, concentration), width="stretch")
    st.caption(common.escape_markdown(tables.acceptability_summary(acceptability, DRAWS)))

decision_record.sign_off(database, engagement)
