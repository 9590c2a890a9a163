"""Altair chart builders shared by the pages and the exports.

Each function takes plain results (pandas frames) and returns an ``alt.Chart`` value; nothing
here draws or knows about Streamlit, so charts can be tested with ``chart.to_dict()``.
"""
from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

from reports.colors import ramp, text_color
from reports.formats import BAND_COLORS, CATEGORY_PALETTE, Kind
from reports.placement import SPOTS, Spot, first_line_dy, place_labels

CATEGORY_COLORS = [f"#{color}" for color in CATEGORY_PALETTE]
"""The one categorical palette, for lines that need telling apart (the trend's dimensions)."""

STAGE_COLORS = ["#d9e7ee", "#9dc3d4", "#4f8ea9", "#1f5f78"]
"""Maturity stages 1-4, light to dark; the darker two carry white text."""
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"
WIDTH = 720
# Pages draw the readiness charts at the width of their column, down to a phone's 358 px; a
# title or subtitle line longer than this many characters is wrapped so it fits there too.
TITLE_CHARACTERS = 44
SUBTITLE_CHARACTERS = 56
# Axis label text: 12 px Source Sans averages under 6.5 px a character; this is a little more
# (the PNG export's fallback font is wider), so a label judged to fit does fit.
LABEL_PX_PER_CHARACTER = 7.2
# An axis label whose field holds "\n" between lines is drawn on those lines.
SPLIT_LINES = "split(datum.label, '\\n')"

# Altair refuses to embed more than 5,000 rows; a large engagement's charts (200 vendors by
# 200 ranks) legitimately hold more, and every chart here is built from the app's own tables.
alt.data_transformers.disable_max_rows()


def lines(text: str, characters: int) -> list[str]:
    """``text`` wrapped at spaces into lines of at most ``characters`` (a longer word stays
    whole); line breaks and runs of white space in it count as one space."""
    flat = " ".join(str(text).split())
    return textwrap.wrap(flat, characters, break_long_words=False,
                         break_on_hyphens=False) or [flat]


def wrapped(text: str, characters: int) -> str:
    """``text`` on lines of at most ``characters``, joined by "\\n" (see ``SPLIT_LINES``)."""
    return "\n".join(lines(text, characters))


def _title_lines(text: str, characters: int) -> str | list[str]:
    """A title as one string when it fits on a line, else as its lines (Vega's multi-line)."""
    parts = lines(text, characters)
    return parts[0] if len(parts) == 1 else parts


def _styled(chart: alt.TopLevelMixin, title: str, subtitle: str = "",
            fit_width: bool = False) -> alt.TopLevelMixin:
    """One look for every chart: title, fonts and label sizes; long titles wrapped.

    ``fit_width``: axes, legend and title fit inside the chart's width (the width pages
    stretch to their column), and its height stays what the chart asks for; without it,
    Streamlit's theme would squeeze a fixed-height plot under a legend placed below. The
    layout is redone once labels have chosen their lines for the width, or they could hang
    outside the drawing.
    """
    if fit_width:
        chart = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding",
                                                            resize=True))
    return (chart.properties(title=alt.Title(
                _title_lines(title, TITLE_CHARACTERS),
                subtitle=(_title_lines(subtitle, SUBTITLE_CHARACTERS) if subtitle
                          else alt.Undefined),
                anchor="start", fontSize=15, font=FONT, subtitleFont=FONT,
                subtitleColor="#555"))
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
    # Names on lines of 18 characters: on a phone a one-line name would leave no room for bars.
    data["row"] = [wrapped(name, 18) for name in data["name"]]
    y = alt.Y("row:N", sort=list(data["row"]), title=None,
              axis=alt.Axis(labelExpr=SPLIT_LINES, labelLineHeight=14, labelPadding=6))
    bars = alt.Chart(data).mark_bar(height=18).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="Readiness score (0-100)",
                axis=alt.Axis(tickCount=alt.ExprRef("width < 300 ? 5 : 10"), labelFlush=True)),
        y=y,
        color=alt.Color("band_label:N", title="Band",
                        scale=alt.Scale(domain=list(BAND_COLORS), range=list(BAND_COLORS.values())),
                        legend=alt.Legend(orient="bottom", columns=2)),
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
        width=WIDTH, height=alt.Step(38))
    return _styled(chart, "Culture readiness by dimension",
                   subtitle or f"Bars: mean score; whiskers: spread between people; "
                               f"dashed line: target {target:.0f}", fit_width=True)


