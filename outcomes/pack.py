"""The board pack's content, made once from the app's results for every format.

:func:`board_pack` lays an engagement's readiness and platform decision out as slides
(:class:`reports.pack.Deck`): the title, the answer in one slide, readiness, the decision,
method notes and data coverage. Every number comes from :mod:`outcomes.gather`,
:mod:`outcomes.tables` and :mod:`outcomes.robustness` with the shared formats, so the deck,
the PDF and the HTML report read exactly as the pages do. What is missing is said on its
slide, never filled: an engagement nobody answered, or with no vendor scored, still gets a
true pack.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

import assessments
import workspace
from assessments.summary import culture_trend, snapshot_overview
from outcomes import actions, decision_record, gather, steering, tables, value
from outcomes.gather import Platforms, Readiness
from outcomes.pulse import PulseResults
from outcomes.robustness import Robustness, robustness
from reports import charts
from reports.formats import BAND_COLORS, CATEGORY_PALETTE, MISSING, Kind, counted
from reports.pack import (Bullet, Bullets, Chart, Columns, Deck, Headline, Metrics, Series,
                          Slide, TableBlock)

#: At most this many vendors in a slide's chart or table (the HTML report shows every row).
VENDORS_ON_A_SLIDE = 10
#: Ranks drawn one by one in the rank acceptability chart; the rest are summed.
RANKS_ON_A_SLIDE = 10
POSITIONED_ON_A_SLIDE = 15
READINESS, DECISION, ABOUT = "Readiness", "Platform decision", "About this pack"
_COMPUTE = object()

METHOD_CULTURE = (
    "Culture: each answer becomes points on 0-100, (answer - 1) / 4 x 100, after reversing "
    "reverse-scored statements; \"don't know\" is counted, never scored. A dimension's score "
    "is the mean over people; agreement is 1 - spread / 50. Bands: barrier below 50, "
    "developing below 75, ready from 75 (the target). A statement at or below 50 is a "
    "barrier.")
METHOD_MATURITY = (
    "Maturity: a competency's stage is the lower median of the stages people chose; the "
    "overall stage is the lower median of the competency stages. Gap = target - stage.")
METHOD_ACTIONS = (
    "What to do first: every gap gets a priority = importance (1-5) x shortfall (culture: "
    "(target - score) / target; maturity: stages below target / 3); actions are ranked by "
    "priority, at most one per area in the top five, and grouped into pilot, capability "
    "and roll-out.")
METHOD_WEIGHTS = (
    "Weights: per level by direct entry, 100 points or AHP pairwise comparison (principal "
    "eigenvector; CR = CI / RI(n), consistent at 0.10 or less). A criterion's global weight "
    "is its category's weight x its weight within the category; a level nobody weighed "
    "counts with equal weights.")
METHOD_RANKING = (
    "Ranking: the weighted mean of the 0-5 scores (cost criteria count as 5 - score), "
    "averaged over scorers; a missing score counts as the worst; ties share the best rank. "
    "A vendor below a must-have's minimum is knocked out: it keeps its score, takes no rank "
    "and no part in the robustness analysis. TOPSIS ranks the passing vendors by closeness "
    "to the ideal.")
METHOD_ROBUSTNESS = (
    "Robustness: for each category, the range of its weight (the others rescaled in "
    "proportion) over which the winner stays first; and 10,000 weightings drawn from a "
    "Dirichlet distribution centred on the chosen weights (moderate spread, concentration "
    "100, as the comparison page shows first), counting how often each vendor holds each "
    "rank.")


def _headlines(metrics: Sequence[tables.Metric]) -> list[Headline]:
    return [Headline(m.label, m.value, m.caption) for m in metrics]


def _by_label(metrics: Sequence[tables.Metric], *labels: str) -> list[Headline]:
    found = {m.label: m for m in metrics}
    return [Headline(found[k].label, found[k].value, found[k].caption) for k in labels]


# --- the answer -------------------------------------------------------------------------------

def _platform_sentence(platforms: Platforms | None, robust: Robustness | None) -> str:
    if platforms is None:
        return "no vendor has been scored yet, so there is no platform choice to report"
    if platforms.winner is None:
        return "every vendor fails a must-have, so none is ranked and none leads"
    tied = platforms.tied_first
    score = Kind.SCORE_5.text(platforms.ranking.loc[platforms.winner, "score"])
    if len(tied) > 1:
        return f"{' and '.join(tied)} tie for first place at {score} of 5"
    text = f"{platforms.winner} leads the platform choice with {score} of 5"
    if robust is not None:
        text += (f" and ranks first in {Kind.SHARE.text(robust.first_share(platforms.winner))}"
                 f" of {robust.draws:,} simulated weightings")
    return text


def _steering_bullets(readiness: Readiness, platforms: Platforms | None) -> list[Bullet]:
    """Whether the readiness findings steer the choice, and whether the weights follow."""
    if platforms is None:
        return []
    suggested = steering.suggestion(readiness, platforms.decision)
    if not suggested.rules:
        return []
    titles = "; ".join(r.title for r in suggested.rules)
    if suggested.changes_anything:
        return [Bullet("Readiness suggests other weights or must-haves, not applied: "
                       + titles + ".", "See the Weights page's readiness suggestion.")]
    return [Bullet("The weights and must-haves follow the readiness findings: " + titles
                   + ".")]


def answer_slide(readiness: Readiness, platforms: Platforms | None,
                 robust: Robustness | None) -> Slide:
    """Ready or not, what first, which platform and how sure, on one slide."""
    verdict = tables.readiness_verdict(readiness)
    short = verdict.split(":")[0]
    message = f"{short}; {_platform_sentence(platforms, robust)}."
    readiness_metrics = tables.readiness_metrics(readiness)
    metrics = _by_label(readiness_metrics, "Culture readiness", "Maturity (overall)")
    if platforms is not None:
        metrics += _by_label(tables.platform_metrics(platforms), "Leading vendor",
                             "Weighted score")
    else:
        metrics += [Headline("Leading vendor", MISSING, "No vendor scored yet"),
                    Headline("Weighted score", MISSING)]
    metrics += _headlines([
        tables.first_place_metric(platforms, None if robust is None else robust.acceptability,
                                  robust.draws if robust else 0,
                                  robust.spread if robust else ""),
        tables.margin_metric(platforms)])
    top = tables.top_actions(readiness)
    first = [Bullet(verdict)]
    if len(top):
        first += [Bullet(f"{step}: {row['title']}", f"{row['source']} · {row['finding']}")
                  for step, (_, row) in zip(("Do first", "Next", "Then"),
                                            top.head(3).iterrows())]
    elif readiness.has_any:
        first.append(Bullet(tables.actions_note(readiness)))
    second = [Bullet(_platform_sentence(platforms, robust)[:1].upper()
                     + _platform_sentence(platforms, robust)[1:] + ".")]
    if platforms is not None:
        margin = tables.margin_metric(platforms)
        if margin.value != MISSING:
            second.append(Bullet(f"Lead over the runner-up: {margin.value} ({margin.caption})."))
        second += [Bullet(line) for line in tables.knockout_lines(platforms)]
    second += _steering_bullets(readiness, platforms)
    return Slide("answer", "The answer", "The answer in one slide", message, [
        Metrics(metrics),
        Bullets(first, heading="Ready or not, and what first"),
        Bullets(second, heading="Which platform, and how sure")],
        notes="The readiness verdict follows the culture band (ready from the target score) "
              "and the competencies below their target stage. " + METHOD_RANKING + " "
              + METHOD_ROBUSTNESS)


# --- readiness ---------------------------------------------------------------------------------

def _actions_slide(readiness: Readiness) -> Slide:
    top = tables.top_actions(readiness)
    note = tables.actions_note(readiness)
    message = (f"Start with: {top.iloc[0]['title']}." if len(top) else note)
    blocks: list = [Metrics(_headlines(tables.readiness_metrics(readiness)))]
    if len(top):
        blocks.append(Bullets([Bullet(row["title"], f"{row['source']} · {row['finding']} · "
                                                    f"{assessments.PHASE_TITLES[row['phase']]}")
                               for _, row in top.iterrows()], numbered=True))
    if note and len(top):
        blocks.append(Bullets([Bullet(note)]))
    details = " ".join(f"{n}. {row['title']}: {row['detail']}"
                       for n, (_, row) in enumerate(top.iterrows(), start=1))
    return Slide("actions", READINESS, "What to do first", message, blocks,
                 notes=(details + " " if details else "") + METHOD_ACTIONS)


def _culture_slide(readiness: Readiness) -> Slide:
    culture = tables.culture_table(readiness)
    if not readiness.has_culture:
        return Slide("culture", READINESS, "Culture readiness", culture.note,
                     notes=METHOD_CULTURE)
    dimensions = readiness.culture.dimensions
    bank = readiness.culture_bank
    barriers = int((dimensions["band"] == bank.bands[0].id).sum())
    lowest = dimensions.dropna(subset=["score"]).sort_values("score", kind="stable").iloc[0]
    message = (f"{barriers} of {len(dimensions)} dimensions are barriers; the lowest is "
               f"{lowest['name']} at {Kind.SCORE_100.text(lowest['score'])}/100 "
               f"(target {bank.target:g}).")
    chart = Chart(
        "bar", "Culture readiness by dimension", list(dimensions["name"]),
        [Series("Score", [None if pd.isna(v) else float(v) for v in dimensions["score"]],
                color=tables_color("Developing"),
                point_colors=[tables_color(b) for b in dimensions["band_label"]])],
        Kind.SCORE_100, "Readiness score (0-100)", (0, 100), target=float(bank.target),
        note=f"Bars coloured by band: ready from the target, {bank.target:g}.",
        draw=lambda: charts.dimension_scores_chart(dimensions, bank.target))
    return Slide("culture", READINESS, "Culture readiness", message, [
        chart, TableBlock(culture, keys=("name", "score", "band_label", "agreement"))],
        notes=METHOD_CULTURE)


def tables_color(band_label: str) -> str:
    """A culture band's colour (hex without "#"), as in the app's charts."""
    return BAND_COLORS.get(band_label, BAND_COLORS["No answers"]).lstrip("#")


def _maturity_slide(readiness: Readiness) -> Slide:
    competencies = tables.competencies_table(readiness)
    if not readiness.has_maturity:
        return Slide("maturity", READINESS, "Community maturity", competencies.note,
                     notes=METHOD_MATURITY)
    maturity, bank = readiness.maturity, readiness.maturity_bank
    frame = maturity.competencies
    below = int((frame["gap"] > 0).sum())
    stage = maturity.overall_stage
    message = (f"Overall stage {stage} of {len(bank.stages)} ({bank.stage_name(stage)}); "
               f"{below} of {len(frame)} competencies are below their target stage.")
    current = [float(s) if s > 0 else None for s in frame["stage"]]
    chart = Chart(
        "clustered_bar", "Maturity: stage today and target", list(frame["name"]),
        [Series("Stage today", current, color="1F6F8B"),
         Series("Target stage", [float(t) for t in frame["target"]], color="D35400")],
        Kind.COUNT, f"Stage (1-{len(bank.stages)})", (0, len(bank.stages)),
        note="Stages: " + ", ".join(f"{i} {s.name}" for i, s in enumerate(bank.stages, 1)) + ".",
        draw=lambda: charts.maturity_heatmap(maturity.distribution, frame,
                                             [s.name for s in bank.stages]))
    return Slide("maturity", READINESS, "Community maturity", message, [
        chart, TableBlock(competencies, keys=("name", "stage_name", "target_name",
                                              "gap_shown"))], notes=METHOD_MATURITY)


def _barriers_slide(readiness: Readiness) -> Slide | None:
    if not readiness.has_culture:
        return None
    barriers = tables.barrier_table(readiness)
    if barriers.empty:
        return Slide("barriers", READINESS, "Barrier statements", barriers.note,
                     notes=METHOD_CULTURE)
    lowest = barriers.frame.iloc[0]
    message = (f"{len(barriers)} statements score at or below neutral (50); the lowest "
               f"scores {Kind.SCORE_100.text(lowest['score'])}/100.")
    return Slide("barriers", READINESS, "Barrier statements", message, [
        TableBlock(barriers, keys=("text", "dimension", "score", "agreement"), rows=10)],
        notes=METHOD_CULTURE)


def _disagreement_slide(readiness: Readiness) -> Slide | None:
    disputed = tables.disputed_table(readiness)
    if disputed.empty:
        return None
    top = disputed.frame.iloc[0]
    message = (f"People disagree most on “{top['text']}” (agreement "
               f"{Kind.SHARE.text(top['agreement'])}): worth discussing before acting on "
               "the averages.")
    return Slide("disagreement", READINESS, "Where people disagree", message,
                 [TableBlock(disputed)],
                 notes="Agreement = 1 - spread / 50, where the spread is the standard "
                       "deviation of the people's scores (0-100).")


def _agreed_slide(agreed, key: str, part: str, title: str) -> Slide | None:
    """The values a workshop agreed on, when there are any: each replaces its item's
    individual answers in every result of this pack."""
    if not len(agreed):
        return None
    listed = tables.agreed_table(agreed)
    return Slide(key, part, title,
                 f"{counted(len(agreed), 'value')} agreed in a workshop take the place of the "
                 "individual answers of their items.",
                 [TableBlock(listed, rows=10)], notes=listed.note)


METHOD_PULSE = (
    "The pulse: every respondent's answers scored as the leaders' are; a group's score is the "
    "mean over its respondents, shown only for groups of at least the campaign's minimum and "
    "only when no combination of shown groups gives away a smaller one.")


def pulse_slides(readiness: Readiness) -> list[Slide]:
    """The organization-wide pulse beside the leaders, its segments, leaders against
    employees and its drivers (none without a closed pulse); within the anonymity rules,
    as the Pulse results page shows them."""
    from outcomes import pulse_tables

    result = readiness.pulse
    if result is None:
        return []
    name = result.campaign.name
    beside = pulse_tables.beside_leaders(result, readiness.culture if readiness.has_culture
                                         else None)
    message = (f"{result.respondents} people answered “{name}” (closed "
               f"{result.campaign.closes_on}); no group under {result.minimum} responses is "
               "shown." if result.has_scores else result.note())
    slides = [Slide("pulse", READINESS, f"Organization-wide pulse: {name}", message, [
        Metrics(_headlines(pulse_tables.metrics(result))),
        TableBlock(beside, keys=("name", "organization", "leadership", "difference"))],
        notes=METHOD_PULSE)]
    if not result.has_scores:
        return slides
    segments = pulse_tables.grid_table(pulse_tables.heatmap_table(result))
    slides.append(Slide("pulse_segments", READINESS, "The pulse by segment",
                        "Each group's score and its difference from everyone; a hidden "
                        "group says why.",
                        [TableBlock(segments)], notes=METHOD_PULSE))
    if result.maturity_bank is not None:
        slides += _pulse_maturity_slides(result)
    gap = pulse_tables.gap_table(result)
    if result.gap is not None:
        differ = pulse_tables.gap_statements_table(result)
        slides.append(Slide("pulse_gap", READINESS, "Leaders against employees",
                            "How leaders and employees see the organization (a positive gap: "
                            "leaders see it more favourably).",
                            [TableBlock(gap, keys=("name", "leaders", "employees", "gap")),
                             TableBlock(differ, heading="Where they differ most", rows=6,
                                        keys=("text", "gap"))],
                            notes=METHOD_PULSE))
    drivers = pulse_tables.drivers_table(result)
    if len(drivers.frame) and not drivers.frame["r"].isna().all():
        outcomes = list(dict.fromkeys(drivers.frame["outcome_text"]))
        # One outcome statement is said once, in the message, not in every row.
        said = (f"“{outcomes[0]}”" if len(outcomes) == 1 else "the outcome statements")
        keys = ("name", "r", "low", "high", "n")
        slides.append(Slide("pulse_drivers", READINESS, "What goes with the outcome",
                            f"Dimensions whose scores go with {said} (Pearson's r with a 95% "
                            "interval).",
                            [TableBlock(drivers, keys=keys if len(outcomes) == 1
                                        else ("outcome_text", *keys), rows=10)],
                            notes=METHOD_PULSE))
    return slides


def _roadmap_slide(readiness: Readiness) -> Slide | None:
    plan = tables.roadmap(readiness)
    if plan is None:
        return None
    counts = [len(items) for items in plan.values()]
    titles = [assessments.PHASE_TITLES[p] for p in plan]
    message = (f"{counted(counts[0], 'action')} for the pilot, {counts[1]} to build capability and "
               f"{counts[2]} for the roll-out.") if len(counts) == 3 else \
        "The ranked actions by phase."
    return Slide("roadmap", READINESS, "Roadmap", message, [Columns([
        Bullets([Bullet(row["title"], row["area_name"]) for _, row in items.iterrows()],
                heading=title)
        for title, items in zip(titles, plan.values())], empty="Nothing urgent in this phase.")],
        notes=METHOD_ACTIONS)


def _action_plan_slide(readiness: Readiness, snapshots: Sequence[Any], today: str
                       ) -> Slide | None:
    """Owners, due dates and status of the roadmap's actions, once any is set; what is
    late; how the targeted areas moved between the last two snapshots."""
    plan = actions.plan_table(readiness, today, snapshots)
    if plan.empty or readiness.plan.empty:
        return None
    late = actions.late_titles(readiness, today)
    message = (f"{counted(len(late), 'action')} late: {'; '.join(late[:3])}"
               + ("; ..." if len(late) > 3 else "") + "." if late else plan.note)
    keys = ["title", "owner", "due", "status", "late_text"] + (
        ["moved"] if any(c.key == "moved" for c in plan.columns) else [])
    return Slide("action_plan", READINESS, "Action plan", message,
                 [TableBlock(plan, keys=keys, rows=12)],
                 notes="Late: due before " + today + " and neither done nor dropped. Moved: "
                       "the targeted area's culture score or maturity stage in the last two "
                       "snapshots.")


def _snapshot_name(day: str, label: str) -> str:
    return f"{day} · {label}" if label else str(day)


def _trend_slide(readiness: Readiness, snapshots: Sequence[Any]) -> Slide | None:
    if len(snapshots) < 2:
        return None
    frozen = [(s.taken_at, s.label, s.payload) for s in snapshots]
    trend = culture_trend(readiness.culture_bank, frozen)
    overview = snapshot_overview(readiness.maturity_bank, frozen)
    table = tables.snapshot_table(overview)
    if trend.empty:
        return Slide("trend", READINESS, "Progress over time",
                     f"{len(snapshots)} snapshots saved; they hold no culture scores.",
                     [TableBlock(table)])
    names = [_snapshot_name(d, lbl) for d, lbl in
             overview.sort_values("order")[["day", "label"]].itertuples(index=False)]
    areas = ["Overall", *sorted(set(trend["area"]) - {"Overall"})]
    series = []
    for index, area in enumerate(areas):
        rows = trend[trend["area"] == area].set_index("order")["score"]
        series.append(Series(area, [None if o not in rows.index else float(rows[o])
                                    for o in sorted(overview["order"])],
                             color="222222" if area == "Overall"
                             else CATEGORY_PALETTE[(index - 1) % len(CATEGORY_PALETTE)]))
    overall = trend[trend["area"] == "Overall"].sort_values("order")["score"]
    message = (f"Overall culture readiness went from {Kind.SCORE_100.text(overall.iloc[0])} "
               f"to {Kind.SCORE_100.text(overall.iloc[-1])}/100 over {len(overall)} "
               "snapshots." if len(overall) >= 2 else
               f"{len(snapshots)} snapshots saved.")
    chart = Chart("line", "Culture readiness over time", names, series, Kind.SCORE_100,
                  "Score (0-100)", (0, 100), note="One point per snapshot; black: overall.",
                  draw=lambda: charts.trend_chart(trend))
    return Slide("trend", READINESS, "Progress over time", message,
                 [chart, TableBlock(table, keys=("day", "label", "culture", "maturity"))],
                 notes="Snapshots freeze the readiness result on the day they are saved.")


def readiness_slides(readiness: Readiness, snapshots: Sequence[Any] = (),
                     today: str = "") -> list[Slide]:
    """Actions, culture, maturity, barriers, disagreement, roadmap, action plan (late as of
    ``today``, the export date) and trend; one slide that says so when nobody answered."""
    if not readiness.has_any:
        return [Slide("readiness", READINESS, "Readiness", tables.actions_note(readiness),
                      [Metrics(_headlines(tables.readiness_metrics(readiness)))],
                      notes=METHOD_CULTURE + " " + METHOD_MATURITY),
                *pulse_slides(readiness)]
    slides = [_actions_slide(readiness), _culture_slide(readiness),
              _maturity_slide(readiness), _barriers_slide(readiness),
              _disagreement_slide(readiness),
              _agreed_slide(readiness.agreed, "agreed", READINESS,
                            "Agreed in a workshop"),
              *pulse_slides(readiness), _roadmap_slide(readiness),
              _action_plan_slide(readiness, snapshots, actions.today_or(today)),
              _trend_slide(readiness, snapshots)]
    return [s for s in slides if s is not None]


# --- the decision ------------------------------------------------------------------------------

def _criteria_slides(platforms: Platforms) -> list[Slide]:
    decision = platforms.decision
    weights = tables.category_weights_table(decision)
    consistency = tables.consistency_table(decision)
    heaviest = weights.frame.sort_values("weight", ascending=False, kind="stable").iloc[0]
    ahp = [r for r in consistency.frame.itertuples() if r.cr is not None and pd.notna(r.cr)]
    flagged = [r.level for r in ahp if r.inconsistent]
    consistency_text = ("" if not ahp else
                        f"; AHP judgments inconsistent for {', '.join(flagged)}" if flagged
                        else "; every AHP level is consistent")
    message = (f"{len(decision.weights)} criteria in {len(decision.category_weights)} "
               f"categories; {heaviest['category']} weighs most "
               f"({Kind.WEIGHT.text(heaviest['weight'])}){consistency_text}.")
    names = list(weights.frame["category"])
    chart = Chart("bar", "Category weights", names,
                  [Series("Weight", list(weights.frame["weight"].astype(float)),
                          color="1F6F8B")],
                  Kind.WEIGHT, "Weight", (0, 1) if weights.frame["weight"].max() > 0.5 else None,
                  draw=lambda: charts.weights_chart(
                      pd.DataFrame({"item": names, "weight": weights.frame["weight"]}),
                      "Categories"))
    criteria = tables.criteria_table(decision)
    return [
        Slide("weights", DECISION, "Criteria and weights", message,
              [chart, TableBlock(consistency, heading="How the weights were set",
                                 keys=("level", "method", "cr", "verdict") if ahp
                                 else ("level", "method"))],
              notes=METHOD_WEIGHTS),
        Slide("criteria", DECISION, "The heaviest criteria",
              f"The {min(len(criteria), 12)} criteria that weigh most of "
              f"{len(criteria)}: global weight = category weight x weight within it.",
              [TableBlock(criteria, rows=12)], notes=METHOD_WEIGHTS),
    ]


def _must_haves_slide(platforms: Platforms) -> Slide:
    lines = tables.knockout_lines(platforms)
    knocked = platforms.knocked_out
    if not platforms.decision.minimums:
        return Slide("must_haves", DECISION, "Must-haves and knock-outs", lines[0],
                     notes=METHOD_RANKING)
    if knocked:
        message = (f"{len(knocked)} of {len(platforms.ranking)} vendors fail a must-have and "
                   "take no rank.")
    else:
        message = (f"{counted(len(platforms.decision.minimums), 'must-have')}; "
                   + lines[0][0].lower() + lines[0][1:])
    return Slide("must_haves", DECISION, "Must-haves and knock-outs", message, [
        TableBlock(tables.must_have_table(platforms)),
        Bullets([Bullet(line) for line in lines], heading="Who is knocked out, and why")],
        notes=METHOD_RANKING)


def _ranking_slide(platforms: Platforms) -> Slide:
    ranking = tables.ranking_table(platforms)
    shown = platforms.contributions.head(VENDORS_ON_A_SLIDE)
    knocked = set(platforms.knocked_out)
    winner = platforms.winner
    if winner is None:
        message = "Every vendor fails a must-have, so none is ranked and none leads."
    elif len(platforms.tied_first) > 1:
        message = (f"{' and '.join(platforms.tied_first)} tie for first place at "
                   f"{Kind.SCORE_5.text(platforms.ranking.loc[winner, 'score'])} of 5.")
    else:
        margin = tables.margin_metric(platforms)
        message = (f"{winner} leads with "
                   f"{Kind.SCORE_5.text(platforms.ranking.loc[winner, 'score'])} of 5"
                   + (f", {margin.value} ahead of {platforms.eligible[1]}"
                      if margin.value != MISSING else "") + ".")
    categories = list(shown.columns)
    series = [Series(name, [float(v) for v in shown[name]],
                     color=CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)],
                     faded=[v in knocked for v in shown.index])
              for i, name in enumerate(categories)]
    labels = [f"{v} (knocked out)" if v in knocked else str(v) for v in shown.index]
    chart = Chart("stacked_bar", "Weighted ranking by category", labels, series,
                  Kind.SCORE_5, "Weighted score (0-5)", (0, 5),
                  note="Each bar split by what each category contributes"
                       + ("; knocked-out vendors last" if knocked else "") + ".",
                  draw=lambda: charts.ranking_chart(shown, knocked & set(shown.index)))
    keys = ["rank", "vendor", "score", "closeness"] + (["knocked_out_by"] if knocked else [])
    blocks: list = [Metrics(_headlines(tables.platform_metrics(platforms))), chart,
                    TableBlock(ranking, keys=keys, rows=VENDORS_ON_A_SLIDE)]
    notes = METHOD_RANKING + (" " + ranking.note if ranking.note else "")
    return Slide("ranking", DECISION, "Vendor ranking", message, blocks, notes=notes)


def _positioning_slide(platforms: Platforms) -> Slide:
    decision = platforms.decision
    left_out = tables.positioning_note(platforms)
    if not platforms.eligible:
        return Slide("positioning", DECISION, "Positioning", left_out,
                     notes="The 2x2 places the vendors in the ranking only.")
    x_ids, y_ids = tables.positioning_axes(decision)
    points = tables.positioning_points(platforms, x_ids, y_ids).head(POSITIONED_ON_A_SLIDE)
    x_title = tables.positioning_axis_title(decision, x_ids)
    y_title = tables.positioning_axis_title(decision, y_ids)
    guides = (float(points["x"].mean()), float(points["y"].mean()))
    chart = Chart("scatter", "Positioning", list(points["vendor"]),
                  [Series("Vendors", [float(v) for v in points["y"]], color="1F6F8B")],
                  Kind.SCORE_5, y_title, x_values=[float(v) for v in points["x"]],
                  x_title=x_title, guides=guides,
                  note="Dashed lines at the vendors' mean on each axis."
                       + (" " + left_out if left_out else ""),
                  draw=lambda: charts.positioning_chart(points, x_title, y_title))
    return Slide("positioning", DECISION, "Positioning",
                 "Top right: stronger than the field on both axes (weighted scores, 0-5).",
                 [chart], notes="Each axis is the weighted score (0-5) over its categories: "
                                f"across {x_title}; up {y_title}.")


def _pulse_maturity_slides(result: PulseResults) -> list[Slide]:
    """The maturity answers of a campaign that asked them: the organization's stage per
    competency, then each group's mean stage, within the same anonymity rules."""
    from outcomes import pulse_tables

    maturity = pulse_tables.maturity_table(result)
    title = result.maturity_bank.title
    if maturity.empty:
        return [Slide("pulse_maturity", READINESS, f"The pulse: {title}", maturity.note,
                      notes=METHOD_PULSE)]
    segments = pulse_tables.grid_table(pulse_tables.heatmap_table(result, "maturity"))
    return [Slide("pulse_maturity", READINESS, f"The pulse: {title}",
                  "The organization's stage per competency (the lower median, as for the "
                  "leaders) and its mean stage.",
                  [TableBlock(maturity, keys=("name", "stage_shown", "stage_name", "mean"))],
                  notes=METHOD_PULSE),
            Slide("pulse_maturity_segments", READINESS, f"The pulse: {title} by segment",
                  "Each group's mean stage and its difference from everyone; a hidden group "
                  "says why.", [TableBlock(segments)], notes=METHOD_PULSE)]


