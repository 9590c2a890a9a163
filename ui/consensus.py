"""The consensus step on screen: the facilitator's disputed items, second rounds and agreed
values (Live workshop), and a participant's second-round answers (Your workshop).

What counts as disputed, and what an agreed value changes, is :mod:`outcomes.consensus`; the
records live in :mod:`workspace.consensus`. Callbacks say what happened on the next run.
"""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

import workspace
from outcomes import consensus
from outcomes.room import Room
from reports.formats import Kind
from ui import access, common, tables

SHOWN = 10          # the most disputed items listed at once
SCORE_STEPS = [x / 2 for x in range(11)]      # 0, 0.5, ... 5 for an agreed vendor score


def _banks(database: workspace.Database, engagement: workspace.Engagement):
    return common.engagement_banks(database, engagement)


def tops(database: workspace.Database, engagement: workspace.Engagement) -> dict[str, int]:
    """The highest answer of the engagement's culture and maturity questionnaires."""
    culture_bank, maturity_bank = _banks(database, engagement)
    return {"culture": culture_bank.scale_max, "maturity": len(maturity_bank.stages)}


def labels(database: workspace.Database, engagement: workspace.Engagement
           ) -> dict[tuple[str, str, str, int | None], str]:
    """(kind, bank, item, vendor id) -> the item in words, for every item one can reopen."""
    culture_bank, maturity_bank = _banks(database, engagement)
    words: dict[tuple[str, str, str, int | None], str] = {}
    for item in culture_bank.items:
        words[("culture", culture_bank.id, item.id, None)] = item.text
    for competency in maturity_bank.competencies:
        words[("maturity", maturity_bank.id, competency.id, None)] = competency.name
    criteria = workspace.list_criteria(database, engagement.id)
    shown = workspace.blind.shown_names(database, engagement.id)     # labels while blind
    for vendor in workspace.list_vendors(database, engagement.id):
        for criterion in criteria:
            words[("score", "", criterion.id, vendor.id)] = (f"{shown[vendor.id]} · "
                                                             f"{criterion.name}")
    return words


def options(database: workspace.Database, engagement: workspace.Engagement, kind: str
            ) -> dict[float, str]:
    """The answers an item of ``kind`` takes, each with its words."""
    culture_bank, maturity_bank = _banks(database, engagement)
    if kind == "culture":
        return {float(n): f"{n} · {label}" for n, label in enumerate(culture_bank.labels, 1)}
    if kind == "maturity":
        return {float(s.level): f"{s.level} · {s.name}" for s in maturity_bank.stages}
    return {step: f"{step:g}" for step in SCORE_STEPS}


def _agreed(database: workspace.Database, engagement_id: int, session_id: int | None = None
            ) -> dict[tuple[str, str, str, int | None], tuple[float, str]]:
    """(kind, bank, item, vendor id) -> (agreed value, rationale) of the engagement (of one
    session's agreements when ``session_id`` is given)."""
    agreed = workspace.consensus.agreed_values(database, engagement_id)
    if session_id is not None:
        agreed = agreed[agreed["session_id"] == session_id]
    return {(r.kind, r.bank, r.item, None if pd.isna(r.vendor_id) else int(r.vendor_id)):
            (float(r.value), r.rationale) for r in agreed.itertuples()}


# --- the facilitator -------------------------------------------------------------------------

def _threshold_changed(session_id: int) -> None:
    try:
        workspace.update_session(common.db(), session_id,
                                 dispute_threshold=float(st.session_state["consensus.threshold"]))
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))


def _reopen(session_id: int, kind: str, bank: str, item: str, vendor_id: int | None,
            label: str) -> None:
    try:
        workspace.consensus.reopen(common.db(), session_id, kind, item, bank, vendor_id)
    except workspace.WorkspaceError as error:
        common.flash("error", str(error))
    else:
        common.flash("success", f"Reopened for a second round: “{label}”. Participants see it "
                                "on their workshop page; their first answers are kept.")


def threshold_input(session: workspace.WorkshopSession) -> None:
    """How far apart answers must be for an item to count as disputed, with its equivalent
    on the other scales."""
    st.session_state["consensus.threshold"] = session.dispute_threshold
    st.number_input("Disputed above a spread of (standard deviation, 1-5 scale)",
                    min_value=0.05, max_value=workspace.sessions.DISPUTE_THRESHOLD_MAX,
                    step=0.05, format="%.2f", key="consensus.threshold",
                    on_change=access.guarded(_threshold_changed), args=(session.id,),
                    help="On another scale the same share of its range counts.")
    value = session.dispute_threshold
    st.caption(f"That is {value / consensus.REFERENCE_RANGE:.1%} of a scale's range: "
               f"{consensus.equivalent(value, 'score', 5):.2f} on the 0-5 vendor scores, "
               f"{consensus.equivalent(value, 'maturity', 4):.2f} on the 1-4 maturity stages.")