def _fitting_columns(labels: list[str], line_height: int,
                     padding: int) -> tuple[str, alt.ExprRef]:
    """How a band axis on top of a chart fits its labels to the width the chart is drawn at.

    Each label goes on one line when the columns are wide enough, else on the lines of its
    wrapped form (``labels`` hold them joined by "\\n"), else a word a line. Returns the
    label expression and the label padding: Vega draws a label's extra lines downwards, so
    the padding lifts the labels by the lines they take.
    """
    one_line = [label.replace("\n", " ") for label in labels]
    wide = round(max(map(len, one_line)) * LABEL_PX_PER_CHARACTER + 8)
    narrow = round(max(len(line) for label in labels for line in label.split("\n"))
                   * LABEL_PX_PER_CHARACTER + 8)
    wrapped_lines = max(label.count("\n") for label in labels)
    word_lines = max(label.count(" ") for label in one_line)
    text = (f"bandwidth('x') >= {wide} ? join(split(datum.label, '\\n'), ' ') : "
            f"bandwidth('x') >= {narrow} ? split(datum.label, '\\n') : "
            "split(join(split(datum.label, '\\n'), ' '), ' ')")
    lift = (f"bandwidth('x') >= {wide} ? {padding} : "
            f"bandwidth('x') >= {narrow} ? {padding + wrapped_lines * line_height} : "
            f"{padding + word_lines * line_height}")
    return text, alt.ExprRef(lift)


def maturity_heatmap(distribution: pd.DataFrame, competencies: pd.DataFrame,
                     stage_names: list[str], subtitle: str = "") -> alt.LayerChart:
    """Competency x stage grid: share of people picking each stage, current and target marked.

    ``distribution`` is competency x stage level (1..4) shares; ``competencies`` has name,
    stage and target per competency (same index). Drawn at any width from a phone's up, every
    stage and competency label shows: they wrap onto more lines as the columns narrow.
    """
    long = distribution.copy()
    long.columns = [int(c) for c in long.columns]
    long = long.rename_axis(index="competency", columns="level").stack().rename("share")
    long = long.reset_index()
    long["name"] = long["competency"].map(competencies["name"])
    stages = [f"{i}. {' '.join(str(name).split())}" for i, name in enumerate(stage_names, start=1)]
    long["stage"] = long["level"].map(lambda level: stages[level - 1])
    # The axes show the wrapped forms (lines joined by "\n"); tooltips the names.
    columns = [wrapped(stage, 12) for stage in stages]
    long["column"] = long["level"].map(lambda level: columns[level - 1])
    rows = {name: wrapped(name, 16) for name in competencies["name"]}
    long["row"] = long["name"].map(rows)
    column_labels, column_padding = _fitting_columns(columns, line_height=14, padding=6)
    x = alt.X("column:N", sort=columns, title=None,
              axis=alt.Axis(labelAngle=0, orient="top", labelOverlap=False, labelLimit=0,
                            labelFlush=False, labelExpr=column_labels, labelLineHeight=14,
                            labelPadding=column_padding))
    y = alt.Y("row:N", sort=[rows[name] for name in competencies["name"]], title=None,
              axis=alt.Axis(labelExpr=SPLIT_LINES, labelOverlap=False, labelFlush=False,
                            labelLineHeight=14, labelPadding=6))
    cells = alt.Chart(long).mark_rect(stroke="white", strokeWidth=2).encode(
        x=x, y=y,
        color=alt.Color("share:Q", title="Share of answers", scale=alt.Scale(
            domain=[0, 1], range=["#f4f6f8", "#1f6f8b"]),
            legend=alt.Legend(format="%", orient="bottom", gradientLength=180)),
        tooltip=[alt.Tooltip("name:N", title="Competency"), alt.Tooltip("stage:N", title="Stage"),
                 alt.Tooltip("share:Q", title="Share of answers", format=".0%")])
    shares = alt.Chart(long[long["share"] > 0]).mark_text(fontSize=11, dy=14).encode(
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
    # A cell that is both current and target says so on two lines: one would not fit a
    # phone's column.
    parts = [note.split(" · ") for note in long["note"]]
    long["first_note"] = [part[0] for part in parts]
    long["second_note"] = [part[1] if len(part) > 1 else "" for part in parts]
    note_color = alt.condition("datum.share > 0.5", alt.value("white"), alt.value("#111"))
    notes = alt.Chart(long[long["note"] != ""]).mark_text(fontSize=11, dy=-14,
                                                           fontWeight="bold").encode(
        x=x, y=y, text="first_note:N", color=note_color)
    second_notes = alt.Chart(long[long["second_note"] != ""]).mark_text(
        fontSize=11, dy=-1, fontWeight="bold").encode(x=x, y=y, text="second_note:N",
                                                     color=note_color)
    markers = alt.Chart(long[long["marker"].notna()]).mark_rect(
        fillOpacity=0, strokeWidth=3).encode(
        x=x, y=y,
        stroke=alt.Stroke("marker:N", legend=None, scale=alt.Scale(
            domain=["Current stage", "Target stage", "Current and target"],
            range=["#111111", "#d35400", "#7b2d8b"])))
    chart = alt.layer(cells, markers, shares, notes, second_notes).properties(
        width=WIDTH, height=alt.Step(52))
    return _styled(chart, "Community maturity by competency",
                   subtitle or "Shade: share of people choosing the stage; outlined: black "
                               "the current stage, orange the target, purple both",
                   fit_width=True)


def _snapshot_texts(trend: pd.DataFrame) -> list[str]:
    """Each row's snapshot as its axis text: the day, then its label on up to two lines."""
    texts = []
    for day, label in zip(trend["day"], trend["label"]):
        parts = lines(label, 18) if label else []
        if len(parts) > 2:
            parts = [parts[0], parts[1][:17] + "…"]
        texts.append("\n".join([str(day), *parts]))
    return texts


def _snapshot_x(data: pd.DataFrame, room: str) -> alt.X:
    """The snapshots along x, oldest first, each named by its day and label (see
    ``_snapshot_texts``; ``data`` has them in column snapshot, and their order in order).

    ``room`` is a Vega expression for the pixels each snapshot has. Where the label does not
    fit there only the day is shown, and where the day does not fit either it is turned
    upright (the tooltip still names the snapshot).
    """
    ordered = data.sort_values("order").drop_duplicates("order")["snapshot"].tolist()
    widest = max(len(line) for text in ordered for line in text.split("\n"))
    day = max(len(text.split("\n")[0]) for text in ordered)
    fits = f"{room} >= {round(widest * LABEL_PX_PER_CHARACTER + 8)}"
    upright = f"{room} < {round(day * LABEL_PX_PER_CHARACTER + 8)}"
    return alt.X("snapshot:N", sort=ordered, title=None, axis=alt.Axis(
        labelFlush=False, labelLimit=0, labelLineHeight=14, labelPadding=6,
        labelExpr=f"{fits} ? {SPLIT_LINES} : {SPLIT_LINES}[0]",
        labelAngle=alt.ExprRef(f"{upright} ? -90 : 0"),
        labelAlign=alt.ExprRef(f"{upright} ? 'right' : 'center'"),
        labelBaseline=alt.ExprRef(f"{upright} ? 'middle' : 'top'")))


def trend_chart(trend: pd.DataFrame, subtitle: str = "") -> alt.Chart:
    """Culture scores per snapshot: a line per dimension, the overall score in bold.

    ``trend`` is :func:`assessments.summary.culture_trend`'s table (order, day, label, area,
    score). Snapshots are spaced evenly, oldest first, named by day and label on the axis.
    """
    data = trend.copy()
    data["snapshot"] = _snapshot_texts(data)
    snapshots = max(1, data["order"].nunique())
    areas = ["Overall", *sorted(set(data["area"]) - {"Overall"})]
    base = alt.Chart(data).encode(
        x=_snapshot_x(data, f"width / {snapshots}"),
        y=alt.Y("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0-100)"),
        color=alt.Color("area:N", title="Dimension", scale=alt.Scale(
            domain=areas, range=["#222222", *CATEGORY_COLORS]),
            legend=alt.Legend(orient="bottom", columns=1)),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("day:N", title="Snapshot"), alt.Tooltip("label:N", title="Label"),
                 alt.Tooltip("area:N", title="Dimension"),
                 alt.Tooltip("score:Q", title="Score", format=".0f")])
    paths = base.mark_line(point=True).encode(
        strokeWidth=alt.condition("datum.area == 'Overall'", alt.value(4), alt.value(1.5)))
    chart = paths.properties(width=WIDTH, height=280)
    return _styled(chart, "Culture readiness over time",
                   subtitle or "One point per saved snapshot; thick line: overall score",
                   fit_width=True)