def _robustness_slides(platforms: Platforms, robust: Robustness | None) -> list[Slide]:
    if robust is None:
        return [Slide("robustness", DECISION, "How robust is the winner?",
                      "Robustness needs at least two vendors that pass the must-haves.",
                      notes=METHOD_ROBUSTNESS)]
    decision = platforms.decision
    if robust.thresholds is None:
        weights_slide = Slide("robustness", DECISION, "How far each weight may move",
                              tables.tie_note(platforms), notes=METHOD_ROBUSTNESS)
        return [weights_slide, _acceptability_slide(robust)]
    table = tables.robustness_table(robust.thresholds, decision.category_names)
    frame = table.frame
    flips = frame[(frame["challenger_low"].notna() & frame["challenger_low"].astype(bool))
                  | (frame["challenger_high"].notna() & frame["challenger_high"].astype(bool))]
    if flips.empty:
        message = (f"No single category weight changes the winner: {robust.winner} stays "
                   "first whatever one weight is.")
    else:
        distance = pd.concat([
            (flips["current"] - flips["low"]).where(flips["challenger_low"].astype(bool)),
            (flips["high"] - flips["current"]).where(flips["challenger_high"].astype(bool))],
            axis=1).min(axis=1)
        closest = flips.loc[distance.idxmin()]
        low_side = bool(closest["challenger_low"]) and (
            not closest["challenger_high"]
            or closest["current"] - closest["low"] <= closest["high"] - closest["current"])
        bound, who = ((closest["low"], closest["challenger_low"]) if low_side
                      else (closest["high"], closest["challenger_high"]))
        message = (f"The closest change: {closest['category']} "
                   f"{'below' if low_side else 'above'} {tables.bound_text(bound)} (now "
                   f"{Kind.WEIGHT.text(closest['current'])}) makes {who} first.")
    return [
        Slide("robustness", DECISION, "How far each weight may move",
              message, [TableBlock(table, keys=("category", "current", "low", "high",
                                                "what_happens"))],
              notes=METHOD_ROBUSTNESS),
        _acceptability_slide(robust),
    ]


