"""Placing text labels beside points so that they cover neither one another nor the points.

A chart drawn at the width of its column (a phone's or a wide screen's) moves its points
apart or together, while a label keeps its size in pixels; so each label's spot is chosen to
be clear at every width the chart is drawn at, not just one.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Spot:
    """Where a label sits relative to its point, as Vega text offsets and anchoring."""
    dx: int
    dy: int
    align: str
    baseline: str


def _ring(near: int, corner: int) -> tuple[Spot, ...]:
    return (Spot(near, 0, "left", "middle"), Spot(-near, 0, "right", "middle"),
            Spot(0, -near, "center", "bottom"), Spot(0, near, "center", "top"),
            Spot(corner, -corner, "left", "bottom"), Spot(-corner, -corner, "right", "bottom"),
            Spot(corner, corner, "left", "top"), Spot(-corner, corner, "right", "top"))


# In order of preference: right of the point reads most naturally, then left, above, below,
# the corners; then the same a little further out, for points in a crowd.
SPOTS = _ring(9, 7) + _ring(18, 14)
# A label over another label cannot be read; over the edge of a point it still can.
LABEL_COST, POINT_COST, EDGE_COST = 10.0, 1.0, 5.0


def _boxes(px: np.ndarray, py: np.ndarray, widths: np.ndarray, spot: Spot,
           heights: np.ndarray) -> np.ndarray:
    """Label boxes (left, top, right, bottom) for every point at one spot; a label of many
    lines is anchored as one block (see :func:`first_line_dy`)."""
    left = px + spot.dx - {"left": 0.0, "center": 0.5, "right": 1.0}[spot.align] * widths
    top = py + spot.dy - {"top": 0.0, "middle": 0.5, "bottom": 1.0}[spot.baseline] * heights
    return np.stack([left, top, left + widths, top + heights], axis=-1)


def first_line_dy(spot: Spot, lines: int, line_height: float = 13) -> float:
    """The ``dy`` that anchors a label of ``lines`` lines at ``spot`` as one block: Vega
    anchors the first line and puts the others under it."""
    return spot.dy - {"top": 0.0, "middle": 0.5, "bottom": 1.0}[spot.baseline] * (
        (lines - 1) * line_height)


def _overlap(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """For each of ``boxes`` (m, 4), the total area in which it covers ``others`` (k, 4)."""
    if len(others) == 0:
        return np.zeros(len(boxes))
    w = np.clip(np.minimum(boxes[:, None, 2], others[None, :, 2])
                - np.maximum(boxes[:, None, 0], others[None, :, 0]), 0, None)
    h = np.clip(np.minimum(boxes[:, None, 3], others[None, :, 3])
                - np.maximum(boxes[:, None, 1], others[None, :, 1]), 0, None)
    return (w * h).sum(axis=1)


def _outside(boxes: np.ndarray, width: float, height: float) -> np.ndarray:
    """For each of ``boxes`` (m, 4), its area outside the plot (a label sticking out)."""
    inside_w = np.clip(np.minimum(boxes[:, 2], width) - np.maximum(boxes[:, 0], 0.0), 0, None)
    inside_h = np.clip(np.minimum(boxes[:, 3], height) - np.maximum(boxes[:, 1], 0.0), 0, None)
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1]) - inside_w * inside_h


def place_labels(x: Sequence[float], y: Sequence[float], label_widths: Sequence[float], *,
                 plot_widths: Sequence[float], plot_height: float | Sequence[float],
                 label_height: float = 13, dot_radius: float = 7,
                 label_lines: Sequence[int] | None = None) -> tuple[list[Spot], float]:
    """A spot for each point's label, and the overlap left over.

    ``x`` and ``y`` are the points' places in the plot as fractions (0 left / bottom, 1 right
    / top); ``label_widths`` are in pixels, ``label_height`` is a line's and ``label_lines``
    each label's lines (one by default). ``plot_height`` is one height or every height the
    chart is drawn at (the PDF lowers a chart taller than its box): each width is checked at
    each height. Each label goes to the first spot of ``SPOTS``
    that is clear of the labels already placed, of every point and of the plot's edges at
    every width in ``plot_widths`` (crowded points choose first); where none is, to the spot
    that covers least, a label over a label counting most. The second value is what is
    still covered (weighted px², summed over the widths): 0 means every label is clear at
    every width.
    """
    fx, fy = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    widths = np.asarray(label_widths, dtype=float)
    count = len(fx)
    heights = (np.asarray(label_lines, dtype=float) if label_lines is not None
               else np.ones(count)) * label_height
    plot_heights = ([float(plot_height)] if isinstance(plot_height, (int, float))
                    else [float(h) for h in plot_height])
    views = []
    for plot_width in plot_widths:
        for tall in plot_heights:
            px, py = fx * plot_width, (1 - fy) * tall
            dots = np.stack([px - dot_radius, py - dot_radius, px + dot_radius,
                             py + dot_radius], axis=-1)
            # (points, spots, 4): every point's label box at every spot.
            views.append((plot_width, tall, dots,
                          np.stack([_boxes(px, py, widths, spot, heights) for spot in SPOTS],
                                   axis=1)))
    # Crowded first: points with the most neighbours within reach at the narrowest width.
    narrowest = min(plot_widths) if len(plot_widths) else 1.0
    px, py = fx * narrowest, (1 - fy) * min(plot_heights)
    reach = np.hypot(px[:, None] - px[None, :], py[:, None] - py[None, :]) < 60
    order = np.argsort(-reach.sum(axis=1), kind="stable")
    chosen: list[Spot | None] = [None] * count
    placed = [np.empty((0, 4)) for _ in views]
    leftover = 0.0
    for i in order:
        costs = np.zeros(len(SPOTS))
        for (plot_width, tall, dots, boxes), done in zip(views, placed):
            candidates = boxes[i]
            costs += (LABEL_COST * _overlap(candidates, done)
                      + POINT_COST * _overlap(candidates, dots)
                      + EDGE_COST * _outside(candidates, plot_width, tall))
        best = int(np.argmin(costs))          # the first of equals: the preferred spot
        chosen[i] = SPOTS[best]
        leftover += float(costs[best])
        placed = [np.vstack([done, boxes[i, best]])
                  for (_, _, _, boxes), done in zip(views, placed)]
    return [spot for spot in chosen if spot is not None], leftover
