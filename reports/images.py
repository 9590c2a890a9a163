"""Charts as files for slides: PNG and SVG rendered offline by vl-convert.

Every exported chart carries the engagement's name and the date in its subtitle, so a picture
pasted into a deck still says where it came from.
"""
from __future__ import annotations

import json
import re
from typing import Any

import altair as alt

PNG_SCALE = 2


def labeled(chart: alt.TopLevelMixin, engagement: str, day: str) -> alt.TopLevelMixin:
    """A copy of ``chart`` whose subtitle ends with "<engagement> · <day>"."""
    labeled_chart = chart.copy(deep=True)
    title = labeled_chart.title
    caption = f"{engagement} · {day}"
    if isinstance(title, alt.Title):
        subtitle = title.subtitle if title.subtitle is not alt.Undefined else []
        lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
        labeled_chart.title = alt.Title(title.text, subtitle=[*lines, caption],
                                        anchor=title.anchor, fontSize=title.fontSize,
                                        font=title.font, subtitleFont=title.subtitleFont,
                                        subtitleColor=title.subtitleColor)
    else:
        labeled_chart.title = alt.Title(title if isinstance(title, str) else "",
                                        subtitle=caption)
    return labeled_chart


# Characters XML, and so SVG text, cannot hold. vl-convert does not raise on them: it aborts
# the whole process (a Rust panic), so a NUL typed into a vendor or engagement name would take
# the server down with the first exported chart. They are dropped from every text it renders.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _renderable(chart: alt.TopLevelMixin) -> str:
    """The chart's Vega-Lite JSON, every string without the characters SVG cannot hold."""
    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return _NOT_XML.sub("", value)
        if isinstance(value, dict):
            return {clean(k): clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value
    return json.dumps(clean(chart.to_dict()))


def chart_png(chart: alt.TopLevelMixin, scale: float = PNG_SCALE) -> bytes:
    """The chart as a PNG image (rendered without a browser or network)."""
    import vl_convert  # about 8 MB: loaded when the first image is asked for, not before

    return vl_convert.vegalite_to_png(_renderable(chart), scale=scale)


def chart_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as an SVG document."""
    import vl_convert

    return vl_convert.vegalite_to_svg(_renderable(chart))


def file_stem(engagement: str, chart_name: str, day: str) -> str:
    """A safe file name stem such as ``contoso-2027-readiness-by-dimension-2026-11-26``."""
    slug = re.sub(r"[^a-z0-9]+", "-", f"{engagement} {chart_name}".lower()).strip("-")
    return f"{slug[:80].rstrip('-') or 'chart'}-{day}"