def _acceptability_slide(robust: Robustness) -> Slide:
    acceptability = robust.acceptability
    shown = acceptability.head(VENDORS_ON_A_SLIDE)
    ranks = [r for r in acceptability.columns if int(r) <= RANKS_ON_A_SLIDE]
    colors = [c.lstrip("#") for c in charts.rank_colors(len(acceptability.columns))]
    series = [Series(f"Rank {int(r)}", [float(v) for v in shown[r]], color=colors[i])
              for i, r in enumerate(ranks)]
    if len(acceptability.columns) > len(ranks):
        rest = shown[[r for r in acceptability.columns if r not in ranks]].sum(axis=1)
        series.append(Series(f"Rank {len(ranks) + 1} or lower", [float(v) for v in rest],
                             color="BAB0AC"))
    chart = Chart("stacked_bar", "Rank acceptability", [str(v) for v in shown.index], series,
                  Kind.SHARE, "Probability", (0, 1),
                  note=f"{robust.draws:,} weightings, {robust.spread} spread.",
                  draw=lambda: charts.acceptability_chart(shown))
    summary = tables.acceptability_summary(acceptability, robust.draws)
    return Slide("acceptability", DECISION, "Rank acceptability", summary,
                 [chart, TableBlock(tables.acceptability_table(acceptability, 3),
                                    rows=VENDORS_ON_A_SLIDE)],
                 notes=METHOD_ROBUSTNESS)


