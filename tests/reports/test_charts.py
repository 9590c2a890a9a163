"""Chart builders: valid Vega-Lite specs with the right data, renderable offline to PNG."""
import itertools
import json

import pandas as pd
import pytest
import vl_convert

import workspace
from assessments import score
from assessments.summary import culture_trend, maturity_trend, readiness_summary
from reports import charts, colors
from reports.formats import BAND_COLORS
from tests.reports.drawing import (DESKTOP, PHONE, as_streamlit_draws, axis_labels,
                                   drawn_width, legend_colors, legend_labels, plot_width,
                                   points, text_boxes, texts)


def _results(db, culture_bank, maturity_bank):
    [example] = workspace.list_engagements(db)
    culture = score(culture_bank, workspace.engagement_responses(db, example.id, "culture"))
    maturity = score(maturity_bank, workspace.engagement_responses(db, example.id, "maturity"),
                     workspace.get_targets(db, example.id, "maturity"))
    return example, culture, maturity


def _data(spec: dict) -> list[dict]:
    return [row for rows in spec["datasets"].values() for row in rows]


def test_dimension_chart_shows_every_dimension_with_its_band(example_db, culture_bank,
                                                            maturity_bank):
    _, culture, _ = _results(example_db, culture_bank, maturity_bank)
    spec = charts.dimension_scores_chart(culture.dimensions, culture_bank.target).to_dict()
    rows = [r for r in _data(spec) if "band_label" in r]
    assert {r["name"] for r in rows} == {d.name for d in culture_bank.dimensions}
    assert {r["band_label"] for r in rows} <= set(BAND_COLORS)
    assert spec["title"]["text"] == "Culture readiness by dimension"
    assert any(r.get("target") == culture_bank.target for r in _data(spec))


def test_maturity_heatmap_marks_current_and_target(example_db, culture_bank, maturity_bank):
    _, _, maturity = _results(example_db, culture_bank, maturity_bank)
    spec = charts.maturity_heatmap(maturity.distribution, maturity.competencies,
                                   [s.name for s in maturity_bank.stages]).to_dict()
    cells = [r for r in _data(spec) if "share" in r]
    names = {c.name for c in maturity_bank.competencies}
    assert len({(r["name"], r["stage"]) for r in cells}) == len(names) * 4
    targets = {(r["name"], r["stage"]) for r in cells if "target" in r.get("note", "")}
    currents = {(r["name"], r["stage"]) for r in cells if "current" in r.get("note", "")}
    assert len(targets) == len(names)
    assert currents == {(row["name"], f"{row['stage']}. {maturity_bank.stage_name(row['stage'])}")
                        for _, row in maturity.competencies.iterrows() if row["stage"] > 0}


def _heatmap(maturity, maturity_bank):
    return charts.maturity_heatmap(maturity.distribution, maturity.competencies,
                                   [s.name for s in maturity_bank.stages])


def test_maturity_heatmap_shows_every_stage_label_on_a_phone_and_a_desktop(
        example_db, culture_bank, maturity_bank):
    """Streamlit hides axis labels that overlap: stages 2 and 3 used to vanish."""
    _, _, maturity = _results(example_db, culture_bank, maturity_bank)
    stages = [f"{s.level}. {s.name}" for s in maturity_bank.stages]
    competencies = [c.name for c in maturity_bank.competencies]
    for width in (PHONE, charts.WIDTH, DESKTOP):
        scene = as_streamlit_draws(_heatmap(maturity, maturity_bank), width)
        labels = axis_labels(scene)
        assert [text for text, _ in labels] == stages + competencies, width
        assert [text for text, shown in labels if not shown] == [], width
        assert drawn_width(scene) <= width
        assert plot_width(scene) >= 0.6 * width, width


