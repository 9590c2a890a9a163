"""What the workbook and the CSV files hold, gathered with the same numbers as the pages.

People are named the same way in every export (:func:`people`): by name only when the person
exporting asks for names, otherwise "Participant 1", "Participant 2", ...
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

import assessments
import workspace
from outcomes import actions, decision_record, gather, tables, value, workshop_record
from outcomes.gather import Platforms, Readiness
from reports import csv_export
from reports.formats import Table
from reports.excel import (CRITERIA_COLUMNS, EVIDENCE_COLUMNS, EngagementDetails,
                           WorkbookInput)
from reports.formats import Table
from reports.people import pseudonyms


def answers(database: workspace.Database, engagement_id: int) -> pd.DataFrame:
    """Every answer of the engagement, in every bank it has answers for (the banks it uses
    now and any it used before), with the question's text where the bank is known."""
    frame = workspace.engagement_responses_every_bank(database, engagement_id)
    questions: dict[tuple[str, str], str] = {}
    for bank_id in frame["bank"].unique():
        try:
            found = gather.bank(database, bank_id, "likert")
            questions |= {(bank_id, i.id): i.text for i in found.items}
        except (assessments.BankError, workspace.WorkspaceError):
            try:
                found = gather.bank(database, bank_id, "staged")
                questions |= {(bank_id, c.id): c.name for c in found.competencies}
            except (assessments.BankError, workspace.WorkspaceError):
                continue        # a bank no longer installed: the item id stands for itself
    return frame.assign(question=[questions.get((b, i)) for b, i in
                                  zip(frame["bank"], frame["item"])])


def people(answered: pd.DataFrame, scores: pd.DataFrame, include_names: bool
           ) -> Mapping[object, str]:
    """Participant name -> how every export names them (see :mod:`reports.people`)."""
    return pseudonyms(answered["participant"].unique(), scores["scorer"].unique(),
                      include_names=include_names)


def _named(frame: pd.DataFrame, column: str, names: Mapping[object, str]) -> pd.DataFrame:
    return frame.assign(**{column: frame[column].map(lambda name: names.get(name, name))})