def value_for_money_slide(platforms: Platforms) -> Slide | None:
    """Benefit against total cost of ownership, once a vendor has a cost input (None
    before: the coverage slide then says cost counts only as its 0-5 criteria)."""
    found = value.value_for_money(platforms)
    if found is None:
        return None
    listed = value.value_table(found)
    keys = ("vendor", "benefit", "tco", "per_1000", "status")
    if found.plotted.empty:
        return Slide("value_for_money", DECISION, "Value for money", value.headline(found),
                     [TableBlock(listed, keys=keys, rows=VENDORS_ON_A_SLIDE)],
                     notes=found.note)
    knocked = set(platforms.knocked_out)
    points = value.chart_points(found, knocked).head(POSITIONED_ON_A_SLIDE)
    names = [f"{v} (knocked out)" if g == "knocked" else str(v)
             for v, g in zip(points["vendor"], points["group"])]
    groups = [g for g in charts.VALUE_GROUPS if g in set(points["group"])]
    chart = Chart(
        "scatter", "Value for money", names,
        [Series(charts.VALUE_GROUPS[g][0], [float(b) if group == g else None
                                            for b, group in zip(points["benefit"],
                                                                points["group"])],
                color=charts.VALUE_GROUPS[g][1].lstrip("#")) for g in groups],
        Kind.SCORE_5, "Benefit (0-5, cost criteria excluded)",
        x_values=[float(v) for v in points["tco"]], x_kind=Kind.MONEY,
        x_title=f"Total cost of ownership ({found.currency})",
        joined=True,
        note="The line joins the efficient frontier; dominated vendors are grey"
             + ("; knocked-out vendors red, never on the frontier." if "knocked" in groups
                else "."),
        draw=lambda: charts.value_chart(points, found.currency))
    return Slide("value_for_money", DECISION, "Value for money", value.headline(found),
                 [chart, TableBlock(listed, keys=keys, rows=VENDORS_ON_A_SLIDE)],
                 notes=found.note)