def test_culture_chart_fits_a_phone_with_every_dimension_named(example_db, culture_bank,
                                                               maturity_bank):
    _, culture, _ = _results(example_db, culture_bank, maturity_bank)
    chart = charts.dimension_scores_chart(culture.dimensions, culture_bank.target)
    for width in (PHONE, DESKTOP):
        scene = as_streamlit_draws(chart, width)
        shown = {text for text, visible in axis_labels(scene) if visible}
        assert {d.name for d in culture_bank.dimensions} <= shown, width
        assert drawn_width(scene) <= width
        # Names and legend leave the bars most of the width, not a sliver.
        assert plot_width(scene) >= 0.6 * width, width


def test_long_titles_are_wrapped_not_cut():
    table = pd.DataFrame({"item": ["Security"], "weight": [1.0]})
    spec = charts.weights_chart(table, "Security and compliance, with every criterion of it"
                                ).to_dict()
    title = spec["title"]["text"]
    assert isinstance(title, list) and len(title) == 2
    assert all(len(line) <= charts.TITLE_CHARACTERS for line in title)
    assert " ".join(title) == "Weights: Security and compliance, with every criterion of it"


def test_trend_chart_has_a_line_per_dimension_and_overall(example_db, culture_bank,
                                                         maturity_bank):
    example, culture, maturity = _results(example_db, culture_bank, maturity_bank)
    baseline = workspace.list_snapshots(example_db, example.id)[0]
    today = readiness_summary(culture_bank, culture, maturity_bank, maturity)
    trend = culture_trend(culture_bank, [(baseline.taken_at, baseline.label, baseline.payload),
                                         ("2030-01-01T00:00:00+00:00", "now", today)])
    assert set(trend["area"]) == {"Overall"} | {d.name for d in culture_bank.dimensions}
    assert trend.groupby("area").size().eq(2).all()
    spec = charts.trend_chart(trend).to_dict()
    assert json.loads(json.dumps(spec))["mark"]["type"] == "line"


def _same_day(summary: dict) -> list[tuple[str, str, dict]]:
    return [("2026-09-01T08:00:00+00:00", "Baseline", summary),
            ("2026-11-30T09:00:00+00:00", "Before the pilot", summary),
            ("2026-11-30T15:30:00+00:00", "", summary)]


def test_trend_axis_names_snapshots_by_day_and_label_never_by_the_hour(
        example_db, culture_bank, maturity_bank):
    """Snapshots an afternoon apart used to sit on a time axis ticking "09 AM", "12 PM"."""
    example, culture, maturity = _results(example_db, culture_bank, maturity_bank)
    trend = culture_trend(culture_bank, _same_day(
        readiness_summary(culture_bank, culture, maturity_bank, maturity)))
    scene = as_streamlit_draws(charts.trend_chart(trend), DESKTOP)
    days = [text for text, _ in axis_labels(scene) if text.startswith("2026-")]
    assert days == ["2026-09-01 Baseline", "2026-11-30 (1) Before the pilot", "2026-11-30 (2)"]
    assert all(shown for text, shown in axis_labels(scene) if text in days)
    # On a phone the days stand upright rather than hide one another.
    phone = as_streamlit_draws(charts.trend_chart(trend), PHONE)
    assert [text for text, shown in axis_labels(phone) if text.startswith("2026-") and shown] == [
        "2026-09-01", "2026-11-30 (1)", "2026-11-30 (2)"]
    assert drawn_width(phone) <= PHONE


def test_maturity_trend_chart_shows_each_stage_per_snapshot(example_db, culture_bank,
                                                            maturity_bank):
    example, culture, maturity = _results(example_db, culture_bank, maturity_bank)
    trend = maturity_trend(maturity_bank, _same_day(
        readiness_summary(culture_bank, culture, maturity_bank, maturity)))
    chart = charts.maturity_trend_chart(trend, [s.name for s in maturity_bank.stages])
    cells = [r for r in _data(chart.to_dict()) if "stage" in r]
    areas = 1 + len(maturity_bank.competencies)
    assert len({(r["order"], r["area"]) for r in cells}) == 3 * areas
    for width in (PHONE, DESKTOP):
        scene = as_streamlit_draws(chart, width)
        assert drawn_width(scene) <= width
        shown = [text for text, visible in axis_labels(scene) if visible]
        assert {"Overall"} | {c.name for c in maturity_bank.competencies} <= set(shown)
        assert sum(text.startswith("2026-") for text in shown) == 3, width
        numbers = [item["text"] for item in texts(scene)]
        assert sorted(numbers) == sorted(str(r["stage"]) for r in cells)


