"""Chart images: every chart builder renders to PNG and SVG offline, labeled with its source."""
import re
import struct

import pandas as pd
import pytest

from reports import charts, images

ENGAGEMENT, DAY = "Contoso <b>2027</b>", "2026-11-26"


def _every_chart():
    dims = pd.DataFrame({"name": ["Open sharing", "Leadership"], "score": [42.0, 80.0],
                         "band_label": ["Barrier", "Ready"], "spread": [10.0, 5.0],
                         "answered": [5, 5]})
    distribution = pd.DataFrame({1: [0.5, 0.0], 2: [0.5, 1.0], 3: [0.0, 0.0], 4: [0.0, 0.0]},
                                index=["strategy", "tools"])
    competencies = pd.DataFrame({"name": ["Strategy", "Tools"], "stage": [1, 2],
                                 "target": [3, 2]}, index=["strategy", "tools"])
    trend = pd.DataFrame({"order": [0, 1], "day": ["2026-01-01", "2026-06-01"],
                          "label": ["a", "b"], "area": ["Overall", "Overall"],
                          "score": [40.0, 55.0]})
    stages = pd.DataFrame({"order": [0, 1], "day": ["2026-01-01", "2026-06-01"],
                           "label": ["a", "b"], "area": ["Overall", "Overall"],
                           "stage": [1, 2], "stage_name": ["H", "E"]})
    contributions = pd.DataFrame({"Security": [2.0, 1.0]}, index=["Slack", "Workvivo"])
    return {
        "dimension_scores": charts.dimension_scores_chart(dims, 75),
        "maturity_heatmap": charts.maturity_heatmap(distribution, competencies,
                                                    ["H", "E", "C", "N"]),
        "trend": charts.trend_chart(trend),
        "maturity_trend": charts.maturity_trend_chart(stages, ["H", "E", "C", "N"]),
        "weights": charts.weights_chart(pd.DataFrame({"item": ["A", "B"],
                                                      "weight": [0.6, 0.4]}), "Categories"),
        "ranking": charts.ranking_chart(contributions),
        "positioning": charts.positioning_chart(
            pd.DataFrame({"vendor": ["Slack", "Workvivo"], "x": [3.0, 4.0], "y": [2.0, 3.5]}),
            "Fit", "Readiness"),
        "tornado": charts.tornado_chart(pd.DataFrame({"category": ["Security"], "current": [0.5],
                                                      "low": [0.2], "high": [0.9]}), "Slack"),
        "acceptability": charts.acceptability_chart(
            pd.DataFrame({1: [0.8, 0.2], 2: [0.2, 0.8]}, index=["Slack", "Workvivo"])),
    }


@pytest.mark.parametrize("name", list(_every_chart()))
def test_every_chart_exports_as_png_of_a_readable_size(name):
    png = images.chart_png(images.labeled(_every_chart()[name], ENGAGEMENT, DAY))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert 600 <= width <= 4000 and 200 <= height <= 4000, (width, height)


@pytest.mark.parametrize("name", list(_every_chart()))
def test_every_chart_exports_as_svg_carrying_engagement_and_date(name):
    svg = images.chart_svg(images.labeled(_every_chart()[name], ENGAGEMENT, DAY))
    assert svg.lstrip().startswith("<svg")
    assert "Contoso &lt;b&gt;2027&lt;/b&gt; · 2026-11-26" in svg
    assert "<b>" not in svg


def test_labeling_keeps_the_original_subtitle_and_leaves_the_chart_unchanged():
    chart = charts.dimension_scores_chart(pd.DataFrame({
        "name": ["A"], "score": [50.0], "band_label": ["Developing"], "spread": [0.0],
        "answered": [1]}), 75)
    labeled = images.labeled(chart, "Fabrikam", DAY)
    assert labeled.to_dict()["title"]["subtitle"][-1] == "Fabrikam · 2026-11-26"
    # The chart's own subtitle (wrapped over lines) comes first, whole.
    assert "dashed line: target 75" in " ".join(labeled.to_dict()["title"]["subtitle"][:-1])
    assert chart.to_dict()["title"]["subtitle"] != labeled.to_dict()["title"]["subtitle"]


def test_file_names_are_safe_and_dated():
    stem = images.file_stem("=cmd|' /C calc'!A0 ../../etc", "Culture readiness", DAY)
    assert re.fullmatch(r"[a-z0-9-]+-2026-11-26", stem)
