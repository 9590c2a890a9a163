"""What-if category weights on the comparison page: sliders that always share 100 %.

Moving one slider rescales the others in proportion to what they had (as the robustness
analysis moves a weight), so the sliders add up to 100 at every moment and what the table
and the chart show is what the sliders say.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from ui import access, common

TOTAL = 100
PREFIX = "whatif."
_PREVIOUS = "whatif.previous"


def slider_key(category_id: str) -> str:
    return f"{PREFIX}{category_id}"


def whole_points(shares: Mapping[str, float], total: int = TOTAL) -> dict[str, int]:
    """Shares as whole points that add up to exactly ``total`` (largest remainders get the
    points that rounding down leaves over); all zero shares are split evenly."""
    keys = list(shares)
    values = pd.Series([max(0.0, float(shares[k])) for k in keys], index=keys)
    if values.sum() <= 0:
        values = pd.Series(1.0, index=keys)
    exact = values / values.sum() * total
    points = exact.astype(int)
    left = total - int(points.sum())
    for k in (exact - points).sort_values(ascending=False, kind="stable").index[:left]:
        points[k] += 1
    return {k: int(points[k]) for k in keys}


def _rebalance(moved: str, ids: Sequence[str]) -> None:
    """Callback: keep the sliders at 100 by rescaling the others in proportion."""
    previous = st.session_state.get(_PREVIOUS, {})
    value = int(st.session_state[slider_key(moved)])
    others = {k: previous.get(k, st.session_state[slider_key(k)]) for k in ids if k != moved}
    if others:
        for k, points in whole_points(others, TOTAL - value).items():
            st.session_state[slider_key(k)] = points
    else:
        st.session_state[slider_key(moved)] = TOTAL
    st.session_state[_PREVIOUS] = {k: st.session_state[slider_key(k)] for k in ids}


def reset(ids: Sequence[str], saved: pd.Series) -> None:
    """Callback: the sliders back at the saved category weights."""
    for k, points in whole_points(saved.to_dict()).items():
        st.session_state[slider_key(k)] = points
    st.session_state[_PREVIOUS] = {k: st.session_state[slider_key(k)] for k in ids}


def sliders(ids: Sequence[str], names: Mapping[str, str], saved: pd.Series) -> None:
    """One slider per category, starting at the saved weights as whole points of 100."""
    if any(slider_key(k) not in st.session_state for k in ids) or sum(
            int(st.session_state[slider_key(k)]) for k in ids) != TOTAL:
        reset(ids, saved)
    columns = st.columns(min(4, len(ids)))
    for index, category_id in enumerate(ids):
        columns[index % len(columns)].slider(
            common.escape_markdown(names[category_id]), 0, TOTAL, key=slider_key(category_id),
            format="%d%%", on_change=access.guarded(_rebalance), args=(category_id, ids))
    st.caption(f"Total: {sum(int(st.session_state[slider_key(k)]) for k in ids)} %")