def test_charts_render_offline_to_png(example_db, culture_bank, maturity_bank):
    _, culture, maturity = _results(example_db, culture_bank, maturity_bank)
    for chart in (charts.dimension_scores_chart(culture.dimensions, culture_bank.target),
                  charts.maturity_heatmap(maturity.distribution, maturity.competencies,
                                          [s.name for s in maturity_bank.stages])):
        png = vl_convert.vegalite_to_png(chart.to_json(), scale=1)
        assert png.startswith(b"\x89PNG") and len(png) > 10_000


def _spec_rows(chart) -> list[dict]:
    return _data(chart.to_dict())


def test_ranking_chart_keeps_the_ranking_order_and_marks_knock_outs():
    """Bars follow the ranking as gathered (a knocked-out vendor last, whatever its total),
    never a re-sort by total that would put it back among the ranked vendors."""
    contributions = pd.DataFrame({"Security": [2.0, 1.0, 2.5], "Cost": [0.5, 1.0, 0.9]},
                                 index=["Workvivo", "Slack", "Staffbase"])
    spec = charts.ranking_chart(contributions, knocked_out={"Staffbase"}).to_dict()
    y = spec["layer"][0]["encoding"]["y"]["sort"]
    assert y == ["Workvivo", "Slack", "Staffbase (knocked out)"]
    totals = {r["vendor"]: r["total"] for r in _data(spec) if "total" in r}
    assert totals == {"Workvivo": 2.5, "Slack": 2.0, "Staffbase (knocked out)": 3.4}


def test_ranking_chart_stacks_and_lists_categories_in_taxonomy_order_with_fixed_colours():
    """The legend and the stack follow the taxonomy (not the alphabet), and a category has
    the same colour in every chart and in the workbook (reports.formats.CATEGORY_PALETTE)."""
    contributions = pd.DataFrame({"Security": [1.0], "Adoption": [1.0], "Cost": [0.5]},
                                 index=["Slack"])
    spec = charts.ranking_chart(contributions).to_dict()
    color = spec["layer"][0]["encoding"]["color"]
    assert color["scale"]["domain"] == ["Security", "Adoption", "Cost"]
    assert color["scale"]["range"] == ["#4E79A7", "#F28E2B", "#E15759"]
    assert spec["layer"][0]["encoding"]["order"]["field"] == "position"
    positions = {r["category"]: r["position"] for r in _data(spec) if "position" in r}
    assert positions == {"Security": 0, "Adoption": 1, "Cost": 2}


def test_positioning_chart_zooms_to_the_vendors_and_marks_the_mean():
    points = pd.DataFrame({"vendor": ["A", "B"], "x": [3.0, 4.0], "y": [2.0, 4.0]})
    spec = charts.positioning_chart(points, "Fit", "Readiness").to_dict()
    x_scale = next(layer["encoding"]["x"]["scale"]["domain"] for layer in spec["layer"]
                   if "x" in layer.get("encoding", {}))
    assert x_scale[0] < 3.0 and x_scale[1] > 4.0 and x_scale[1] <= 5.0
    means = [r for r in _data(spec) if "mx" in r][0]
    assert (means["mx"], means["my"]) == (3.5, 3.0)


CLOSE_VENDORS = pd.DataFrame({
    "vendor": ["Microsoft Viva Engage", "Workplace from Meta", "Slack", "Staffbase", "Workvivo",
               "Simpplr", "LumApps", "Jive", "Unily"],
    "x": [3.13, 3.17, 3.13, 3.00, 3.17, 3.14, 3.06, 3.15, 3.13],
    "y": [3.02, 3.00, 3.04, 2.94, 2.99, 2.96, 3.05, 3.00, 2.98]})