def show_disputed(live: Room, session: workspace.WorkshopSession, database: workspace.Database,
                  engagement: workspace.Engagement) -> None:
    """The items the room disputes most (above the threshold), each with a button to reopen
    it for a second round; then the second rounds under way."""
    found = consensus.disputed(live.items, session.dispute_threshold,
                               tops(database, engagement))
    reopened = {(r.kind, r.bank, r.item, r.vendor_id)
                for r in workspace.consensus.reopened_items(database, session.id)}
    settled = set(_agreed(database, engagement.id)) if reopened else set()
    st.subheader("Disputed items")
    if not len(found):
        st.caption("No item is disputed above the threshold yet (it needs two answers or more).")
    for number, row in enumerate(found.head(SHOWN).itertuples(index=False)):
        vendor_id = None if row.vendor_id is None or (isinstance(row.vendor_id, float) and
                                                      math.isnan(row.vendor_id)) \
            else int(row.vendor_id)
        key = (row.kind, row.bank, row.item, vendor_id)
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(f"**{common.escape_markdown(row.label)}**  \n"
                      f"{consensus.KIND_NAMES[row.kind]} · mean {Kind.SCORE_5.text(row.mean)}"
                      f" · spread {Kind.SCORE_5.text(row.spread)} (disputed above "
                      f"{Kind.SCORE_5.text(row.limit)}) · {row.answers} answers")
        if key in settled:
            right.caption("Agreed")
        elif key in reopened:
            right.caption("Second round under way")
        else:
            right.button("Reopen", key=f"consensus.reopen.{number}", icon=":material/replay:",
                         on_click=access.guarded(_reopen), width="stretch",
                         args=(session.id, row.kind, row.bank, row.item, vendor_id, row.label))
    if len(found) > SHOWN:
        st.caption(f"{len(found) - SHOWN} more disputed items are not listed.")
    show_rounds(session, database, engagement)


def rounds_table(session_id: int, database: workspace.Database,
                 engagement: workspace.Engagement) -> pd.DataFrame:
    """One row per item reopened in the session: both rounds' mean, spread and answers, and
    the agreed value."""
    items = workspace.consensus.reopened_items(database, session_id)
    if not items:
        return pd.DataFrame()
    words = labels(database, engagement)
    agreed = _agreed(database, engagement.id, session_id)
    rows = []
    for item in items:
        key = (item.kind, item.bank, item.item, item.vendor_id)
        first = consensus.round_stats(item.round_one)
        second = consensus.round_stats(workspace.consensus.round_two(database, item.id))
        rows.append({"Item": words.get(key, item.item), "Round 1 mean": first[0],
                     "Round 1 spread": first[1], "Round 1 answers": first[2],
                     "Round 2 mean": second[0], "Round 2 spread": second[1],
                     "Round 2 answers": second[2],
                     "Agreed": agreed.get(key, (math.nan, ""))[0]})
    return pd.DataFrame(rows)


def show_rounds(session: workspace.WorkshopSession, database: workspace.Database,
                engagement: workspace.Engagement) -> None:
    """The second rounds of the session as they come in."""
    table = rounds_table(session.id, database, engagement)
    if not len(table):
        return
    st.subheader("Second rounds")
    number = st.column_config.NumberColumn(format="%.2f")
    tables.table(table, hide_index=True, width="stretch", column_config={
        "Item": st.column_config.TextColumn(width="large"), "Round 1 mean": number,
        "Round 1 spread": number, "Round 2 mean": number, "Round 2 spread": number,
        "Agreed": number})


def _agree(consensus_id: int, label: str) -> None:
    value = st.session_state.get(f"consensus.value.{consensus_id}")
    why = st.session_state.get(f"consensus.why.{consensus_id}", "")
    try:
        workspace.consensus.agree(common.db(), consensus_id,
                                  float(value) if value is not None else math.nan, why)
    except (workspace.WorkspaceError, TypeError, ValueError) as error:
        common.flash("error", f"Not recorded: {error}")
    else:
        st.session_state.pop(f"consensus.why.{consensus_id}", None)
        common.flash("success", f"Agreed value recorded for “{label}”: the results now use it.")


def _withdraw(engagement_id: int, kind: str, bank: str, item: str, vendor_id: int | None,
              label: str) -> None:
    workspace.consensus.withdraw(common.db(), engagement_id, kind, item, bank, vendor_id)
    common.flash("success", f"The agreed value for “{label}” is withdrawn: the results use "
                            "everyone's answers again.")


_DRAWN = "consensus.forms"   # (session, reopened items) the agreement forms were drawn for


def _reopened_now(session: workspace.WorkshopSession, database: workspace.Database) -> tuple:
    return session.id, workspace.consensus.state(database, session.id)[0]


def note_forms(session: workspace.WorkshopSession, database: workspace.Database) -> None:
    """On a run of the whole page, before the live view: which reopened items the
    agreement forms below are drawn for."""
    st.session_state[_DRAWN] = _reopened_now(session, database)


