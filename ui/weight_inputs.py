"""The AHP slider shared by the Weights page and a participant's Your weights page.

A pair is judged on one slider of 17 steps: -8..-1 lean to the first item (9x..2x as
important), 0 is equal, 1..8 lean to the second. Judgments are stored as Saaty values
(first item's importance over the second's), keyed ``"i,j"`` by position.
"""
from __future__ import annotations

from ui import access

STEPS = list(range(-8, 9))
HELP = ("For each pair, move the slider towards the more important one (◀ left, right ▶): "
        "1 = equally important, 3 = moderately, 5 = strongly, 7 = very strongly, 9 = "
        "extremely more important (Saaty's scale).")


def to_step(value: float) -> int:
    """The slider step that shows the Saaty judgment ``value``."""
    step = -(round(value) - 1) if value >= 1 else round(1 / value) - 1
    return max(-8, min(8, step))


def to_judgment(step: int) -> float:
    """The Saaty judgment a slider step stands for."""
    return float(1 - step) if step <= 0 else 1.0 / (1 + step)


def step_label(step: int) -> str:
    """How a slider step reads: ``◀ 3×``, ``equal`` or ``5× ▶``."""
    return "equal" if step == 0 else (f"◀ {1 - step}×" if step < 0 else f"{step + 1}× ▶")


def ahp_sliders(ids: list[str], names: dict[str, str], previous: dict[str, float],
                key_prefix: str, on_change=None, disabled: bool = False) -> dict[str, float]:
    """One slider per pair, both items named in its label (first item left, second right);
    returns judgments by ``"i,j"``.

    Slider ``i, j`` has the key ``f"{key_prefix}.{ids[i]}.{ids[j]}"``.
    """
    import streamlit as st

    from ui import common

    judgments = {}
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            key = f"{i},{j}"
            # Both items named in the slider's own label, the left one first: on a phone
            # side columns would stack and put one pair's right item above the next pair.
            chosen = st.select_slider(
                f"◀ {common.escape_markdown(names[ids[i]])}  ·  vs  ·  "
                f"{common.escape_markdown(names[ids[j]])} ▶", STEPS,
                value=to_step(float(previous.get(key, 1.0))),
                key=f"{key_prefix}.{ids[i]}.{ids[j]}", format_func=step_label,
                on_change=access.guarded(on_change), disabled=disabled)
            judgments[key] = to_judgment(chosen)
    return judgments
