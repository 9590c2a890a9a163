"""Comparison: weighted ranking, knock-outs, TOPSIS cross-check, 2x2, what-if and robustness."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

from pages import common, results, tables  # noqa: E402
from vendors import scoring, sensitivity, weighting  # noqa: E402

SPREADS = {300.0: "small", 100.0: "moderate", 30.0: "large", 10.0: "very large"}


# Cached by the engagement's fingerprint (``key``) and the inputs chosen on the page; the
# tables themselves (underscored) are not hashed on every run.
@st.cache_data(max_entries=32, show_spinner="Simulating 10,000 weightings…")
def _acceptability(key: tuple, _matrix: pd.DataFrame, _weights: pd.Series, _directions: dict,
                   concentration: float) -> pd.DataFrame:
    return sensitivity.rank_acceptability(_matrix, _weights, draws=10_000, seed=0,
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

outcome = results.platforms(database, engagement.id)
if outcome is None:
    st.info("The comparison needs criteria, vendors and at least one score.",
            icon=":material/info:")
    st.page_link("pages/scoring.py", label="Go to Vendor scoring", icon=":material/arrow_forward:")
    st.stop()
decision, raw, matrix, missing = outcome.decision, outcome.raw, outcome.matrix, outcome.missing
key = results.fingerprint(database, engagement.id)
directions = decision.directions
category_names = decision.category_names
names = list(matrix.index)

notes = []
if decision.unweighted:
    notes.append("equal weights are used where none were saved ("
                 + ", ".join("categories" if lv == "categories" else category_names[lv]
                             for lv in decision.unweighted) + ")")
if missing:
    notes.append(f"{missing} of {raw.size} scores are missing and count as the worst score")
if notes:
    st.warning(common.escape_markdown("Read with care: " + "; ".join(notes) + "."),
               icon=":material/warning:")

ranking, closeness = outcome.ranking, outcome.closeness
knocked, pending = outcome.knocked, outcome.pending
knocked_out = set(knocked["vendor"])
contributions = outcome.contributions

winner = next((v for v in ranking.index if v not in knocked_out), None)
cells = st.columns([2, 1, 1])
# A metric's value is Markdown: the vendor's name is escaped like any user text there.
cells[0].metric("Leading vendor", common.escape_markdown(winner) if winner
                else "none (all knocked out)", border=True)
cells[1].metric("Weighted score", f"{ranking.loc[winner, 'score']:.2f} / 5" if winner else "—",
                border=True)
cells[2].metric("TOPSIS agrees", "yes" if winner and closeness.index[0] == winner else "no",
                help="Whether TOPSIS (distance to the ideal vendor) ranks the same vendor first",
                border=True)

st.header("Ranking")
table = ranking.join(closeness.rename(columns={"rank": "topsis_rank"}))
failing = knocked.groupby("vendor").apply(
    lambda g: ", ".join(f"{decision.criterion_names[c]} {s:g} < {m:g}"
                        for c, s, m in zip(g["criterion"], g["score"], g["minimum"])),
    include_groups=False) if not knocked.empty else pd.Series(dtype=str)
table["knock_out"] = [failing.get(v, "") for v in table.index]
tables.table(table.reset_index(names="vendor"), hide_index=True, width="stretch",
             column_config={
                 "vendor": "Vendor", "score": st.column_config.NumberColumn(
                     "Weighted score (0-5)", format="%.2f"),
                 "rank": "Rank", "closeness": st.column_config.NumberColumn(
                     "TOPSIS closeness", format="%.3f",
                     help="Distance to the worst vendor / (distance to best + to worst)"),
                 "topsis_rank": "TOPSIS rank",
                 "knock_out": st.column_config.TextColumn("Knocked out by", width="large")})
common.chart("ranking_chart", (contributions, knocked_out), "weighted-ranking", engagement,
             key=key)

if decision.minimums:
    st.subheader("Must-haves")
    if knocked.empty and pending.empty:
        st.success("Every vendor meets every must-have minimum.", icon=":material/verified:")
    elif knocked.empty:
        st.info("No vendor fails a must-have so far.", icon=":material/info:")
    else:
        st.error(f"{len(knocked_out)} vendor(s) fail at least one must-have; they are shown "
                 "but cannot win.", icon=":material/block:")
    if not pending.empty:
        st.caption(common.escape_markdown(
            f"{len(pending)} must-have score(s) not given yet: "
            + ", ".join(sorted({f"{v} on {decision.criterion_names[c]}" for v, c in
                                zip(pending["vendor"], pending["criterion"])}))[:600]))

st.header("Positioning")
ids = list(category_names)
half = max(1, len(ids) // 2)
left, right = st.columns(2)
x_ids = left.multiselect("Horizontal axis", ids, default=ids[:half], key="compare.x",
                         format_func=category_names.get)
y_ids = right.multiselect("Vertical axis", ids, default=ids[half:], key="compare.y",
                          format_func=category_names.get)
if x_ids and y_ids:
    weights_by_name = decision.category_weights.rename(index=category_names)

    def _axis_title(chosen: list[str]) -> str:
        title = " + ".join(category_names[c] for c in chosen)
        return title if len(title) <= 60 else f"{len(chosen)} categories (weighted)"

    def _axis(chosen: list[str]) -> pd.Series:
        columns = [category_names[c] for c in chosen]
        total = weights_by_name[columns].sum()
        return contributions[columns].sum(axis=1) / total if total > 0 else \
            contributions[columns].sum(axis=1) * 0

    points = pd.DataFrame({"vendor": names, "x": _axis(x_ids).reindex(names).values,
                           "y": _axis(y_ids).reindex(names).values})
    common.chart("positioning_chart", (points, _axis_title(x_ids), _axis_title(y_ids)),
                 "positioning", engagement, key=(*key, tuple(x_ids), tuple(y_ids)))
else:
    st.caption("Choose at least one category for each axis.")

st.header("What if the weights were different?")
with st.expander("Try other category weights (nothing is saved)", icon=":material/tune:"):
    trial = {}
    columns = st.columns(min(4, len(ids)))
    for index, category_id in enumerate(ids):
        trial[category_id] = columns[index % len(columns)].slider(
            common.escape_markdown(category_names[category_id]), 0, 100,
            int(round(decision.category_weights[category_id] * 100)),
            key=f"whatif.{category_id}")
    if sum(trial.values()) == 0:
        st.error("At least one category needs some weight.", icon=":material/error:")
    else:
        trial_weights = weighting.global_weights(pd.Series(trial, dtype=float),
                                                 decision.criterion_weights)
        trial_ranking = scoring.rank_vendors(matrix, trial_weights, directions)
        side = ranking[["rank", "score"]].join(
            trial_ranking[["rank", "score"]].add_suffix("_trial"))
        side["change"] = side["rank"] - side["rank_trial"]
        tables.table(side.sort_values("rank_trial").reset_index(names="vendor"),
                     hide_index=True, width="stretch", column_config={
                         "vendor": "Vendor", "rank": "Saved rank",
                         "score": st.column_config.NumberColumn("Saved score", format="%.2f"),
                         "rank_trial": "Trial rank",
                         "score_trial": st.column_config.NumberColumn("Trial score",
                                                                      format="%.2f"),
                         "change": st.column_config.NumberColumn(
                             "Places gained", format="%+d")})

st.header("How robust is the winner?")
eligible = [v for v in names if v not in knocked_out]
if len(eligible) < 2:
    st.caption("Robustness needs at least two vendors that pass the must-haves.")
else:
    subset = matrix.loc[eligible]
    thresholds = _thresholds(key, subset, decision.weights, decision.categories, directions)
    leader = thresholds["winner"].iloc[0]
    shown = thresholds.reset_index(names="category_id")
    shown["category"] = shown["category_id"].map(category_names)
    common.chart("tornado_chart", (shown, leader), "rank-reversal", engagement, key=key)

    def _flip(row) -> str:
        parts = []
        if row["challenger_low"]:
            parts.append(f"below {row['low']:.0%} {row['challenger_low']} takes first place")
        if row["challenger_high"]:
            parts.append(f"above {row['high']:.0%} {row['challenger_high']} takes first place")
        return "; ".join(parts) or "no weight of this category changes the winner"

    shown["what_happens"] = shown.apply(_flip, axis=1)
    tables.table(shown[["category", "current", "low", "high", "what_happens"]],
                 hide_index=True, width="stretch", column_config={
                     "category": "Category",
                     "current": st.column_config.NumberColumn("Weight now", format="percent"),
                     "low": st.column_config.NumberColumn("Holds from", format="percent"),
                     "high": st.column_config.NumberColumn("Holds up to", format="percent"),
                     "what_happens": st.column_config.TextColumn("Otherwise", width="large")})

    concentration = st.select_slider(
        "How uncertain are the weights?", list(SPREADS), value=100.0,
        format_func=SPREADS.get, key="compare.spread",
        help="Weights are drawn 10,000 times from a Dirichlet distribution centred on the "
             "chosen weights; a larger uncertainty spreads the draws further.")
    acceptability = _acceptability(key, subset, decision.weights, directions, concentration)
    expected_rank = (acceptability * acceptability.columns.astype(float)).sum(axis=1)
    acceptability = acceptability.loc[expected_rank.sort_values().index]
    common.chart("acceptability_chart", (acceptability,), "rank-acceptability", engagement,
                 key=(*key, concentration))
    first = acceptability[1].sort_values(ascending=False)
    st.caption(common.escape_markdown(
        f"{first.index[0]} ranks first in {first.iloc[0]:.0%} of 10,000 simulated weightings"
        + (f"; {first.index[1]} in {first.iloc[1]:.0%}." if len(first) > 1
           and first.iloc[1] > 0 else ".")))