def decision_record_slide(signed: Sequence[Any], platforms: Platforms | None,
                          robust: Robustness | None) -> Slide | None:
    """The signed-off decisions and what moved since the latest (None: nothing signed)."""
    if not signed:
        return None
    now = None if platforms is None else decision_record.freeze(platforms, robust)
    latest = signed[-1]
    moved = decision_record.differences(latest.payload, now)
    day = latest.signed_at[:10]
    message = (f"Signed off by {latest.signed_by} on {day}: nothing has changed since."
               if moved.empty else
               f"Signed off by {latest.signed_by} on {day}; changed since sign-off: "
               f"{counted(len(moved), 'value')} moved.")
    blocks: list = [TableBlock(decision_record.sign_offs_table(signed, now),
                               heading="Signed-off decisions",
                               keys=("signed_at", "signed_by", "note", "winner", "changed"))]
    if not moved.empty:
        blocks.append(TableBlock(decision_record.differences_table(moved),
                                 heading="Changed since the latest sign-off"))
    return Slide("decision_record", DECISION, "Decision record", message, blocks,
                 notes="A signed-off decision is frozen in the workspace: its weights, "
                       "must-haves, scores, ranking and robustness cannot be changed "
                       "afterwards. Later changes are listed against it.")


def decision_slides(platforms: Platforms | None, robust: Robustness | None,
                    signed: Sequence[Any] = ()) -> list[Slide]:
    """Criteria and weights, must-haves, ranking, 2x2, value for money (when cost data
    exists), robustness, and the decision record once a decision is signed off
    (``signed``: ``workspace.sign_offs.list_sign_offs``); one slide that says so when no
    vendor is scored."""
    record = decision_record_slide(signed, platforms, robust)
    if platforms is None:
        return [Slide("decision", DECISION, "Platform decision",
                      "No vendor has been scored yet: there is no ranking to report.",
                      notes=METHOD_RANKING), *([record] if record else [])]
    slides = [*_criteria_slides(platforms), _must_haves_slide(platforms),
              _ranking_slide(platforms),
              _agreed_slide(platforms.agreed, "agreed_scores", DECISION,
                            "Scores agreed in a workshop"),
              _positioning_slide(platforms),
              value_for_money_slide(platforms), *_robustness_slides(platforms, robust),
              record]
    return [s for s in slides if s is not None]