LONG_X = "Security and compliance + Core social features + Integration + Deployment and administration"
LONG_Y = "Adoption and usability + Governance support + Cost + Vendor viability"


def _covers(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_positioning_labels_of_close_vendors_stay_readable_on_a_phone_and_a_desktop():
    """Nine vendors within 0.2 points of each other: names used to print over each other."""
    chart = charts.positioning_chart(CLOSE_VENDORS, LONG_X, LONG_Y)
    for width in (PHONE, DESKTOP):
        scene = as_streamlit_draws(chart, width)
        assert drawn_width(scene) <= width
        boxes = text_boxes(scene)
        for (first, a), (second, b) in itertools.combinations(boxes, 2):
            assert not _covers(a, b), (width, first, second)
        centres = points(scene)
        for text, box in boxes:           # no label hides where another vendor stands
            assert sum(box[0] < x < box[2] and box[1] < y < box[3] for x, y in centres) == 0, (
                width, text)
        # Every vendor can be found: by its name beside its point, or by its number's key.
        shown = {text for text, _ in boxes}
        key = {entry.split(" · ", 1)[1]: entry.split(" · ", 1)[0]
               for entry in legend_labels(scene)}
        for vendor in CLOSE_VENDORS["vendor"]:
            assert vendor in shown or key.get(vendor) in shown, (width, vendor)


def test_positioning_names_vendors_beside_their_points_when_there_is_room():
    spread = pd.DataFrame({"vendor": ["Slack", "Workvivo", "Staffbase"], "x": [2.0, 3.5, 4.2],
                           "y": [3.9, 2.1, 3.2]})
    scene = as_streamlit_draws(charts.positioning_chart(spread, "Fit", "Readiness"), PHONE)
    assert sorted(text for text, _ in text_boxes(scene)) == ["Slack", "Staffbase", "Workvivo"]
    assert legend_labels(scene) == []


def test_positioning_axis_titles_name_every_category_over_lines():
    spec = charts.positioning_chart(CLOSE_VENDORS, LONG_X, LONG_Y).to_dict()
    encoding = next(layer["encoding"] for layer in spec["layer"] if "y" in layer["encoding"]
                    and "x" in layer["encoding"])
    for channel, title in (("x", LONG_X), ("y", LONG_Y)):
        lines = encoding[channel]["title"]
        assert " ".join(lines) == title
        assert len(lines) >= 2 and all(len(line) <= 60 for line in lines)


def test_tornado_chart_draws_each_range_and_the_current_weight():
    thresholds = pd.DataFrame({"category": ["Security", "Cost"], "current": [0.6, 0.4],
                               "low": [0.2, 0.0], "high": [1.0, 0.7]})
    spec = charts.tornado_chart(thresholds, "Slack").to_dict()
    assert "Slack" in " ".join(spec["title"]["text"])
    rows = {r["category"]: r for r in _data(spec)}
    assert rows["Security"]["width"] == 0.8 and rows["Cost"]["current"] == 0.4


def test_acceptability_chart_stacks_probabilities_by_rank():
    table = pd.DataFrame({1: [0.9, 0.1], 2: [0.1, 0.9]}, index=["Slack", "Workvivo"])
    rows = _spec_rows(charts.acceptability_chart(table))
    assert {(r["vendor"], r["rank"]): r["probability"] for r in rows} == {
        ("Slack", 1): 0.9, ("Slack", 2): 0.1, ("Workvivo", 1): 0.1, ("Workvivo", 2): 0.9}


def _one_rank_each(count: int) -> pd.DataFrame:
    """Vendor i holds rank i half the time, every other rank equally often."""
    rows = [[0.5 if rank == vendor else 0.5 / (count - 1) for rank in range(1, count + 1)]
            for vendor in range(1, count + 1)]
    return pd.DataFrame(rows, index=[f"Vendor {v}" for v in range(1, count + 1)],
                        columns=range(1, count + 1))


@pytest.mark.parametrize("count", [3, 7, 10, 20])
def test_rank_colours_are_ordered_and_neighbours_told_apart(count):
    """How the contrast is checked: CIEDE2000 between the legend colours of neighbouring
    ranks (segments of neighbouring ranks touch in a bar), lightness rising with the rank,
    and WCAG contrast of each segment's text. Vega's "blues" scheme, used before, gave
    neighbours 2-3 apart at 20 ranks: hardly different."""
    scene = as_streamlit_draws(charts.acceptability_chart(_one_rank_each(count)), DESKTOP)
    fills = legend_colors(scene)
    assert len(fills) == count
    labs = [colors.to_lab(fill) for fill in fills]
    steps = [colors.delta_e(a, b) for a, b in zip(labs, labs[1:])]
    assert min(steps) >= (11 if count <= 10 else 5), steps
    assert all(a[0] < b[0] for a, b in zip(labs, labs[1:]))        # darkest first
    inks = {item["text"].split(" ")[0]: item["fill"] for item in texts(scene)}
    for rank, fill in enumerate(fills, start=1):
        assert colors.contrast(inks[f"#{rank}"], fill) >= 4.5


def test_acceptability_segments_say_their_rank_and_share_where_they_fit():
    chart = charts.acceptability_chart(_one_rank_each(20))
    wide = {str(item["text"]) for item in texts(as_streamlit_draws(chart, DESKTOP))}
    assert {f"#{rank} · 50%" for rank in range(1, 21)} <= wide
    assert not any(text.startswith("#") and "3%" in text for text in wide)   # 2.6% is narrow
    phone = as_streamlit_draws(chart, PHONE)
    assert drawn_width(phone) <= PHONE
    assert {f"#{rank}" for rank in range(1, 21)} <= {
        str(item["text"]).split(" ")[0] for item in texts(phone)}


def test_weights_chart_shows_percentages():
    table = pd.DataFrame({"item": ["Security", "Cost"], "weight": [0.75, 0.25]})
    spec = charts.weights_chart(table, "Categories").to_dict()
    assert spec["layer"][0]["encoding"]["x"]["axis"]["format"] == "%"
    png = vl_convert.vegalite_to_png(charts.weights_chart(table, "Categories").to_json())
    assert png.startswith(b"\x89PNG")


def test_knocked_out_vendors_are_drawn_faded():
    """Their bars keep the 'out' flag per segment (a summed bar would lose it and draw
    every vendor alike)."""
    contributions = pd.DataFrame({"Security": [2.0, 2.5]}, index=["Slack", "Staffbase"])
    spec = charts.ranking_chart(contributions, knocked_out={"Staffbase"}).to_dict()
    bars = spec["layer"][0]
    assert bars["encoding"]["opacity"]["condition"]["test"] == "datum.out"
    assert bars["encoding"]["x"]["field"] == "contribution"
    flags = {r["vendor"]: r["out"] for r in _data(spec) if "out" in r}
    assert flags == {"Slack": False, "Staffbase (knocked out)": True}


def test_group_weights_fit_a_phone_with_every_item_named():
    """The group's weights as a participant sees them on a 390 px phone: every category
    named (long names over two lines), nothing drawn outside the screen."""
    names = ["Security and compliance", "Core social features", "Integration",
             "Deployment and administration", "Adoption and usability", "Governance support",
             "Cost", "Vendor viability"]
    table = pd.DataFrame({"item": names, "weight": [0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.1, 0.1]})
    chart = charts.weights_chart(table, "Categories (group)", "", True)
    scene = as_streamlit_draws(chart, PHONE)
    shown = " ".join(text for text, visible in axis_labels(scene) if visible)
    for name in names:
        assert all(word in shown for word in name.split()), name
    assert drawn_width(scene) <= PHONE
    assert plot_width(scene) >= 0.4 * PHONE


VALUE_POINTS = pd.DataFrame({
    "vendor": ["Microsoft SharePoint", "Microsoft Viva Engage", "Workvivo by Zoom", "Slack",
               "Gamma"],
    "tco": [30_000.0, 184_000.0, 338_000.0, 582_000.0, 100.0],
    "benefit": [3.59, 4.08, 4.04, 3.94, 3.5],
    "group": ["frontier", "frontier", "dominated", "dominated", "knocked"]})


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_value_chart_fits_the_width_and_names_every_vendor_inside_the_plot(width):
    scene = as_streamlit_draws(charts.value_chart(VALUE_POINTS, "EUR"), width)
    assert drawn_width(scene) <= width
    names = {" ".join(str(t["text"]).split()) for t in texts(scene)}
    assert set(names) == set(VALUE_POINTS["vendor"])
    plot = plot_width(scene)
    for text, (left, _, right, _) in text_boxes(scene):
        longest = max(len(line) for line in text.split("\n")) * 0.55 * 11
        # The box is estimated from the whole text; its longest line is what is drawn.
        assert -2 <= left and left + longest <= plot + 2, (width, text)
    assert legend_labels(scene) == ["On the frontier", "Dominated", "Knocked out"]


def test_value_chart_joins_only_the_frontier_and_marks_the_knocked_out_hollow():
    spec = charts.value_chart(VALUE_POINTS, "CHF").to_dict()
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert line["transform"] == [{"filter": "datum.group == 'frontier'"}]
    dots = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")
    assert dots["encoding"]["fill"]["condition"]["test"] == "datum.group == 'knocked'"
    assert dots["encoding"]["x"]["title"] == "Total cost of ownership (CHF)"


def test_value_chart_names_of_close_vendors_do_not_print_over_each_other():
    """The example's dominated crowd: Simpplr's and LumApps' names touched when every name
    sat right of its point (left in the right third)."""
    crowd = pd.DataFrame({
        "vendor": ["Microsoft SharePoint", "Microsoft Viva Engage", "Workvivo by Zoom",
                   "Slack", "LumApps", "Simpplr", "Staffbase"],
        "tco": [30_000.0, 184_000.0, 338_000.0, 582_000.0, 370_000.0, 405_000.0, 352_000.0],
        "benefit": [3.59, 4.08, 4.04, 3.94, 3.87, 3.85, 3.86],
        "group": ["frontier", "frontier"] + ["dominated"] * 5})
    chart = charts.value_chart(crowd, "EUR")
    for width in (PHONE, 560, DESKTOP):          # 560: the board pack's half slide
        scene = as_streamlit_draws(chart, width)
        boxes = [(text, box) for text, box in text_boxes(scene) if "\n" not in text
                 and not text.startswith("[")]     # one-line names: their box is exact
        assert {"Workvivo by Zoom", "LumApps", "Simpplr", "Staffbase", "Slack"} <= {
            text for text, _ in boxes}
        for (first, a), (second, b) in itertools.combinations(boxes, 2):
            assert not _covers(a, b), (width, first, second)


def test_value_chart_names_stay_apart_when_the_pdf_draws_the_plot_lower():
    """The board pack's PDF lowers a chart taller than its box (down to half its plot) so its
    text keeps its size; names placed for the full height ran into each other there (a
    review found this frame overlapping at 397 x 235)."""
    import vl_convert

    frame = pd.DataFrame({"vendor": ["V0xxxxxxxxxxx", "V1xxxxxxxx", "V2xxxxxxxx", "V3xxxxxx"],
                          "tco": [157000.0, 28000.0, 561000.0, 70000.0],
                          "benefit": [4.06, 3.63, 4.16, 3.66], "group": ["dominated"] * 4})
    chart = charts.value_chart(frame, "EUR")
    for width, height in ((397, 380), (397, 235), (397, 190), (620, 250)):
        scene = vl_convert.vegalite_to_scenegraph(
            chart.properties(width=width, height=height).to_dict())
        boxes = [(text, box) for text, box in text_boxes(scene) if text.startswith("V")]
        assert len(boxes) == 4
        for (first, a), (second, b) in itertools.combinations(boxes, 2):
            assert not _covers(a, b), (width, height, first, second)
