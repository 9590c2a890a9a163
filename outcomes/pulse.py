"""A pulse campaign's results as every place shows them, with the anonymity rules applied.

This is the one gate between a campaign's raw answers and anything shown or exported: pages,
the workbook, the HTML report, CSV files and scripts all take pulse numbers from
:func:`results` (scores, only once the campaign has closed) and :func:`rates` (response
rates, live while it runs). Scores exist only for groups the publication allows
(:mod:`assessments.anonymity`); each hidden group says why.

Why scores wait for the close: results that change while answers come in could be compared
before and after one person answers (the difference would be that person). Once closed,
nothing changes, and the one publication is all there is.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

import assessments
import workspace
from assessments import pulse as analysis
from assessments.anonymity import ORGANIZATION, Cell, candidate_cells
from assessments.pulse import COMPETENCY, DIMENSION, GroupScores, LeaderGap
from assessments.recommendations import COLUMNS as RECOMMENDATION_COLUMNS
from reports.formats import Kind, shown_difference
from workspace.pulse import CLOSED, Campaign, Segment

#: Response rates under this share are flagged (Culture Amp's bar; aim for 75-80 %).
LOW_RATE = 0.60


@dataclass(frozen=True, eq=False)
class PulseResults:
    """What a campaign shows.

    Attributes:
        campaign: the campaign (its rules, segments and dates).
        culture_bank, maturity_bank: the questionnaire it asked (maturity None if not asked).
        closed: whether the campaign has closed (scores exist only then).
        culture: culture groups' scores (None before the close).
        maturity: maturity groups' mean stages (None before the close or when not asked).
        organization: the whole organization's culture result, scored as the leaders'
            questionnaire is (None before the close or when the organization is under the
            minimum).
        maturity_organization: the same for maturity.
        outcomes: per outcome statement: id, text, score, responses, dont_know (organization).
        gap: leaders against employees (None without a role segment).
        drivers: see :func:`assessments.pulse.drivers` (empty before the close).
        comments: area, theme, comment (None while the campaign has fewer respondents than
            the comments' minimum, or before the close).
        respondents: how many people answered.
    """
    campaign: Campaign
    culture_bank: assessments.LikertBank
    maturity_bank: assessments.StagedBank | None
    closed: bool
    culture: GroupScores | None = None
    maturity: GroupScores | None = None
    organization: assessments.CultureResult | None = None
    maturity_organization: assessments.MaturityResult | None = None
    outcomes: pd.DataFrame | None = None
    gap: LeaderGap | None = None
    drivers: pd.DataFrame | None = None
    comments: pd.DataFrame | None = None
    respondents: int = 0

    @property
    def minimum(self) -> int:
        return self.campaign.min_group

    @property
    def has_scores(self) -> bool:
        """The organization's scores may be shown."""
        return self.organization is not None

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self.campaign.segments

    def note(self) -> str:
        """Why there are no scores, or ""."""
        if not self.closed:
            return ("Results appear when the campaign closes: scores that changed while "
                    "answers come in could be compared before and after one person answers.")
        if self.organization is None:
            return (f"Fewer than {self.minimum} people answered, so no score can be shown "
                    "(the minimum group size protects them).")
        return ""


def _responses(answers: pd.DataFrame, part: str) -> pd.DataFrame:
    chosen = answers[answers["part"] == part]
    return pd.DataFrame({"participant_id": chosen["respondent"], "item": chosen["item"],
                         "value": chosen["value"], "dont_know": chosen["dont_know"]})


def _outcomes(bank: assessments.LikertBank, culture: GroupScores,
              answers: pd.DataFrame) -> pd.DataFrame:
    """The outcome statements' organization scores (``answers``: the culture part's)."""
    rows = []
    for outcome in bank.outcomes:
        name = analysis.statistic(analysis.STATEMENT, outcome.id)
        mine = answers[answers["item"] == outcome.id]
        shown = culture.shown(ORGANIZATION, name)
        rows.append({"id": outcome.id, "text": outcome.text,
                     "score": culture.mean(ORGANIZATION, name),
                     "responses": culture.counts.at[ORGANIZATION, name] if shown else np.nan,
                     "dont_know": int(mine["dont_know"].sum()) if shown else np.nan})
    return pd.DataFrame(rows, columns=["id", "text", "score", "responses", "dont_know"])


def results(database: workspace.Database, campaign_id: int, today: date | None = None
            ) -> PulseResults:
    """A campaign's results with the anonymity rules applied (scores only once closed).

    Raises:
        NotFound: no such campaign.
    """
    campaign = workspace.pulse.get_campaign(database, campaign_id)
    culture_bank, maturity_bank = workspace.pulse.campaign_banks(database, campaign)
    if campaign.phase(today) != CLOSED:
        return PulseResults(campaign, culture_bank, maturity_bank, closed=False)
    given = workspace.respondents.campaign_answers(database, campaign)
    people = len(given.profiles)
    cells = candidate_cells({s.id: s.values for s in campaign.segments})
    in_culture = (given.answers["part"] == "culture").to_numpy()
    culture_answers = given.answers if in_culture.all() else given.answers[in_culture]
    culture_values = analysis.culture_points(culture_bank, culture_answers, people)
    culture = analysis.group_scores(given.profiles, culture_values, cells, campaign.min_group,
                                    analysis.culture_units(culture_bank))
    organization = None
    if culture.publication.status(ORGANIZATION) == "shown":
        organization = analysis.organization_culture(culture_bank, culture_answers,
                                                     culture_values)
    maturity = maturity_organization = None
    if maturity_bank is not None:
        stages = analysis.maturity_stages(
            maturity_bank, given.answers[given.answers["part"] == "maturity"], people)
        maturity = analysis.group_scores(given.profiles, stages, cells, campaign.min_group)
        if maturity.publication.status(ORGANIZATION) == "shown":
            maturity_organization = assessments.score_maturity(
                maturity_bank, _responses(given.answers, "maturity"))
    roles = campaign.role_values
    gap = (analysis.leader_gap(culture_bank, culture, workspace.pulse.ROLE, *roles)
           if roles and organization is not None else None)
    driver_frame = (analysis.drivers(culture_bank, culture_values) if organization is not None
                    else analysis.drivers(culture_bank, culture_values.iloc[:0]))
    comments = None
    if organization is not None and people >= campaign.min_comments:
        comments = analysis.comments_by_theme(culture_bank, maturity_bank, given.comments)
    return PulseResults(campaign, culture_bank, maturity_bank, closed=True, culture=culture,
                        maturity=maturity, organization=organization,
                        maturity_organization=maturity_organization,
                        outcomes=_outcomes(culture_bank, culture, culture_answers), gap=gap,
                        drivers=driver_frame, comments=comments, respondents=people)


def comments_note(result: PulseResults) -> str:
    """Why no comments are shown, or ""."""
    if result.comments is not None:
        return ""
    if not result.has_scores:
        return result.note()
    return (f"Comments are shown once {result.campaign.min_comments} or more people have "
            f"answered (the comments' minimum); {result.respondents} did.")


def view(result: PulseResults, breakdown: str, within: tuple[str, str] | None = None,
         family: str = "culture") -> list[Cell]:
    """The groups a filter (``within``: one segment value, or None) and a breakdown by a
    segment show: the filtered group itself, then each value of the breakdown within it.
    Only groups of the one audited publication ever come out.

    Raises:
        NotFound: the campaign has no such segment or value.
    """
    segment = result.campaign.segment(breakdown)
    base: tuple[tuple[str, str], ...] = ()
    if within is not None:
        chosen = result.campaign.segment(within[0])
        if within[1] not in chosen.values:
            raise workspace.NotFound(f"{chosen.name} has no value “{within[1]}”.")
        if within[0] == breakdown:
            raise workspace.InvalidInput("Break a filtered group down by another segment.")
        base = (within,)
    return [Cell.of(*base), *(Cell.of(*base, (breakdown, value)) for value in segment.values)]


def family(result: PulseResults, name: str) -> tuple[GroupScores | None, str]:
    """The group scores of ``culture`` (dimensions) or ``maturity`` (competencies) and the
    kind of statistic they hold."""
    if name == "maturity":
        return result.maturity, COMPETENCY
    return result.culture, DIMENSION


# --- response rates --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Rates:
    """Response rates: overall and per segment value.

    Attributes:
        overall: responses, headcount (NaN when unknown) and rate.
        by_segment: segment, segment_name, value, responses (NaN when fewer than the
            minimum), headcount, rate (NaN when unknown or hidden), low (under 60 %, True
            also when a hidden count must be under it), note.
    """
    overall: dict
    by_segment: pd.DataFrame
    minimum: int


def _people(kinds: pd.DataFrame, segment: str, value: str) -> int:
    """How many people of the counted profiles have ``value`` in ``segment``."""
    return int(kinds.loc[kinds[segment] == value, "people"].sum())


def rates(database: workspace.Database, campaign_id: int) -> Rates:
    """Response rates against the invited headcount (invitees) or the headcount entered per
    segment value, live while the campaign runs. A segment value with fewer responses than
    the minimum says so instead of its count (its rate is flagged when even the minimum
    would be under 60 %).

    Raises:
        NotFound: no such campaign.
    """
    campaign = workspace.pulse.get_campaign(database, campaign_id)
    taking = workspace.respondents.participation(database, campaign)
    entered = campaign.headcounts or {}
    minimum = campaign.min_group
    total_entered = entered.get("total")
    invited = int(taking.invitees["people"].sum())
    headcount = total_entered if total_entered else (invited or np.nan)
    responses = int(taking.respondents["people"].sum())
    overall = {"responses": responses, "headcount": headcount,
               "rate": responses / headcount if headcount and headcount == headcount else np.nan}
    rows = []
    for segment in campaign.segments:
        typed = entered.get("values", {}).get(segment.id, {})
        for value in segment.values:
            count = _people(taking.respondents, segment.id, value)
            invited_here = _people(taking.invitees, segment.id, value)
            size = typed.get(value) or invited_here or np.nan
            shown = count >= minimum or count == 0
            rate = count / size if shown and size == size else np.nan
            low = (rate < LOW_RATE) if shown and size == size else (
                size == size and (minimum - 1) / size < LOW_RATE)
            note = "" if shown else f"fewer than {minimum} responses"
            if low:
                note = (note + "; " if note else "") + f"under {LOW_RATE:.0%}"
            rows.append({"segment": segment.id, "segment_name": segment.name, "value": value,
                         "responses": count if shown else np.nan, "headcount": size,
                         "rate": rate, "low": bool(low), "note": note})
    frame = pd.DataFrame(rows, columns=["segment", "segment_name", "value", "responses",
                                        "headcount", "rate", "low", "note"])
    return Rates(overall, frame, minimum)


def recommendations(result: PulseResults) -> pd.DataFrame:
    """The recommendations the pulse calls for: each dimension's advice for the band the
    organization's score falls in (as for the leaders' answers), and the bank's advice for
    a gap between leaders and employees that reaches its threshold (priority: importance x
    gap / target). Same columns as :func:`assessments.recommend`, source "Pulse"."""
    if not result.has_scores:
        return pd.DataFrame(columns=RECOMMENDATION_COLUMNS)
    bank = result.culture_bank
    banded = assessments.recommend(bank, result.organization).reset_index(drop=True)
    banded["source"] = "Pulse"
    banded["finding"] = "Organization: " + banded["finding"]
    rows = []
    if result.gap is not None:
        scores = result.gap.dimensions.set_index("dimension")
        for finding in result.gap.findings.itertuples(index=False):
            shortfall = min(1.0, finding.gap / bank.target)
            shown = shown_difference(scores.at[finding.dimension, "leaders"],
                                     scores.at[finding.dimension, "employees"], Kind.SCORE_100)
            rows.append({"source": "Pulse", "area": finding.dimension, "area_name": finding.name,
                         "finding": f"Leaders score {finding.name} "
                                    f"{Kind.CHANGE.text(shown)} points above employees",
                         "step": 0, "phase": finding.phase, "title": finding.title,
                         "detail": finding.detail, "importance": finding.importance,
                         "shortfall": shortfall, "priority": finding.importance * shortfall})
    gaps = pd.DataFrame(rows, columns=RECOMMENDATION_COLUMNS)
    frames = [frame for frame in (gaps, banded) if len(frame)]
    return pd.concat(frames, ignore_index=True)[RECOMMENDATION_COLUMNS] if frames else gaps


def latest_results(database: workspace.Database, engagement_id: int,
                   today: date | None = None,
                   load: Callable[[int], PulseResults] | None = None) -> PulseResults | None:
    """The results of the engagement's most recently closed campaign that has scores, if
    any: what the readiness report sets beside the leadership team's answers. ``load``
    gives a campaign's results (default: :func:`results`; pages pass their cache)."""
    load = load or (lambda campaign_id: results(database, campaign_id, today))
    closed = [c for c in workspace.pulse.list_campaigns(database, engagement_id)
              if c.phase(today) == CLOSED]
    for campaign in sorted(closed, key=lambda c: (c.closes_on, c.id), reverse=True):
        found = load(campaign.id)
        if found.has_scores:
            return found
    return None


__all__ = ["LOW_RATE", "PulseResults", "Rates", "comments_note", "family", "latest_results",
           "rates", "recommendations", "results", "view"]