# --- method and coverage ---------------------------------------------------------------------

def about_slides(readiness: Readiness, platforms: Platforms | None, snapshots: int,
                 example: bool) -> list[Slide]:
    """How the numbers are made, and how much data stands behind them."""
    method = [METHOD_CULTURE, METHOD_MATURITY, METHOD_ACTIONS, METHOD_WEIGHTS,
              METHOD_RANKING, METHOD_ROBUSTNESS]
    coverage = tables.coverage_table(readiness, platforms, snapshots)
    found = None if platforms is None else value.value_for_money(platforms)
    notes = ["Value for money: no total cost of ownership is recorded; cost counts only as "
             "its 0-5 criteria." if found is None else
             f"Value for money: {len(found.plotted)} of {len(found.frame)} vendors have a "
             f"benefit and a complete total cost of ownership ({found.currency})."]
    if example:
        notes.insert(0, "Example engagement: the answers and scores are invented to "
                        "illustrate the method; they are not analyst facts.")
    return [
        Slide("method", ABOUT, "Method notes",
              "Every number in this pack is computed as the app shows it.",
              [Bullets([Bullet(m) for m in method])],
              notes=" ".join(method)),
        Slide("coverage", ABOUT, "Data coverage",
              f"{readiness.people} people answered; "
              + ("no vendor is scored yet." if platforms is None else
                 f"{platforms.raw.size - platforms.missing} of {platforms.raw.size} vendor "
                 "scores are given."),
              [TableBlock(coverage), Bullets([Bullet(n) for n in notes])],
              notes="Missing data is said, never filled."),
    ]


