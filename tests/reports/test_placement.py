"""Label placement: beside each point, clear of other labels, points and the plot's edges."""
import itertools

import numpy as np
import pytest

from reports.placement import SPOTS, place_labels

WIDTHS = (240, 620, 900)


def _boxes(x, y, widths, spots, plot_width, height=420, label_height=13):
    boxes = []
    for fx, fy, w, spot in zip(x, y, widths, spots):
        px, py = fx * plot_width + spot.dx, (1 - fy) * height + spot.dy
        left = px - {"left": 0, "center": w / 2, "right": w}[spot.align]
        top = py - {"top": 0, "middle": label_height / 2, "bottom": label_height}[spot.baseline]
        boxes.append((left, top, left + w, top + label_height))
    return boxes


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_points_far_apart_keep_their_label_on_the_right():
    spots, covered = place_labels([0.1, 0.5, 0.2], [0.2, 0.5, 0.9], [40, 40, 40],
                                  plot_widths=WIDTHS, plot_height=420)
    assert spots == [SPOTS[0]] * 3 and covered == 0


def test_a_label_that_would_leave_the_plot_goes_to_the_left():
    [spot], covered = place_labels([0.98], [0.5], [80], plot_widths=WIDTHS, plot_height=420)
    assert spot.align == "right" and covered == 0


@pytest.mark.parametrize("seed", range(5))
def test_labels_of_a_tight_cluster_are_clear_of_each_other_at_every_width(seed):
    """Eight points within a few pixels of each other on a phone: their dots touch, yet
    their numbers must not cover one another."""
    rng = np.random.default_rng(seed)
    x, y = 0.5 + rng.normal(0, 0.04, 8), 0.5 + rng.normal(0, 0.04, 8)
    widths = [8] * 8                                    # numbers: one digit
    spots, _ = place_labels(x, y, widths, plot_widths=WIDTHS, plot_height=420)
    for plot_width in WIDTHS:
        boxes = _boxes(x, y, widths, spots, plot_width)
        assert not any(_overlaps(a, b) for a, b in itertools.combinations(boxes, 2))
