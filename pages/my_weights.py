"""A participant's own weights for the level the facilitator chose (100 points or AHP)."""
from pages import leave_legacy_navigation

leave_legacy_navigation()

import pandas as pd  # noqa: E402
import streamlit as st  # noqa: E402

import workspace  # noqa: E402
from ui import access, ahp_pairs, common, tables, workshop_views  # noqa: E402
from vendors import weighting  # noqa: E402
from vendors.errors import VendorsError  # noqa: E402

database = common.db()
engagement = common.current_engagement(database)
st.title("Your weights")
st.caption(f"Engagement: {common.escape_markdown(engagement.name)}")
common.show_flash()
person = common.participant_gate(database, engagement)
if person.session_id is None:
    st.info("Weights are given in a workshop: join one with its code to give yours.",
            icon=":material/info:")
    st.stop()
session = workspace.get_session(database, person.session_id)
paused = session.status == "paused"
title, items = workshop_views.weight_levels(database, engagement.id).get(
    session.weights_level, ("", []))
if len(items) < 2:
    st.info("There is nothing to weigh at this level yet; the facilitator will set it up.",
            icon=":material/info:")
    st.stop()
ids = [item for item, _ in items]
names = dict(items)
level, method = session.weights_level, session.weights_method
too_many = weighting.ahp_refusal(len(ids), f"“{title}”") if method == "ahp" else None
if too_many:
    # Criteria added after the session opened can make a level too big for AHP.
    st.info(common.escape_markdown(f"Pairwise comparison cannot be used here, so there is "
                                   f"nothing to give yet: {too_many} The facilitator can "
                                   "switch the workshop to 100 points."),
            icon=":material/info:")
    common.back_to_workshop()
    st.stop()
saved = workspace.participant_weights(database, person.id, level, method) or {}
prefix = f"my_weights.{level}.{method}"


def _save(inputs: dict[str, float], problem: str | None = None) -> bool:
    database = common.db()
    if common.answering_paused(database):
        return False
    if problem:
        common.flash("error", f"Not saved: {problem}")
        return False
    try:
        workspace.save_participant_weights(database, person.id, level, method, inputs)
    except workspace.WorkspaceError as error:
        common.flash("error", f"Not saved: {error}")
        return False
    return True


def _save_points() -> None:
    points = {item: int(st.session_state.get(f"{prefix}.{item}", 0) or 0) for item in ids}
    total = sum(points.values())
    _save(points, None if total <= 100 else
          f"the points add up to {total}; take {total - 100} off somewhere.")


def _save_judgment(change: dict[str, float]) -> bool:
    """One judgment more (or changed): the person's whole set is saved again."""
    given = workspace.participant_weights(common.db(), person.id, level, method) or {}
    return _save({**given, **change})


result = None
if method == "points":
    st.write(f"Share 100 points among the {len(ids)} {common.escape_markdown(title.lower())} "
             "by how much each matters to you. Each change saves at once.")
    counter = st.empty()   # above the inputs, where a phone shows it while typing
    points = {}
    for item in ids:
        points[item] = st.number_input(
            common.escape_markdown(names[item]), min_value=0, max_value=100, step=5,
            value=int(saved.get(item, 0)), key=f"{prefix}.{item}",
            on_change=access.guarded(_save_points),
            disabled=paused)
    total = sum(points.values())
    if total > 100:
        counter.error(f"{total} points given: {total - 100} too many. Nothing more is saved "
                      "until they add up to 100 or less.", icon=":material/error:")
    elif total < 100:
        counter.progress(total / 100, text=f"{100 - total} of 100 points left to share "
                                           "(your weights count what you have given so far)")
    else:
        counter.success("All 100 points shared.", icon=":material/check_circle:")
    try:
        result = weighting.points_weights(pd.Series(points), total=100)
    except VendorsError:
        result = None
else:
    st.write(f"Compare the {common.escape_markdown(title.lower())} two at a time: tap how much "
             "more the one that matters more does (Saaty's scale: 1 equal, 3 moderately, "
             "5 strongly, 7 very strongly, 9 extremely). Each tap saves at once.")
    judged = ahp_pairs.show(prefix, ids, names, saved, _save_judgment, paused)
    result = pd.Series(judged.weights, index=ids) if judged is not None else None

st.subheader("Your weights")
if not saved:
    st.caption("Not given yet: " + ("change a number" if method == "points" else
                                    "answer a pair") + " to give yours.")
if result is None and saved:
    st.caption("Your saved weights stay as they were until the points add up to 100 or less."
               if method == "points" else "Your weights appear once your answers link every "
               f"item (after {len(ids) - 1} pairs).")
if result is not None:
    tables.table(pd.DataFrame({"Item": [names[i] for i in ids], "Weight": result.reindex(ids)})
                 .sort_values("Weight", ascending=False), hide_index=True, width="stretch",
                 column_config={"Weight": st.column_config.ProgressColumn(
                     min_value=0.0, max_value=1.0, format="percent")})
common.back_to_workshop()
