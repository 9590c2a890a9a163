"""The vendor scoring grid saves as given: each edit of a cell is saved at once, or refused.

``st.data_editor`` hands its callback every edit made since the grid was drawn. The cells
whose value differs from what the grid showed are the new ones; they are saved together or,
if any of them is refused, none is, and the grid is drawn afresh from the workspace (a new
"round" of keys) so that it shows only what is saved. The grid is also drawn afresh when the
scores underneath changed by other means (an uploaded template, another device), so that old
edits held by the browser are never sent again.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import streamlit as st

from vendors.scoring import SCORE_MAX, SCORE_MIN

Cell = tuple[int, str]
"""A cell of the grid: (vendor id, criterion id)."""


def parse_score(raw: object) -> float | None:
    """A typed score as a number from 0 to 5, or None for an emptied cell.

    Raises:
        ValueError: the value is not a number, or is outside 0-5 (the message says which).
    """
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return None
    if isinstance(raw, str):
        if not raw.strip():
            return None
        try:
            value = float(raw.strip().replace(",", "."))
        except ValueError:
            raise ValueError(f"“{raw[:40]}” is not a number") from None
    elif isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ValueError(f"“{str(raw)[:40]}” is not a number")
    else:
        value = float(raw)
    if not math.isfinite(value) or not SCORE_MIN <= value <= SCORE_MAX:
        raise ValueError(f"{value:g} is outside {SCORE_MIN:g}-{SCORE_MAX:g}")
    return value


def score_changes(edited_rows: Mapping, criteria: list[str], columns: Mapping[str, int],
                  shown: Mapping[Cell, float | None], names: Mapping
                  ) -> tuple[dict[Cell, float | None], list[str]]:
    """The scores typed into the grid that differ from what it showed, and what is wrong.

    ``edited_rows`` is the editor's ``{row position: {column: value}}``; row ``i`` is
    criterion ``criteria[i]``, a column is a vendor (``columns`` maps it to the vendor id);
    ``names`` gives vendor ids and criterion ids their names for the messages.
    """
    changes: dict[Cell, float | None] = {}
    problems: list[str] = []
    for position, row in edited_rows.items():
        criterion = criteria[int(position)]
        for column, raw in row.items():
            if column not in columns:
                continue
            cell = (columns[column], criterion)
            try:
                value = parse_score(raw)
            except ValueError as error:
                problems.append(f"{names[cell[0]]} on {names[criterion]}: {error}")
                continue
            if value != shown.get(cell):
                changes[cell] = value
    return changes, problems


def note_changes(edited_rows: Mapping, cells: list[Cell], shown: Mapping[Cell, str]
                 ) -> dict[Cell, str]:
    """The evidence notes typed into the notes grid (row ``i`` is ``cells[i]``) that changed."""
    changes = {}
    for position, row in edited_rows.items():
        if "Evidence" in row:
            cell = cells[int(position)]
            note = "" if row["Evidence"] is None else str(row["Evidence"])
            if note != shown.get(cell, ""):
                changes[cell] = note
    return changes


def save_edits(prefix: str, key: str, changes_of: Callable, save: Callable) -> dict | None:
    """The body of a grid's ``on_change`` callback: save its new edits, or refuse them all.

    ``changes_of(edited_rows)`` gives ``(changes, problems)``; ``save(database, changes)``
    writes them (and may raise ``WorkspaceError``). Returns the changes saved, or None.
    """
    import workspace
    from ui import common

    database = common.db()   # one connection for the whole callback
    if common.answering_paused(database):
        start_over(prefix)
        return None
    changes, problems = changes_of((st.session_state.get(key) or {}).get("edited_rows", {}))
    if problems:
        refuse(prefix, "Not saved: " + "; ".join(problems[:10]) + ". The grid shows what is "
               "saved again; type it anew.")
        return None
    if not changes:
        return None
    try:
        save(database, changes)
    except workspace.WorkspaceError as error:
        refuse(prefix, f"Not saved: {error}")
        return None
    return changes


def _fingerprint(values: Mapping) -> int:
    return hash(tuple(sorted(values.items(), key=lambda item: item[0])))


def editor_round(prefix: str, scores: Mapping[Cell, float | None],
                 notes: Mapping[Cell, str]) -> int:
    """The round of the grids' keys: a new round whenever the workspace holds other values
    than the grids showed after their last save (so the browser drops its old edits)."""
    state = st.session_state
    drawn = (_fingerprint(scores), _fingerprint(notes))
    if state.get(f"{prefix}.drawn", drawn) != drawn:
        start_over(prefix)
    state[f"{prefix}.drawn"] = drawn
    return state.get(f"{prefix}.round", 0)


def saved(prefix: str, scores: Mapping[Cell, float | None] | None = None,
          notes: Mapping[Cell, str] | None = None) -> None:
    """Record what the grids show after a save (call from the save callback)."""
    state = st.session_state
    drawn_scores, drawn_notes = state.get(f"{prefix}.drawn", (None, None))
    state[f"{prefix}.drawn"] = (drawn_scores if scores is None else _fingerprint(scores),
                                drawn_notes if notes is None else _fingerprint(notes))


def start_over(prefix: str) -> None:
    """Draw the grids afresh from the workspace on the next run (new keys, no old edits)."""
    st.session_state[f"{prefix}.round"] = st.session_state.get(f"{prefix}.round", 0) + 1


def refuse(prefix: str, message: str) -> None:
    """Refuse the grid's latest edits: say why above the grid, and show what is saved."""
    st.session_state[f"{prefix}.refused"] = message
    start_over(prefix)


def refusal(prefix: str) -> str | None:
    """The message of the last refused edit, once."""
    return st.session_state.pop(f"{prefix}.refused", None)