def _named_rows(database: workspace.Database, engagement_id: int, include_names: bool
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Answers and scores (archived vendors included), people named as in the workbook."""
    answered = answers(database, engagement_id)
    scores = workspace.engagement_scores(database, engagement_id, include_archived=True)
    names = people(answered, scores, include_names)
    return _named(answered, "participant", names), _named(scores, "scorer", names)


def answers_csv(database: workspace.Database, engagement_id: int, include_names: bool
                ) -> bytes:
    """The questionnaire answers as CSV, people named as in the workbook."""
    return csv_export.responses_csv(_named_rows(database, engagement_id, include_names)[0])


def scores_csv(database: workspace.Database, engagement_id: int, include_names: bool
               ) -> bytes:
    """Every scorer's vendor scores and evidence as CSV, people named as in the workbook."""
    return csv_export.scores_csv(_named_rows(database, engagement_id, include_names)[1])


def ranking_csv(platforms: Platforms) -> bytes:
    """The ranking as the comparison page shows it (knocked-out vendors last, no rank)."""
    return csv_export.frame_csv(tables.ranking_table(platforms).csv_frame())


def value_csv(platforms: Platforms) -> bytes:
    """Value for money as the comparison page shows it: benefit (cost criteria excluded),
    the cost inputs, total cost of ownership, benefit per 1,000 and the frontier; empty
    cells where cost data is missing."""
    found = value.value_for_money(platforms)
    if found is None:
        return csv_export.frame_csv(pd.DataFrame(columns=["Vendor"]))
    return csv_export.frame_csv(value.value_table(found).csv_frame())


def action_plan_csv(readiness: Readiness, today: str, snapshots=()) -> bytes:
    """The action plan (owner, due date, status, late, and how the targeted areas moved
    between the last two snapshots) as the report page shows it."""
    return csv_export.frame_csv(actions.plan_table(readiness, today, snapshots).csv_frame())


def culture_csv(readiness: Readiness) -> bytes:
    """Culture readiness by dimension as the report page shows it."""
    return csv_export.frame_csv(tables.culture_table(readiness).csv_frame())


def workbook_input(database: workspace.Database, engagement: workspace.Engagement,
                   readiness: Readiness | None = None, platforms: Platforms | None = None,
                   include_names: bool = False, today: str = "") -> WorkbookInput:
    """Everything the workbook shows, with the same numbers as the pages.

    ``readiness`` and ``platforms`` are gathered here unless the caller has them (a page
    passes its cached results; ``platforms`` None is then "nothing scored yet").

    Raises:
        BankError, NotFound: the engagement's banks cannot be used.
    """
    if readiness is None:
        readiness = gather.readiness(database, engagement.id)
        platforms = gather.platforms(database, engagement.id)
    answered = answers(database, engagement.id)[
        ["participant", "bank", "item", "question", "value", "dont_know", "comment"]]
    if platforms is None:
        categories, criteria = [], pd.DataFrame(columns=list(CRITERIA_COLUMNS))
        scores = pd.DataFrame()
    else:
        decision = platforms.decision
        categories = [(c, decision.category_names[c], float(w))
                      for c, w in decision.category_weights.items()]
        by_id = {c.id: c for c in workspace.list_criteria(database, engagement.id)}
        criteria = pd.DataFrame([{
            "id": c, "category": decision.categories[c], "name": by_id[c].name,
            "direction": by_id[c].direction, "must_have": by_id[c].must_have,
            "min_score": float(by_id[c].min_score),
            "weight": float(decision.criterion_weights[decision.categories[c]][c])}
            for c in decision.weights.index], columns=list(CRITERIA_COLUMNS))
        # Vendors in the ranking's order: passing vendors by rank, knocked-out ones last.
        scores = platforms.raw.loc[platforms.ranking.index]
    evidence = workspace.engagement_scores(database, engagement.id)[list(EVIDENCE_COLUMNS)]
    all_scores = workspace.engagement_scores(database, engagement.id, include_archived=True)
    culture, maturity = readiness.culture, readiness.maturity
    agreed = agreed_values(readiness, platforms)
    scored = workspace.consensus.agreed_values(database, engagement.id)
    scored = scored[scored["kind"] == "score"]
    records = workspace.workshop_records.list_records(database, engagement.id)
    worth = None if platforms is None else value.value_for_money(platforms)
    return WorkbookInput(
        engagement=EngagementDetails(engagement.name, engagement.organization,
                                     engagement.industry, engagement.size, engagement.purpose,
                                     engagement.is_example, today),
        culture=culture.dimensions, culture_target=readiness.culture_bank.target,
        culture_overall=culture.overall if readiness.has_culture else float("nan"),
        maturity=maturity.competencies,
        stage_names=[s.name for s in readiness.maturity_bank.stages],
        maturity_overall=maturity.overall_stage, recommendations=readiness.recommendations,
        phase_titles=assessments.PHASE_TITLES, categories=categories, criteria=criteria,
        scores=scores, evidence=evidence, responses=answered, include_names=include_names,
        people=people(answered, all_scores, include_names),
        actions_note=tables.actions_note(readiness), roadmap=tables.roadmap(readiness),
        consistency=None if platforms is None else tables.consistency_table(platforms.decision),
        knockouts=None if platforms is None else {
            vendor: why for vendor, why in platforms.ranking["knocked_out_by"].items() if why},
        agreed=agreed if len(agreed) else None,
        agreed_cells=frozenset(zip(scored["vendor"], scored["item"])) if platforms is not None
        else frozenset(),
        workshops=workshop_record.summary(records, include_names) if records else None,
        rounds=workshop_record.rounds(records) if records else None,
        tables=pulse_sheets(readiness),
        value=None if worth is None else value.value_table(worth),
        currency=worth.currency if worth is not None else "EUR",
        action_plan=actions.plan_table(readiness, actions.today_or(today),
                                       workspace.list_snapshots(database, engagement.id)),
        **record_sheets(database, engagement.id, people(answered, all_scores, include_names),
                        include_access=include_names))


#: The workbook's Audit trail sheet holds at most this many changes, the newest (the CSV and
#: the backup hold every one): a large engagement's first scores alone make 160,000 changes,
#: which would take the workbook from 9 s to a minute to build.
AUDIT_SHEET_MAX = 20_000
#: The share of a workbook's time spent reading the engagement (2.2 s of 20 s at 10,000
#: participants), the rest writing it: how a prepared workbook's progress is split.
WORKBOOK_READ = 0.1


def audit_table(database: workspace.Database, engagement_id: int,
                names: Mapping[object, str], newest: int | None = None,
                include_access: bool = True) -> Table:
    """The audit trail as the exports show it (newest first; only the ``newest`` changes
    when given), people named by ``names`` (participants pseudonymized unless names are
    included; "facilitator" and names typed for a change stay as they are). Changes of
    roles (kind ``access``: email addresses) only with ``include_access``."""
    trail = workspace.audit.audit_trail(database, engagement_id, newest=newest)
    if not include_access:
        trail = trail[trail["kind"] != "access"].reset_index(drop=True)
    table = decision_record.audit_table(trail)
    return replace(table, frame=table.frame.assign(
        actor=table.frame["actor"].map(lambda who: names.get(who, who))))


def record_sheets(database: workspace.Database, engagement_id: int,
                  names: Mapping[object, str], include_access: bool = True
                  ) -> dict[str, object]:
    """The Sign-offs and Audit trail parts of the workbook (see reports.excel); role changes
    only with ``include_access`` (they name people by address)."""
    signed = workspace.sign_offs.list_sign_offs(database, engagement_id)
    now = decision_record.current(database, engagement_id) if signed else None
    trail = audit_table(database, engagement_id, names, AUDIT_SHEET_MAX, include_access).frame
    return {
        "sign_offs": decision_record.sign_offs_table(signed, now).frame if signed else None,
        "changed": (decision_record.differences_table(decision_record.differences(
            signed[-1].payload, now)).frame if signed else None),
        "audit": trail if len(trail) else None,
        "audit_total": (workspace.audit.trail_length(database, engagement_id)
                        if len(trail) == AUDIT_SHEET_MAX else len(trail))}


def audit_csv(database: workspace.Database, engagement_id: int, include_names: bool) -> bytes:
    """The audit trail as CSV, people named as in the workbook."""
    answered = answers(database, engagement_id)
    scores = workspace.engagement_scores(database, engagement_id, include_archived=True)
    return csv_export.frame_csv(audit_table(database, engagement_id, people(
        answered, scores, include_names), include_access=include_names).csv_frame())


def sign_offs_csv(database: workspace.Database, engagement_id: int) -> bytes:
    """Every signed-off decision as CSV, as the comparison page lists them."""
    signed = workspace.sign_offs.list_sign_offs(database, engagement_id)
    now = decision_record.current(database, engagement_id) if signed else None
    return csv_export.frame_csv(decision_record.sign_offs_table(signed, now).csv_frame())


def agreed_values(readiness: Readiness, platforms: Platforms | None) -> pd.DataFrame:
    """Every value a workshop agreed on that the results use: readiness items, then vendor
    scores (as every export lists them)."""
    parts = [readiness.agreed] + ([platforms.agreed] if platforms is not None else [])
    parts = [part for part in parts if len(part)]
    return pd.concat(parts, ignore_index=True) if parts else readiness.agreed


def agreed_csv(readiness: Readiness, platforms: Platforms | None) -> bytes:
    """The values workshops agreed on, with why, as CSV (the results use them)."""
    return csv_export.frame_csv(tables.agreed_table(agreed_values(readiness, platforms))
                                .csv_frame())


def workshop_records_csv(database: workspace.Database, engagement_id: int,
                         include_names: bool) -> bytes:
    """Every closed workshop's record, one fact per row (workshop, section, item, measure,
    value): names only when asked and the workshop was not anonymous."""
    records = workspace.workshop_records.list_records(database, engagement_id)
    return csv_export.frame_csv(workshop_record.long_rows(records, include_names))


def pulse_sheets(readiness: Readiness) -> list[tuple[str, str, Table]]:
    """The workbook's pulse sheets (none without a closed pulse): the organization beside
    the leaders, by dimension and statement, segments, leaders against employees, drivers,
    comments, and the maturity answers when the campaign asked them (by competency and by
    segment); each as the results page shows it."""
    from outcomes import pulse_tables

    result = readiness.pulse
    if result is None:
        return []
    name = result.campaign.name
    leaders = readiness.culture if readiness.has_culture else None
    return [
        ("Pulse", f"Organization-wide pulse: {name}",
         pulse_tables.beside_leaders(result, leaders)),
        ("Pulse dimensions", f"{name}: the organization by dimension",
         pulse_tables.scores_table(result)),
        ("Pulse statements", f"{name}: every statement", pulse_tables.statements_table(result)),
        ("Pulse segments", f"{name}: segments (groups under {result.minimum} responses "
                           "hidden)", pulse_tables.heatmap_table(result)),
        ("Pulse leaders", f"{name}: leaders against employees", pulse_tables.gap_table(result)),
        ("Pulse drivers", f"{name}: drivers of the outcome statement",
         pulse_tables.drivers_table(result)),
        ("Pulse comments", f"{name}: comments (names masked)",
         pulse_tables.comments_table(result)),
    ] + ([
        ("Pulse maturity", f"{name}: {result.maturity_bank.title} by competency",
         pulse_tables.maturity_table(result)),
        ("Pulse maturity segments", f"{name}: {result.maturity_bank.title} by segment (groups "
                                    f"under {result.minimum} responses hidden)",
         pulse_tables.heatmap_table(result, "maturity")),
    ] if result.maturity_bank is not None else [])
