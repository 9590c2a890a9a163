"""AHP one pair at a time, on Saaty's verbal scale: a participant's way to compare on a phone.

Both items are named on one line, the answers are full-width buttons from "the first,
extremely more important" down through "equally important" to "the second, extremely more
important" (Saaty's 9, 7, 5, 3, 1 behind them; the in-between 2, 4, 6, 8 on request). A tap
saves the judgment and shows the next pair. As soon as the judgments given contradict each
other (``vendors.weighting.is_consistent``), a note names the answered pair whose change
helps most, with one tap to go back to it. Above 7 items a reduced set of pairs is offered
(``vendors.pairwise``). Judgments are stored as the Weights page stores them: Saaty values of
the first item over the second, keyed ``"i,j"`` by position; only answered pairs are stored.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from reports.formats import Kind
from vendors import pairwise, weighting
from vendors.errors import VendorsError
from ui import access

LINE = "  \n"   # a Markdown hard line break: every tap target has two lines (55 px)
VERBAL = {1: "equally important", 2: "between equal and moderately more",
          3: "moderately more important", 4: "between moderately and strongly more",
          5: "strongly more important", 6: "between strongly and very strongly more",
          7: "very strongly more important", 8: "between very strongly and extremely more",
          9: "extremely more important"}
MAIN = (9, 7, 5, 3)
BETWEEN = (8, 6, 4, 2)
SECONDS_PER_PAIR = 10   # a considered judgment on a phone, for the time the person is told


def strength(value: float) -> tuple[int, int]:
    """A judgment as (side, step): side 0 for the first item, 1 for the second, and the
    Saaty step 1-9 (1 = equal, side 0)."""
    step = max(1, min(9, round(value if value >= 1 else 1 / value)))
    return (0 if value >= 1 or step == 1 else 1), step


def describe(value: float, first: str, second: str) -> str:
    """A judgment in words: "Cost strongly more important (5)" or "equally important (1)"."""
    side, step = strength(value)
    if step == 1:
        return "equally important (1)"
    return f"{(first, second)[side]} {VERBAL[step]} ({step})"


def choices(between: bool) -> list[float]:
    """The judgments offered, from the first item's extreme to the second's."""
    steps = sorted(MAIN + (BETWEEN if between else ()), reverse=True)
    return [float(k) for k in steps] + [1.0] + [1.0 / k for k in reversed(steps)]


def label(value: float, first: str, second: str, chosen: bool) -> str:
    """A button's two lines: who is more important and how much, then Saaty's number."""
    from ui import common

    side, step = strength(value)
    mark = "✓ " if chosen else ""
    if step == 1:
        return f"{mark}**Equally important**{LINE}1 on Saaty's 1-9 scale"
    name = common.escape_markdown((first, second)[side])
    return f"{mark}**{name}** · {VERBAL[step]}{LINE}{step} on Saaty's 1-9 scale"


def answered(saved: Mapping[str, float], n: int) -> dict[tuple[int, int], float]:
    """The saved judgments by pair (i, j), those within the level."""
    pairs = {}
    for key, value in saved.items():
        i, _, j = str(key).partition(",")
        if i.isdigit() and j.isdigit() and int(i) < int(j) < n:
            pairs[(int(i), int(j))] = float(value)
    return pairs


def _flip(key: str, *forget: str) -> None:
    """Callback: switch a setting on or off (and forget what depended on it)."""
    st.session_state[key] = not st.session_state.get(key, False)
    for other in forget:
        st.session_state.pop(other, None)


def _go(prefix: str, position: int) -> None:
    st.session_state[f"{prefix}.at"] = position


def show(prefix: str, ids: Sequence[str], names: Mapping[str, str],
         saved: Mapping[str, float], save: Callable[[dict[str, float]], bool],
         paused: bool) -> pairwise.Judged | None:
    """Draw the current pair and its progress; returns the weights so far (None until the
    answered pairs link every item).

    ``save(judgments)`` stores the person's whole set of judgments and says whether it did.
    """
    from ui import common

    esc = common.escape_markdown
    n = len(ids)
    given = answered(saved, n)
    every = n * (n - 1) // 2
    reduced = False
    if n > pairwise.FULL_PAIRS_MAX:
        fewer = len(pairwise.cyclic_pairs(n))
        beyond = any(pair not in set(pairwise.cyclic_pairs(n)) for pair in given)
        # Buttons, not toggles: a toggle's label is 42 px high, a two-line button 55 px.
        reduced = not st.session_state.setdefault(f"{prefix}.all_pairs", beyond)
        st.caption(f"With {n} items, comparing every pair takes {every} answers (about "
                   f"{every * SECONDS_PER_PAIR / 60:.0f} minutes). "
                   + (f"You answer a reduced set of {fewer}: each item against four others, "
                      "enough to weigh them all and to catch answers that contradict each "
                      "other; your weights are fitted to the pairs you answer." if reduced else
                      f"You answer all {every}."))
        st.button(f"Compare all {every} pairs{LINE}instead of {fewer}" if reduced else
                  f"Compare {fewer} pairs{LINE}instead of all {every}",
                  key=f"{prefix}.design", icon=":material/swap_horiz:", width="stretch",
                  on_click=access.guarded(_flip), args=(f"{prefix}.all_pairs", f"{prefix}.at"))
    pairs = pairwise.design(n, reduced)
    asked = [pair for pair in pairs if pair in given]
    open_pairs = [k for k, pair in enumerate(pairs) if pair not in given]
    if f"{prefix}.at" not in st.session_state:
        _go(prefix, open_pairs[0] if open_pairs else 0)
    position = max(0, min(len(pairs) - 1, int(st.session_state[f"{prefix}.at"])))
    i, j = pairs[position]
    first, second = names[ids[i]], names[ids[j]]
    st.progress(len(asked) / len(pairs), text=f"{len(asked)} of {len(pairs)} pairs answered")
    message = st.session_state.pop(f"{prefix}.done", None)
    if message:
        st.success(esc(message), icon=":material/check_circle:")

    with st.container(border=True):
        st.caption(f"Pair {position + 1} of {len(pairs)}")
        st.markdown(f"**{esc(first)}** vs **{esc(second)}**: which matters more, and how much?")
        current = given.get((i, j))
        if current is not None and strength(current)[1] in BETWEEN:
            st.session_state[f"{prefix}.between"] = True   # so that the answer shows
        between = st.session_state.get(f"{prefix}.between", False)
        st.button(("Hide" if between else "Show") + f" the in-between values{LINE}2, 4, 6 "
                  "and 8", key=f"{prefix}.between_values", icon=":material/tune:",
                  width="stretch", on_click=access.guarded(_flip), args=(f"{prefix}.between",))
        last = len(pairs) - 1
        for value in choices(between):
            side, step = strength(value)
            chosen = current is not None and strength(current) == (side, step)
            st.button(label(value, first, second, chosen), key=f"{prefix}.pick.{side}.{step}",
                      width="stretch", type="primary" if chosen else "secondary",
                      disabled=paused, on_click=access.guarded(_pick),
                      args=(prefix, save, (i, j), value, position, last,
                            describe(value, first, second)))

    left, right = st.columns(2)
    if position > 0:
        left.button(f"Previous{LINE}pair {position}", key=f"{prefix}.previous",
                    icon=":material/arrow_back:", width="stretch", on_click=access.guarded(_go),
                    args=(prefix, position - 1))
    if position < last:
        right.button(f"Next{LINE}pair {position + 2}", key=f"{prefix}.next",
                     icon=":material/arrow_forward:", width="stretch", on_click=access.guarded(_go),
                     args=(prefix, position + 1))
    if open_pairs and open_pairs[0] != position:
        k = open_pairs[0]
        st.button(f"First unanswered{LINE}pair {k + 1}: {esc(names[ids[pairs[k][0]]])} vs "
                  f"{esc(names[ids[pairs[k][1]]])}", key=f"{prefix}.first_open",
                  icon=":material/skip_next:", width="stretch", on_click=access.guarded(_go),
                  args=(prefix, k))
    elif not open_pairs:
        st.success(f"All {len(pairs)} pairs answered - thank you.", icon=":material/task_alt:")

    try:
        judged = pairwise.judged_weights(n, given)
    except VendorsError:
        return None
    if not weighting.is_consistent(judged.consistency_ratio):
        _inconsistency_note(prefix, judged, given, pairs, ids, names)
    return judged


def _inconsistency_note(prefix: str, judged: pairwise.Judged,
                        given: Mapping[tuple[int, int], float], pairs: list[tuple[int, int]],
                        ids: Sequence[str], names: Mapping[str, str]) -> None:
    """Say that the answers contradict each other and which pair to look at again."""
    from ui import common

    esc = common.escape_markdown
    ratio = Kind.RATIO.text(judged.consistency_ratio)
    culprit = pairwise.revisit(judged, given)
    if culprit is None or (culprit.i, culprit.j) not in pairs:
        st.warning(f"Your answers contradict each other (consistency ratio {ratio}, above "
                   "0.10): look again at the pairs you were least sure of.",
                   icon=":material/warning:")
        return
    first, second = names[ids[culprit.i]], names[ids[culprit.j]]
    st.warning(esc(f"Your answers contradict each other (consistency ratio {ratio}, above "
                   f"0.10). Changing {first} vs {second} helps most: you said "
                   f"{describe(culprit.current, first, second)}; your other answers suggest "
                   f"{describe(culprit.suggested, first, second)} (the ratio would fall to "
                   f"{Kind.RATIO.text(culprit.consistency_ratio_after)})."),
               icon=":material/warning:")
    k = pairs.index((culprit.i, culprit.j))
    st.button(f"Look again at {esc(first)} vs {esc(second)}{LINE}pair {k + 1}",
              key=f"{prefix}.revisit", icon=":material/undo:", width="stretch",
              on_click=access.guarded(_go), args=(prefix, k))


def _pick(prefix: str, save: Callable[[dict[str, float]], bool], pair: tuple[int, int],
          value: float, position: int, last: int, words: str) -> None:
    """Callback: save the judgment tapped, then show the next pair."""
    if save({f"{pair[0]},{pair[1]}": value}):
        st.session_state[f"{prefix}.done"] = f"Saved: {words}."
        _go(prefix, min(position + 1, last))
