"""Altair chart builders shared by the pages and the exports.

Each function takes plain results (pandas frames) and returns an ``alt.Chart`` value; nothing
here draws or knows about Streamlit, so charts can be tested with ``chart.to_dict()``.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

BAND_COLORS = {"Barrier": "#c0392b", "Developing": "#e5a50a", "Ready": "#2e8b57",
               "No answers": "#b0b0b0"}
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
WIDTH = 720


def _styled(chart: alt.TopLevelMixin, title: str, subtitle: str = "") -> alt.TopLevelMixin:
    """One look for every chart: title, fonts and label sizes."""
    return (chart.properties(title=alt.Title(title, subtitle=subtitle or alt.Undefined,
                                             anchor="start", fontSize=15, font=FONT,
                                             subtitleFont=FONT, subtitleColor="#555"))
            .configure_axis(labelFont=FONT, titleFont=FONT, labelFontSize=12, titleFontSize=12,
                            labelLimit=260)
            .configure_legend(labelFont=FONT, titleFont=FONT, labelFontSize=12, labelLimit=320)
            .configure_view(strokeWidth=0))


def dimension_scores_chart(dimensions: pd.DataFrame, target: float,
                           subtitle: str = "") -> alt.LayerChart:
    """Horizontal bars of culture readiness per dimension (0-100), colored by band.

    ``dimensions`` has columns name, score, band_label, spread and answered; a dashed rule
    marks the target score, a whisker the spread between participants.
    """
    data = dimensions.reset_index()[["name", "score", "band_label", "spread", "answered"]].copy()
    data["score"] = data["score"].round(1)
    data["low"] = (data["score"] - data["spread"].fillna(0)).clip(lower=0)
    data["high"] = (data["score"] + data["spread"].fillna(0)).clip(upper=100)
    order = list(data["name"])
    y = alt.Y("name:N", sort=order, title=None)
    bars = alt.Chart(data).mark_bar(height=18).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="Readiness score (0-100)"),
        y=y,
        color=alt.Color("band_label:N", title="Band",
                        scale=alt.Scale(domain=list(BAND_COLORS), range=list(BAND_COLORS.values()))),
        tooltip=[alt.Tooltip("name:N", title="Dimension"), alt.Tooltip("score:Q", title="Score"),
                 alt.Tooltip("band_label:N", title="Band"),
                 alt.Tooltip("spread:Q", title="Spread", format=".1f"),
                 alt.Tooltip("answered:Q", title="Answers")])
    whiskers = alt.Chart(data).mark_rule(color="#333", opacity=0.6).encode(
        x="low:Q", x2="high:Q", y=y)
    labels = alt.Chart(data).mark_text(align="left", dx=4, dy=-9, fontSize=11, color="#222").encode(
        x="score:Q", y=y, text=alt.Text("score:Q", format=".0f"))
    rule = alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(
        strokeDash=[6, 4], color="#1f6f8b", size=2).encode(x="target:Q")
    chart = alt.layer(bars, whiskers, labels, rule).properties(
        width=WIDTH, height=alt.Step(34))
    return _styled(chart, "Culture readiness by dimension",
                   subtitle or f"Bars: mean score; whiskers: spread between people; "
                               f"dashed line: target {target:.0f}")


def maturity_heatmap(distribution: pd.DataFrame, competencies: pd.DataFrame,
                     stage_names: list[str], subtitle: str = "") -> alt.LayerChart:
    """Competency x stage grid: share of people picking each stage, current and target marked.

    ``distribution`` is competency x stage level (1..4) shares; ``competencies`` has name,
    stage and target per competency (same index).
    """
    long = distribution.copy()
    long.columns = [int(c) for c in long.columns]
    long = long.rename_axis(index="competency", columns="level").stack().rename("share")
    long = long.reset_index()
    long["name"] = long["competency"].map(competencies["name"])
    long["stage"] = long["level"].map(lambda level: f"{level}. {stage_names[level - 1]}")
    order = list(competencies["name"])
    stages = [f"{i}. {name}" for i, name in enumerate(stage_names, start=1)]
    x = alt.X("stage:N", sort=stages, title=None, axis=alt.Axis(labelAngle=0, orient="top"))
    y = alt.Y("name:N", sort=order, title=None)
    cells = alt.Chart(long).mark_rect(stroke="white", strokeWidth=2).encode(
        x=x, y=y,
        color=alt.Color("share:Q", title="Share of answers", scale=alt.Scale(
            domain=[0, 1], range=["#f4f6f8", "#1f6f8b"]), legend=alt.Legend(format="%")),
        tooltip=[alt.Tooltip("name:N", title="Competency"), alt.Tooltip("stage:N", title="Stage"),
                 alt.Tooltip("share:Q", title="Share of answers", format=".0%")])
    shares = alt.Chart(long[long["share"] > 0]).mark_text(fontSize=11, dy=10).encode(
        x=x, y=y, text=alt.Text("share:Q", format=".0%"),
        color=alt.condition("datum.share > 0.5", alt.value("white"), alt.value("#333")))
    current = dict(zip(competencies["name"], competencies["stage"]))
    target = dict(zip(competencies["name"], competencies["target"]))
    long["note"] = [
        " · ".join(word for word, hit in (("current", current.get(n) == level),
                                         ("target", target.get(n) == level)) if hit)
        for n, level in zip(long["name"], long["level"])]
    long["marker"] = ["Current and target" if note == "current · target" else
                      "Current stage" if note == "current" else
                      "Target stage" if note == "target" else None for note in long["note"]]
    notes = alt.Chart(long[long["note"] != ""]).mark_text(fontSize=11, dy=-7,
                                                           fontWeight="bold").encode(
        x=x, y=y, text="note:N",
        color=alt.condition("datum.share > 0.5", alt.value("white"), alt.value("#111")))
    markers = alt.Chart(long[long["marker"].notna()]).mark_rect(
        fillOpacity=0, strokeWidth=3).encode(
        x=x, y=y,
        stroke=alt.Stroke("marker:N", title=None, scale=alt.Scale(
            domain=["Current stage", "Target stage", "Current and target"],
            range=["#111111", "#d35400", "#7b2d8b"])))
    chart = alt.layer(cells, markers, shares, notes).properties(width=WIDTH,
                                                                height=alt.Step(44))
    return _styled(chart, "Community maturity: where each competency stands",
                   subtitle or "Shade: share of people choosing the stage; "
                               "outlined: current stage and target stage")


def trend_chart(trend: pd.DataFrame, subtitle: str = "") -> alt.Chart:
    """Culture scores per snapshot: a line per dimension, the overall score in bold.

    ``trend`` has columns taken_at (datetime), label, area, score.
    """
    base = alt.Chart(trend).encode(
        x=alt.X("taken_at:T", title="Snapshot date"),
        y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0-100)"),
        color=alt.Color("area:N", title="Dimension"),
        tooltip=[alt.Tooltip("taken_at:T", title="Date"), alt.Tooltip("label:N", title="Snapshot"),
                 alt.Tooltip("area:N", title="Dimension"),
                 alt.Tooltip("score:Q", title="Score", format=".0f")])
    lines = base.mark_line(point=True).encode(
        strokeWidth=alt.condition("datum.area == 'Overall'", alt.value(4), alt.value(1.5)))
    chart = lines.properties(width=WIDTH, height=280)
    return _styled(chart, "Culture readiness over time",
                   subtitle or "One point per saved snapshot")