def forms_stale(session: workspace.WorkshopSession, database: workspace.Database) -> bool:
    """Whether items were reopened since the whole page was last drawn (the live view,
    which redraws by itself, then redraws the whole page once, for their forms)."""
    return st.session_state.get(_DRAWN, _reopened_now(session, database)) != _reopened_now(
        session, database)


def agreement_forms(session: workspace.WorkshopSession, database: workspace.Database,
                    engagement: workspace.Engagement) -> None:
    """For each reopened item: record the group's agreed value with a one-line rationale
    (the results then use it), or withdraw it."""
    items = workspace.consensus.reopened_items(database, session.id)
    if not items:
        return
    words = labels(database, engagement)
    agreed = _agreed(database, engagement.id)
    st.subheader("Agree")
    st.caption("Once the room has discussed an item and answered again, record the value the "
               "group agrees on: the readiness report, the vendor comparison and every export "
               "use it in place of the individual answers, and say so.")
    for item in items:
        key = (item.kind, item.bank, item.item, item.vendor_id)
        label = words.get(key, item.item)
        choices = options(database, engagement, item.kind)
        with st.container(border=True):
            st.markdown(f"**{common.escape_markdown(label)}**")
            if key in agreed:
                value, why = agreed[key]
                st.caption(common.escape_markdown(
                    f"Agreed: {choices.get(float(value), f'{value:g}')} — {why}"))
                st.button("Withdraw the agreed value", key=f"consensus.withdraw.{item.id}",
                          icon=":material/undo:", on_click=access.guarded(_withdraw),
                          args=(engagement.id, item.kind, item.bank, item.item,
                                item.vendor_id, label))
                continue
            left, middle, right = st.columns([2, 4, 1], vertical_alignment="bottom")
            second = consensus.round_stats(workspace.consensus.round_two(database, item.id))
            guess = second[0] if not math.isnan(second[0]) else consensus.round_stats(
                item.round_one)[0]
            keys = list(choices)
            nearest = min(keys, key=lambda k: abs(k - guess)) if not math.isnan(guess) \
                else keys[0]
            left.selectbox("Agreed value", keys, index=keys.index(nearest),
                           key=f"consensus.value.{item.id}",
                           format_func=lambda k, c=choices: common.escape_markdown(c[k]))
            middle.text_input("Why, in one line", key=f"consensus.why.{item.id}",
                              max_chars=workspace.consensus.RATIONALE_MAX,
                              placeholder="e.g. Leaders share openly, but only in their teams")
            right.button("Agree", key=f"consensus.agree.{item.id}", type="primary",
                         icon=":material/handshake:",
                         on_click=access.guarded(_agree), width="stretch",
                         args=(item.id, label))


# --- a participant ---------------------------------------------------------------------------

def _answer_again(consensus_id: int, person_id: int, key: str) -> None:
    choice = st.session_state.get(key)
    if choice is None:
        return
    try:
        workspace.consensus.answer_again(
            common.db(), consensus_id, person_id,
            None if choice == common.DONT_KNOW else float(choice),
            dont_know=choice == common.DONT_KNOW)
    except workspace.WorkspaceError as error:
        common.flash("error", f"Not saved: {error}")


def second_round(database: workspace.Database, person: workspace.Participant,
                 session: workspace.WorkshopSession, engagement: workspace.Engagement) -> None:
    """The items the facilitator reopened: each with the person's first answer and a way to
    answer again (saved at once); agreed ones show the group's value."""
    items = workspace.consensus.reopened_items(database, session.id)
    if not items:
        return
    words = labels(database, engagement)
    agreed = {key: value for key, (value, _) in _agreed(database, engagement.id).items()}
    locked = common.session_paused(database, person)
    st.subheader("Second round")
    st.caption("The group disagreed on these: after the discussion, answer again. Your first "
               "answer is kept in the workshop's record.")
    for item in items:
        key = (item.kind, item.bank, item.item, item.vendor_id)
        choices: dict[object, str] = dict(options(database, engagement, item.kind))
        if item.kind != "score":
            choices[common.DONT_KNOW] = "Don't know"
        first = item.round_one.get(person.id, "none")
        again = workspace.consensus.round_two(database, item.id)
        with st.container(border=True):
            st.markdown(f"**{common.escape_markdown(words.get(key, item.item))}**")
            if key in agreed:
                st.caption(common.escape_markdown(
                    "The group agreed on "
                    f"{choices.get(float(agreed[key]), f'{agreed[key]:g}')}."))
                continue
            if first != "none":
                shown = "Don't know" if first is None else choices.get(float(first),
                                                                       f"{first:g}")
                st.caption(common.escape_markdown(f"Your first answer: {shown}"))
            current = again.get(person.id, "none")
            current = (common.DONT_KNOW if current is None else float(current)) \
                if current != "none" else None
            widget = f"round2.{item.id}"
            st.radio("Your answer now", list(choices), key=widget,
                     index=list(choices).index(current) if current in choices else None,
                     format_func=lambda k, c=choices: common.escape_markdown(c[k]),
                     disabled=locked,
                     on_change=access.guarded(_answer_again), args=(item.id, person.id, widget))