def maturity_trend_chart(trend: pd.DataFrame, stage_names: list[str],
                         subtitle: str = "") -> alt.LayerChart:
    """Maturity stage per snapshot: a row for the overall stage and one per competency, a
    column per snapshot (oldest first), each cell shaded by its stage and numbered.

    ``trend`` is :func:`assessments.summary.maturity_trend`'s table (order, day, label, area,
    stage, stage_name), rows in the order wanted top to bottom.
    """
    data = trend.copy()
    data["snapshot"] = _snapshot_texts(data)
    areas = list(dict.fromkeys(data["area"]))
    data["row"] = [wrapped(area, 16) for area in data["area"]]
    stages = [f"{i}. {' '.join(str(name).split())}" for i, name in enumerate(stage_names, start=1)]
    data["stage_label"] = [stages[stage - 1] for stage in data["stage"]]
    x = _snapshot_x(data, "bandwidth('x')")
    y = alt.Y("row:N", sort=[wrapped(area, 16) for area in areas], title=None, axis=alt.Axis(
        labelExpr=SPLIT_LINES, labelLineHeight=14, labelPadding=6, labelFlush=False,
        labelFontWeight=alt.condition("datum.value == 'Overall'", alt.value(700),
                                      alt.value(400))))
    cells = alt.Chart(data).mark_rect(stroke="white", strokeWidth=2).encode(
        x=x, y=y,
        color=alt.Color("stage_label:N", title="Stage", scale=alt.Scale(
            domain=stages, range=STAGE_COLORS[:len(stages)]),
            legend=alt.Legend(orient="bottom", columns=2, symbolType="square",
                              symbolSize=180)),
        tooltip=[alt.Tooltip("day:N", title="Snapshot"), alt.Tooltip("label:N", title="Label"),
                 alt.Tooltip("area:N", title="Competency"),
                 alt.Tooltip("stage_label:N", title="Stage")])
    numbers = alt.Chart(data).mark_text(fontSize=13, fontWeight="bold").encode(
        x=x, y=y, text=alt.Text("stage:Q", format="d"),
        color=alt.condition("datum.stage >= 3", alt.value("white"), alt.value("#111")))
    chart = alt.layer(cells, numbers).properties(width=WIDTH, height=alt.Step(40))
    return _styled(chart, "Community maturity over time",
                   subtitle or "Stage of each competency and overall, per saved snapshot",
                   fit_width=True)


