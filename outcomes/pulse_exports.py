"""What leaves the app from a pulse: the mail-merge file of invitee links, the results as
CSV, and the answers as CSV, each within the anonymity rules.

- The mail-merge file is the only copy of the invitee links (the workspace keeps hashes):
  identifier, the segment values from the list, and the link.
- The results CSV holds every group of the publication (everyone, each segment value, each
  pair of values), a hidden group's row saying why instead of a number.
- The answers CSV holds one row per respondent (numbered, in no order of arrival), no name,
  no link, no comment (free text can name or identify; comments are shown only as the
  results page shows them), and only segments whose every combination holds at least the
  minimum group size: segments are left out whole (never a value here and there, which
  the results' groups could be compared with) until every row shares its segment values
  with at least that many others. Before the close, or with fewer respondents than the
  minimum, it holds no row.
"""
from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import pandas as pd

import workspace
from assessments.anonymity import candidate_cells
from datafiles.invitees import InviteeList
from outcomes.pulse import PulseResults
from outcomes.pulse_tables import groups_table
from reports import csv_export
from workspace.pulse import ROLE, Segment


def mail_merge_csv(listed: InviteeList, tokens: Sequence[str], segments: Sequence[Segment],
                   link) -> bytes:
    """One row per invitee: identifier, segment values, private link (``link(token)``)."""
    names = {s.id: s.name for s in segments}
    frame = pd.DataFrame([{"Identifier": person.identifier,
                           **{names[s]: person.segments.get(s, "") for s in names},
                           "Link": link(token)}
                          for person, token in zip(listed.invitees, tokens)],
                         columns=["Identifier", *names.values(), "Link"])
    return csv_export.frame_csv(frame)


def results_csv(result: PulseResults, name: str = "culture") -> bytes:
    """Every group's score per dimension (or competency), hidden groups saying why."""
    cells = candidate_cells({s.id: s.values for s in result.segments})
    return csv_export.frame_csv(groups_table(result, cells, name).csv_frame())


def _smallest(profiles: pd.DataFrame, segments: list[str]) -> int:
    if not segments:
        return len(profiles)
    return int(profiles[segments].astype(object).fillna("").value_counts().min())


def kept_segments(profiles: pd.DataFrame, minimum: int) -> list[str]:
    """The segments an answers export may carry: the largest set of whole segments whose
    every combination holds ``minimum`` rows or more (a campaign has at most six segments,
    so every set is tried); among equals, the one that keeps the role segment (leaders
    against employees), then the most values."""
    columns = list(profiles.columns)
    best: tuple = ()
    chosen: list[str] = []
    for size in range(len(columns), -1, -1):
        for subset in combinations(columns, size):
            if _smallest(profiles, list(subset)) < minimum:
                continue
            rank = (size, ROLE in subset, sum(profiles[s].nunique() for s in subset))
            if rank > best:
                best, chosen = rank, list(subset)
        if chosen:
            break
    return chosen


def answers_csv(database: workspace.Database, result: PulseResults) -> bytes:
    """The respondents' answers, one row per respondent (see the module docstring)."""
    campaign = result.campaign
    bank, maturity = result.culture_bank, result.maturity_bank
    statements = [("culture", s.id) for s in bank.statements]
    if maturity is not None:
        statements += [("maturity", c.id) for c in maturity.competencies]
    names = {s.id: s.name for s in campaign.segments}
    columns = ["Respondent", *[f"{part}:{item}" for part, item in statements]]
    if not (result.closed and result.has_scores):
        return csv_export.frame_csv(pd.DataFrame(columns=columns))
    given = workspace.respondents.campaign_answers(database, campaign)
    kept = kept_segments(given.profiles, campaign.min_group)
    answers = given.answers.assign(key=given.answers["part"].astype(str) + ":"
                                   + given.answers["item"].astype(str),
                                   shown=given.answers["value"].astype("Int64").astype(str)
                                   .where(~given.answers["dont_know"], "don't know"))
    wide = answers.pivot_table(index="respondent", columns="key", values="shown",
                               aggfunc="first").reindex(index=given.profiles.index,
                                                        columns=columns[1:])
    frame = pd.concat([pd.DataFrame({"Respondent": range(1, len(wide) + 1)},
                                    index=wide.index),
                       given.profiles[kept].rename(columns=names), wide], axis=1)
    return csv_export.frame_csv(frame.reset_index(drop=True))
