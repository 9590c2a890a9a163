"""Colour arithmetic for charts: CIELAB, CIEDE2000 differences, WCAG contrast, ordered ramps.

Used to build palettes whose neighbouring colours can be told apart, and to pick a text
colour that stays legible on each of them.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

Lab = tuple[float, float, float]

_WHITE = (0.95047, 1.0, 1.08883)          # D65 reference white


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _gamma(channel: float) -> float:
    value = channel * 12.92 if channel <= 0.0031308 else 1.055 * channel ** (1 / 2.4) - 0.055
    return min(1.0, max(0.0, value))


def hex_to_rgb(color: str) -> tuple[float, float, float]:
    """"#1f6f8b" as sRGB channels 0-1.

    Raises:
        ValueError: ``color`` is not "#" and six hexadecimal digits.
    """
    if len(color) != 7 or color[0] != "#":
        raise ValueError(f"A colour is '#' and six hex digits, not {color!r}.")
    return tuple(int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def rgb_to_hex(rgb: Sequence[float]) -> str:
    """sRGB channels 0-1 (clipped) as "#rrggbb"."""
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02x}" for c in rgb)


def to_lab(color: str) -> Lab:
    """CIELAB (D65) of an sRGB colour."""
    r, g, b = (_linear(c) for c in hex_to_rgb(color))
    xyz = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b,
           0.2126729 * r + 0.7151522 * g + 0.0721750 * b,
           0.0193339 * r + 0.1191920 * g + 0.9503041 * b)

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, _WHITE))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def from_lab(lab: Lab) -> str:
    """The sRGB colour ("#rrggbb", clipped to the gamut) of a CIELAB colour."""
    lightness, a, b = lab
    fy = (lightness + 16) / 116
    fx, fz = fy + a / 500, fy - b / 200

    def inverse(t: float) -> float:
        return t ** 3 if t > 6 / 29 else 3 * (6 / 29) ** 2 * (t - 4 / 29)

    x, y, z = (inverse(t) * w for t, w in zip((fx, fy, fz), _WHITE))
    r = 3.2404542 * x - 1.5371385 * y - 0.4985314 * z
    g = -0.9692660 * x + 1.8760108 * y + 0.0415560 * z
    bl = 0.0556434 * x - 0.2040259 * y + 1.0572252 * z
    return rgb_to_hex([_gamma(c) for c in (r, g, bl)])


def delta_e(first: Lab, second: Lab) -> float:
    """CIEDE2000 colour difference (about 1: just noticeable; over 10: plainly different)."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dh_big = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30)) + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6))
         - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean ** 7 / (cp_mean ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dl / s_l) ** 2 + (dc / s_c) ** 2 + (dh_big / s_h) ** 2
                     + r_t * (dc / s_c) * (dh_big / s_h))


def luminance(color: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    r, g, b = (_linear(c) for c in hex_to_rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21 (4.5 is enough for normal text)."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_color(background: str, dark: str = "#111111", light: str = "#ffffff") -> str:
    """``dark`` or ``light``, whichever contrasts more with ``background``."""
    return dark if contrast(dark, background) >= contrast(light, background) else light


def ramp(anchors: Sequence[str], count: int) -> list[str]:
    """``count`` colours along the path through ``anchors`` (in CIELAB), spaced so that
    neighbours differ by equal steps of CIEDE2000: as far apart as the path allows."""
    labs = [to_lab(color) for color in anchors]
    # The path finely sampled, with the running CIEDE2000 length at each sample.
    samples = [labs[0]]
    for start, end in zip(labs, labs[1:]):
        samples += [tuple(s + (e - s) * k / 200 for s, e in zip(start, end))
                    for k in range(1, 201)]
    lengths = [0.0]
    for before, after in zip(samples, samples[1:]):
        lengths.append(lengths[-1] + delta_e(before, after))
    if count == 1:
        return [from_lab(samples[0])]
    picked, k = [], 0
    for step in range(count):
        target = lengths[-1] * step / (count - 1)
        while k < len(lengths) - 1 and lengths[k] < target:
            k += 1
        picked.append(from_lab(samples[k]))  # type: ignore[arg-type]
    return picked