def weights_chart(table: pd.DataFrame, level: str, subtitle: str = "",
                  fit_width: bool = False) -> alt.LayerChart:
    """Horizontal bars of weights (as percentages) for one level; ``table`` has item, weight.

    ``fit_width``: the whole chart fits the width it is drawn at (a phone's too), long item
    names over two lines."""
    data = table.copy()
    y = alt.Y("item:N", sort=list(data["item"]), title=None,
              axis=alt.Axis(labelExpr=_WRAP_LABEL, labelLimit=170) if fit_width else alt.Undefined)
    bars = alt.Chart(data).mark_bar(color="#1f6f8b", height=16).encode(
        x=alt.X("weight:Q", title="Weight", axis=alt.Axis(format="%")), y=y,
        tooltip=[alt.Tooltip("item:N", title="Item"),
                 alt.Tooltip("weight:Q", title="Weight", format=".1%")])
    labels = alt.Chart(data).mark_text(align="left", dx=4, fontSize=11).encode(
        x="weight:Q", y=y, text=alt.Text("weight:Q", format=".1%"))
    chart = alt.layer(bars, labels).properties(width=WIDTH, height=alt.Step(32 if fit_width
                                                                            else 26))
    return _styled(chart, f"Weights: {level}", subtitle, fit_width=fit_width)


def category_colors(count: int) -> list[str]:
    """The colours of ``count`` categories in taxonomy order, the same in every chart and in
    the workbook's native charts (hex, no ``#``: see :data:`CATEGORY_PALETTE`)."""
    return [f"#{CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)]}" for i in range(count)]


# Vega expression: a vendor label over two lines at its last space when it is long.
_WRAP_LABEL = ("length(datum.label) > 22 && indexof(datum.label, ' ') > 0 ? "
               "[slice(datum.label, 0, lastindexof(slice(datum.label, 0, 22), ' ')), "
               "slice(datum.label, lastindexof(slice(datum.label, 0, 22), ' ') + 1)] : "
               "datum.label")


