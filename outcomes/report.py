"""The HTML report's content, assembled from the same results and tables as the pages.

Every section that has no data says so and shows no verdict: an engagement nobody answered
gets no actions, no roadmap and no "gap 0"; one without scores gets no ranking.
"""
from __future__ import annotations

from collections.abc import Mapping

import assessments
from outcomes import tables
from outcomes.gather import Platforms, Readiness
from reports import charts, images
from reports.html import ReportInput, Section, engagement_report


def _cards(readiness: Readiness):
    top = tables.top_actions(readiness).copy()
    top["phase_title"] = top["phase"].map(assessments.PHASE_TITLES)
    return top


def readiness_sections(readiness: Readiness, label) -> list[Section]:
    """What to do first, roadmap, culture, maturity, barriers and disagreement."""
    if not readiness.has_any:
        return [Section("Readiness", notes=[tables.actions_note(readiness)])]
    top = _cards(readiness)
    plan = tables.roadmap(readiness) or {}
    sections = [
        Section("What to do first", notes=[tables.actions_note(readiness)],
                actions=top if len(top) else None),
        Section("Roadmap", roadmap={assessments.PHASE_TITLES[p]: items
                                    for p, items in plan.items()}),
    ]
    culture = tables.culture_table(readiness)
    if readiness.has_culture:
        sections.append(Section("Culture readiness", charts=[label(charts.dimension_scores_chart(
            readiness.culture.dimensions, readiness.culture_bank.target))],
            tables=[("", culture)]))
    else:
        sections.append(Section("Culture readiness", notes=[culture.note]))
    competencies = tables.competencies_table(readiness)
    if readiness.has_maturity:
        sections.append(Section("Community maturity", charts=[label(charts.maturity_heatmap(
            readiness.maturity.distribution, readiness.maturity.competencies,
            [s.name for s in readiness.maturity_bank.stages]))],
            tables=[("", competencies)]))
    else:
        sections.append(Section("Community maturity", notes=[competencies.note]))
    if readiness.has_culture:
        disputed = tables.disputed_table(readiness)
        sections.append(Section("Barriers and disagreement", tables=[
            ("Statements at or below neutral", tables.barrier_table(readiness)),
            *([("Where people disagree most", disputed)] if len(disputed) else [])]))
    return sections


def pulse_sections(readiness: Readiness, label) -> list[Section]:
    """The organization-wide pulse beside the leaders: scores, segments, leaders against
    employees, drivers and comments, each within the anonymity rules (none without a
    closed pulse)."""
    from outcomes import pulse_tables

    result = readiness.pulse
    if result is None:
        return []
    beside = pulse_tables.beside_leaders(result, readiness.culture if readiness.has_culture
                                         else None)
    drivers = pulse_tables.drivers_table(result)
    comments = pulse_tables.comments_table(result)
    gap = pulse_tables.gap_table(result)
    return [
        Section(f"Organization-wide pulse: {result.campaign.name}", notes=[
            f"{result.respondents} respondents; the campaign closed on "
            f"{result.campaign.closes_on}. No group of fewer than {result.minimum} responses is "
            "shown, nor any group that would let a smaller one be worked out; hidden cells say "
            "why."],
            charts=[label(charts.pulse_heatmap_chart(pulse_tables.heatmap_table(result).frame))],
            tables=[("The organization beside the leadership team", beside),
                    ("By dimension", pulse_tables.scores_table(result)),
                    ("Segments", pulse_tables.heatmap_table(result))]),
        Section("Leaders against employees",
                notes=[gap.note] if gap.note else [],
                tables=[("", gap), ("Where they differ most",
                                    pulse_tables.gap_statements_table(result)),
                        *([("Advice for the gap", pulse_tables.gap_findings_table(result))]
                          if result.gap is not None and len(result.gap.findings) else [])]),
        Section("Drivers of the outcome statement", notes=[drivers.note] if drivers.note
                else [], tables=[] if drivers.frame["r"].isna().all() else [("", drivers)]),
        Section("Comments", notes=[comments.note] if comments.note else [],
                tables=[("", comments)] if len(comments) else []),
    ]


def platform_sections(platforms: Platforms | None, label) -> list[Section]:
    """Ranking (with the knock-out rule), must-haves and how the weights were set."""
    if platforms is None:
        return [Section("Platform decision", notes=[
            "No vendor has been scored yet: there is no ranking to report."])]
    ranking = tables.ranking_table(platforms)
    return [
        Section("Vendor ranking", notes=[ranking.note,
                                         "Vendors that pass every must-have are ranked; a "
                                         "knocked-out vendor is listed after them with the "
                                         "reason and takes no rank."],
                charts=[label(charts.ranking_chart(platforms.contributions,
                                                   set(platforms.knocked_out)))],
                tables=[("", ranking)]),
        Section("How the weights were set",
                tables=[("", tables.consistency_table(platforms.decision))]),
    ]


def report_input(engagement: Mapping[str, object], readiness: Readiness,
                 platforms: Platforms | None, exported_on: str) -> ReportInput:
    """The report of one engagement (``engagement``: name, organization, industry, size,
    purpose, is_example), with the numbers the pages show."""
    def label(chart):
        return images.labeled(chart, str(engagement.get("name", "")), exported_on)

    metrics = [(m.label, m.value, m.caption) for m in tables.readiness_metrics(readiness)]
    if platforms is not None:
        metrics += [(m.label, m.value, m.caption) for m in tables.platform_metrics(platforms)]
    return ReportInput(engagement=engagement, metrics=metrics,
                       sections=[*readiness_sections(readiness, label),
                                 *pulse_sections(readiness, label),
                                 *platform_sections(platforms, label)],
                       exported_on=exported_on)


def report_html(engagement: Mapping[str, object], readiness: Readiness,
                platforms: Platforms | None, exported_on: str) -> bytes:
    """The HTML report as UTF-8 bytes."""
    return engagement_report(report_input(engagement, readiness, platforms,
                                          exported_on)).encode("utf-8")
