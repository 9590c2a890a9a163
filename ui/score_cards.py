"""Vendor scoring one card at a time: the phone's way to score (a participant's, or a
facilitator's on a narrow screen).

A card is one vendor on one criterion. Cards run criterion by criterion, each criterion across
every offered vendor before the next: the person keeps one criterion's meaning and the scale's
anchors in mind while comparing vendors on it, which keeps their scores comparable (scoring
vendor by vendor invites a halo: a vendor liked on one criterion drifts up on the next), and a
card with one criterion shows all six anchors as full-width buttons without scrolling on a
phone. A tap on a score saves it at once (through the workspace, which refuses the write when
the workshop is paused or closed: the message says so) and moves to the next card.

Every tap target carries a second line: Streamlit draws a one-line button 40 px high and a
two-line one 55 px, above the 44 px a finger needs (the app injects no CSS).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import streamlit as st

import workspace
from vendors.scoring import SCORE_MAX, SCORE_MIN, scoring_guide
from workspace import CategoryRow, CriterionRow, Participant, VendorRow
from ui import access

PREFIX = "scoring.card"
#: What a cost criterion's scores mean: scoring_guide names both ends ("0 = negligible,
#: 5 = most costly"); the words between them are this card's.
COST_WORDS = ("negligible cost", "low cost", "moderate cost", "considerable cost",
              "high cost", "most costly")
LINE = "  \n"   # a Markdown hard line break: the second line of a label


@dataclass(frozen=True)
class Card:
    """One score to give: a vendor on a criterion."""
    vendor_id: int
    vendor: str
    criterion: CriterionRow
    category: str

    @property
    def cell(self) -> tuple[int, str]:
        """The (vendor id, criterion id) the workspace keys the score by."""
        return self.vendor_id, self.criterion.id


def deck(categories: Sequence[CategoryRow], criteria: Sequence[CriterionRow],
         vendors: Sequence[VendorRow]) -> list[Card]:
    """Every card, criterion by criterion (categories and criteria in their order), each
    criterion across every vendor before the next."""
    names = {c.id: c.name for c in categories}
    order = {c.id: position for position, c in enumerate(categories)}
    ranked = sorted(criteria, key=lambda k: (order.get(k.category, len(order)), k.position))
    return [Card(v.id, v.name, k, names.get(k.category, k.category))
            for k in ranked for v in vendors]


def first_open(cards: Sequence[Card], scored: Mapping[tuple[int, str], float],
               skipped: set[tuple[int, str]]) -> int | None:
    """The position of the first card neither scored nor skipped, or None when none is left."""
    return next((i for i, card in enumerate(cards)
                 if card.cell not in scored and card.cell not in skipped), None)


def anchor_label(value: int, anchor: str, cost: bool, chosen: bool) -> str:
    """A score button's label: the number and the anchor's name, then its meaning.

    Cost criteria read as cost (0 = negligible, 5 = most costly); the others as the anchor
    text of the taxonomy ("Meets the need: does what the organization requires...").
    """
    from ui import common

    mark = "✓ " if chosen else ""
    if cost:
        return f"{mark}**{value}**{LINE}{COST_WORDS[value]}"
    name, _, meaning = anchor.partition(":")
    return (f"{mark}**{value}** · {common.escape_markdown(name.strip())}{LINE}"
            f"{common.escape_markdown(meaning.strip() or name.strip())}")


def _place(cards: Sequence[Card]) -> int:
    return max(0, min(len(cards) - 1, int(st.session_state.get(f"{PREFIX}.at", 0))))


def go(position: int) -> None:
    """Callback: show the card at ``position``."""
    st.session_state[f"{PREFIX}.at"] = position


def _score(person_id: int, card: Card, value: float | None, position: int, last: int) -> None:
    """Callback: save the score tapped (None: don't know), then show the next card."""
    from ui import common

    database = common.db()
    if common.answering_paused(database):
        return
    try:
        workspace.save_score_values(database, person_id, {card.cell: value})
    except workspace.WorkspaceError as error:
        common.flash("error", f"Not saved: {error}")
        return
    skipped = st.session_state.setdefault(f"{PREFIX}.skipped", set())
    if value is None:
        skipped.add(card.cell)
        done = f"Skipped {card.vendor} on {card.criterion.name}: no score."
    else:
        skipped.discard(card.cell)
        done = f"Saved {value:g} for {card.vendor} on {card.criterion.name}."
    st.session_state[f"{PREFIX}.done"] = done
    go(min(position + 1, last))


def _save_note(person_id: int, card: Card, key: str) -> None:
    """Callback: save the evidence note typed on the card."""
    from ui import common

    database = common.db()
    if common.answering_paused(database):
        return
    try:
        workspace.save_evidence(database, person_id, {card.cell: st.session_state.get(key, "")})
    except workspace.WorkspaceError as error:
        common.flash("error", f"Note not saved: {error}")


def show(person: Participant, cards: Sequence[Card], scores: Mapping[tuple[int, str], float],
         notes: Mapping[tuple[int, str], str], anchors: Mapping[int, str], cost_note: str,
         paused: bool) -> None:
    """Draw the current card with its progress, score buttons, note and the ways to move."""
    from ui import common

    esc = common.escape_markdown
    skipped = st.session_state.setdefault(f"{PREFIX}.skipped", set())
    if f"{PREFIX}.at" not in st.session_state:
        # A new visit (or a refresh) starts where the work is: the first unscored card.
        go(first_open(cards, scores, skipped) or 0)
    position = _place(cards)
    card = cards[position]
    done = sum(1 for c in cards if c.cell in scores)
    st.progress(done / len(cards), text=f"{done} of {len(cards)} scored")
    message = st.session_state.pop(f"{PREFIX}.done", None)
    if message:
        st.success(esc(message), icon=":material/check_circle:")

    with st.container(border=True):
        st.caption(f"Card {position + 1} of {len(cards)} · {esc(card.category)}")
        st.subheader(esc(card.vendor))
        st.markdown(f"**{esc(card.criterion.name)}**")
        if card.criterion.description:
            st.caption(esc(card.criterion.description))
        cost = card.criterion.direction == "cost"
        if cost:
            st.badge("Cost: a higher score means more costly", icon=":material/payments:",
                     color="orange")
        if card.criterion.must_have:
            st.badge(f"Must-have: below {card.criterion.min_score:g} knocks the vendor out",
                     icon=":material/priority_high:", color="red")
        st.caption(esc(scoring_guide(card.criterion.direction, card.criterion.must_have,
                                     card.criterion.min_score)) + ".")
        if cost:
            st.caption(esc(cost_note))
        current = scores.get(card.cell)
        if current is not None and float(current) not in range(SCORE_MIN, SCORE_MAX + 1):
            st.caption(f"Your score now: {current:g} (given in the grid).")
        last = len(cards) - 1
        for value in range(SCORE_MIN, SCORE_MAX + 1):
            chosen = current is not None and float(current) == value
            st.button(anchor_label(value, anchors[value], cost, chosen),
                      key=f"{PREFIX}.score.{value}", width="stretch",
                      type="primary" if chosen else "secondary", disabled=paused,
                      on_click=access.guarded(_score),
                      args=(person.id, card, float(value), position, last))
        st.button(f"Don't know · skip{LINE}leave it unscored"
                  + (" (clears your score)" if current is not None else ""),
                  key=f"{PREFIX}.skip", width="stretch", disabled=paused,
                  icon=":material/help:", on_click=access.guarded(_score),
                  args=(person.id, card, None, position, last))
        note_key = f"{PREFIX}.note.{card.vendor_id}.{card.criterion.id}"
        st.text_input("Evidence (optional): why this score", value=notes.get(card.cell, ""),
                      key=note_key, max_chars=workspace.participation.NOTE_MAX,
                      disabled=paused,
                      on_change=access.guarded(_save_note), args=(person.id, card, note_key),
                      placeholder="e.g. seen in the demo; their SSO needs an add-on")

    left, right = st.columns(2)
    if position > 0:
        left.button(f"Previous{LINE}card {position}", key=f"{PREFIX}.previous",
                    icon=":material/arrow_back:", width="stretch", on_click=access.guarded(go),
                    args=(position - 1,))
    if position < last:
        right.button(f"Next{LINE}card {position + 2}", key=f"{PREFIX}.next",
                     icon=":material/arrow_forward:", width="stretch", on_click=access.guarded(go),
                     args=(position + 1,))
    open_card = first_open(cards, scores, skipped)
    if open_card is None:
        st.success(f"All {len(cards)} scores given or skipped - thank you.",
                   icon=":material/task_alt:")
    elif open_card != position:
        st.button(f"First unscored{LINE}card {open_card + 1}: "
                  f"{esc(cards[open_card].vendor)}", key=f"{PREFIX}.first_open",
                  icon=":material/skip_next:", width="stretch", on_click=access.guarded(go),
                  args=(open_card,))