def ranking_chart(contributions: pd.DataFrame, knocked_out: set[str] | None = None,
                  subtitle: str = "") -> alt.LayerChart:
    """Stacked bars: each category's contribution to each vendor's weighted score (0-5).

    ``contributions`` is vendor x category name, rows in ranking order (knocked-out vendors
    last) and columns in taxonomy order: bars are drawn in the rows' order, the segments and
    the legend in the columns' order with :func:`category_colors`. Knocked-out vendors are
    labeled so and drawn faded.
    """
    knocked_out = knocked_out or set()
    categories = list(contributions.columns)
    labels = {v: f"{v} (knocked out)" if v in knocked_out else str(v)
              for v in contributions.index}
    long = (contributions.rename(index=labels).rename_axis(index="vendor", columns="category")
            .stack().rename("contribution").reset_index())
    long["position"] = long["category"].map({c: i for i, c in enumerate(categories)})
    long["out"] = long["vendor"].isin({labels[v] for v in knocked_out})
    order = [labels[v] for v in contributions.index]
    y = alt.Y("vendor:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=160, labelExpr=_WRAP_LABEL))
    bars = alt.Chart(long).mark_bar(height=20).encode(
        x=alt.X("contribution:Q", stack="zero", title="Weighted score (0-5)",
                scale=alt.Scale(domain=[0, 5])),
        y=y,
        color=alt.Color("category:N", title="Category",
                        scale=alt.Scale(domain=categories,
                                        range=category_colors(len(categories))),
                        sort=categories,
                        legend=alt.Legend(orient="bottom", labelLimit=260,
                                          columns=alt.ExprRef("width > 480 ? 2 : 1"))),
        order=alt.Order("position:Q"),
        opacity=alt.condition("datum.out", alt.value(0.35), alt.value(1.0)),
        tooltip=[alt.Tooltip("vendor:N", title="Vendor"),
                 alt.Tooltip("category:N", title="Category"),
                 alt.Tooltip("contribution:Q", title="Contribution", format=".2f")])
    totals = contributions.sum(axis=1)
    total_frame = pd.DataFrame({"vendor": order,
                                "total": [Kind.SCORE_5.shown(t) for t in totals.to_numpy()]})
    text = alt.Chart(total_frame).mark_text(align="left", dx=4, fontSize=11).encode(
        x="total:Q", y=y, text=alt.Text("total:Q", format=".2f"))
    chart = alt.layer(bars, text).properties(width=WIDTH, height=alt.Step(30))
    return _styled(chart, "Weighted ranking",
                   subtitle or "Each bar is split by what each category contributes; "
                               "knocked-out vendors last, faded", fit_width=True)


POSITIONING_HEIGHT = 420


def plot_heights(height: float) -> tuple[float, ...]:
    """The plot heights a chart of ``height`` is drawn at: its own, and lower down to half
    (the board pack's PDF lowers a chart taller than its box so its text keeps its size).
    Labels are placed to be clear at each."""
    return (height, height * 0.8, height * 0.65, height * 0.5)


# The plot widths the positioning chart is drawn at: a phone's column, the exported image and
# a wide screen. Labels are placed to be clear at each.
POSITIONING_PLOT_WIDTHS = (240, 620, 900)
NAME_PX_PER_CHARACTER = 6.6     # 11 px labels, with room to spare


def positioning_chart(points: pd.DataFrame, x_title: str, y_title: str,
                      subtitle: str = "") -> alt.LayerChart:
    """2x2 positioning: vendors placed by two groups of categories (weighted scores, 0-5).

    ``points`` has vendor, x, y. The axes zoom to the vendors' range so close vendors stay
    apart, and the quadrant lines sit at the vendors' mean on each axis. Each vendor's name
    sits beside its point where it covers no other name or point at any drawing width; when
    the vendors are too close for that, points carry numbers (in the order of ``points``) and
    a key below names them. Axis titles are wrapped over lines, never shortened.
    """
    def domain(values: pd.Series) -> list[float]:
        low, high = float(values.min()), float(values.max())
        pad = max(0.15, (high - low) * 0.15)
        return [max(0.0, low - pad), min(5.0, high + pad)]

    data = points.reset_index(drop=True).copy()
    x_domain, y_domain = domain(data["x"]), domain(data["y"])
    fx = (data["x"] - x_domain[0]) / (x_domain[1] - x_domain[0])
    fy = (data["y"] - y_domain[0]) / (y_domain[1] - y_domain[0])
    names = [" ".join(str(v).split()) for v in data["vendor"]]

    def placed(texts: list[str]) -> tuple[list[Spot], float]:
        return place_labels(fx, fy, [len(t) * NAME_PX_PER_CHARACTER for t in texts],
                            plot_widths=POSITIONING_PLOT_WIDTHS,
                            plot_height=plot_heights(POSITIONING_HEIGHT))

    spots, covered = placed(names)
    numbered = covered > 0
    if numbered:
        data["text"] = [str(n) for n in range(1, len(data) + 1)]
        spots, _ = placed(list(data["text"]))
    else:
        data["text"] = names
    data["key"] = [f"{n} · {name}" for n, name in zip(data["text"], names)]
    data["spot"] = [SPOTS.index(spot) for spot in spots]

    x_scale = alt.Scale(domain=x_domain, zero=False)
    y_scale = alt.Scale(domain=y_domain, zero=False)
    x_lines, y_lines = lines(x_title, 40), lines(y_title, 60)
    base = alt.Chart(data).encode(
        x=alt.X("x:Q", title=x_lines, scale=x_scale, axis=alt.Axis(titleFontWeight="normal")),
        y=alt.Y("y:Q", title=y_lines, scale=y_scale, axis=alt.Axis(titleFontWeight="normal")))
    dot_color = (alt.Color("key:N", sort=list(data["key"]), title="Vendors",
                           scale=alt.Scale(domain=list(data["key"]),
                                           range=["#1f6f8b"] * len(data)),
                           legend=alt.Legend(orient="bottom", labelLimit=200,
                                             columns=alt.ExprRef("width > 480 ? 3 : 1"),
                                             symbolOpacity=0.85))
                 if numbered else alt.value("#1f6f8b"))
    dots = base.mark_circle(size=140, opacity=0.85).encode(
        color=dot_color,
        tooltip=[alt.Tooltip("vendor:N", title="Vendor"),
                 alt.Tooltip("x:Q", title=" ".join(x_lines), format=".2f"),
                 alt.Tooltip("y:Q", title=" ".join(y_lines), format=".2f")])
    # One text layer per spot: Vega-Lite takes a label's offset and anchoring per mark.
    labels = [base.transform_filter(f"datum.spot == {index}").mark_text(
                  dx=spot.dx, dy=spot.dy, align=spot.align, baseline=spot.baseline,
                  fontSize=11, fontWeight="bold" if numbered else "normal").encode(
                  text="text:N")
              for index, spot in enumerate(SPOTS) if index in set(data["spot"])]
    means = pd.DataFrame({"mx": [points["x"].mean()], "my": [points["y"].mean()]})
    vertical = alt.Chart(means).mark_rule(color="#999", strokeDash=[4, 4]).encode(
        x=alt.X("mx:Q", scale=x_scale))
    horizontal = alt.Chart(means).mark_rule(color="#999", strokeDash=[4, 4]).encode(
        y=alt.Y("my:Q", scale=y_scale))
    chart = alt.layer(vertical, horizontal, dots, *labels).properties(
        width=WIDTH, height=POSITIONING_HEIGHT)
    explained = ("Top right: stronger than the field on both axes; dashed lines at the "
                 "vendors' mean" + ("; numbers are named below" if numbered else ""))
    return _styled(chart, "Positioning", subtitle or explained, fit_width=True)


VALUE_HEIGHT = 380
# The plot widths the value chart is drawn at: a phone's column, the board pack's half slide,
# the exported image and a wide screen.
VALUE_PLOT_WIDTHS = (240, 400, 620, 900)
VALUE_GROUPS = {"frontier": ("On the frontier", "#1f6f8b"),
                "dominated": ("Dominated", "#b0b0b0"),
                "knocked": ("Knocked out", "#c0392b")}


def value_chart(points: pd.DataFrame, currency: str, subtitle: str = "") -> alt.LayerChart:
    """Value for money: weighted benefit (0-5) against total cost of ownership.

    ``points`` has vendor, tco, benefit and group ("frontier", "dominated" or "knocked").
    Vendors on the efficient frontier are joined by a line, cheapest first; dominated
    vendors are grey, knocked-out ones red and hollow. Drawn at any width from a phone's up:
    the axes count their ticks by the width, names wrap, the legend stacks when narrow.
    """
    data = points.reset_index(drop=True).copy()
    data["label"] = [VALUE_GROUPS[g][0] for g in data["group"]]
    data["name"] = [wrapped(str(v), 18) for v in data["vendor"]]
    present = [VALUE_GROUPS[g] for g in VALUE_GROUPS if g in set(data["group"])]
    color = alt.Color("label:N", title=None,
                      scale=alt.Scale(domain=[p[0] for p in present],
                                      range=[p[1] for p in present]),
                      legend=alt.Legend(orient="bottom",
                                        columns=alt.ExprRef("width > 420 ? 3 : 1")))
    pad = max(float(data["tco"].max()) * 0.08, 1.0)
    x_domain = [0.0, float(data["tco"].max()) + pad]
    x = alt.X("tco:Q", title=f"Total cost of ownership ({currency})",
              scale=alt.Scale(domain=x_domain, nice=False),
              axis=alt.Axis(format="~s", tickCount=alt.ExprRef("width < 360 ? 3 : 6")))
    low, high = float(data["benefit"].min()), float(data["benefit"].max())
    room = max(0.15, (high - low) * 0.15)      # zoomed, as the 2x2, so close vendors part
    y_domain = [max(0.0, low - room), min(5.0, high + room)]
    y = alt.Y("benefit:Q", title="Benefit (0-5, cost criteria excluded)",
              scale=alt.Scale(domain=y_domain, zero=False))
    # Each name beside its point where it covers no other name or point at any drawing width
    # (close vendors' names overlapped when every name sat to the right).
    lines_of = [name.split("\n") for name in data["name"]]
    spots, _ = place_labels(
        data["tco"] / x_domain[1], (data["benefit"] - y_domain[0]) / (y_domain[1] - y_domain[0]),
        [max(len(line) for line in name) * NAME_PX_PER_CHARACTER for name in lines_of],
        plot_widths=VALUE_PLOT_WIDTHS, plot_height=plot_heights(VALUE_HEIGHT),
        label_lines=[len(name) for name in lines_of])
    data["spot"] = [SPOTS.index(spot) for spot in spots]
    data["lines"] = [len(name) for name in lines_of]
    base = alt.Chart(data).encode(x=x, y=y)
    frontier = base.transform_filter("datum.group == 'frontier'").mark_line(
        color="#1f6f8b", strokeDash=[5, 3]).encode(
        order=alt.Order("tco:Q"))
    tooltip = [alt.Tooltip("vendor:N", title="Vendor"),
               alt.Tooltip("tco:Q", title=f"Total cost ({currency})", format=",.0f"),
               alt.Tooltip("benefit:Q", title="Benefit (0-5)", format=".2f"),
               alt.Tooltip("label:N", title="Value for money")]
    dots = base.mark_point(size=130, filled=True, opacity=0.9, strokeWidth=2).encode(
        color=color, stroke=color, tooltip=tooltip,
        fill=alt.condition("datum.group == 'knocked'", alt.value("white"), color))
    # One text layer per spot and number of lines (Vega takes offsets per mark).
    names = [base.transform_filter(f"datum.spot == {index} && datum.lines == {count}")
             .mark_text(dx=spot.dx, dy=first_line_dy(spot, count), align=spot.align,
                        baseline=spot.baseline, fontSize=11, lineBreak="\n")
             .encode(text="name:N", color=alt.value("#333"))
             for index, spot in enumerate(SPOTS) for count in sorted(set(data["lines"]))
             if ((data["spot"] == index) & (data["lines"] == count)).any()]
    chart = alt.layer(frontier, dots, *names).properties(width=WIDTH, height=VALUE_HEIGHT)
    explained = ("Up and to the left is better value; the line joins the efficient frontier, "
                 "grey vendors are dominated")
    return _styled(chart, "Value for money", subtitle or explained, fit_width=True)


def tornado_chart(thresholds: pd.DataFrame, winner: str, subtitle: str = "") -> alt.LayerChart:
    """For each category, the weight range over which ``winner`` stays first, current marked.

    ``thresholds`` has category (name), current, low and high (weights 0-1), widest first.
    """
    data = thresholds.copy()
    data["width"] = data["high"] - data["low"]
    order = list(data.sort_values("width")["category"])
    y = alt.Y("category:N", sort=order, title=None,
              axis=alt.Axis(labelExpr=_WRAP_LABEL, labelLimit=170))
    bars = alt.Chart(data).mark_bar(height=16, color="#9ecae1").encode(
        x=alt.X("low:Q", title="Category weight", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%")),
        x2="high:Q", y=y,
        tooltip=[alt.Tooltip("category:N", title="Category"),
                 alt.Tooltip("low:Q", title="Winner holds from", format=".0%"),
                 alt.Tooltip("high:Q", title="up to", format=".0%"),
                 alt.Tooltip("current:Q", title="Current weight", format=".0%")])
    ticks = alt.Chart(data).mark_tick(color="#c0392b", thickness=3, size=22).encode(
        x="current:Q", y=y)
    chart = alt.layer(bars, ticks).properties(width=WIDTH, height=alt.Step(30))
    return _styled(chart, f"How far each weight can move before {winner} loses first place",
                   subtitle or "Bar: range of the category's weight that keeps the winner; "
                               "red tick: today's weight", fit_width=True)


# Plasma from its deep blue to its warm yellow (before the pale end, which a white page would
# swallow): lightness rises with the rank, the hue turns, so order reads at a glance.
RANK_ANCHORS = ("#0d0887", "#6a00a8", "#b12a90", "#e16462", "#fca636", "#fcce25")
# Pixels a segment needs for its rank and share ("#12 · 100%"), or for its rank alone.
RANK_AND_SHARE_PX, RANK_PX = 64, 24


def rank_colors(ranks: int) -> list[str]:
    """A colour per rank 1..``ranks``, darkest first, neighbours as far apart as the palette
    allows (CIEDE2000 at least 5 for 20 ranks, 11 for 10: see tests/reports/test_colors.py)."""
    return ramp(RANK_ANCHORS, max(1, ranks))


def acceptability_chart(acceptability: pd.DataFrame, subtitle: str = "") -> alt.LayerChart:
    """Stacked bars: probability of each vendor holding each rank when weights vary.

    ``acceptability`` is vendor x rank (1..n) probabilities, vendors in the order to draw.
    Segments run rank 1 first, each in its rank's colour, parted by a thin white line, and
    say their rank and share where they are wide enough at the width drawn.
    """
    long = (acceptability.rename_axis(index="vendor", columns="rank").stack()
            .rename("probability").reset_index())
    long["rank"] = long["rank"].astype(int)
    long = long.sort_values(["vendor", "rank"], kind="stable")
    long["end"] = long.groupby("vendor", sort=False)["probability"].cumsum()
    long["start"] = long["end"] - long["probability"]
    long = long[long["probability"] > 0]
    ranks = sorted(int(r) for r in acceptability.columns)
    colors = rank_colors(len(ranks))
    ink = {rank: text_color(color, dark="#000000") for rank, color in zip(ranks, colors)}
    long["ink"] = long["rank"].map(ink)
    long["short"] = "#" + long["rank"].astype(str)
    long["long"] = long["short"] + " · " + (long["probability"] * 100).round().astype(int).astype(
        str) + "%"
    long["middle"] = (long["start"] + long["end"]) / 2
    order = list(acceptability.index)
    y = alt.Y("vendor:N", sort=order, title=None)
    step = max(1, len(ranks) // 10)
    shown = ranks if len(ranks) <= 20 else [r for r in ranks if r == 1 or r % (5 * step) == 0]
    bars = alt.Chart(long).mark_bar(height=22, stroke="white", strokeWidth=1).encode(
        x=alt.X("start:Q", title="Probability", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", tickCount=alt.ExprRef("width < 300 ? 5 : 10"))),
        x2="end:Q", y=y,
        color=alt.Color("rank:O", title="Rank", scale=alt.Scale(domain=ranks, range=colors),
                        legend=alt.Legend(orient="bottom", values=shown, symbolType="square",
                                          symbolSize=160,
                                          columns=alt.ExprRef(f"width > 480 ? {min(10, len(shown))}"
                                                              f" : {min(5, len(shown))}"))),
        tooltip=[alt.Tooltip("vendor:N", title="Vendor"), alt.Tooltip("rank:O", title="Rank"),
                 alt.Tooltip("probability:Q", title="Probability", format=".1%")])
    # The widths are known only when drawn: each segment keeps the longest text that fits.
    wide = f"(datum.end - datum.start) * width >= {RANK_AND_SHARE_PX}"
    narrow = f"(datum.end - datum.start) * width >= {RANK_PX}"
    texts = [alt.Chart(long).transform_filter(test).mark_text(fontSize=11, fontWeight="bold")
             .encode(x="middle:Q", y=y, text=f"{field}:N", color=alt.Color("ink:N", scale=None))
             for field, test in (("long", wide), ("short", f"{narrow} && !({wide})"))]
    chart = alt.layer(bars, *texts).properties(width=WIDTH, height=alt.Step(30))
    return _styled(chart, "Rank acceptability",
                   subtitle or "How often each vendor holds each rank when weights vary",
                   fit_width=True)


# --- organization-wide pulse -----------------------------------------------------------------

def pulse_heatmap_chart(cells: pd.DataFrame, subtitle: str = "") -> alt.LayerChart:
    """Groups x dimensions of a pulse: each cell coloured by its difference from everyone
    (red below, blue above) and labeled with its score; a hidden group's cell is grey and
    says "hidden", a group without responses says "none".

    ``cells`` is :func:`outcomes.pulse_tables.groups_table`'s frame (group, area, score,
    difference, note).
    """
    data = cells[["group", "area", "score", "difference", "note"]].copy()
    data["label"] = [("none" if note == "no responses" else "hidden") if note
                     else Kind.SCORE_100.text(score)
                     for score, note in zip(data["score"], data["note"])]
    data["column"] = [wrapped(area, 14) for area in data["area"]]
    data["row"] = [wrapped(group, 24) for group in data["group"]]
    data["shade"] = data["difference"].clip(-20, 20)
    columns = list(dict.fromkeys(data["column"]))
    x = alt.X("column:N", sort=columns, title=None,
              axis=alt.Axis(labelAngle=0, orient="top", labelExpr=SPLIT_LINES,
                            labelLineHeight=14, labelOverlap=False, labelLimit=0))
    y = alt.Y("row:N", sort=list(dict.fromkeys(data["row"])), title=None,
              axis=alt.Axis(labelExpr=SPLIT_LINES, labelLineHeight=14))
    base = alt.Chart(data).encode(x=x, y=y, tooltip=[
        alt.Tooltip("group:N", title="Group"), alt.Tooltip("area:N", title="Dimension"),
        alt.Tooltip("score:Q", title="Score", format=".0f"),
        alt.Tooltip("difference:Q", title="Difference from everyone", format="+.0f"),
        alt.Tooltip("note:N", title="Not shown because")])
    boxes = base.mark_rect(stroke="white").encode(color=alt.condition(
        "isValid(datum.shade)",
        alt.Color("shade:Q", title="Difference from everyone",
                  scale=alt.Scale(domain=[-20, 0, 20], range=["#c0392b", "#f4f4f4", "#1f6f8b"]),
                  legend=alt.Legend(orient="bottom")),
        alt.value("#d9d9d9")))
    texts = base.mark_text(fontSize=12).encode(text="label:N")
    chart = (boxes + texts).properties(width=WIDTH,
                                       height=max(120, 30 * data["row"].nunique()))
    return _styled(chart, "Where groups differ from everyone",
                   subtitle or "Score per group and dimension; grey: hidden by the anonymity "
                               "rules", fit_width=True)


def leaders_employees_chart(gap: pd.DataFrame, leaders: str = "Leaders",
                            employees: str = "Employees", subtitle: str = "") -> alt.Chart:
    """Leaders' and employees' score per dimension side by side (a pulse's gap table:
    name, leaders, employees); a dimension with a hidden side shows only the other."""
    long = gap.melt(id_vars=["name"], value_vars=["leaders", "employees"], var_name="side",
                    value_name="score").dropna(subset=["score"])
    long["side"] = long["side"].map({"leaders": leaders, "employees": employees})
    long["row"] = [wrapped(name, 18) for name in long["name"]]
    chart = alt.Chart(long).mark_bar(height=9).encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title="Score (0-100)"),
        y=alt.Y("row:N", sort=[wrapped(n, 18) for n in gap["name"]], title=None,
                axis=alt.Axis(labelExpr=SPLIT_LINES, labelLineHeight=14)),
        yOffset=alt.YOffset("side:N", sort=[leaders, employees]),
        color=alt.Color("side:N", title=None, sort=[leaders, employees],
                        scale=alt.Scale(range=["#1f6f8b", "#e5a50a"]),
                        legend=alt.Legend(orient="bottom")),
        tooltip=[alt.Tooltip("name:N", title="Dimension"), alt.Tooltip("side:N", title="Who"),
                 alt.Tooltip("score:Q", title="Score", format=".0f")],
    ).properties(width=WIDTH, height=max(120, 40 * gap["name"].nunique()))
    return _styled(chart, "Leaders against employees",
                   subtitle or "How each group sees the organization", fit_width=True)
