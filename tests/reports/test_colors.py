"""Colour arithmetic: CIEDE2000 against its published reference pairs, WCAG contrast."""
import pytest

from reports import colors


@pytest.mark.parametrize("first, second, expected", [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (50.0, 0.0, -2.5), 4.3065),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
])
def test_ciede2000_matches_the_reference_pairs(first, second, expected):
    """Pairs 1, 7, 13 and 17 of Sharma, Wu and Dalal (2005), "The CIEDE2000 color-difference
    formula: implementation notes, supplementary test data, and mathematical observations"."""
    assert colors.delta_e(first, second) == pytest.approx(expected, abs=1e-4)


def test_lab_round_trips_through_srgb():
    for color in ("#000000", "#ffffff", "#1f6f8b", "#fcce25", "#0d0887"):
        assert colors.from_lab(colors.to_lab(color)) == color
    assert colors.to_lab("#ffffff")[0] == pytest.approx(100, abs=1e-3)


def test_contrast_is_the_wcag_ratio():
    assert colors.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert colors.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert colors.text_color("#0d0887") == "#ffffff"
    assert colors.text_color("#fcce25") == "#111111"


def test_a_ramp_spaces_its_colours_evenly():
    ramp = colors.ramp(["#000000", "#ffffff"], 5)
    steps = [colors.delta_e(colors.to_lab(a), colors.to_lab(b)) for a, b in zip(ramp, ramp[1:])]
    assert ramp[0] == "#000000" and ramp[-1] == "#ffffff"
    assert max(steps) - min(steps) < 1.5


def test_a_colour_that_is_not_hex_is_refused():
    with pytest.raises(ValueError, match="six hex digits"):
        colors.to_lab("teal")