# --- the pack ----------------------------------------------------------------------------------

def board_pack(engagement: Mapping[str, object], readiness: Readiness,
               platforms: Platforms | None, exported_on: str, snapshots: Sequence[Any] = (),
               robust: Robustness | None | object = _COMPUTE,
               sign_offs: Sequence[Any] = ()) -> Deck:
    """The board pack of one engagement (``engagement``: name, organization, industry,
    size, purpose, is_example), with the numbers the pages show.

    ``snapshots`` are the engagement's saved snapshots (``workspace.list_snapshots``);
    ``robust`` the robustness at the default spread, computed here unless given (None:
    fewer than two passing vendors); ``sign_offs`` the signed-off decisions
    (``workspace.sign_offs.list_sign_offs``).

    Raises:
        ScoresError, WeightsError: the comparison's inputs are unusable.
    """
    if robust is _COMPUTE:
        robust = robustness(platforms)
    name = str(engagement.get("name", ""))
    subtitle = " · ".join(str(engagement[k]) for k in ("organization", "industry", "size")
                          if engagement.get(k))
    title = Slide("title", "Board pack", name,
                  subtitle or "Readiness for internal social media and the platform choice",
                  notes="Prepared with SocialReady. " + METHOD_RANKING)
    slides = [title, answer_slide(readiness, platforms, robust),
              *readiness_slides(readiness, snapshots, exported_on),
              *decision_slides(platforms, robust, sign_offs),
              *about_slides(readiness, platforms, len(snapshots),
                            bool(engagement.get("is_example")))]
    return Deck(name, subtitle, exported_on, slides, purpose=str(engagement.get("purpose")
                                                                  or ""),
                is_example=bool(engagement.get("is_example")),
                footer=f"{name} · {exported_on}" if exported_on else name)


def details(engagement: workspace.Engagement) -> dict[str, object]:
    """What the pack and the HTML report say about the engagement itself."""
    return {"name": engagement.name, "organization": engagement.organization,
            "industry": engagement.industry, "size": engagement.size,
            "purpose": engagement.purpose, "is_example": engagement.is_example}


def gather_pack(database: workspace.Database, engagement_id: int, exported_on: str,
                readiness: Readiness | None = None,
                platforms: Platforms | None | object = _COMPUTE) -> Deck:
    """The board pack of an engagement in a workspace (results gathered unless given).

    Raises:
        NotFound: no engagement has this id.
        BankError: the engagement's banks cannot be used.
    """
    engagement = workspace.get_engagement(database, engagement_id)
    readiness = readiness or gather.readiness(database, engagement_id)
    if platforms is _COMPUTE:
        platforms = gather.platforms(database, engagement_id)
    return board_pack(details(engagement), readiness, platforms, exported_on,
                      workspace.list_snapshots(database, engagement_id),
                      sign_offs=workspace.sign_offs.list_sign_offs(database, engagement_id))
